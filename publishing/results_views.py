"""/reports/<year>/results/<round>/: the plan's results report and its memo, as pages, PDFs and
open data. `<year>` is the assessment's year (its plan runs through the next fiscal year);
`<round>` is 6m, 12m or a cut-off date.

A published round (of a published year) is public and prints its frozen snapshot; anything else
is a staff preview computed live and marked ฉบับร่าง, and 404 to everybody else. Pages and PDFs
are cached as the analysis report's are (publishing.caching, publishing.pdf).
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import spreadsheets

from . import caching, pdf
from .rounds import find_round, parse_round, round_context
from .snapshots import snapshot_content
from .views import assessment_or_404, pdf_response

# Previewing a round not yet public: the right to view rounds (the year's preview needs the
# right to view years, assessment_or_404).
PREVIEW_ROUNDS_PERMISSION = "actionplans.view_resultsround"

DOCUMENTS = {
    # kind: (page template, PDF template, Thai file name, ASCII file name)
    "results": (
        "publishing/results/results.html",
        "publishing/results/results_pdf.html",
        "รายงานผลการดำเนินการ",
        "ITA-results",
    ),
    "memo": (
        "publishing/results/memo.html",
        "publishing/results/memo_pdf.html",
        "บันทึกข้อความ-รายงานผล",
        "ITA-results-memo",
    ),
}


def round_or_404(user, year, slug):
    """(assessment, kind, cut-off, stored round or None) if `user` may see this round."""
    assessment = assessment_or_404(user, year)
    parsed = parse_round(slug, assessment.fiscal_year)
    if parsed is None:
        raise Http404("ไม่มีรอบรายงานนี้")
    kind, cutoff = parsed
    rnd = find_round(assessment, kind, cutoff)
    public = rnd is not None and rnd.is_published and assessment.is_published
    if not public and not user.has_perm(PREVIEW_ROUNDS_PERMISSION):
        raise Http404("รายงานผลรอบนี้ยังไม่เผยแพร่")
    return assessment, kind, cutoff, rnd


def _context(request, year, slug):
    return round_context(*round_or_404(request.user, year, slug))


@require_GET
def results_page(request, year, slug):
    return caching.public_page(
        request,
        lambda: render(request, DOCUMENTS["results"][0], _context(request, year, slug)),
    )


@require_GET
def results_memo(request, year, slug):
    return caching.public_page(
        request,
        lambda: render(request, DOCUMENTS["memo"][0], _context(request, year, slug)),
    )


def round_pdf_name(assessment, slug, doc, draft):
    return f"{doc}-round-{assessment.fiscal_year}-{slug}" + ("-draft" if draft else "")


def round_pdf(rnd, doc):
    """A stored round's report or memo as a cached PDF (its published snapshot, or a staff
    preview of a draft): from the cache when a job or a visitor rendered it already."""
    context = round_context(rnd.assessment, rnd.kind, rnd.cutoff, rnd)
    name = round_pdf_name(rnd.assessment, rnd.slug, doc, context["is_draft"])
    return pdf.cached_pdf(name, DOCUMENTS[doc][1], context)


def _pdf(request, year, slug, doc):
    _, template, thai_name, ascii_name = DOCUMENTS[doc]
    if caching.cacheable(request):
        # Anonymous visitors see only published rounds; the PDF's key may be known already.
        cached = pdf.known_pdf(f"{doc}-round-{year}-{slug}")
        if cached is not None:
            return pdf_response(
                request,
                cached,
                f"{thai_name}-{slug}-ITA-{year}.pdf",
                f"{ascii_name}-{year}-{slug}.pdf",
            )
    assessment, kind, cutoff, rnd = round_or_404(request.user, year, slug)
    context = round_context(assessment, kind, cutoff, rnd)
    draft = context["is_draft"]
    # A published round's PDFs are rendered by a job (publishing.tasks) when it is published;
    # if that has not happened yet, or failed, the request renders them: nobody waits on a queue.
    name = round_pdf_name(assessment, context["slug"], doc, draft)
    cached = pdf.cached_pdf(name, template, context)
    return pdf_response(
        request,
        cached,
        f"{thai_name}-{slug}-ITA-{year}{'-ฉบับร่าง' if draft else ''}.pdf",
        f"{ascii_name}-{year}-{slug}.pdf",
    )


@require_GET
def results_pdf(request, year, slug):
    return _pdf(request, year, slug, "results")


@require_GET
def results_memo_pdf(request, year, slug):
    return _pdf(request, year, slug, "memo")


# --- open data ----------------------------------------------------------------------------------

CSV_HEADERS = [
    "fiscal_year",
    "round",
    "cutoff",
    "topic",
    "item",
    "text",
    "owner",
    "due_date",
    "status",
    "percent",
    "timing",
    "done_on",
    "public_summaries",
    "public_evidence",
    "example_data",
]


def _published_round(year, slug):
    """The published round of a published year (open data is for harvesting: no previews)."""
    try:
        assessment, kind, cutoff, rnd = round_or_404(AnonymousUser(), year, slug)
    except Http404:
        raise Http404("ไม่มีรายงานผลที่เผยแพร่แล้วของรอบนี้") from None
    return assessment, rnd


def open_data(assessment, rnd):
    """The round's published figures as plain data: exactly what its documents print."""
    snap = snapshot_content(rnd.snapshot)
    return {
        "organization": assessment.organization.name,
        "fiscal_year": assessment.fiscal_year,
        "round": rnd.slug,
        "round_kind": rnd.kind,
        "cutoff": rnd.cutoff.isoformat(),
        "published_at": rnd.published_at.isoformat() if rnd.published_at else None,
        "revision": rnd.revision,
        "revised_at": rnd.revised_at.isoformat() if rnd.revised_at else None,
        "revision_note": rnd.revision_note,
        "example_data": snap["results"]["has_example"],
        "totals": snap["results"]["totals"],
        "by_status": snap["results"]["by_status"],
        "divisions": snap["results"]["divisions"],
        "topics": snap["results"]["topics"],
        "closing": snap["closing"],
    }


@require_GET
def results_json(request, year, slug):
    data = open_data(*_published_round(year, slug))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def results_csv(request, year, slug):
    data = open_data(*_published_round(year, slug))
    rows = [CSV_HEADERS]
    for topic in data["topics"]:
        for item in topic["items"]:
            rows.append(
                [
                    data["fiscal_year"],
                    data["round"],
                    data["cutoff"],
                    topic["number"],
                    item["label"],
                    item["text"],
                    item["owner"],
                    item["due_date"],
                    item["status"],
                    item["percent"],
                    item["timing"],
                    item["done_on"] or "",
                    " | ".join(f"{s['date']}: {s['text']}" for s in item["summaries"]),
                    " | ".join(e["title"] for e in item["evidence"]),
                    "1" if item["example"] else "0",
                ]
            )
    # The one export rule (core.spreadsheets): text a spreadsheet would run is neutralised,
    # and a BOM lets Excel read the Thai.
    response = HttpResponse(spreadsheets.csv_text(rows), content_type=spreadsheets.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'inline; filename="ita-{data["fiscal_year"]}-results-{data["round"]}.csv"'
    )
    return response
