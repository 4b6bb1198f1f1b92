from django.contrib import admin

from ita_portal import thai_admin

from .models import FrameworkYear, Indicator, Question, RatingLevel, Tool


class ToolInline(thai_admin.TabularInline):
    model = Tool
    extra = 0


class RatingLevelInline(thai_admin.TabularInline):
    model = RatingLevel
    extra = 0


@admin.register(FrameworkYear)
class FrameworkYearAdmin(thai_admin.ModelAdmin):
    list_display = ["year", "name", "national_target", "provisional"]
    search_fields = ["year", "name"]
    inlines = [ToolInline, RatingLevelInline]


@admin.register(Indicator)
class IndicatorAdmin(thai_admin.ModelAdmin):
    list_display = ["number", "name", "tool", "framework"]
    list_filter = ["framework", "tool__code"]
    search_fields = ["name"]
    list_select_related = ["tool", "framework"]


@admin.register(Question)
class QuestionAdmin(thai_admin.ModelAdmin):
    list_display = ["code", "title", "title_is_summary", "indicator", "topic_key", "framework"]
    list_display_links = ["code", "title"]
    list_filter = ["framework", "indicator__tool__code", "indicator__number", "title_is_summary"]
    search_fields = ["code", "title", "topic_key", "standard_recommendation"]
    list_select_related = ["indicator", "framework"]
    list_per_page = 60
