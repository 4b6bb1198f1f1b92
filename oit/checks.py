"""Checking a tracker's links: fetch them (a few at a time), judge each, keep every check, and
alert the owners when a link that was good breaks.

Concurrency: the fetching runs in a thread pool of CONCURRENCY threads inside the job. The work
is waiting on the network (no database access in the threads; the results are written by the
job's own thread), which is what threads are for; the portal keeps `threading` out of its
request code. Six, because most of a year's 26 items × 1–3 URLs point at the agency's own,
often small, web server: six connections at once is what one visitor's browser opens to a host,
so a nightly check weighs on the server like one visitor, and 78 URLs answering in 50 ms take
about 13 rounds (≈ 0.7 s) instead of 3.9 s one by one.
"""

from concurrent.futures import ThreadPoolExecutor

from django.db import transaction
from django.utils import timezone

from core import jobs

from . import linkcheck
from .models import LinkCheck, OitLink

CONCURRENCY = 6


def _targets(links, today):
    """(link, url, is_current) for each link's URL, and for a submitted URL that has since
    changed while the year's submitted links are still watched."""
    out = []
    for link in links:
        out.append((link, link.url, True))
        tracker = link.item.tracker
        if link.moved_after_submission and tracker.watching(today):
            out.append((link, link.submitted_url, False))
    return out


def check_links(link_ids, *, today=None):
    """Check the links `link_ids`; returns the LinkCheck rows written."""
    today = today or timezone.localdate()
    links = list(
        OitLink.objects.filter(pk__in=link_ids).select_related(
            "item__question", "item__tracker__assessment__organization", "last_check"
        )
    )
    targets = _targets(links, today)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        fetched = list(pool.map(lambda t: linkcheck.fetch(t[1]), targets))
    written = []
    for (link, url, current), result in zip(targets, fetched, strict=True):
        question = link.item.question
        assessment = link.item.tracker.assessment
        verdict = linkcheck.judge(
            result,
            organization=assessment.organization,
            years=question.evidence_years(assessment.fiscal_year),
            own_website=question.own_website,
        )
        with transaction.atomic():
            before = link.last_check if current else link.checks.filter(url=url).first()
            check = LinkCheck.objects.create(
                link=link,
                url=url,
                status_code=result.status,
                final_url=result.final_url[:2000],
                on_own_site=verdict.on_own_site,
                content_type=result.content_type,
                year_found=verdict.year_found,
                login_wall=verdict.login_wall,
                elapsed_ms=result.elapsed_ms,
                verdict=verdict.verdict,
                problems=verdict.problems,
            )
            if current:
                OitLink.objects.filter(pk=link.pk).update(last_check=check)
                link.last_check = check
            if before is not None and before.is_good and not check.is_good:
                _alert_broken(link, check, submitted=not current)
        written.append(check)
    return written


def _alert_broken(link, check, *, submitted):
    from . import tasks

    subject = f"[ITA] ลิงก์หลักฐาน OIT ข้อ {link.item.code} ใช้ไม่ได้แล้ว"
    jobs.enqueue_on_commit(
        tasks.email_item_heads,
        link.item_id,
        subject,
        "oit/email/link_broken.txt",
        {"url": check.url, "problems": check.problems, "submitted": submitted},
    )


def links_to_check(*, year=None, today=None):
    """The ids of the links the nightly run checks: those of trackers not yet submitted, and of
    submitted ones still watched (until the date staff set); `year` narrows to one year."""
    from assessments.models import site_organization

    today = today or timezone.localdate()
    qs = OitLink.objects.filter(
        item__tracker__assessment__organization__in=site_organization().values("pk")
    ).select_related("item__tracker")
    if year:
        qs = qs.filter(item__tracker__assessment__fiscal_year=year)
    return [
        link.pk
        for link in qs
        if not link.item.tracker.is_submitted or link.item.tracker.watching(today)
    ]
