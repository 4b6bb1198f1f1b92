"""PDFs of the report and the memo: WeasyPrint over the same body partials as the web pages.

Resources come from disk only: the URL fetcher maps /static/… to the files staticfiles finds and
/media/… to MEDIA_ROOT, and refuses everything else, so a render never calls the site over HTTP
and a missing font or image stops it with an error instead of printing empty boxes.

Rendered PDFs are cached as files under MEDIA_ROOT/pdf-cache/, shared by every app process and
surviving restarts. The cache key (`cache_key`) is a hash of everything that shapes the bytes:
the HTML about to be rendered (every figure and text of the document, as the templates made it),
the print stylesheets, the PDF options, the fonts' bytes, and the versions of WeasyPrint, Pango,
fontTools, pydyf and Pillow. When any of them changes, the key changes and the PDF is rendered
afresh; otherwise it is served from the file. The key is also the ETag, so it changes only when
the PDF does.

Rendering the HTML to learn the key costs some 20 queries and tens of milliseconds, WeasyPrint a
second or two. So the key found for a document is remembered in Django's cache under the current
`caching.document_version()` (one cache read, no SQL; the version moves after every write that
may change a document, at midnight and with a deploy): while nothing changes, a download costs
that read and reading the file.
"""

import functools
import hashlib
import importlib.metadata
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string

from core.pdf_files import LocalFetcher  # noqa: F401 (publishing.pdf.LocalFetcher, as before)

from . import caching

# The CSS the PDFs read; part of the cache key so that a style change renders afresh.
PRINT_CSS = ["css/report.css", "css/print.css", "css/results.css"]
# Relative URLs in the HTML resolve against this; the fetcher maps it back to files.
BASE_URL = "file:///"
CACHE_DIR = "pdf-cache"


# PDF/A-3u, the archival form for electronic official documents (every glyph mapped to Unicode,
# which the bundled Sarabun makes true for ำ too), and tagged (a structure tree for screen
# readers and reflow: pdfinfo says "Tagged: yes"), with the language and title of <html lang>
# and <title>. Measured on the demo report (CPU time, median of 4 interleaved runs, layout and
# output): tagged 1.60 s, PDF/A-2a 1.63 s, PDF/A-3a 1.49 s: PDF/A costs nothing measurable
# beyond the tags (which cost about 0.07 s of the output's 0.3 s).
PDF_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}


# --- artifacts ----------------------------------------------------------------------------------
#
# Page numbers, running titles (the page margins) and the draft watermark are not the document's
# content: a tagged PDF marks them /Artifact, so that screen readers and reflow skip them (PDF/UA
# 7.8). WeasyPrint 70 draws margin text as tagged content (/Span with an MCID) that it maps to
# structure elements outside the tree. Here, between layout and drawing, the text of those boxes
# is flagged (`_mark_artifacts`), and two small wrappers around WeasyPrint draw flagged text as
# /Artifact and leave it out of the structure tree. Checked by tests/test_document_marks.py.
ARTIFACT_CLASSES = {"watermark"}


def _install_artifacts():
    from contextlib import contextmanager

    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import stream, tags

    if getattr(stream.Stream.marked, "ita_artifacts", False):
        return
    original_marked = stream.Stream.marked
    original_tree = tags._build_box_tree

    @contextmanager
    def marked(self, box, tag):
        if getattr(box, "ita_artifact", False):
            with self.artifact():
                yield
        else:
            with original_marked(self, box, tag):
                yield

    marked.ita_artifacts = True

    def build_box_tree(box, *args, **kwargs):
        if isinstance(box, boxes.MarginBox) or getattr(box, "ita_artifact", False):
            return
        yield from original_tree(box, *args, **kwargs)

    stream.Stream.marked = marked
    tags._build_box_tree = build_box_tree


_install_artifacts()


def _mark_artifacts(document):
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.MarginBox) or ARTIFACT_CLASSES & set(_classes(box)):
                box.ita_artifact = True
                for part in box.descendants():
                    part.ita_artifact = True
    return document


# A document whose <body> carries this asks for continuation words (the memo).
CONTINUATION = 'data-continuation="words"'


def _layout(html):
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher()).render()


def render_pdf(html):
    """The PDF bytes of an HTML string whose resources are /static/ and /media/ URLs."""
    # <wbr> (a line-break opportunity, from the thtext filter) is an element that WeasyPrint
    # draws as a U+200B pseudo-element: the character itself gives the same break at a fraction
    # of the layout time, and never reaches the PDF's text (Pango draws no glyph for it).
    html = html.replace("<wbr>", "\u200b")
    document = _layout(html)
    # A row whose label parted from its first lines starts on the next page instead (laid out
    # again; rare, and a later row may then part in turn, so up to three times).
    moved = []
    for _ in range(3):
        parted = parted_rows(document)
        if not parted:
            break
        moved += parted
        document = _layout(html.replace("</head>", keep_rows_whole_css(moved) + "</head>", 1))
    if moved:
        html = html.replace("</head>", keep_rows_whole_css(moved) + "</head>", 1)
    if CONTINUATION in html and len(document.pages) > 1:
        # The bottom margin's content does not move the text: the second layout is the same.
        document = _layout(html.replace("</head>", continuation_css(document) + "</head>", 1))
    mark_continued_rows(document)
    _mark_artifacts(document)
    return document.write_pdf(**PDF_OPTIONS)


def _first_words(page):
    """The first word of the page's text (the flow, not the margins), by pythainlp's newmm."""
    from pythainlp.tokenize import word_tokenize

    for box in page._page_box.descendants():
        if box.element_tag == "article":
            for inner in box.descendants():
                if isinstance(inner, weasyprint.formatting_structure.boxes.TextBox):
                    words = [w for w in word_tokenize(inner.text.strip()) if w.strip()]
                    if words:
                        return words[0]
            break
    return ""


def continuation_css(document):
    """CSS printing, at the foot of each page but the last, the first word of the next page
    after a slash ("/ข้อพิจารณา..."), as ระเบียบงานสารบรรณ asks of a letter of several pages."""
    rules = []
    for number, page in enumerate(document.pages[1:], start=1):
        word = _first_words(page).replace("\\", "").replace('"', "")
        if word:
            rules.append(
                f'@page :nth({number}) {{ @bottom-right {{ content: "/{word}..."; '
                "font-family: Sarabun; font-size: 11pt; vertical-align: top; }}"
            )
    return f"<style>{' '.join(rules)}</style>" if rules else ""


def _classes(box):
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else ()


def _visible(box):
    for part in box.descendants():
        part.style = part.style.copy()
        part.style["visibility"] = "visible"
    return box


# Rows whose label must stay with their first lines, and whose label is repeated with "(ต่อ)"
# on each page they continue on: (the row's class, its label cell's class, the class of the
# hidden "<label> (ต่อ)" line in that cell). The plan (_plan_table.html) and the report's
# question tables (_report_body.html).
CONTINUED_ROWS = (("plan-row", "plan-topic", "plan-cont"), ("q-row", "q-code", "q-cont"))
_ROW_CLASSES = {kind[0]: kind for kind in CONTINUED_ROWS}


def _rows(page):
    """The page's boxes of continued-row kinds, in order, with their kind."""
    for box in page._page_box.descendants():
        if box.element_tag == "tr":
            for name in _classes(box):
                if name in _ROW_CLASSES:
                    yield box, _ROW_CLASSES[name]
                    break


def _has_text(box):
    return any(
        isinstance(part, weasyprint.formatting_structure.boxes.TextBox)
        and part.text.strip()
        and part.style["visibility"] == "visible"
        for part in box.descendants()
    )


def parted_rows(document):
    """The ids of the rows whose cells start on different pages: on the page where the row
    starts, some of its cells print their first lines while another (the label: "ข้อ e1", the
    topic's title) is still empty and starts on the next page. WeasyPrint splits a row's cells
    one by one, so each column's first lines are kept unbreakable (print.css, `.q-lead`,
    `.plan-lead`), but lines of different heights can still part."""
    started, ever = {}, {}
    for page in document.pages:
        for row, _kind in _rows(page):
            cells = {cell.element for cell in row.children if _has_text(cell)}
            started.setdefault(row.element, cells)
            ever.setdefault(row.element, set()).update(cells)
    return [
        element.get("id")
        for element, cells in started.items()
        if element.get("id") and cells and ever[element] - cells
    ]


def keep_rows_whole_css(ids):
    """CSS that starts each of these rows on a new page."""
    selectors = ", ".join(f"tr#{i}" for i in ids if re.fullmatch(r"[\w-]+", i))
    return f"<style>{selectors} {{ break-before: page; }}</style>" if selectors else ""


def mark_continued_rows(document):
    """Write "<label> (ต่อ)" at the top of a row's label cell on each page the row continues on
    ("๕. (ต่อ)" for a plan topic, "ข้อ e1 (ต่อ)" for a question's findings).

    A continued row's label cell holds a hidden, zero-height line; which rows continue is known
    only after layout, so here, between layout and drawing, that line is copied into the (empty)
    label cell of each continued row, at the top of the cell, and made visible. Nothing is laid
    out again and nothing else moves: the cell's first line is empty on a continuation, as the
    label stayed behind.
    """
    lines = {}  # row element -> its hidden "(ต่อ)" line, from the page where it starts
    last = None  # the element of the previous page's last continued-kind row
    for page in document.pages:
        rows = list(_rows(page))
        for row, (_row_class, _cell_class, cont_class) in rows:
            if row.element not in lines:
                spans = [b for b in row.descendants() if cont_class in _classes(b)]
                lines[row.element] = spans[0].children[0] if spans and spans[0].children else None
        if rows and rows[0][0].element is last and lines.get(last) is not None:
            row, (_row_class, cell_class, _cont_class) = rows[0]
            line = lines[last]
            cell = next((c for c in row.children if cell_class in _classes(c)), None)
            if cell is not None and not _has_text(cell):
                copy = _visible(line.deepcopy())
                copy.translate(
                    cell.content_box_x() - line.position_x, cell.content_box_y() - line.position_y
                )
                cell.children = [copy]
        last = rows[-1][0].element if rows else None
    return document


# The fonts are part of the key too: a rebuilt Sarabun (fonts/build_sarabun.py) changes the
# PDFs' text layer without changing their HTML.
PRINT_FONTS = [
    "fonts/Sarabun-Regular.ttf",
    "fonts/Sarabun-Bold.ttf",
    "fonts/Sarabun-Italic.ttf",
    "fonts/Sarabun-BoldItalic.ttf",
]
# The libraries that lay out, subset fonts, embed images and write the file (WeasyPrint's own
# dependencies, not all of them pinned in requirements.txt).
RENDERERS = ["weasyprint", "fonttools", "pydyf", "Pillow"]


def _static_bytes(name):
    found = finders.find(name)
    if found is None:
        raise FileNotFoundError(f"PDF: ไม่พบไฟล์ {name}")
    return Path(found).read_bytes()


@functools.cache
def renderer_fingerprint():
    """The libraries' versions (Pango's too) and the fonts' bytes: read once per process, as a
    new library or font is loaded only by a new process."""
    from weasyprint.text.ffi import pango

    h = hashlib.sha256()
    for name in RENDERERS:
        h.update(f"{name}={importlib.metadata.version(name)}\n".encode())
    h.update(f"pango={pango.pango_version()}\n".encode())
    for name in PRINT_FONTS:
        h.update(_static_bytes(name))
    return h.hexdigest()


def cache_key(html):
    """The key of the PDF `html` renders to (see the module's docstring)."""
    h = hashlib.sha256()
    h.update(renderer_fingerprint().encode())
    for name in PRINT_CSS:  # small, and edited under a running server
        h.update(_static_bytes(name))
    h.update(repr(sorted(PDF_OPTIONS.items())).encode())
    h.update(html.encode("utf-8"))
    return h.hexdigest()[:32]


class CachedPdf:
    """A rendered PDF on disk: its bytes, its ETag and when this version was first rendered."""

    def __init__(self, path, key, rendered):
        self.path = path
        self.etag = f'"{key}"'
        self.rendered = rendered  # False when served from the cache
        self.last_modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)

    def read(self):
        return self.path.read_bytes()


def known_pdf(name, version=None):
    """The cached PDF `name` if its key is known for the current document version (one cache
    read, no SQL, no rendering); None otherwise."""
    directory = Path(settings.MEDIA_ROOT) / CACHE_DIR
    memo = f"pdf-key:{directory}:{name}"
    found = cache.get_many([caching.VERSION_KEY, memo])  # one cache call
    version = version or caching.document_version(found.get(caching.VERSION_KEY))
    known = found.get(memo)
    if known is not None and known[0] == version:
        path = directory / f"{name}-{known[1]}.pdf"
        if path.is_file():
            return CachedPdf(path, known[1], rendered=False)
    return None


def cached_pdf(name, template, context):
    """The PDF of `template` with `context`, rendered once per version of its content.

    `name` tells documents apart (e.g. "report-2568-draft"). `context` is the template context,
    or a function returning it, called only when the PDF's key is not known for the current
    document version. The file is written atomically (a temporary file, then os.replace), so a
    process reading it never sees half a PDF; older versions of the same document are removed.
    """
    directory = Path(settings.MEDIA_ROOT) / CACHE_DIR
    version = caching.document_version()
    memo = f"pdf-key:{directory}:{name}"
    known = known_pdf(name, version)
    if known is not None:
        return known
    html = render_to_string(template, context() if callable(context) else context)
    key = cache_key(html)
    path = directory / f"{name}-{key}.pdf"
    if path.is_file():
        cache.set(memo, (version, key), caching.PAGE_SECONDS)
        return CachedPdf(path, key, rendered=False)
    data = render_pdf(html)
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in directory.glob(f"{name}-*.pdf"):
        # Only this document's other versions ("report-2568-<key>", not "…-draft-<key>").
        if old != path and len(old.stem) == len(path.stem):
            old.unlink(missing_ok=True)
    cache.set(memo, (version, key), caching.PAGE_SECONDS)
    return CachedPdf(path, key, rendered=True)


_CACHED_NAME = re.compile(r"^(?P<name>.+)-(?P<key>[0-9a-f]{32})\.pdf$")
_YEAR = re.compile(r"-(?P<year>\d{4})(?:-|$)")


def prune_cache():
    """Delete the cached PDFs no current document needs; returns how many were deleted.

    A file "<name>-<key>.pdf" goes when its year no longer exists, when it is a draft's PDF
    ("…-draft") of a published year or a public PDF of a year withdrawn to a draft, and when a
    newer version of the same document is there (superseded). Left-over temporary files go too.
    Run when a year is published or withdrawn, and by `manage.py prune_pdf_cache` (cron).
    """
    from assessments.models import Assessment

    directory = Path(settings.MEDIA_ROOT) / CACHE_DIR
    if not directory.is_dir():
        return 0
    published = dict(Assessment.objects.of_site().values_list("fiscal_year", "status"))
    newest, doomed = {}, []
    for path in directory.iterdir():
        if path.suffix == ".tmp" and path.name.startswith("."):
            if path.stat().st_mtime < datetime.now().timestamp() - 3600:
                doomed.append(path)
            continue
        match = _CACHED_NAME.match(path.name)
        if not match:
            continue
        name = match["name"]
        year = _YEAR.search(name)
        status = published.get(int(year["year"])) if year else "published"
        is_draft_pdf = name.endswith("-draft")
        if status is None or is_draft_pdf != (status != "published"):
            doomed.append(path)
            continue
        best = newest.get(name)
        if best is None or path.stat().st_mtime > best.stat().st_mtime:
            if best is not None:
                doomed.append(best)
            newest[name] = path
        else:
            doomed.append(path)
    for path in doomed:
        path.unlink(missing_ok=True)
    return len(doomed)
