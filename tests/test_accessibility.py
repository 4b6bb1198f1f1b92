"""The public pages as a person using a screen reader or a phone meets them (มาตรฐานเว็บไซต์ภาครัฐ
asks for WCAG 2.0 AA): axe-core (npm, pinned in package-lock.json, installed by `make test`),
injected by Playwright into Debian's Chromium at 1280 and 390 px, finds no serious or critical
violation; and what axe cannot judge by itself is checked here: Thai language, headings in order,
the chart's text alternative, the contents and the links between the documents."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from .rounds import MEMO_FIELDS

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# Every page the public (or a person not yet signed in) can open, with the demo year published
# and its 6-month results round published: test_every_public_page_is_checked keeps this list
# whole as pages are added.
PAGES = [
    "/",
    "/reports/2568/",
    "/reports/2568/memo/",
    "/reports/2568/plan/",
    "/reports/2568/data/",
    "/reports/2568/results/6m/",
    "/reports/2568/results/6m/memo/",
    "/reports/2569/oit/",  # the demo's published OIT table (ข้อมูลตัวอย่าง)
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/set-password/",  # a reset link that no longer works
    "/accounts/reset/done/",
    "/admin/login/",
]
# Pages answered with a redirect to one of the above, and the error page of a year not published.
REDIRECTS = ["/reports/latest/", "/reports/latest/memo/", "/admin/password_reset/"]
NOT_FOUND = "/reports/2400/"
# What is not a public HTML page: files (PDF, CSV, JSON), signed-in pages, the admin, probes.
NOT_PAGES = {
    "healthz",
    "actionplans:list",
    "actionplans:item",
    "actionplans:evidence",
    "logout",
    "password_change",
    "password_change_done",
    "line_webhook",  # LINE's, POST only, signed
    "surveys:latest",  # staff pages (tests/test_survey_browser.py checks them with axe)
    "surveys:drive",
    "oit:item",
    "oit:check",
    "oit:readiness",
    "oit:sheet",
    "oit:sheet_file",
    "oit:results",
    "oit:attach",
}
FILE_SUFFIXES = (".pdf", ".json", ".csv", ".xlsx")
WIDTHS = [1280, 390]


@pytest.fixture
def axe_page(browser):
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}): run `make test` (npm ci) first")
    # The site's Content-Security-Policy allows no injected script: bypass it for the probe only.
    context = browser.new_context(locale="th-TH", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db, settings, tmp_path):
    from actionplans.models import ResultsRound
    from assessments.models import Assessment
    from publishing.rounds import results_round_publish

    call_command("load_framework", verbosity=0)
    settings.DEBUG = True  # as `make run` loads it: with the example progress
    call_command("load_demo", verbosity=0)
    call_command("load_oit_demo", verbosity=0)
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"
    rnd = ResultsRound(
        assessment=Assessment.objects.get(fiscal_year=2568), kind="6m", **MEMO_FIELDS
    )
    rnd.full_clean()
    rnd.save()
    results_round_publish(rnd=rnd)
    return live_server


def _patterns(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern) == "admin/":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}"


def test_every_public_page_is_checked():
    """A page added to the portal joins PAGES (or NOT_PAGES, if it is no public page)."""
    checked = {resolve(url).view_name for url in PAGES + REDIRECTS}
    missing = [
        (route, name)
        for route, name in _patterns(get_resolver())
        if name not in checked
        and name not in NOT_PAGES
        and not route.endswith(FILE_SUFFIXES)
        and "path>" not in route  # the emblems under /media/ served by DEBUG (django's static())
    ]
    assert missing == []


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "best-practice"]},
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return result


@pytest.mark.browser
def test_public_pages_have_no_serious_or_critical_axe_violations(demo_site, axe_page):
    found = []
    for width in WIDTHS:
        axe_page.set_viewport_size({"width": width, "height": 900})
        for url in PAGES + REDIRECTS + [NOT_FOUND]:
            response = axe_page.goto(demo_site.url + url)
            assert response.status == (404 if url == NOT_FOUND else 200), url
            for v in axe_violations(axe_page):
                if v["impact"] in ("serious", "critical"):
                    found.append((width, url, v["id"], v["help"], v["nodes"]))
    assert found == []


@pytest.mark.browser
def test_pages_are_thai_with_headings_in_order(demo_site, axe_page):
    for url in PAGES + [NOT_FOUND]:
        axe_page.goto(demo_site.url + url)
        assert axe_page.get_attribute("html", "lang") == "th", url
        levels = axe_page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6",
            "els => els.map(e => Number(e.tagName[1]))",
        )
        assert levels and levels[0] == 1, (url, levels)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (url, levels)


@pytest.mark.browser
def test_report_page_is_navigable_on_a_phone(demo_site, axe_page):
    axe_page.set_viewport_size({"width": 390, "height": 800})
    axe_page.goto(demo_site.url + "/reports/2568/")
    # contents: the parts and each of the ten indicators
    links = axe_page.eval_on_selector_all(
        ".doc-contents a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert "#part-1" in links and "#part-2" in links
    assert [f"#indicator-{n}" for n in range(1, 11)] == [x for x in links if "indicator" in x]
    axe_page.click(".doc-contents a[href='#indicator-9']")
    assert (
        axe_page.evaluate("document.querySelector('#indicator-9').getBoundingClientRect().top")
        < 100
    )
    # the chart is drawn to the screen's width, its whole scale in view (issue 20, finding 13:
    # it used to keep its labels' size and scroll sideways, showing only 0-40; see
    # tests/test_public_browser.py)
    right = axe_page.evaluate(
        "document.querySelector('.score-chart').getBoundingClientRect().right"
    )
    assert right <= 390, right
    # its text alternative holds every score
    title = axe_page.text_content(".score-chart title")
    assert "ตัวชี้วัดที่ ๑๐" in title and "ค่าเป้าหมาย" in title
    # the page itself does not scroll sideways
    assert axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
