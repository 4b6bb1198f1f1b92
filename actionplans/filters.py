import django_filters
from django import forms
from django.utils import timezone

from assessments.models import Assessment
from core.templatetags.ita import thnum

from .models import ALL_DIVISIONS_PERMISSION, ActionItem, Division, PlanTopic


class ActionItemFilter(django_filters.FilterSet):
    """The filters above "my action items". `year` defaults to the newest plan (set by the
    view); the division filter is offered only to those who see every division (a head sees
    their own anyway). Topics are those of the user's organization (and a head's items')."""

    year = django_filters.ChoiceFilter(
        field_name="topic__assessment__fiscal_year",
        label="แผนจากผลการประเมินปี",
        empty_label="ทุกปี",
    )
    status = django_filters.ChoiceFilter(
        choices=ActionItem.Status.choices, label="สถานะ", empty_label="ทุกสถานะ"
    )
    overdue = django_filters.BooleanFilter(
        label="เฉพาะที่เลยกำหนด", method="filter_overdue", widget=forms.CheckboxInput
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=PlanTopic.objects.none(), label="หัวข้อ", empty_label="ทุกหัวข้อ"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Division.objects.select_related("parent"),
        label="ส่วนงาน",
        empty_label="ทุกส่วนงาน",
    )

    class Meta:
        model = ActionItem
        fields = ["year", "status", "overdue", "topic", "owner"]

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, f"พ.ศ. {thnum(y)}") for y in years]
        topics = (
            PlanTopic.objects.filter(assessment__in=Assessment.objects.of_user(user))
            .select_related("assessment")
            .order_by("-assessment__fiscal_year", "number")
        )
        if not user.has_perm(ALL_DIVISIONS_PERMISSION):
            topics = topics.filter(pk__in=ActionItem.objects.owned_by(user).values("topic"))
            del self.filters["owner"]
        self.filters["topic"].queryset = topics

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset
