"""The forms of an OIT item's page on /actions/oit/<id>/."""

from django import forms

from core.thai_admin import BEDateField

from .models import ElementTick, OitItem, OitLink


class ItemForm(forms.ModelForm):
    memo_date = BEDateField(
        label="วันที่บันทึกขออนุญาตเผยแพร่",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "17/04/2569"}),
    )

    class Meta:
        model = OitItem
        fields = ["itas_note", "memo_number", "memo_date", "private_notes"]
        widgets = {
            "itas_note": forms.Textarea(attrs={"rows": 3}),
            "private_notes": forms.Textarea(attrs={"rows": 2}),
        }


class LinkForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = OitLink
        fields = ["url", "label", "is_answer"]

    def validate_constraints(self, exclude=None):
        pass  # one answer per item: checked for the whole set by LinkFormSet.clean


class BaseLinkFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        answers = [
            f
            for f in self.forms
            if f.cleaned_data.get("is_answer")
            and f.cleaned_data.get("url")
            and not self._should_delete_form(f)
        ]
        if len(answers) > 1:
            raise forms.ValidationError("เลือกลิงก์ที่ใช้ตอบใน ITAS ได้เพียงลิงก์เดียว")

    def save(self, commit=True):
        # Unmark the old answer first, so the one-answer constraint holds at every step.
        chosen = [
            f.instance.pk
            for f in self.forms
            if f.cleaned_data.get("is_answer") and f.instance.pk and not self._should_delete_form(f)
        ]
        if any(f.cleaned_data.get("is_answer") for f in self.forms if f.has_changed()):
            OitLink.objects.filter(item=self.instance, is_answer=True).exclude(
                pk__in=chosen
            ).update(is_answer=False)
        return super().save(commit)


LinkFormSet = forms.inlineformset_factory(
    OitItem, OitLink, form=LinkForm, formset=BaseLinkFormSet, extra=2, can_delete=True
)


class TickForm(forms.ModelForm):
    url = forms.URLField(label="URL ที่แสดง", max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = ElementTick
        fields = ["done", "url"]


TickFormSet = forms.inlineformset_factory(
    OitItem, ElementTick, form=TickForm, extra=0, can_delete=False
)


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label="เหตุผลที่ส่งกลับแก้ไข",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
