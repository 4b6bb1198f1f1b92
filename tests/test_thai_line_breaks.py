"""Thai lines break only between words, on the pages and in the PDFs alike (the `thtext` filter:
pythainlp newmm with the portal's vocabulary), and nothing zero-width ends up in copied text."""

import pytest

from core.templatetags.ita import VOCABULARY, thtext

from .test_report_pdf import pdfs, pdftotext  # noqa: F401  (the module-scoped PDFs fixture)

ORG = "เทศบาลเมืองดอนสัก"


def test_portal_words_are_kept_whole():
    html = thtext("ข้อมูลของหน่วยงานภาครัฐบนเว็บไซต์ของหน่วยงาน", [ORG])
    assert '<span class="nobreak">ของหน่วยงานภาครัฐ</span>' in html
    assert '<span class="nobreak">เว็บไซต์</span>' in html
    assert '<span class="nobreak">หน่วยงาน</span>' in html
    assert "\u200b" not in html
    # a break is still allowed where a kept word meets other Thai text, without a character
    assert "บน<wbr><span" in html


@pytest.mark.parametrize(
    "text, whole",
    [
        ("ในปีงบประมาณ พ.ศ. ๒๕๖๘ ต่อไป", "พ.ศ. ๒๕๖๘"),
        ("ในปีงบประมาณ พ.ศ.๒๕๖๘ ต่อไป", "พ.ศ.๒๕๖๘"),
        ("ผ่านเกณฑ์ (๘๕ คะแนนขึ้นไป)", "๘๕ คะแนน"),
        ("จำนวนไม่น้อยกว่าร้อยละ ๑๐๐", "ร้อยละ ๑๐๐"),
        ("ตามประเด็นที่ ป.ป.ช.กำหนด จำนวน ๑๐ ตัวชี้วัด", "๑๐ ตัวชี้วัด"),
        ("โดยสำนักงาน ป.ป.ช. ได้พัฒนา", "สำนักงาน ป.ป.ช."),
        ("ของเทศบาลเมืองดอนสัก มีผล", ORG),
    ],
)
def test_year_numbers_units_and_names_stay_on_one_line(text, whole):
    assert f'<span class="nobreak">{whole}</span>' in thtext(text, [ORG])


def test_text_is_escaped():
    html = thtext('<script>alert("หน่วยงาน")</script>')
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_pages_hold_no_zero_width_characters(client, demo):
    for url in ["/reports/2568/", "/reports/2568/memo/", "/"]:
        html = client.get(url).content.decode()
        for ch in "\u200b\u200c\u200d\u2060\ufeff":
            assert ch not in html, (url, hex(ord(ch)))


def test_no_pdf_line_ends_inside_a_dictionary_word(pdfs, tmp_path):  # noqa: F811
    words = [w for w in (*VOCABULARY, ORG) if " " not in w]
    for kind in ("report", "memo"):
        text = pdftotext(pdfs[kind].content, tmp_path, kind)
        assert "\u200b" not in text
        lines = [li.strip() for li in text.splitlines() if li.strip()]
        for line, after in zip(lines, lines[1:], strict=False):
            for word in words:
                for cut in range(1, len(word)):
                    head, tail = word[:cut], word[cut:]
                    assert not (line.endswith(head) and after.startswith(tail)), (
                        f"{kind}: “{line[-20:]} / {after[:20]}” breaks {word}"
                    )
        # "พ.ศ." never ends a line: its year follows on the same one
        assert not [li for li in lines if li.endswith("พ.ศ.")], kind
