import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.templatetags.ita import thdate, thnum, thtext
from core.thai import arabic_digits

from .models import ActionItem


def days_left_text(item, today):
    """ "อีก ๑๒ วัน", "ครบกำหนดวันนี้", "เลยกำหนด ๕๗ วัน", or "" for closed items."""
    if item.is_closed:
        return ""
    days = (item.due_date - today).days
    if days > 0:
        return f"อีก {days} วัน"
    if days == 0:
        return "ครบกำหนดวันนี้"
    return f"เลยกำหนด {-days} วัน"


def row_class(record, table):
    classes = [f"status-{record.status}"]
    if record.is_closed:
        classes.append("is-closed")
    elif record.due_date < table.today:
        classes.append("is-overdue")
    return " ".join(classes)


def _cell(label, css=""):
    """Column attrs: the label is repeated on each cell so a phone can show rows as cards."""
    td = {"data-label": label}
    if css:
        td["class"] = css
    return {"td": td}


class ActionItemTable(tables.Table):
    """ "My action items". Cells render Thai (digits, Buddhist-era dates); the export gets plain
    values through the value_* methods (Arabic digits, real dates) so a spreadsheet can sort;
    views.export_response shows the dates in the Buddhist era."""

    year = tables.Column(
        verbose_name="ปี",
        accessor="topic__assessment__fiscal_year",
        order_by=("topic__assessment__fiscal_year", "topic__number", "number"),
        attrs=_cell("ปี", "nowrap"),
    )
    topic = tables.Column(
        verbose_name="หัวข้อ",
        order_by=("topic__assessment__fiscal_year", "topic__number"),
        attrs=_cell("หัวข้อ", "cell-topic"),
    )
    text = tables.Column(
        verbose_name="รายการ", order_by=("topic__number", "number"), attrs=_cell("รายการ")
    )
    owner = tables.Column(verbose_name="ส่วนงาน", order_by=("owner__name",), attrs=_cell("ส่วนงาน"))
    due_date = tables.Column(verbose_name="กำหนดแล้วเสร็จ", attrs=_cell("กำหนดแล้วเสร็จ", "nowrap"))
    days_left = tables.Column(
        verbose_name="เหลือ/เลยกำหนด",
        accessor="due_date",
        order_by=("due_date",),
        attrs=_cell("เหลือ/เลยกำหนด", "nowrap"),
    )
    status = tables.Column(verbose_name="สถานะ", attrs=_cell("สถานะ"))
    percent = tables.Column(verbose_name="ความก้าวหน้า", attrs=_cell("ความก้าวหน้า", "cell-percent"))
    last_update_at = tables.Column(
        verbose_name="รายงานล่าสุด", default="", attrs=_cell("รายงานล่าสุด", "nowrap")
    )

    class Meta:
        model = ActionItem
        fields = ()
        sequence = (
            "year",
            "topic",
            "text",
            "owner",
            "due_date",
            "days_left",
            "status",
            "percent",
            "last_update_at",
        )
        template_name = "actionplans/_table.html"
        attrs = {"class": "action-table"}
        row_attrs = {"class": row_class, "data-item": lambda record: record.pk}
        order_by = ("due_date", "topic", "text")
        empty_text = "ไม่มีรายการตามเงื่อนไขที่เลือก"

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def render_year(self, value):
        return thnum(value)

    def value_year(self, value):
        return value

    # Staff's texts break only between words on a phone card too ("หน่วยงาน", never
    # "หน่วย|งาน"): the thtext filter, as the public pages print them.
    def render_topic(self, record):
        return format_html("{}. {}", thnum(record.topic.number), thtext(record.topic.title))

    def value_topic(self, record):
        return f"{record.topic.number}. {record.topic.title}"

    def render_text(self, record):
        return format_html(
            '<a href="{}">{}.{} {}</a>',
            reverse("actionplans:item", args=[record.pk]),
            thnum(record.topic.number),
            thnum(record.number),
            thtext(record.text),
        )

    def value_text(self, record):
        return f"{record.topic.number}.{record.number} {record.text}"

    def render_owner(self, record):
        return thtext(record.owner.name, record.owner.name)

    def value_owner(self, record):
        return str(record.owner)

    def render_due_date(self, value):
        return thdate(value, "%-d %b %Y")

    def value_due_date(self, value):
        return value  # a real date: views.export_response writes it for people (พ.ศ.)

    def render_days_left(self, record):
        text = days_left_text(record, self.today)
        if "เลยกำหนด" in text:
            return format_html('<strong class="overdue-flag">{}</strong>', thnum(text))
        return thnum(text)

    def value_days_left(self, record):
        return days_left_text(record, self.today)

    def render_status(self, record):
        return format_html(
            '<span class="status status--{}">{}</span>',
            record.status,
            record.status_text,
        )

    def value_status(self, record):
        return arabic_digits(record.status_text)  # files: Arabic digits (README "Numbers")

    def render_percent(self, value):
        return render_to_string("actionplans/_progress_bar.html", {"percent": value})

    def value_percent(self, value):
        return value

    def render_last_update_at(self, value):
        return thdate(timezone.localtime(value), "%-d %b %y %H:%M") if value else "-"

    def value_last_update_at(self, value):
        # Local time without a zone: a spreadsheet cell has none.
        return (
            timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0) if value else ""
        )
