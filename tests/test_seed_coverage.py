"""The rendered report and memo carry the seed report's content (shared/seed/…).

Measured with the project's own tool, shared/tools/seed_coverage.py (beside the repository, as
in CI: ROOT.parent / "shared"), loaded as a module so that the test uses its normalisation and
its units. The few units missed exactly are the seed's OCR errors that the demo data corrects
(see fixtures/DEMO_NOTES.md) and its second spelling of indicator 8's name.
"""

import importlib.util
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from .test_report_pdf import pdfs  # noqa: F401  (the module-scoped PDFs fixture)

ROOT = Path(__file__).resolve().parent.parent
# Beside the repository (CI, /work/main), or beside the worktrees' folder (/work/wt/iN).
SHARED = next(
    (d for d in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if d.is_dir()),
    ROOT.parent / "shared",
)
SEED = SHARED / "seed" / "000_bf87d3fc87e0a460.txt"
TOOL = SHARED / "tools" / "seed_coverage.py"

pytestmark = pytest.mark.skipif(
    not (SEED.exists() and TOOL.exists()),
    reason=f"the seed and its coverage tool live beside the repository, in {SHARED}",
)


def coverage_tool():
    spec = importlib.util.spec_from_file_location("seed_coverage", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def coverage(rendered):
    """(units, exact %, fuzzy %) as seed_coverage.py computes them."""
    tool = coverage_tool()
    text = tool.normalise(rendered)
    seen, exact, fuzzy = set(), 0, 0
    for _raw, unit in tool.units(SEED.read_text(encoding="utf-8")):
        if unit in seen:
            continue
        seen.add(unit)
        if unit in text:
            exact += 1
            fuzzy += 1
        elif fuzz.partial_ratio(unit, text) >= 90:
            fuzzy += 1
    return len(seen), 100 * exact / len(seen), 100 * fuzzy / len(seen)


class MainText(HTMLParser):
    """The visible text of a page's <main>, as a reader sees it (entities decoded)."""

    BLOCKS = {"p", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "br", "div", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.depth, self.skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main"
        self.skip += tag in ("style", "script", "title")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.depth -= tag == "main"
        self.skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def page_text(client, url):
    parser = MainText()
    parser.feed(client.get(url).content.decode())
    return "".join(parser.parts)


def web_text(client):
    return page_text(client, "/reports/2568/") + page_text(client, "/reports/2568/memo/")


def pdf_text(pdfs, tmp_path):  # noqa: F811
    texts = []
    for kind in ("report", "memo"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdfs[kind].content)
        texts.append(
            subprocess.run(
                ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        )
    return "\n".join(texts)


def test_web_pages_carry_the_whole_seed(client, demo):
    units, exact, fuzzy = coverage(web_text(client))
    assert units == 151
    # Measured: exact 82.1 %, fuzzy 97.4 %. Below 100 where the demo corrects the seed (its OCR
    # codes and its own errors, fixtures/DEMO_NOTES.md); the four fuzzy misses are three of those
    # corrections (ท.น. → หน., the scrambled นโยบาย sentence, the heading stuck to a guideline)
    # and "การปรับปรุงการทำงาน", the seed's other name for indicator 8.
    assert exact >= 81
    assert fuzzy >= 97


def test_pdfs_carry_the_seed_as_fully_as_the_pages(pdfs, client, demo, tmp_path):  # noqa: F811
    """The PDFs print what the pages show, and their text layer is that text: the same exact
    figure within 2 points (before the font fix the PDFs gave 36.4 % against 85.4 %)."""
    units, exact, fuzzy = coverage(pdf_text(pdfs, tmp_path))
    _units, web_exact, _web_fuzzy = coverage(web_text(client))
    assert units == 151
    assert abs(exact - web_exact) <= 2, (exact, web_exact)
    # Measured: exact 81.5 %, fuzzy 94.7 %: the page's misses, and the long findings that run
    # over a page, read by pdftotext with the page number, running title and repeated table
    # header in the middle.
    assert fuzzy >= 94
