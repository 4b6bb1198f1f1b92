"""The survey drive (issue 22, part 1): the window, the minimums, the counts staff log from
ITAS, and the staff page: each survey against its minimum, days left, the date the current pace
reaches the minimum, which surveys are behind. Counts only: nothing identifies a respondent."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from surveys import progress
from surveys.models import ResponseCount, SurveyDrive
from surveys.services import count_record, drive_copy

D = date


# --- the projection, as surveys/progress.py defines it ---------------------------------------


def test_the_pace_runs_from_the_first_to_the_latest_logged_day():
    st = progress.standing(
        minimum=70,
        points=[(D(2026, 5, 3), 20), (D(2026, 5, 1), 10), (D(2026, 5, 5), 30)],
        opens_on=D(2026, 4, 20),
        closes_on=D(2026, 6, 30),
    )
    # 20 more in 4 days: 5 a day; 40 still needed: 8 days after 5 May.
    assert st.pace == 5 and st.pace_text == "5.0"
    assert st.count == 30 and st.counted_on == D(2026, 5, 5) and st.missing == 40
    assert st.reaches_on == D(2026, 5, 13)
    assert not st.behind and not st.reached and st.percent == 43


def test_the_days_still_needed_are_rounded_up():
    st = progress.standing(
        minimum=50,
        points=[(D(2026, 5, 1), 0), (D(2026, 5, 4), 10)],
        opens_on=D(2026, 5, 1),
        closes_on=D(2026, 5, 31),
    )
    # 10/3 a day; 40 more need 12 days exactly; 41 more would need 13 (12.3 rounded up).
    assert st.reaches_on == D(2026, 5, 16)
    st41 = progress.standing(
        minimum=51,
        points=[(D(2026, 5, 1), 0), (D(2026, 5, 4), 10)],
        opens_on=D(2026, 5, 1),
        closes_on=D(2026, 5, 31),
    )
    assert st41.reaches_on == D(2026, 5, 17)


def test_a_single_entry_counts_from_the_opening_day_at_zero():
    st = progress.standing(
        minimum=60, points=[(D(2026, 5, 11), 20)], opens_on=D(2026, 5, 1), closes_on=D(2026, 5, 31)
    )
    assert st.pace == 2 and st.reaches_on == D(2026, 5, 31) and not st.behind


def test_a_pace_that_misses_the_closing_day_is_behind():
    st = progress.standing(
        minimum=400,
        points=[(D(2026, 5, 1), 10), (D(2026, 5, 11), 30)],
        opens_on=D(2026, 5, 1),
        closes_on=D(2026, 5, 31),
    )
    assert st.reaches_on == D(2026, 11, 12) and st.behind  # 370 more at 2 a day


def test_no_gain_gives_no_projection_and_is_behind():
    st = progress.standing(
        minimum=40,
        points=[(D(2026, 5, 1), 12), (D(2026, 5, 9), 12)],
        opens_on=D(2026, 5, 1),
        closes_on=D(2026, 5, 31),
    )
    assert st.pace is None and st.reaches_on is None and st.behind
    empty = progress.standing(
        minimum=40, points=[], opens_on=D(2026, 5, 1), closes_on=D(2026, 5, 31)
    )
    assert empty.count == 0 and empty.behind and empty.reaches_on is None


def test_a_survey_that_reached_its_minimum_shows_the_day_and_is_not_behind():
    st = progress.standing(
        minimum=30,
        points=[(D(2026, 5, 1), 10), (D(2026, 5, 6), 31), (D(2026, 5, 9), 35)],
        opens_on=D(2026, 5, 1),
        closes_on=D(2026, 5, 31),
    )
    assert st.reached_on == D(2026, 5, 6) and st.reaches_on is None and not st.behind


def test_days_left_count_today():
    assert progress.days_left(D(2026, 5, 31), D(2026, 5, 31)) == 1
    assert progress.days_left(D(2026, 5, 31), D(2026, 5, 1)) == 31
    assert progress.days_left(D(2026, 5, 31), D(2026, 6, 1)) == 0


# --- the drive, its log and its page ----------------------------------------------------------


@pytest.fixture
def drive(demo):
    today = timezone.localdate()
    return SurveyDrive.objects.create(
        organization=demo.organization,
        fiscal_year=2570,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
        iit_minimum=50,
        eit_minimum=70,
        iit_link="https://itas.nacc.go.th/go/iit/example",
        eit_link="https://itas.nacc.go.th/go/eit/example",
    )


def log_three_days(drive):
    today = timezone.localdate()
    # IIT: 10 → 30 in 4 days (5 a day), 20 missing: 4 more days. EIT: 2 → 6 (1 a day), 64
    # missing: 64 days, after the closing day: behind.
    for days_ago, iit, eit in [(4, 10, 2), (2, 20, 4), (0, 30, 6)]:
        count_record(
            drive=drive, day=today - timedelta(days=days_ago), iit_count=iit, eit_count=eit
        )


def test_staff_read_each_survey_against_its_minimum(ita_staff_client, drive):
    from core.thai import thai_date

    log_three_days(drive)
    today = timezone.localdate()
    response = ita_staff_client.get(reverse("surveys:drive", args=[2570]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "เหลือ ๒๑ วัน" in html
    assert "<svg" in html and 'class="survey-chart"' in html and "ขั้นต่ำ ๕๐" in html
    assert "ขั้นต่ำ ๗๐" in html
    assert "๓๐</strong> / ๕๐ คน" in html and "๖</strong> / ๗๐ คน" in html
    assert thai_date(today + timedelta(days=4)) in html  # IIT reaches 50 in 4 days
    assert thai_date(today + timedelta(days=64)) in html and "(หลังวันปิด)" in html
    assert "ตามหลัง:</strong> EIT ส่วนที่ ๑ (ผู้รับบริการ) — " in html
    assert "วันละ ๕.๐ คน" in html and "วันละ ๑.๐ คน" in html


def test_logging_a_day_takes_one_form_and_a_second_entry_replaces_it(ita_staff_client, drive):
    url = reverse("surveys:drive", args=[2570])
    today = timezone.localdate()
    be = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    response = ita_staff_client.post(url, {"date": be, "iit_count": "12", "eit_count": "3"})
    assert response.status_code == 302
    response = ita_staff_client.post(
        url, {"date": be, "iit_count": "14", "eit_count": "3"}, follow=True
    )
    assert "บันทึกจำนวนผู้ตอบแล้ว" in response.content.decode()
    row = ResponseCount.objects.get(drive=drive)
    assert (row.date, row.iit_count, row.eit_count) == (today, 14, 3)
    assert row.recorded_by.username == "itastaff"


def test_a_count_below_an_earlier_days_is_refused_in_thai_and_nothing_is_saved(
    ita_staff_client, drive
):
    log_three_days(drive)
    url = reverse("surveys:drive", args=[2570])
    day = timezone.localdate() - timedelta(days=1)
    be = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    response = ita_staff_client.post(url, {"date": be, "iit_count": "5", "eit_count": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "น้อยกว่าที่บันทึกไว้เมื่อ" in html and "จำนวนใน ITAS มีแต่เพิ่มขึ้น" in html
    assert ResponseCount.objects.filter(drive=drive).count() == 3


def test_a_future_day_or_a_christian_era_year_is_refused(ita_staff_client, drive):
    url = reverse("surveys:drive", args=[2570])
    tomorrow = timezone.localdate() + timedelta(days=1)
    be = f"{tomorrow.day:02d}/{tomorrow.month:02d}/{tomorrow.year + 543}"
    html = ita_staff_client.post(url, {"date": be, "iit_count": "1", "eit_count": "1"}).content
    assert "วันที่ยังมาไม่ถึง" in html.decode()
    ce = f"{tomorrow.day:02d}/{tomorrow.month:02d}/{tomorrow.year}"
    html = ita_staff_client.post(url, {"date": ce, "iit_count": "1", "eit_count": "1"}).content
    assert "พ.ศ." in html.decode()
    assert not ResponseCount.objects.exists()


def test_the_page_needs_the_permission_not_just_is_staff(client, django_user_model, drive):
    url = reverse("surveys:drive", args=[2570])
    assert client.get(url).status_code == 302  # sign in first
    plain_staff = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(plain_staff)
    assert client.get(url).status_code == 403
    assert client.post(url, {"iit_count": "1"}).status_code == 403


def test_a_viewer_without_the_log_permission_sees_no_form_and_cannot_post(
    client, django_user_model, drive
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_surveydrive"))
    client.force_login(viewer)
    url = reverse("surveys:drive", args=[2570])
    assert "บันทึกจำนวนผู้ตอบจาก ITAS" not in client.get(url).content.decode()
    today = timezone.localdate()
    be = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    assert client.post(url, {"date": be, "iit_count": "1", "eit_count": "1"}).status_code == 403
    assert not ResponseCount.objects.exists()


def test_the_log_holds_counts_only():
    # IIT is anonymous: no field names who answered, no per-person link or token.
    fields = {f.name for f in ResponseCount._meta.get_fields()}
    assert fields == {"id", "drive", "date", "iit_count", "eit_count", "recorded_by", "recorded_at"}


def test_next_years_drive_is_made_from_this_years_in_the_admin(staff_client, drive):
    drive.service_points.create(name="งานทะเบียนราษฎร", order=1)
    drive.reminder_every_days = 7
    drive.save()
    log_three_days(drive)
    response = staff_client.post(
        reverse("admin:surveys_surveydrive_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [drive.pk]},
        follow=True,
    )
    assert "สร้างการรณรงค์ปี พ.ศ. 2571 แล้ว" in response.content.decode()
    new = SurveyDrive.objects.get(fiscal_year=2571)
    assert new.opens_on == drive.opens_on.replace(year=drive.opens_on.year + 1)
    assert (new.iit_minimum, new.eit_minimum, new.reminder_every_days) == (50, 70, 7)
    assert new.iit_link == "" and not new.counts.exists()
    assert list(new.service_points.values_list("name", flat=True)) == ["งานทะเบียนราษฎร"]
    with pytest.raises(ValidationError, match="มีการรณรงค์ตอบแบบสำรวจปี พ.ศ. 2571 อยู่แล้ว"):
        drive_copy(source=drive)


def test_the_admin_shows_the_known_minimums_as_help(staff_client, drive):
    html = staff_client.get(reverse("admin:surveys_surveydrive_change", args=[drive.pk])).content
    html = html.decode()
    assert "เทศบาลตำบล ขนาดกลาง 70" in html and "อบต. ขนาดเล็ก 30" in html
    assert "ITAS คำนวณขั้นต่ำ IIT จากจำนวนบุคลากร" in html


def test_the_site_menu_links_the_drive_for_those_who_may_see_it(
    ita_staff_client, alice_client, client, django_user_model
):
    assert "แบบสำรวจ IIT/EIT" in ita_staff_client.get("/actions/").content.decode()
    assert "แบบสำรวจ IIT/EIT" not in alice_client.get("/actions/").content.decode()
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert "แบบสำรวจ IIT/EIT" not in client.get("/actions/").content.decode()


def test_no_drive_yet_says_where_to_add_one(ita_staff_client):
    response = ita_staff_client.get(reverse("surveys:latest"))
    assert "ยังไม่มีการรณรงค์ของปีใด" in response.content.decode()


def test_another_organizations_drive_is_not_found(staff_client, drive):
    from assessments.models import Organization

    other = Organization.objects.create(
        code="other", name="อบต.ตัวอย่าง", district="ดอนสัก", province="สุราษฎร์ธานี"
    )
    theirs = SurveyDrive.objects.create(
        organization=other,
        fiscal_year=2571,
        opens_on=drive.opens_on,
        closes_on=drive.closes_on,
        iit_minimum=10,
        eit_minimum=30,
    )
    assert staff_client.get(reverse("surveys:drive", args=[2571])).status_code == 404
    assert staff_client.get(reverse("surveys:poster_iit", args=[2571])).status_code == 404
    listing = staff_client.get(reverse("admin:surveys_surveydrive_changelist")).content.decode()
    assert "2570" in listing and "2571" not in listing
    change = reverse("admin:surveys_surveydrive_change", args=[theirs.pk])
    assert staff_client.get(change).status_code in (302, 404)
