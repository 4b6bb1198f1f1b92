"""The results report (รายงานผลการดำเนินการตามแผน) and its memo, as documents: which round an
address names, the template context of both documents, and the writes that publish and correct
a round.

A draft is computed live (`results.results_as_of`); a published round prints only its frozen
`snapshot`, so its page, PDF and open data read the same whatever is reported later. The prose
the portal drafts (the closing section, the memo) comes from templates under
templates/publishing/results/, never from Python strings.
"""

from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import ResultsRound, default_cutoff, round_slug_for_date
from actionplans.results import results_as_of, thaw
from assessments.models import Memo
from assessments.selectors import memo_data
from core.thai import BE_OFFSET, MIN_BE_YEAR, thai_date, thai_digits

from . import caching, charts
from .documents import memo_blocks
from .snapshots import SNAPSHOT_SCHEMA, snapshot_content

KIND_TITLES = {
    ResultsRound.Kind.SIX_MONTHS: "รอบ ๖ เดือน",
    ResultsRound.Kind.TWELVE_MONTHS: "รอบ ๑๒ เดือน",
}


# --- addresses ----------------------------------------------------------------------------------


def parse_round(slug, fiscal_year):
    """(kind, cut-off) of the round an address names: "6m", "12m", or a date (Buddhist era
    2569-05-15, or the Common Era 2026-05-15). None when it names no valid round."""
    if slug in (ResultsRound.Kind.SIX_MONTHS, ResultsRound.Kind.TWELVE_MONTHS):
        return slug, default_cutoff(fiscal_year, slug)
    try:
        y, m, d = (int(part) for part in slug.split("-"))
        day = date(y - BE_OFFSET if y >= MIN_BE_YEAR else y, m, d)
    except ValueError:
        return None
    for kind in (ResultsRound.Kind.SIX_MONTHS, ResultsRound.Kind.TWELVE_MONTHS):
        if day == default_cutoff(fiscal_year, kind):
            return kind, day  # the standard round under another name
    return ResultsRound.Kind.DATE, day


def round_slug(kind, cutoff):
    return kind if kind != ResultsRound.Kind.DATE else round_slug_for_date(cutoff)


def round_title(kind, cutoff):
    """ "รอบ ๖ เดือน", "รอบ ๑๒ เดือน", or "ณ วันที่ ๑๕ พฤษภาคม ๒๕๖๙"."""
    if kind in KIND_TITLES:
        return KIND_TITLES[kind]
    return f"ณ วันที่ {thai_date(cutoff)}"


def find_round(assessment, kind, cutoff):
    """The stored round for this kind/cut-off of the assessment's plan, or None (one query)."""
    qs = ResultsRound.objects.filter(assessment=assessment)
    if kind == ResultsRound.Kind.DATE:
        return qs.filter(cutoff=cutoff).first()
    return qs.filter(kind=kind).first()


# --- the chart ----------------------------------------------------------------------------------


def percent_chart(rows):
    """A horizontal bar chart of percents (0–100). rows: (label, percent)."""
    rows = list(rows)
    frame = charts.bar_chart([percent for _, percent in rows], charts.PERCENTS)
    bars = [
        {
            "label": label,
            "y": row["y"],
            "bar_y": row["y"] + 5,
            "text_y": row["y"] + 17,
            "width": row["width"],
            "value": thai_digits(f"{percent}%"),
            "value_x": row["value_x"],
            "percent": percent,
        }
        for (label, percent), row in zip(rows, frame.pop("rows"), strict=True)
    ]
    return {**frame, "bar_h": charts.PERCENTS.row_h - 10, "bars": bars}


# --- the drafts ---------------------------------------------------------------------------------


def _draft(name, context):
    return render_to_string(f"publishing/results/drafts/{name}.txt", context).strip()


def drafted_texts(assessment, kind, cutoff, data, analysis_memo=None):
    """The closing section and the memo's texts as the portal drafts them from the figures."""
    if analysis_memo is None:
        analysis_memo = _analysis_memo(assessment)
    context = {
        "assessment": assessment,
        "organization": assessment.organization,
        "round_title": round_title(kind, cutoff),
        "cutoff": cutoff,
        "data": thaw(data),
        "analysis_memo": analysis_memo,
    }
    return {
        "closing": _draft("closing", context),
        "memo_subject": _draft("memo_subject", context),
        "memo_addressee": _draft("memo_addressee", context),
        "memo_background": _draft("memo_background", context),
        "memo_facts": _draft("memo_facts", context),
        "memo_consideration": _draft("memo_consideration", context),
    }


def _analysis_memo(assessment):
    """The year's analysis memo (department, phone, signatures), or None."""

    try:
        return memo_data(assessment)
    except Memo.DoesNotExist:
        return None


def _texts(rnd, drafts):
    """What the round prints: staff's text where they wrote one, else the portal's draft."""
    texts = {}
    for name, drafted in drafts.items():
        written = getattr(rnd, name, "") if rnd is not None else ""
        texts[name] = written.strip() or drafted
    return texts


def frozen_content(assessment, kind, cutoff, rnd=None):
    """Everything a round's documents print, as JSON-ready data: the figures as of the cut-off,
    the closing section and the memo (staff's text or the draft), and the memo's signatures."""
    data = results_as_of(assessment, cutoff)
    memo = _analysis_memo(assessment)
    texts = _texts(rnd, drafted_texts(assessment, kind, cutoff, data, memo))
    org = assessment.organization
    return {
        "schema": SNAPSHOT_SCHEMA,
        "results": data,
        "closing": texts["closing"],
        "closing_is_draft": not (rnd is not None and rnd.closing.strip()),
        "memo": {
            "department": (memo.department if memo else "") or org.memo_department or org.name,
            "phone": (memo.phone if memo else "") or org.memo_phone,
            "reference_no": (rnd.memo_reference_no if rnd is not None else "")
            or (f"{org.memo_reference_prefix}/" if org.memo_reference_prefix else ""),
            "date": rnd.memo_date.isoformat() if rnd is not None and rnd.memo_date else None,
            "subject": texts["memo_subject"],
            "addressee": texts["memo_addressee"],
            "background": texts["memo_background"],
            "facts": texts["memo_facts"],
            "consideration": texts["memo_consideration"],
            "closing": (memo.closing if memo else "") or "จึงเรียนมาเพื่อโปรดพิจารณา",
            "signatures": [
                # The analysis memo's signers; their handwritten notes (dates) are not copied.
                {"name": s.name, "position": s.position, "note": "", "role": s.role}
                for s in (memo.signatures_list if memo else [])
            ],
        },
    }


# --- the documents ------------------------------------------------------------------------------


def round_context(assessment, kind, cutoff, rnd=None, *, live=None):
    """The template context of the results report and its memo.

    A published round prints its snapshot; otherwise (a staff preview) the figures are computed
    now. `live` forces one or the other.
    """
    published = rnd is not None and rnd.is_published
    use_snapshot = published if live is None else not live
    content = (
        snapshot_content(rnd.snapshot)
        if use_snapshot
        else frozen_content(assessment, kind, cutoff, rnd)
    )
    data = thaw(content["results"])
    memo = thaw(content["memo"])
    # laid out as the analysis memo's (signature, endorsements, decision, drafter by role)
    signatures = [SimpleNamespace(**s) for s in memo.pop("signatures")]
    is_draft = not (use_snapshot and assessment.is_published)
    slug = round_slug(kind, cutoff)
    return {
        "assessment": assessment,
        "organization": assessment.organization,
        "round": rnd,
        "kind": kind,
        "slug": slug,
        "round_title": round_title(kind, cutoff),
        "cutoff": cutoff,
        "is_draft": is_draft,
        "published_at": rnd.published_at if published else None,
        "revision": rnd.revision if published else 0,
        "revised_at": rnd.revised_at if published else None,
        "revision_note": rnd.revision_note if published else "",
        "data": data,
        "is_example": data["has_example"],
        "closing": content["closing"],
        "closing_is_draft": content["closing_is_draft"] and is_draft,
        "topic_chart": percent_chart(
            [(f"{t['number']}. {t['title']}", t["percent"]) for t in data["topics"]]
        ),
        "division_chart": percent_chart([(d["name"], d["percent"]) for d in data["divisions"]]),
        "memo": SimpleNamespace(**memo),
        **memo_blocks(signatures),
        "document_id": f"results-{assessment.fiscal_year}-{slug}",
    }


# --- writes -------------------------------------------------------------------------------------


def _freeze(rnd):
    """Freeze the round's figures and texts as of now, save it, and once that commits render
    its PDFs and drop the pages that showed it."""
    rnd.snapshot = frozen_content(rnd.assessment, rnd.kind, rnd.cutoff, rnd)
    rnd.full_clean()
    rnd.save()
    _render_pdfs_after_commit(rnd)
    caching.invalidate_on_commit()
    return rnd


def _render_pdfs_after_commit(rnd):
    """Queue the jobs that render the round's PDFs once this write commits, so that no visitor
    waits for WeasyPrint: a plan of hundreds of items with thousands of updates takes it longer
    than a request may last (see bench/results.md)."""
    from .tasks import round_pdfs_queue  # the jobs render through this module: imported here

    round_pdfs_queue(rnd=rnd)


@transaction.atomic
def results_round_publish(*, rnd):
    """Publish a round: freeze what its documents print (figures, closing, memo) as of now.

    Refuses a round that is already published (issue a correction instead) and a year whose
    analysis is not published. Its PDFs are rendered by background jobs after the commit.
    """
    rnd = (
        ResultsRound.objects.select_for_update()
        .select_related("assessment__organization")
        .get(pk=rnd.pk)
    )
    if rnd.is_published:
        raise ValidationError("รายงานรอบนี้เผยแพร่แล้ว หากต้องการแก้ไขตัวเลขหรือข้อความ ให้ออกฉบับแก้ไข")
    if not rnd.assessment.is_published:
        raise ValidationError("ต้องเผยแพร่ผลการประเมินของปีนี้ก่อน จึงจะเผยแพร่รายงานผลได้")
    if rnd.cutoff is not None and rnd.cutoff >= timezone.localdate():
        # Its figures would be frozen today under the cut-off's title, missing what comes after.
        raise ValidationError(
            f"ยังไม่ถึงเวลาเผยแพร่: ข้อมูลของรายงานรอบนี้ตัดยอด ณ วันที่ {thai_date(rnd.cutoff)} "
            "จะเผยแพร่ได้ตั้งแต่วันถัดจากวันตัดยอด"
        )
    rnd.status = ResultsRound.Status.PUBLISHED
    rnd.published_at = rnd.published_at or timezone.now()
    return _freeze(rnd)


@transaction.atomic
def results_round_correct(*, rnd, note):
    """Issue a corrected version of a published round: freeze it again from today's data and
    texts, numbered and dated, with the reason printed on it."""
    rnd = (
        ResultsRound.objects.select_for_update()
        .select_related("assessment__organization")
        .get(pk=rnd.pk)
    )
    if not rnd.is_published:
        raise ValidationError("ฉบับแก้ไขออกได้เฉพาะรายงานที่เผยแพร่แล้ว (ฉบับร่างแก้ไขได้โดยตรง)")
    if not note.strip():
        raise ValidationError({"revision_note": "กรุณาระบุเหตุผลของการออกฉบับแก้ไข"})
    rnd.revision += 1
    rnd.revised_at = timezone.now()
    rnd.revision_note = note.strip()
    return _freeze(rnd)


@transaction.atomic
def results_round_withdraw(*, rnd):
    """Take a published round back to a draft (its snapshot is dropped)."""
    rnd = ResultsRound.objects.select_for_update().get(pk=rnd.pk)
    rnd.status = ResultsRound.Status.DRAFT
    rnd.snapshot = None
    rnd.full_clean()
    rnd.save()
    caching.invalidate_on_commit()
    return rnd


@transaction.atomic
def results_round_draft_texts(*, rnd):
    """Fill the round's empty closing and memo fields with the portal's drafts (never
    overwrites what staff wrote). Returns the names of the fields filled."""
    rnd = (
        ResultsRound.objects.select_for_update()
        .select_related("assessment__organization")
        .get(pk=rnd.pk)
    )
    data = results_as_of(rnd.assessment, rnd.cutoff)
    filled = []
    for name, text in drafted_texts(rnd.assessment, rnd.kind, rnd.cutoff, data).items():
        if not getattr(rnd, name).strip():
            setattr(rnd, name, text)
            filled.append(name)
    rnd.full_clean()
    rnd.save()
    caching.invalidate_on_commit()
    return filled
