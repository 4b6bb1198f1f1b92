"""Spreadsheet import and export of the action plan and the divisions (django-import-export),
for staff who keep them in spreadsheets. Rows are matched by id; a row without one is new.
Every import previews, then saves all rows or none (ita_portal.spreadsheet_admin)."""

from ita_portal.spreadsheets import ThaiModelResource

from .models import ActionItem, Division, PlanMethod, PlanTopic


class DivisionResource(ThaiModelResource):
    class Meta:
        model = Division
        fields = ["id", "name", "parent", "order"]
        name = "ส่วนงาน"


class PlanTopicResource(ThaiModelResource):
    class Meta:
        model = PlanTopic
        fields = [
            "id",
            "assessment",
            "number",
            "title",
            "owner_text",
            "steps_heading",
            "start_date",
            "end_date",
        ]
        name = "หัวข้อแผนการนำไปสู่การปฏิบัติ"


class PlanMethodResource(ThaiModelResource):
    class Meta:
        model = PlanMethod
        fields = ["id", "topic", "number", "text"]
        name = "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ"


class ActionItemResource(ThaiModelResource):
    class Meta:
        model = ActionItem
        fields = ["id", "topic", "number", "text", "owner", "due_date", "status", "percent"]
        name = "รายการดำเนินงาน"
