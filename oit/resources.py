"""The tracker as the spreadsheet staff keep today (django-import-export): ปีงบประมาณ, ข้อ, ส่วนงาน,
กำหนดเสร็จ, URL, คำอธิบาย. A row is an item named by its year and its code (O1 … O26, typed any
way `normalise_code` reads); owners by division names (comma-separated), URLs one a line (the
first is the answer given to ITAS; an empty cell leaves the item's links as they are).
Previewed, then all rows or none (core.spreadsheet_admin)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from import_export import fields, widgets

from actionplans.models import Division
from core.spreadsheets import (
    BEDateWidget,
    LookupListWidget,
    LookupWidget,
    ThaiModelResource,
    cell_text,
    quote,
)
from indicators.codes import normalise_code
from indicators.models import Question

from .models import OitItem, OitLink, OitTracker
from .services import queue_link_check

YEAR_COLUMN = "ปีงบประมาณ"
URL_COLUMN = "URL"


class TrackerWidget(LookupWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.assessment.fiscal_year


def _tracker_of(row):
    text = cell_text((row or {}).get(YEAR_COLUMN))
    if not text or not text.isdigit():
        return None
    return OitTracker.objects.filter(assessment__fiscal_year=text).first()


def _questions(row):
    tracker = _tracker_of(row)
    if tracker is None:
        return None
    return Question.objects.filter(framework_id=tracker.assessment.framework_id)


def _code(value):
    text = cell_text(value)
    return normalise_code(text) if text else None


class CodeWidget(LookupWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.code.upper()


def split_urls(text):
    return [u.strip() for u in str(text or "").replace(",", "\n").split() if u.strip()]


class OitItemResource(ThaiModelResource):
    tracker = fields.Field(
        attribute="tracker",
        column_name=YEAR_COLUMN,
        widget=TrackerWidget(
            OitTracker,
            "assessment__fiscal_year",
            unknown=lambda text, row: f"ไม่มีรายการ OIT ปีงบประมาณ {quote(text)} ในระบบ",
        ),
    )
    question = fields.Field(
        attribute="question",
        column_name="ข้อ",
        widget=CodeWidget(
            Question,
            "code",
            scope=_questions,
            key=_code,
            unknown=lambda text, row: f"ไม่มีข้อ {quote(text).upper()} ในกรอบการประเมินของปีนี้",
        ),
    )
    owners = fields.Field(
        attribute="owners",
        column_name="ส่วนงาน",
        widget=LookupListWidget(
            Division,
            "name",
            unknown=lambda texts, row: f"ไม่รู้จักส่วนงาน “{quote(', '.join(texts))}”",
        ),
    )
    due_date = fields.Field(attribute="due_date", column_name="กำหนดเสร็จ", widget=BEDateWidget())
    urls = fields.Field(column_name=URL_COLUMN, dehydrate_method="dehydrate_urls")
    itas_note = fields.Field(
        attribute="itas_note",
        column_name="คำอธิบาย",
        widget=widgets.CharWidget(coerce_to_string=True, allow_blank=True),
    )

    select_related = ["tracker__assessment", "question"]
    prefetch_related = ["owners", "links"]

    class Meta:
        model = OitItem
        fields = ["tracker", "question", "owners", "due_date", "urls", "itas_note"]
        import_id_fields = ["tracker", "question"]
        name = "ข้อ OIT"

    def dehydrate_urls(self, item):
        links = sorted(item.links.all(), key=lambda lk: (not lk.is_answer, lk.order, lk.pk))
        return "\n".join(lk.url for lk in links)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        bad = []
        for url in split_urls(row.get(URL_COLUMN)):
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                bad.append(url)
            if len(url) > 1000:
                bad.append(url[:60] + "…")
        if bad:
            errors["itas_note"] = [
                ValidationError(
                    f"URL ไม่ถูกต้อง: {quote(', '.join(bad))} (ต้องขึ้นต้นด้วย http:// หรือ https://)"
                )
            ]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        urls = split_urls(row.get(URL_COLUMN))
        if instance.pk and urls and urls != split_urls(self.dehydrate_urls(instance)):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        urls = split_urls(row.get(URL_COLUMN))
        if not urls or urls == split_urls(self.dehydrate_urls(instance)):
            return  # an empty URL cell leaves the item's links as they are
        instance.links.all().delete()
        for n, url in enumerate(urls, start=1):
            link = OitLink.objects.create(item=instance, url=url, is_answer=n == 1, order=n)
            if not kwargs.get("dry_run"):
                queue_link_check(link)
