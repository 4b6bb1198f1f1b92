"""Two of issue 19's smaller faults (finding 8): a division that is its own parent, or two that
are each other's, are refused in the admin and in imports; a results round cannot be published
before its cut-off has passed (its figures would be frozen under a later date's title)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Division, ResultsRound
from core.thai import thai_date
from publishing import rounds
from tests.frameworks import xlsx_bytes
from tests.test_model_import_export import confirm, preview

from .rounds import MEMO_FIELDS  # the memo's ที่ and วันที่, which publishing needs

DIVISIONS = "actionplans_division"


def change_division(client, division, parent):
    url = reverse(f"admin:{DIVISIONS}_change", args=[division.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}  # as a browser
    data.update({"name": division.name, "parent": parent.pk, "order": division.order})
    data["heads"] = [u.pk for u in division.heads.all()]
    return client.post(url, data)


def test_a_division_cannot_be_its_own_parent_in_the_admin(staff_client, demo):
    division = Division.objects.get(name="งานธุรการ")
    response = change_division(staff_client, division, division)
    assert response.status_code == 200  # the form again, with the message
    errors = " ".join(str(e) for e in response.context["adminform"].form.errors.values())
    assert "สังกัด" in errors and "งานธุรการ" in errors
    assert Division.objects.get(pk=division.pk).parent_id != division.pk


def test_two_divisions_cannot_be_each_others_parent_in_the_admin(staff_client, demo):
    a = Division.objects.create(name="กองทดสอบ ก")
    b = Division.objects.create(name="กองทดสอบ ข", parent=a)
    response = change_division(staff_client, a, b)
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["adminform"].form.errors.values())
    assert "กองทดสอบ ก" in errors and "กองทดสอบ ข" in errors
    assert Division.objects.get(pk=a.pk).parent_id is None


def import_divisions(client, rows):
    data = xlsx_bytes({"ส่วนงาน": [["ชื่อส่วนงาน", "สังกัด", "ลำดับ"], *rows]})
    return preview(client, DIVISIONS, data, 0, "divisions.xlsx")


def _invalid_texts(response):
    result = response.context["result"]
    return " ".join(
        str(m) for row in result.invalid_rows for ms in row.error_dict.values() for m in ms
    )


def test_an_import_cannot_make_a_division_its_own_parent(staff_client, demo):
    response = import_divisions(staff_client, [["งานธุรการ", "งานธุรการ", 1]])
    assert response.context.get("confirm_form") is None
    assert "สังกัด" in _invalid_texts(response)
    assert Division.objects.get(name="งานธุรการ").parent_id is None or (
        Division.objects.get(name="งานธุรการ").parent.name != "งานธุรการ"
    )


def test_an_import_cannot_make_two_divisions_each_others_parent(staff_client, demo):
    response = import_divisions(
        staff_client,
        [["กองทดสอบ ก", "", 1], ["กองทดสอบ ข", "กองทดสอบ ก", 2], ["กองทดสอบ ก", "กองทดสอบ ข", 1]],
    )
    assert response.context.get("confirm_form") is None
    assert "กองทดสอบ" in _invalid_texts(response)
    assert not Division.objects.filter(name__startswith="กองทดสอบ").exists()


def test_a_well_formed_division_file_still_imports(staff_client, demo):
    response = import_divisions(
        staff_client, [["กองทดสอบ ก", "", 1], ["กองทดสอบ ข", "กองทดสอบ ก", 2]]
    )
    confirm(staff_client, DIVISIONS, response)
    assert Division.objects.get(name="กองทดสอบ ข").parent.name == "กองทดสอบ ก"


# --- results rounds: not published before the cut-off has passed ------------------------------


def dated_round(assessment, cutoff):
    rnd = ResultsRound(assessment=assessment, kind="date", cutoff=cutoff, **MEMO_FIELDS)
    rnd.full_clean()
    rnd.save()
    return rnd


@pytest.mark.parametrize("days", [26, 0])
def test_a_round_whose_cutoff_has_not_passed_is_not_published(demo, days):
    cutoff = timezone.localdate() + datetime.timedelta(days=days)
    rnd = dated_round(demo, cutoff)
    with pytest.raises(ValidationError) as e:
        rounds.results_round_publish(rnd=rnd)
    assert thai_date(cutoff) in " ".join(e.value.messages)
    rnd.refresh_from_db()
    assert rnd.status == ResultsRound.Status.DRAFT and rnd.snapshot is None


def test_a_round_whose_cutoff_has_passed_is_published(demo):
    rnd = dated_round(demo, timezone.localdate() - datetime.timedelta(days=1))
    rounds.results_round_publish(rnd=rnd)
    rnd.refresh_from_db()
    assert rnd.status == ResultsRound.Status.PUBLISHED


def test_the_admins_publish_action_says_why_in_thai(staff_client, demo):
    cutoff = timezone.localdate() + datetime.timedelta(days=26)
    rnd = dated_round(demo, cutoff)
    response = staff_client.post(
        reverse("admin:actionplans_resultsround_changelist"),
        {"action": "publish", "_selected_action": [rnd.pk]},
    )
    texts = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "ยังไม่ถึง" in texts or "ยังไม่พ้น" in texts
    rnd.refresh_from_db()
    assert rnd.status == ResultsRound.Status.DRAFT
