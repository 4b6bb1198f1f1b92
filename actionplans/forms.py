import uuid

from django import forms
from django.core.exceptions import ValidationError

from core.stale import StaleFormMixin

from . import services
from .models import ActionItem, ProgressUpdate
from .validators import EVIDENCE_EXTENSIONS, EvidenceFileValidator


class ProgressUpdateForm(StaleFormMixin, forms.Form):
    """What a division head reports; the rules live in services.progress_update_create.

    It remembers the item's status and percent as shown (core.stale): a report sent after
    someone else reported meanwhile is refused by the service, showing what changed."""

    stale_fields = ["status", "percent"]
    stale_check_in_clean = False  # the service checks, under its lock on the item

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)

    def stale_object(self):
        return self.item

    # A fresh id each time the form is shown: the same form sent twice saves one report.
    submission = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="สถานะ",
        choices=ActionItem.Status.choices,
        error_messages={
            "required": "กรุณาเลือกสถานะของงาน",
            "invalid_choice": "สถานะที่เลือกไม่ถูกต้อง",
        },
    )
    percent = forms.IntegerField(
        label="ร้อยละความก้าวหน้า",
        min_value=0,
        max_value=100,
        # Not a number input: a browser sends "abc" there as nothing, hiding the real mistake.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "required": "กรุณากรอกร้อยละความก้าวหน้า (0 ถึง 100)",
            "invalid": "ร้อยละความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100",
            "min_value": "ร้อยละความก้าวหน้าต้องไม่ต่ำกว่า 0",
            "max_value": "ร้อยละความก้าวหน้าต้องไม่เกิน 100",
        },
    )
    public_summary = forms.CharField(
        label="สรุปสำหรับเผยแพร่",
        required=False,
        max_length=ProgressUpdate._meta.get_field("public_summary").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="แสดงต่อสาธารณะในหน้าความก้าวหน้าของแผน (ไม่แสดงชื่อผู้รายงาน)",
    )
    note = forms.CharField(
        label="บันทึกภายใน",
        required=False,
        max_length=ProgressUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="เห็นเฉพาะเจ้าหน้าที่และผู้รับผิดชอบ ไม่เผยแพร่",
    )
    evidence_url = forms.URLField(
        label="ลิงก์หลักฐาน",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "ลิงก์หลักฐานไม่ถูกต้อง (ตัวอย่าง https://www.donsak.go.th/…)"},
    )
    public_evidence_title = forms.CharField(
        label="ชื่อหลักฐานที่เผยแพร่ได้",
        required=False,
        max_length=300,
        help_text=(
            "เช่น ประกาศเจตจำนงสุจริตของผู้บริหาร พ.ศ. ๒๕๖๙ พิมพ์ในรายงานผลการดำเนินการต่อสาธารณะ "
            "(ลิงก์และไฟล์หลักฐานไม่เผยแพร่)"
        ),
    )
    evidence_file = forms.FileField(
        label="ไฟล์หลักฐาน",
        required=False,
        validators=[EvidenceFileValidator()],
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)}
        ),
        help_text="ไฟล์ PDF รูปภาพ เอกสาร หรือตารางคำนวณ ขนาดไม่เกิน ๑๐ เมกะไบต์",
        error_messages={
            "invalid": "ไฟล์ที่แนบมาเสียหายหรืออ่านไม่ได้",
            "empty": "ไฟล์ที่แนบมาว่างเปล่า",
        },
    )


class ProgressUpdateAdminAddForm(forms.ModelForm):
    """A report recorded by staff in the admin: checked by the progress service's rules, then
    saved through the service (admin.ProgressUpdateAdmin.save_model), so it moves its item as
    a division head's report does."""

    class Meta:
        model = ProgressUpdate
        fields = [
            "item",
            "created_at",
            "status",
            "percent",
            "public_summary",
            "public_evidence_title",
            "note",
            "evidence_url",
            "evidence_file",
        ]

    def _post_clean(self):
        super()._post_clean()  # the model's own rules first, each message once
        if self.errors:
            return
        cleaned = self.cleaned_data
        try:
            services.progress_update_check(
                item=cleaned["item"],
                status=cleaned["status"],
                percent=cleaned["percent"],
                public_summary=cleaned.get("public_summary", ""),
                note=cleaned.get("note", ""),
                evidence_url=cleaned.get("evidence_url", ""),
                evidence_file=cleaned.get("evidence_file"),
                public_evidence_title=cleaned.get("public_evidence_title", ""),
            )
        except ValidationError as e:
            self.add_error(None, e)
