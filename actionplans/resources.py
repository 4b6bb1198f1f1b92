"""Spreadsheet import and export of the action plan and the divisions (django-import-export),
for staff who keep them in spreadsheets. Every import previews, then saves all rows or none
(core.spreadsheet_admin).

Rows are named as staff name them, never by database ids, and matched by those names:
- a division by its name (unique), its parent by name;
- a plan topic by its year (ปีงบประมาณ) and number (ข้อที่), its owners by division names;
- a method by its year, its topic's number and its own number (ลำดับ);
- an action item by its year, its topic's number and its number (ลำดับ); its division by name.
A row whose key matches nothing is new. A topic number is looked up only in the row's own year.
"""

from import_export import fields, widgets

from assessments.resources import YEAR_COLUMN, YearScope, year_field
from core.spreadsheets import LookupListWidget, LookupWidget, ThaiModelResource, quote

from .models import ActionItem, Division, PlanMethod, PlanTopic


def _unknown_division(text, row):
    return f"ไม่รู้จักส่วนงาน “{quote(text)}” (ใช้ชื่อส่วนงานตามที่มีในระบบ)"


def division_field(attribute, column_name):
    """A division by its name."""
    return fields.Field(
        attribute=attribute,
        column_name=column_name,
        widget=LookupWidget(Division, "name", unknown=_unknown_division),
    )


def topic_field(scope):
    """The หัวข้อ column: a topic by its number (ข้อที่), in the row's year's plan."""

    def topics(row):
        return PlanTopic.objects.filter(assessment=scope.assessment(row, required=True))

    def unknown(text, row):
        year = scope.assessment(row).fiscal_year
        return f"ไม่มีหัวข้อข้อที่ {quote(text)} ในแผนปีงบประมาณ {year}"

    return fields.Field(
        attribute="topic",
        column_name="หัวข้อ (ข้อที่)",
        widget=LookupWidget(PlanTopic, "number", scope=topics, unknown=unknown),
    )


def topic_year_field():
    """The ปีงบประมาณ of a method's or item's topic: written out, read to find the topic."""
    return fields.Field(
        attribute="topic__assessment__fiscal_year",
        column_name=YEAR_COLUMN,
        readonly=True,
        widget=widgets.IntegerWidget(),
    )


class DivisionResource(ThaiModelResource):
    parent = division_field("parent", "สังกัด")

    select_related = ["parent"]

    class Meta:
        model = Division
        fields = ["name", "parent", "order"]
        import_id_fields = ["name"]
        name = "ส่วนงาน"


class PlanTopicResource(ThaiModelResource):
    assessment = year_field()
    owners = fields.Field(
        attribute="owners",
        column_name="ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
        widget=LookupListWidget(
            Division, "name", unknown=lambda texts, row: _unknown_division(", ".join(texts), row)
        ),
    )

    select_related = ["assessment"]
    prefetch_related = ["owners"]

    class Meta:
        model = PlanTopic
        fields = [
            "assessment",
            "number",
            "title",
            "owners",
            "owner_text",
            "steps_heading",
            "start_date",
            "end_date",
        ]
        import_id_fields = ["assessment", "number"]
        name = "หัวข้อแผนการนำไปสู่การปฏิบัติ"


class PlanMethodResource(ThaiModelResource):
    year = topic_year_field()

    select_related = ["topic__assessment"]

    class Meta:
        model = PlanMethod
        fields = ["year", "topic", "number", "text"]
        import_id_fields = ["topic", "number"]
        name = "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["topic"] = topic_field(YearScope())


class ActionItemResource(ThaiModelResource):
    """Status and percent are written out but never read back: progress reports own them
    (/actions/), as in the admin."""

    year = topic_year_field()
    owner = division_field("owner", "ส่วนงานผู้รับผิดชอบ")
    status = fields.Field(attribute="get_status_display", column_name="สถานะ", readonly=True)
    percent = fields.Field(attribute="percent", column_name="ร้อยละความก้าวหน้า", readonly=True)

    select_related = ["topic__assessment", "owner"]

    class Meta:
        model = ActionItem
        fields = ["year", "topic", "number", "text", "owner", "due_date", "status", "percent"]
        import_id_fields = ["topic", "number"]
        name = "รายการดำเนินงาน"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["topic"] = topic_field(YearScope())
