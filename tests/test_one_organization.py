"""One organization, safely: found by a stable key, and pages that never fail on two rows."""

from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment, Organization
from indicators.models import FrameworkYear


def test_load_demo_after_renaming_the_organization_makes_no_second_one(demo):
    Organization.objects.filter(code="donsak").update(name="เทศบาลเมืองดอนสัก (ชื่อใหม่)")
    call_command("load_demo", verbosity=0)
    assert Organization.objects.count() == 1
    assert Assessment.objects.filter(fiscal_year=2568).count() == 1


def test_pages_do_not_fail_when_a_second_organization_has_the_same_year(client, demo, settings):
    other = Organization.objects.create(
        code="other", name="เทศบาลตำบลอื่น", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    Assessment.objects.create(
        organization=other,
        fiscal_year=2568,
        framework=FrameworkYear.objects.get(year=2568),
        status="published",
    )
    for url in [
        "/",
        "/reports/2568/",
        "/reports/2568/memo/",
        "/reports/2568/plan/",
        "/reports/2568/data.json",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "เทศบาลเมืองดอนสัก" in response.content.decode(), url
    # The setting chooses the organization by its code.
    settings.ITA_ORGANIZATION = "other"
    page = client.get(reverse("publishing:home")).content.decode()
    assert "เทศบาลตำบลอื่น" in page


def test_the_year_switcher_and_latest_show_only_the_sites_years(client, demo):
    """Another organization's newer year is neither offered nor the "latest" of this site."""
    other = Organization.objects.create(
        code="other", name="เทศบาลตำบลอื่น", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    Assessment.objects.create(
        organization=other,
        fiscal_year=2569,
        framework=FrameworkYear.objects.get(year=2569),
        status="published",
    )
    assert client.get("/reports/latest/")["Location"] == "/reports/2568/"
    page = client.get("/reports/2568/").content.decode()
    assert 'href="/reports/2569/"' not in page
