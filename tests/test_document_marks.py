"""What a reader of a PDF sees beside the text (issue 20, findings 3, 11 and 12): a draft says
ฉบับร่าง on every page, the first included; a published document never does and prints no
emblem placeholder; the PDFs carry their dates; page numbers and running titles are artifacts;
rendering logs no warning.

The demo's documents are rendered once for the module (real WeasyPrint, read with poppler).
"""

import logging
import re
import subprocess
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings

from actionplans.models import ResultsRound
from assessments.models import Assessment
from publishing import documents, rounds
from publishing import pdf as pdfmod

from .test_report_pdf import inflated


def pages_text(data, tmp_path, name):
    """The text of each page, read page by page (pdftotext -f N -l N)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def render(template, context, records):
    html = render_to_string(template, context)
    logger = logging.getLogger("weasyprint")
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        return SimpleNamespace(html=html, pdf=pdfmod.render_pdf(html))
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def docs(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's documents, published and as drafts, and what WeasyPrint logged."""
    media = tmp_path_factory.mktemp("media")
    records = []
    out = {"records": records}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_framework", verbosity=0)
        call_command("load_demo", verbosity=0)
        year = Assessment.objects.get(fiscal_year=2568)
        # published on 17 April 2569 at 10:00, Bangkok time, as the seed's memo is dated
        year.published_at = datetime(2026, 4, 17, 3, 0, tzinfo=UTC)
        year.save()
        out["report"] = render(
            "publishing/report_pdf.html", documents.report_context(year), records
        )
        out["memo"] = render("publishing/memo_pdf.html", documents.memo_context(year), records)
        kind = ResultsRound.Kind.SIX_MONTHS
        cutoff = rounds.parse_round("6m", year.fiscal_year)[1]
        context = rounds.round_context(year, kind, cutoff, None)  # never published: a draft
        assert context["is_draft"]
        out["round-draft"] = render("publishing/results/results_pdf.html", context, records)
        out["round-memo-draft"] = render("publishing/results/memo_pdf.html", context, records)
        year.status = Assessment.Status.DRAFT
        year.save()
        year = Assessment.objects.get(pk=year.pk)
        out["report-draft"] = render(
            "publishing/report_pdf.html", documents.report_context(year), records
        )
        out["memo-draft"] = render(
            "publishing/memo_pdf.html", documents.memo_context(year), records
        )
        transaction.set_rollback(True)
    return out


# --- finding 3: a draft says so on every page -------------------------------------------------


@pytest.mark.parametrize("name", ["report-draft", "memo-draft", "round-draft", "round-memo-draft"])
def test_every_page_of_a_draft_says_draft(docs, tmp_path, name):
    pages = pages_text(docs[name].pdf, tmp_path, name)
    assert len(pages) >= 2
    missing = [n for n, text in enumerate(pages, 1) if "ฉบับร่าง" not in text]
    assert not missing, f"{name}: no ฉบับร่าง on page(s) {missing}"


def test_the_draft_reports_first_page_says_draft_at_its_top(docs, tmp_path):
    first = pages_text(docs["report-draft"].pdf, tmp_path, "report")[0]
    assert "ฉบับร่าง" in first.strip().splitlines()[0]


@pytest.mark.parametrize("name", ["report", "memo"])
def test_a_published_document_never_says_draft(docs, tmp_path, name):
    for n, text in enumerate(pages_text(docs[name].pdf, tmp_path, name), 1):
        assert "ฉบับร่าง" not in text, f"{name} page {n}"


# --- finding 11: no placeholder emblem in a published document --------------------------------


def test_a_published_memo_without_an_emblem_prints_no_placeholder(docs, tmp_path):
    assert not docs["memo"].html.count("emblem-placeholder")
    first = pages_text(docs["memo"].pdf, tmp_path, "memo")[0]
    assert "ตรา" not in first.split("บันทึกข้อความ", 1)[0]
    assert "\nตรา\n" not in first


# --- finding 12: PDF properties ---------------------------------------------------------------


def test_rendering_logs_no_warnings(docs):
    warnings = [r.getMessage() for r in docs["records"] if r.levelno >= logging.WARNING]
    assert not warnings, warnings[:5]


@pytest.mark.parametrize("name", ["report", "memo", "round-draft", "report-draft"])
def test_pdfs_carry_creation_and_modification_dates_in_bangkok_time(docs, tmp_path, name):
    path = tmp_path / "doc.pdf"
    path.write_bytes(docs[name].pdf)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True
    ).stdout
    created = re.search(r"CreationDate:\s+(\S+)", info)
    modified = re.search(r"ModDate:\s+(\S+)", info)
    assert created and modified, info
    assert re.search(r"\+07(:00)?$", created[1]) and re.search(r"\+07(:00)?$", modified[1]), info


def test_the_published_years_dates_are_its_own(docs, tmp_path):
    """Created when the year was published (17 April 2569 in the demo), not when rendered."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(docs["memo"].pdf)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"CreationDate:\s+2026-04-17T10:00:00\+07", info), info


def test_the_emblem_has_alt_text(docs):
    # an uploaded emblem is an <img> with Thai alt text naming the Garuda
    html = render_to_string(
        "publishing/_memo_body.html",
        {
            "organization": SimpleNamespace(
                name="เทศบาลเมืองดอนสัก", emblem=SimpleNamespace(url="/media/garuda.png")
            ),
            "memo": SimpleNamespace(),
            "is_draft": False,
        },
    )
    assert re.search(r'<img src="/media/garuda.png" alt="ตราครุฑ[^"]*"', html), html[:600]


def artifact_text_ops(data):
    """How many text-showing operators sit inside /Artifact marked content, and how many
    inside marked content with an MCID (tagged content), over all content streams."""
    body = inflated(data)
    artifact = tagged = 0
    for m in re.finditer(rb"/Artifact\s+BMC(.*?)EMC", body, re.S):
        artifact += len(re.findall(rb"\bT[jJ]\b", m[1]))
    for m in re.finditer(rb"/MCID \d+\s*>>\s*BDC(.*?)EMC", body, re.S):
        tagged += len(re.findall(rb"\bT[jJ]\b", m[1]))
    return artifact, tagged


def test_page_numbers_and_running_titles_are_artifacts():
    html = (
        '<html lang="th"><head><title>t</title><style>'
        '@page { @top-center { content: "- " counter(page) " -"; } '
        "@bottom-left { content: element(running); } }"
        ".running { position: running(running); }</style></head><body>"
        '<div class="running">หัวกระดาษ</div><p>เนื้อความ</p></body></html>'
    )
    data = pdfmod.render_pdf(html)
    artifact, tagged = artifact_text_ops(data)
    assert tagged == 1  # the paragraph
    assert artifact >= 2  # the page number and the running title


def test_the_structure_tree_holds_the_text_not_the_margins(docs, tmp_path):
    """What a screen reader reads (the tagged structure, pdfinfo -struct-text): the memo's
    text, but not its page numbers, running title, continuation words or draft watermark."""
    path = tmp_path / "memo.pdf"
    path.write_bytes(docs["memo-draft"].pdf)
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "บันทึกข้อความ" in tree and "ข้อพิจารณา" in tree
    assert "- ๒ -" not in tree
    assert "ฉบับร่าง" not in tree  # the watermark and the margin note are decoration
    assert "บันทึกข้อความ ผลการประเมิน ITA" not in tree  # the running title


# --- finding 11: the round's memo needs ที่ and วันที่; staff are warned of a missing Garuda ------


def test_a_round_is_not_published_without_its_memos_number_and_date(demo):
    from django.core.exceptions import ValidationError

    from publishing.rounds import results_round_publish

    rnd = ResultsRound(assessment=demo, kind="6m", memo_reference_no="สฎ ๕๒๙๐๘/")
    rnd.full_clean()
    rnd.save()
    with pytest.raises(ValidationError) as refused:
        results_round_publish(rnd=rnd)
    assert set(refused.value.message_dict) == {"memo_reference_no", "memo_date"}
    assert "เลขที่บันทึกข้อความ" in " ".join(refused.value.messages)
    rnd.refresh_from_db()
    assert not rnd.is_published and rnd.snapshot is None  # nothing half-saved


def test_staff_are_warned_before_publishing_a_memo_without_the_garuda(staff_client, demo):
    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    year_page = staff_client.get(f"/admin/assessments/assessment/{demo.pk}/change/")
    round_page = staff_client.get(f"/admin/actionplans/resultsround/{rnd.pk}/change/")
    for page in (year_page, round_page):
        assert page.status_code == 200
        assert "ยังไม่ได้อัปโหลดตราครุฑ" in page.content.decode()
    html = round_page.content.decode()
    assert "กรุณากรอกเลขที่บันทึกข้อความ" in html and "กรุณากรอกวันที่ของบันทึกข้อความ" in html
    # the publish action says why it refuses
    response = staff_client.post(
        "/admin/actionplans/resultsround/",
        {"action": "publish", "_selected_action": [rnd.pk]},
        follow=True,
    )
    assert "กรุณากรอกเลขที่บันทึกข้อความ" in response.content.decode()
    rnd.refresh_from_db()
    assert not rnd.is_published


def test_the_emblem_field_is_named_for_the_garuda():
    from assessments.models import Organization

    field = Organization._meta.get_field("emblem")
    assert "ครุฑ" in str(field.verbose_name)
    assert "งานสารบรรณ" in str(field.help_text) and "ตราเทศบาล" in str(field.help_text)


# --- finding 10: "เปลี่ยนแปลง" fits its column ------------------------------------------------


def test_the_year_over_year_questions_header_fits_inside_the_table(tmp_path):
    html = (
        '<html lang="th"><head><title>t</title>'
        '<link rel="stylesheet" href="/static/css/report.css">'
        '<link rel="stylesheet" href="/static/css/print.css"></head>'
        '<body class="pdf"><article class="doc doc--report">'
        '<table class="yoy-table yoy-questions"><thead><tr><th scope="col">ข้อ ปี ๒๕๖๙</th>'
        '<th scope="col">ข้อเดิม ปี ๒๕๖๘</th><th scope="col" class="num">ปี ๒๕๖๘</th>'
        '<th scope="col" class="num">ปี ๒๕๖๙</th><th scope="col" class="num">เปลี่ยนแปลง</th>'
        "</tr></thead><tbody><tr><th>o1 ข้อมูลพื้นฐาน</th><td>o1</td><td>๑๐๐.๐๐</td>"
        "<td>๑๐๐.๐๐</td><td>= ๐.๐๐</td></tr></tbody></table></article></body></html>"
    )
    path = tmp_path / "yoy.pdf"
    path.write_bytes(pdfmod.render_pdf(html))
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # the word's last piece (poppler splits it at its marks)
    word = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>[^<]*แปลง<', bbox)
    assert word, bbox[:2000]
    right_edge = 595.28 - 2 / 2.54 * 72  # A4 less the 2 cm right margin
    assert float(word[2]) <= right_edge - 2, (word[2], right_edge)


@pytest.mark.parametrize(
    "url",
    [
        "/reports/2568/",
        "/reports/2568/memo/",
        "/reports/2568/results/6m/",
        "/reports/2568/results/6m/memo/",
    ],
)
def test_every_draft_web_page_says_draft(staff_client, demo, url):
    demo.status = Assessment.Status.DRAFT
    demo.save()
    html = staff_client.get(url).content.decode()
    assert '<p class="draft-banner" role="status"><strong>ฉบับร่าง</strong>' in html, url


# --- finding 12: pythainlp loads when the process starts ---------------------------------------


def _loaded_after(code):
    import os
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ita_portal.settings"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nfrom core.templatetags import ita\n"
            "print(ita._base_trie.cache_info().currsize)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.strip().splitlines()[-1]


def test_the_serving_process_loads_the_thai_dictionary_when_it_starts():
    # gunicorn and runserver load ita_portal.wsgi: the dictionary is there before any request
    assert _loaded_after("import ita_portal.wsgi") == "1"
    # a management command (django.setup) does not pay for it
    assert _loaded_after("import django\ndjango.setup()") == "0"


def test_a_documents_own_words_cost_no_second_dictionary():
    import time

    from core.templatetags import ita

    ita.warm_up()
    started = time.perf_counter()
    html = ita.thtext("ผลการประเมินของเทศบาลตำบลทดสอบใหม่", ["เทศบาลตำบลทดสอบใหม่"])
    assert time.perf_counter() - started < 0.3  # not the 1.2 s of building a dictionary
    assert '<span class="nobreak">เทศบาลตำบลทดสอบใหม่</span>' in html


@pytest.mark.parametrize(
    "text",
    [
        "ตามที่เทศบาลเมืองดอนสักได้เข้าร่วมโครงการประเมินคุณธรรมและความโปร่งใส",
        "การป้องกันการทุจริตและการเปิดเผยข้อมูลของหน่วยงานภาครัฐ",
    ],
)
def test_the_dictionary_with_a_documents_words_reads_as_one_dictionary(text):
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    from core.templatetags import ita

    extra = ("เทศบาลเมืองดอนสัก", "การป้องกันการทุจริต", "การเปิดเผยข้อมูล")
    merged = dict_trie(
        set(thai_words()) | set(ita.VOCABULARY) | ita.UNITS_AFTER | ita.UNITS_BEFORE | set(extra)
    )
    assert word_tokenize(text, custom_dict=ita._trie(extra)) == word_tokenize(
        text, custom_dict=merged
    )
