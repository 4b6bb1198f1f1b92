"""The bundled Sarabun: modified from the upstream files by a committed, reproducible script.

See static/fonts/README.md: SARA AA gets its own glyph after each NIKHAHIT form, so that a PDF's
text layer gives back ำ (the glyphs print the same as before).
"""

import importlib.util
import subprocess
from pathlib import Path

import weasyprint
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"


def build_module():
    spec = importlib.util.spec_from_file_location("build_sarabun", ROOT / "fonts/build_sarabun.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_fonts_are_what_the_build_script_makes(tmp_path):
    build = build_module()
    for face in build.FACES:
        made = build.build(face, tmp_path)
        assert made.read_bytes() == (FONTS / f"{face}.ttf").read_bytes(), face


def test_fonts_say_they_are_modified_and_keep_their_licence():
    assert (FONTS / "OFL.txt").is_file()
    assert "fonts/build_sarabun.py" in (FONTS / "README.md").read_text()
    for path in FONTS.glob("*.ttf"):
        version = TTFont(path)["name"].getDebugName(5)
        assert "SARA AM keeps its text" in version, path.name


def test_thai_words_with_sara_am_round_trip_through_a_pdf(tmp_path):
    words = "ดำเนินงาน สำนักงาน ประจำปี คำถาม กำหนด น้ำ ค้ำประกัน ต่ำ ท่ามกลาง ข้าว มา"
    regular = (FONTS / "Sarabun-Regular.ttf").as_uri()
    bold = (FONTS / "Sarabun-Bold.ttf").as_uri()
    html = (
        f'<style>@font-face {{ font-family: S; src: url("{regular}") }}'
        f'@font-face {{ font-family: S; font-weight: 700; src: url("{bold}") }}'
        f"body {{ font-family: S }}</style><p>{words}</p><p><b>{words}</b></p>"
    )
    path = tmp_path / "words.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert text.split() == words.split() * 2
