"""The admin screens whose purpose is publishing: a year's page (registered here, at the top of
the stack, from the domain apps' parts), its exports, and the results rounds."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from actionplans.admin import PlanYearAdminMixin
from actionplans.models import ActionItem, ResultsRound
from assessments.admin import AssessmentAdmin
from assessments.models import Assessment, Finding, QuestionScore
from assessments.scoping import OrganizationScopedAdminMixin
from core import spreadsheets, thai_admin
from core.spreadsheet_admin import has_model_permissions
from core.stale import StaleAdminMixin

from . import checks, exporting, rounds, tasks
from .checks import emblem_warnings
from .models import DocumentJob

# The job queue's own table (django-tasks-db registers it, in English) stays out of the Thai
# admin: staff see each document's job on the year's and the round's pages.
admin.site.unregister(DBTaskResult)


class PdfJobsAdminMixin:
    """Under the change form, each document's PDF job (publishing.tasks): รอคิว, กำลังสร้าง,
    พร้อม, or ล้มเหลว with the reason; and a button, for those who may change the object, that
    renders the PDF again (POST, CSRF-checked)."""

    pdf_documents = ()  # DocumentJob.Document values, in the order shown

    def pdf_jobs(self, obj):
        """DocumentJob rows of `obj` (one query)."""
        raise NotImplementedError

    def pdf_queue(self, obj, document):
        raise NotImplementedError

    def _pdf_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_render_pdf"

    def own_views(self):
        return [*super().own_views(), ("<int:pk>/pdf/", self.render_pdf_view, self._pdf_url_name())]

    def document_warnings(self, obj):
        """What the published documents of `obj` will lack, said on its page before publishing."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["document_warnings"] = self.document_warnings(obj)
            jobs = {job.document: job for job in self.pdf_jobs(obj)}
            labels = dict(DocumentJob.Document.choices)
            context["pdf_jobs"] = [
                {
                    "document": document,
                    "label": jobs[document].label if document in jobs else labels[document],
                    "job": jobs.get(document),
                }
                for document in self.pdf_documents
            ]
            context["pdf_jobs_url"] = reverse(f"admin:{self._pdf_url_name()}", args=[obj.pk])
            context["pdf_jobs_can_render"] = self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_pdf_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, str(pk))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        document = request.POST.get("document")
        if document not in self.pdf_documents:
            raise Http404("ไม่มีเอกสารนี้")
        job = self.pdf_queue(obj, document)
        self.message_user(request, f"{job.label}: สั่งสร้าง PDF ใหม่แล้ว", messages.SUCCESS)
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk)


# What the year's export holds besides the year itself (publishing.exporting.assessment_tables).
EXPORTED_MODELS = (QuestionScore, Finding, ActionItem)


@admin.register(Assessment)
class YearAdmin(PdfJobsAdminMixin, PlanYearAdminMixin, AssessmentAdmin):
    """The year's page: its result and analysis (assessments), the plan's next-year action
    (actionplans), and the year's exports."""

    actions = [*AssessmentAdmin.actions, *PlanYearAdminMixin.actions]
    change_form_template = "admin/publishing/assessment_change_form.html"
    pdf_documents = (DocumentJob.Document.REPORT, DocumentJob.Document.MEMO)

    def pdf_jobs(self, obj):
        return DocumentJob.objects.filter(assessment=obj, results_round=None)

    # --- publishing asks first ----------------------------------------------------------------

    CONFIRM_PUBLISH = "_confirm_publish"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save that would publish a draft year shows first what becomes public and what is
        still missing or provisional (checks.publication_check), and saves only when staff
        confirm on that page: the same form posted again with CONFIRM_PUBLISH."""
        if (
            request.method == "POST"
            and object_id
            and request.POST.get("status") == Assessment.Status.PUBLISHED
            and self.CONFIRM_PUBLISH not in request.POST
        ):
            obj = self.get_object(request, object_id)
            allowed = obj is not None and self.has_change_permission(request, obj)
            if allowed and not obj.is_published:
                return self.publish_confirmation(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def publish_confirmation(self, request, obj):
        check = checks.publication_check(obj)
        posted = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        # The button the form was sent with (save, save and continue, …) is sent again.
        buttons = {"_save", "_continue", "_addanother"}
        return TemplateResponse(
            request,
            "admin/publishing/publish_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": _("ยืนยันการเผยแพร่ผลการประเมินปี %(year)s") % {"year": obj.fiscal_year},
                "check": check,
                "posted": [(n, v) for n, v in posted if n not in buttons],
                "button": next((n for n, _v in posted if n in buttons), "_save"),
                "confirm_name": self.CONFIRM_PUBLISH,
            },
        )

    def pdf_queue(self, obj, document):
        return tasks.document_pdf_queue(assessment=obj, document=document)

    def document_warnings(self, obj):
        return emblem_warnings(obj.organization)

    def own_views(self):
        return [
            *super().own_views(),
            ("<int:pk>/export.xlsx", self.export_xlsx_view, "assessments_assessment_export_xlsx"),
            (
                "<int:pk>/export/<slug:part>.csv",
                self.export_csv_view,
                "assessments_assessment_export_csv",
            ),
        ]

    def _assessment(self, request, pk, *, change):
        obj = get_object_or_404(self.get_queryset(request).select_related("framework"), pk=pk)
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _exportable(self, request, pk):
        """The year, if the user may view it and every kind of row its export holds (scores,
        findings, action items): being staff alone grants nothing."""
        obj = self._assessment(request, pk, change=False)
        if not has_model_permissions(request.user, EXPORTED_MODELS, ("view",)):
            raise PermissionDenied
        return obj

    def export_xlsx_view(self, request, pk):
        obj = self._exportable(request, pk)
        data = exporting.to_xlsx(exporting.assessment_tables(obj))
        return spreadsheets.attachment(
            data, f"ita-{obj.fiscal_year}.xlsx", spreadsheets.XLSX_CONTENT_TYPE
        )

    def export_csv_view(self, request, pk, part):
        obj = self._exportable(request, pk)
        tables = {t.slug: t for t in exporting.assessment_tables(obj)}
        if part not in tables:
            raise Http404
        return spreadsheets.attachment(
            exporting.to_csv(tables[part]),
            f"ita-{obj.fiscal_year}-{part}.csv",
            spreadsheets.CSV_CONTENT_TYPE,
        )


@admin.register(ResultsRound)
class ResultsRoundAdmin(
    OrganizationScopedAdminMixin, PdfJobsAdminMixin, StaleAdminMixin, thai_admin.HistoryAdmin
):
    """Staff create a round (6 months, 12 months or a date), write or draft its closing section
    and memo, preview it, publish it (which freezes its figures and queues its PDFs) and issue
    corrections."""

    change_form_template = "admin/publishing/resultsround_change_form.html"
    pdf_documents = (DocumentJob.Document.RESULTS, DocumentJob.Document.MEMO)

    def pdf_jobs(self, obj):
        return DocumentJob.objects.filter(results_round=obj)

    def pdf_queue(self, obj, document):
        return tasks.document_pdf_queue(
            assessment=obj.assessment, results_round=obj, document=document
        )

    def document_warnings(self, obj):
        warnings = emblem_warnings(obj.assessment.organization)
        if not obj.is_published:
            warnings += list(rounds.memo_fields_missing(obj).values())
        return warnings

    list_display = ["__str__", "cutoff", "status", "revision", "published_at", "links"]
    list_filter = ["assessment__fiscal_year", "kind", "status"]
    list_select_related = ["assessment"]
    readonly_fields = ["status", "published_at", "revision", "revised_at", "links"]
    fieldsets = [
        (None, {"fields": ["assessment", "kind", "cutoff", "status", "links"]}),
        (_("สรุปผลและข้อเสนอ"), {"fields": ["closing"]}),
        (
            _("บันทึกข้อความรายงานผล"),
            {
                "fields": [
                    "memo_reference_no",
                    "memo_date",
                    "memo_subject",
                    "memo_addressee",
                    "memo_background",
                    "memo_facts",
                    "memo_consideration",
                ],
                "description": _(
                    'ช่องที่เว้นว่างจะใช้ร่างที่ระบบเขียนจากตัวเลข ใช้คำสั่ง "ร่างข้อความจากข้อมูล" '
                    "เพื่อเติมร่างลงในช่องว่างแล้วแก้ไขต่อ"
                ),
            },
        ),
        (
            _("การเผยแพร่และฉบับแก้ไข"),
            {
                "fields": ["published_at", "revision", "revised_at", "revision_note"],
                "description": _(
                    "เมื่อเผยแพร่ ตัวเลขและข้อความจะถูกตรึงไว้ รายงานความก้าวหน้าที่มาภายหลังไม่เปลี่ยน"
                    "ฉบับที่เผยแพร่ หากต้องการปรับ ให้แก้ข้อความ ระบุเหตุผลการออกฉบับแก้ไข "
                    'แล้วใช้คำสั่ง "ออกฉบับแก้ไข"'
                ),
            },
        ),
    ]
    actions = ["draft_texts", "publish", "correct", "withdraw"]

    @admin.display(description=_("เอกสาร"))
    def links(self, obj):
        if obj is None or not obj.pk or not obj.cutoff:
            return "-"
        year, slug = obj.assessment.fiscal_year, obj.slug
        return format_html(
            '<a href="{}" target="_blank">หน้ารายงาน</a> · <a href="{}">PDF</a> · '
            '<a href="{}" target="_blank">บันทึกข้อความ</a>',
            reverse("publishing:results", args=[year, slug]),
            reverse("publishing:results_pdf", args=[year, slug]),
            reverse("publishing:results_memo", args=[year, slug]),
        )

    def _each(self, request, queryset, service, done_message, **kwargs):
        for rnd in queryset:
            try:
                service(rnd=rnd, **kwargs)
            except ValidationError as e:
                self.message_user(request, f"{rnd}: {' '.join(e.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{rnd}: {done_message}", messages.SUCCESS)

    @admin.action(
        description=_("ร่างข้อความสรุปและบันทึกข้อความจากข้อมูล (เติมเฉพาะช่องที่ว่าง)"), permissions=["change"]
    )
    def draft_texts(self, request, queryset):
        self._each(request, queryset, rounds.results_round_draft_texts, "เติมร่างในช่องที่ว่างแล้ว")

    @admin.action(description=_("เผยแพร่ (ตรึงตัวเลข ณ วันที่ตัดยอด)"), permissions=["change"])
    def publish(self, request, queryset):
        self._each(request, queryset, rounds.results_round_publish, "เผยแพร่แล้ว")

    @admin.action(description=_("ออกฉบับแก้ไข (ตรึงตัวเลขใหม่ ระบุวันที่และเหตุผล)"), permissions=["change"])
    def correct(self, request, queryset):
        for rnd in queryset:
            self._each(
                request,
                [rnd],
                rounds.results_round_correct,
                "ออกฉบับแก้ไขแล้ว",
                note=rnd.revision_note,
            )

    @admin.action(description=_("ถอนการเผยแพร่ (กลับเป็นฉบับร่าง)"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._each(request, queryset, rounds.results_round_withdraw, "กลับเป็นฉบับร่างแล้ว")
