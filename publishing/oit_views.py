"""The agency's public OIT table, as agencies publish it on their websites (ข้อ | ข้อมูล | ลิงก์),
and its open data: /reports/<year>/oit/ and /reports/<year>/oit.csv. Shown once staff publish
it ("เผยแพร่ตาราง OIT"); before that a 404 to the public and a preview marked ฉบับร่าง to staff.
Private notes, memos, checks and the clarification round are never shown."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from core import spreadsheets
from oit import documents as oit_documents
from oit.models import OitTracker
from oit.selectors import items_with_links, tracker_of_year

from . import caching


def _tracker_or_404(user, year):
    tracker = tracker_of_year(year)
    if tracker is None:
        raise Http404("ไม่พบตาราง OIT ของปีนี้")
    if not tracker.table_published and not user.has_perm("oit.view_oittracker"):
        raise Http404("ไม่พบตาราง OIT ของปีนี้")
    return tracker


def table_rows(tracker):
    rows = []
    for item in items_with_links(tracker.items.all()):
        links = sorted(item.links.all(), key=lambda lk: (not lk.is_answer, lk.order, lk.pk))
        rows.append({"code": item.code, "title": item.question.title, "links": links})
    return rows


def oit_table(request, year):
    def build():
        tracker = _tracker_or_404(request.user, year)
        context = {
            "tracker": tracker,
            "rows": table_rows(tracker),
            "preview": not tracker.table_published,
        }
        return render(request, "publishing/oit_table.html", context)

    return caching.public_page(request, build)


def oit_csv(request, year):
    tracker = _tracker_or_404(request.user, year)
    out = [["fiscal_year", "code", "title", "url", "label"]]
    for row in table_rows(tracker):
        for link in row["links"] or [None]:
            out.append(
                [
                    tracker.fiscal_year,
                    row["code"],
                    row["title"],
                    link.url if link else "",
                    link.label if link else "",
                ]
            )
    return spreadsheets.attachment(
        spreadsheets.csv_text(out).encode("utf-8"),
        f"oit-{year}.csv",
        spreadsheets.CSV_CONTENT_TYPE,
    )


def published_years():
    """The years whose OIT table is public, newest first (the home page's links)."""
    from oit.selectors import trackers

    return list(
        trackers().filter(table_published=True).values_list("assessment__fiscal_year", flat=True)
    )


# --- the portal's own documents as OIT evidence (oit.documents) ----------------------------

# The 2569 topics: O25 "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" is the analysis report of the
# previous year's result; O26 the report of carrying out its plan (the results rounds).
REPORT_TOPIC = "oit-integrity-measures"
RESULTS_TOPIC = "oit-integrity-actions"


def own_documents(tracker: OitTracker):
    """[(topic_key, label, absolute url)] of the published report and results rounds of the
    year before the tracker's, at their stable addresses."""
    from django.urls import reverse

    from actionplans.models import ResultsRound
    from assessments.models import Assessment

    base = settings.SITE_URL.rstrip("/")
    previous = (
        Assessment.objects.of_site().published().filter(fiscal_year=tracker.fiscal_year - 1).first()
    )
    if previous is None:
        return []
    year = previous.fiscal_year
    out = [
        (
            REPORT_TOPIC,
            f"รายงานการวิเคราะห์ผล ITA ปี {year}",
            base + reverse("publishing:report", args=[year]),
        )
    ]
    for rnd in ResultsRound.objects.published().filter(assessment=previous).order_by("cutoff"):
        out.append(
            (
                RESULTS_TOPIC,
                f"{rnd.get_kind_display()} ปี {year}",
                base + reverse("publishing:results", args=[year, rnd.slug]),
            )
        )
    return out


oit_documents.register(own_documents)
