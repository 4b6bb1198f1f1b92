from django import forms

from core.thai_admin import BEDateField


class CountForm(forms.Form):
    """A day's counts as ITAS shows them: a few seconds on a phone."""

    date = BEDateField(label="วันที่ (ตามที่ดูใน ITAS)")
    iit_count = forms.IntegerField(
        label="IIT ตอบแล้ว (คน)",
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "กรอกจำนวนผู้ตอบ IIT", "invalid": "กรอกเป็นตัวเลข"},
    )
    eit_count = forms.IntegerField(
        label="EIT ตอบแล้ว (คน)",
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": "กรอกจำนวนผู้ตอบ EIT", "invalid": "กรอกเป็นตัวเลข"},
    )
