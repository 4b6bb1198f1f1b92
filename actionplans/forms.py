import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from core.stale import StaleFormMixin

from . import services
from .models import ActionItem, ProgressUpdate
from .validators import EVIDENCE_EXTENSIONS


def _formfield(model_field, **kwargs):
    """The model's form field, with what a form adds: links typed without a scheme are https
    (as the model's URLField will be in Django 6), and an evidence file's own name may be long
    (it is stored under a short random one; `evidence_name` keeps the name as given)."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(model_field, models.FileField):
        kwargs["max_length"] = None
    return model_field.formfield(**kwargs)


class ProgressUpdateForm(StaleFormMixin, forms.ModelForm):
    """What a division head reports; the rules live in services.progress_update_create, which
    saves it (this form never does). Labels, help texts and limits are the model's.

    It remembers the item's status and percent as shown (core.stale): a report sent after
    someone else reported meanwhile is refused by the service, showing what changed."""

    stale_fields = ["status", "percent"]
    stale_check_in_clean = False  # the service checks, under its lock on the item

    # A fresh id each time the form is shown: the same form sent twice saves one report.
    # Both guards are required (clean): a post without them (a script, a forged form) would
    # otherwise save every copy and every percent (issue 19).
    submission = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)

    INCOMPLETE = (
        "แบบฟอร์มไม่ครบถ้วน (ไม่ได้ส่งจากหน้ารายการของระบบ) จึงไม่ได้บันทึก กรุณาเปิดหน้ารายการใหม่แล้วกรอกอีกครั้ง"
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "status",
            "percent",
            "public_summary",
            "note",
            "evidence_url",
            "public_evidence_title",
            "evidence_file",
        ]
        formfield_callback = _formfield
        widgets = {
            # Not a number input: a browser sends "abc" there as nothing, hiding the real mistake.
            "percent": forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "evidence_file": forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)}
            ),
        }
        error_messages = {
            "status": {
                "required": "กรุณาเลือกสถานะของงาน",
                "invalid_choice": "สถานะที่เลือกไม่ถูกต้อง",
            },
            "percent": {
                "required": "กรุณากรอกร้อยละความก้าวหน้า (0 ถึง 100)",
                "invalid": "ร้อยละความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100",
                "min_value": "ร้อยละความก้าวหน้าต้องไม่ต่ำกว่า 0",
                "max_value": "ร้อยละความก้าวหน้าต้องไม่เกิน 100",
            },
            "evidence_url": {
                "invalid": "ลิงก์หลักฐานไม่ถูกต้อง (ตัวอย่าง https://www.donsak.go.th/…)",
            },
            "evidence_file": {
                "invalid": "ไฟล์ที่แนบมาเสียหายหรืออ่านไม่ได้",
                "empty": "ไฟล์ที่แนบมาว่างเปล่า",
            },
        }

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)
        # Every report states where the item stands: no empty choice.
        self.fields["status"].choices = ActionItem.Status.choices

    def stale_object(self):
        return self.item

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("submission") or not self.stale_token():
            raise ValidationError(self.INCOMPLETE, code="incomplete_form")
        return cleaned


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
        formfield_callback = _formfield

    def _post_clean(self):
        super()._post_clean()  # the model's own rules first, each message once
        if self.errors:
            return
        cleaned = self.cleaned_data
        try:
            services.progress_update_check(item=cleaned["item"], **services.report_values(cleaned))
        except ValidationError as e:
            self.add_error(None, e)
