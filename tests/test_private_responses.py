"""What is private to a signed-in person is never kept by a browser's or a proxy's cache:
/actions/ pages, their exports, the evidence downloads and the admin's exports answer
`Cache-Control: private, no-store` (issue 19, finding 8)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from actionplans.models import ActionItem, ProgressUpdate
from tests.progress_post import post_progress


def private(response):
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def item(demo):
    return ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()


@pytest.fixture
def update(item, alice, evidence_root):
    u = ProgressUpdate(item=item, author=alice, status="in_progress", percent=10, note="ลับ")
    u.evidence_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    u.evidence_name = "minutes.pdf"
    u.save()
    return u


def test_the_actions_pages_are_not_kept_by_caches(alice_client, item):
    for url in (
        reverse("actionplans:list"),
        reverse("actionplans:list") + "?year=&status=in_progress",
        reverse("actionplans:item", args=[item.pk]),
    ):
        response = alice_client.get(url)
        assert response.status_code == 200 and private(response), url
    refused = post_progress(alice_client, item, {"status": "in_progress", "percent": "500"})
    assert refused.status_code == 200 and private(refused)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_actions_exports_are_not_kept_by_caches(alice_client, item, fmt):
    response = alice_client.get(reverse("actionplans:list") + f"?_export={fmt}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert private(response)


def test_an_evidence_download_is_not_kept_by_caches(alice_client, update):
    response = alice_client.get(reverse("actionplans:evidence", args=[update.pk]))
    assert response.status_code == 200 and private(response)


def test_the_admins_exports_are_not_kept_by_caches(staff_client, demo):
    export = reverse("admin:actionplans_actionitem_export")
    form = staff_client.get(export).context["form"]
    data = {"format": "1", "resource": "0"}
    data.update({name: "on" for name, f in form.fields.items() if f.initial is True})
    responses = [
        staff_client.post(export, data),
        staff_client.get(reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk])),
        staff_client.get(
            reverse("admin:assessments_assessment_export_csv", args=[demo.pk, "scores"])
        ),
        staff_client.get(
            reverse("admin:indicators_frameworkyear_workbook", args=[demo.framework_id])
        ),
        staff_client.get(reverse("admin:assessments_assessment_template", args=[2568])),
    ]
    for response in responses:
        assert response.status_code == 200 and private(response), response.get(
            "Content-Disposition"
        )
