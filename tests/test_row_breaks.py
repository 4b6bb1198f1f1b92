"""A row's label stays with its first lines, and a row that runs over a page repeats its label
with "(ต่อ)" (issue 20, finding 9): the report's question tables and the landscape plan.

Rendered with WeasyPrint as the documents are (publishing.pdf.render_pdf), read with pdftotext
page by page. A spacer moves the row down the page by steps of half a millimetre, over the band
where, before, the finding's first lines printed at the foot of a page beside empty code and
score cells while "ข้อ e1 ๙๕.๑๐" went to the next page.
"""

import re
import subprocess

import pytest

from publishing import pdf as pdfmod

FINDING = "ประเด็น มีผู้รับบริการหรือผู้มาติดต่อราชการกับหน่วยงานบางรายเห็นว่า การปฏิบัติงาน "


def question_table(spacer_cm, repeats):
    return (
        '<html lang="th"><head><title>t</title>'
        '<link rel="stylesheet" href="/static/css/report.css">'
        '<link rel="stylesheet" href="/static/css/print.css"></head>'
        '<body class="pdf"><article class="doc doc--report">'
        f'<div style="height: {spacer_cm:.2f}cm"></div>'
        '<table class="questions"><thead><tr><th class="q-code">ข้อคำถาม</th>'
        '<th class="num q-score">คะแนน</th><th>ข้อบกพร่อง</th></tr></thead><tbody>'
        '<tr class="q-row q-long" id="q-6-1"><td class="q-code"><span class="q-lead">ข้อ e1</span>'
        '<span class="q-cont" aria-hidden="true">ข้อ e1 (ต่อ)</span></td>'
        '<td class="num"><span class="q-lead">๙๕.๑๐</span></td>'
        f'<td class="finding"><p>{FINDING * repeats}</p></td></tr>'
        "</tbody></table></article></body></html>"
    )


def pages(data, tmp_path):
    path = tmp_path / "rows.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize("spacer_mm", [x / 2 for x in range(440, 452)])
def test_a_findings_first_lines_never_print_without_their_code_and_score(spacer_mm, tmp_path):
    data = pdfmod.render_pdf(question_table(spacer_mm / 20, 14))
    for n, text in enumerate(pages(data, tmp_path)):
        if "ประเด็น" in text and "(ต่อ)" not in text:  # the page where the row starts
            assert "ข้อ e1" in text and "๙๕.๑๐" in text, f"page {n + 1}: {text[-400:]}"
            break
    else:
        pytest.fail("the row is on no page")


def test_parted_rows_are_found_after_layout():
    """The layout as WeasyPrint makes it parts the row somewhere in that band: the check that
    moves it finds it (and the render above then moves it)."""
    found = [
        spacer
        for spacer in (x / 200 for x in range(4440, 4480, 2))
        if pdfmod.parted_rows(pdfmod._layout(question_table(spacer, 14)))
    ]
    assert found  # the band exists (it moves with fonts and WeasyPrint versions)


def test_a_row_that_continues_repeats_its_label_with_ต่อ(tmp_path):
    texts = pages(pdfmod.render_pdf(question_table(5, 90)), tmp_path)
    assert len(texts) >= 2
    assert "ข้อ e1" in texts[0] and "(ต่อ)" not in texts[0]
    first_line = next(li for li in texts[1].splitlines() if "ข้อ e1" in li or "ประเด็น" in li)
    assert "ข้อ e1 (ต่อ)" in first_line, texts[1][:300]
