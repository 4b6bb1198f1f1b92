"""The public pages: the published years, each year's report and memo, as pages and PDFs.

Unpublished years are 404 to the public; those who may view years (assessments.view_assessment)
preview them, marked ฉบับร่าง on page and PDF.
"""

from urllib.parse import quote

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from actionplans import selectors as plan_selectors
from assessments.models import Assessment, Memo

from . import caching, documents, pdf, selectors

UNFOLDED_ITEMS = 40  # the public plan page folds its topics above this many items


def home(request):
    """`/`, the agency's ITA page: the newest year at a glance (its score, level and indicator
    chart against the previous published year) with links to everything it published (report,
    memo, the plan's progress with its percent, results rounds, open data), the earlier years
    below. The public sees published years only; staff also see drafts, marked ฉบับร่าง.

    Kept for anonymous visitors like the report (caching): publishing or withdrawing a year,
    a round or any figure moves the version. A fixed number of queries whatever the number of
    years, rounds or items (tests/test_home_page.py)."""

    def build():
        assessments = list(
            Assessment.objects.of_site()
            .visible_to(request.user)
            .select_related("organization", "framework")
            # A year's memo is linked once it is written (its page is 404 until then).
            .annotate(has_memo=Exists(Memo.objects.filter(assessment=OuterRef("pk"))))
            .order_by("-fiscal_year")
        )
        rounds = selectors.published_results_rounds_by_year(assessments)
        percents = selectors.plan_percents(assessments)
        years = [
            {
                "assessment": a,
                "results_rounds": rounds.get(a.pk, []),
                "plan_percent": percents.get(a.pk),
            }
            for a in assessments
        ]
        from .oit_views import published_years

        context = {"years": years[1:], "oit_years": published_years()}
        if years:
            context["latest"] = {**years[0], **documents.year_glance(assessments[0])}
        return render(request, "publishing/home.html", context)

    return caching.public_page(request, build)


def assessment_or_404(user, year):
    """The year's assessment if this user may see it: published, or any year for those who
    may view years (Assessment.objects.visible_to)."""
    try:
        return (
            Assessment.objects.of_site()
            .visible_to(user)
            .select_related("organization", "framework")
            .get(fiscal_year=year)
        )
    except Assessment.DoesNotExist:
        raise Http404("ไม่พบผลการประเมินของปีนี้") from None


def years_for(user):
    """The years this user may open, newest first: the documents' year switcher (one query)."""
    return list(
        Assessment.objects.of_site()
        .visible_to(user)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )


LATEST_TARGETS = {"report", "report_pdf", "memo", "memo_pdf"}


def latest(request, target):
    """/reports/latest/…: the newest published year's document, for the municipal website to
    link once. A temporary redirect, since next year's publication moves it."""
    if target not in LATEST_TARGETS:
        raise Http404
    year = (
        Assessment.objects.of_site()
        .published()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if year is None:
        raise Http404("ยังไม่มีผลการประเมินที่เผยแพร่")
    return redirect(f"publishing:{target}", year)


def memo_context_or_404(assessment):
    try:
        return documents.memo_context(assessment)
    except Memo.DoesNotExist:
        raise Http404("ยังไม่มีบันทึกข้อความของปีนี้") from None


def report(request, year):
    def build():
        assessment = assessment_or_404(request.user, year)
        context = documents.report_context(assessment)
        return render(
            request, "publishing/report.html", {**context, "years": years_for(request.user)}
        )

    # The same for every anonymous visitor until something it prints changes: kept (caching).
    # Only a 200 is kept, and publishing or withdrawing a year moves the version.
    return caching.public_page(request, build)


def memo(request, year):
    assessment = assessment_or_404(request.user, year)
    context = memo_context_or_404(assessment)
    return render(request, "publishing/memo.html", {**context, "years": years_for(request.user)})


def pdf_response(request, cached, filename, ascii_filename):
    """The PDF with its validators; 304 when the client already holds this version."""
    last_modified = cached.last_modified.timestamp()
    not_modified = get_conditional_response(
        request, etag=cached.etag, last_modified=int(last_modified)
    )
    if not_modified is not None:
        return not_modified
    response = HttpResponse(cached.read(), content_type="application/pdf")
    # RFC 6266/5987: the Thai name for every current browser, an ASCII one for the rest.
    response["Content-Disposition"] = (
        f"inline; filename=\"{ascii_filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["ETag"] = cached.etag
    response["Last-Modified"] = http_date(last_modified)
    # Drafts are for staff eyes only: never kept by shared caches.
    patch_cache_control(response, no_cache=True, private=True)
    return response


def _pdf_name(assessment, kind):
    return f"{kind}-{assessment.fiscal_year}" + ("" if assessment.is_published else "-draft")


# kind: (PDF template, context builder, Thai file name)
YEAR_DOCUMENTS = {
    "report": ("publishing/report_pdf.html", documents.report_context, "รายงานการวิเคราะห์ผล"),
    "memo": ("publishing/memo_pdf.html", memo_context_or_404, "บันทึกข้อความ"),
}


def year_pdf(assessment, kind):
    """The year's report or memo as a cached PDF: from the cache when this version of it was
    rendered already (by a job, publishing.tasks, or an earlier visitor), else rendered now."""
    template, context, _ = YEAR_DOCUMENTS[kind]
    return pdf.cached_pdf(_pdf_name(assessment, kind), template, lambda: context(assessment))


def _document_pdf(request, year, kind):
    thai_name = YEAR_DOCUMENTS[kind][2]
    if caching.cacheable(request):
        # Anonymous visitors see only published years; the PDF's key may be known already.
        cached = pdf.known_pdf(f"{kind}-{year}")
        if cached is not None:
            return pdf_response(
                request, cached, f"{thai_name}-ITA-{year}.pdf", f"ITA-{kind}-{year}.pdf"
            )
    assessment = assessment_or_404(request.user, year)
    # The job queued when the year was published has usually rendered it; if not (the worker
    # is behind, or the job failed), the visitor's request renders it: nobody waits on a queue.
    cached = year_pdf(assessment, kind)
    draft = "" if assessment.is_published else "-ฉบับร่าง"
    return pdf_response(
        request,
        cached,
        f"{thai_name}-ITA-{assessment.fiscal_year}{draft}.pdf",
        f"ITA-{kind}-{assessment.fiscal_year}.pdf",
    )


def report_pdf(request, year):
    return _document_pdf(request, year, "report")


def memo_pdf(request, year):
    return _document_pdf(request, year, "memo")


@require_GET
def plan_progress(request, year):
    """/reports/<year>/plan/: the plan's progress for the public (staff may preview drafts).

    Kept for anonymous visitors like the report (caching): the version moves with
    every write and at midnight, so the overdue marks are never a day late."""

    def build():
        today = timezone.localdate()
        try:
            assessment, topics = plan_selectors.plan_progress(year=year, user=request.user)
        except Assessment.DoesNotExist:
            raise Http404 from None
        context = {
            "assessment": assessment,
            "topics": topics,
            "today": today,
            "is_example": any(t.has_example for t in topics),
            "overdue_count": sum(t.overdue_count for t in topics),
            # A plan of a few dozen items reads best open; a long one folds per topic.
            "unfold": sum(t.item_count for t in topics) <= UNFOLDED_ITEMS,
            "results_rounds": selectors.published_results_rounds(assessment),
        }
        return render(request, "publishing/plan_progress.html", context)

    return caching.public_page(request, build)
