"""Writes of the survey drive: a day's counts, and next year's drive from this year's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.thai import be_date_text

from .models import EIT, IIT, SURVEYS, ResponseCount, SurveyDrive


def _shift_year(d, years=1):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def count_record(*, drive, day, iit_count, eit_count, user=None, today=None):
    """Log the counts ITAS showed on `day` (a second entry for the same day replaces the
    first). ITAS counts only grow: a count below an earlier day's, or above a later day's, is
    refused in Thai and nothing is saved."""
    today = today or timezone.localdate()
    if day < drive.opens_on:
        raise ValidationError({"date": "วันที่ต้องไม่ก่อนวันเปิดตอบแบบสำรวจ"})
    if day > today:
        raise ValidationError({"date": "วันที่ยังมาไม่ถึง: บันทึกจำนวนที่ ITAS แสดงวันนี้หรือก่อนหน้า"})
    counts = {IIT: iit_count, EIT: eit_count}
    others = drive.counts.exclude(date=day)
    errors = {}
    for survey, value in counts.items():
        if value is None or value < 0:
            errors[f"{survey}_count"] = "กรอกจำนวนผู้ตอบเป็นเลขจำนวนเต็มไม่ติดลบ"
            continue
        before = others.filter(date__lt=day).order_by("-date").first()
        after = others.filter(date__gt=day).order_by("date").first()
        field = f"{survey}_count"
        if before and value < getattr(before, field):
            errors[field] = (
                f"จำนวน {SURVEYS[survey]} น้อยกว่าที่บันทึกไว้เมื่อ {be_date_text(before.date)} "
                f"({getattr(before, field)}): จำนวนใน ITAS มีแต่เพิ่มขึ้น โปรดตรวจอีกครั้ง"
            )
        elif after and value > getattr(after, field):
            errors[field] = (
                f"จำนวน {SURVEYS[survey]} มากกว่าที่บันทึกไว้เมื่อ {be_date_text(after.date)} "
                f"({getattr(after, field)}): โปรดตรวจอีกครั้ง"
            )
    if errors:
        raise ValidationError(errors)
    row, _ = ResponseCount.objects.update_or_create(
        drive=drive,
        date=day,
        defaults={"iit_count": iit_count, "eit_count": eit_count, "recorded_by": user},
    )
    return row


@transaction.atomic
def drive_copy(*, source, fiscal_year=None):
    """Next year's drive from `source`: the window a year on, the same minimums (to be checked
    against ITAS), the reminder schedule and the service points; no links, QR images or counts
    (the NACC gives new ones each year). Refused in Thai when that year has a drive already."""
    fiscal_year = fiscal_year or source.fiscal_year + 1
    years = fiscal_year - source.fiscal_year
    if SurveyDrive.objects.filter(
        organization=source.organization, fiscal_year=fiscal_year
    ).exists():
        raise ValidationError(f"มีการรณรงค์ตอบแบบสำรวจปี พ.ศ. {fiscal_year} อยู่แล้ว")
    drive = SurveyDrive(
        organization=source.organization,
        fiscal_year=fiscal_year,
        opens_on=_shift_year(source.opens_on, years),
        closes_on=_shift_year(source.closes_on, years),
        iit_minimum=source.iit_minimum,
        eit_minimum=source.eit_minimum,
        reminder_every_days=source.reminder_every_days,
    )
    drive.full_clean()
    drive.save()
    for point in source.service_points.all():
        drive.service_points.create(name=point.name, place=point.place, order=point.order)
    return drive
