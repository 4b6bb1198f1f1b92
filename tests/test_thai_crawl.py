"""Tried as a Thai office would: Chromium opens every admin screen (from the admin site's
registry, so screens added later are covered too) and the division heads' pages, and fails on
visible English or on a date in the Christian era. Also: no page scrolls sideways at 1280 px or
on a phone except a table that says it does."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actionplans.models import ActionItem
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

# Latin text a Thai office reads as it is. Everything else on a screen must be Thai.
ALLOWED_WORDS = {
    "ITA",  # and the product's name, "ITA Portal"
    "Portal",
    "IIT",
    "ITAS",  # the NACC's system, by its name
    "LINE",  # the messaging app, by its name
    "EIT",
    "OIT",
    "PDF",
    "XLSX",
    "CSV",
    "E-Service",  # the NACC's system where agencies enter their OIT answers
}
# Names Thai offices write in English inside Thai text, as the NACC's questions and the seed
# report do (catalogue and demo data, not the portal's own wording); also when a list cuts
# them short at a word ("No Gift…", "No Gift Pol…").
DATA_PHRASES = re.compile(
    r"No Gift(?: Pol\w*)?|Q&A|Dos & Don[’']ts|Integrity and Transparency Assessment"
)
# Question codes (i1, o28) and their topic keys (e1-service-steps).
QUESTION_CODE = re.compile(r"^([ieo]\d{1,2}|iit|eit|oit)(-[a-z0-9-]+)?$", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WEB_ADDRESS = re.compile(
    r"(https?://|www\.)\S+|\b[\w-]+(\.[\w-]+)*\.(go\.th|or\.th|com|org)\b|(?<!\S)/[\w/.-]*"
)
ALLOWED = {w.upper() for w in ALLOWED_WORDS}
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9’'\-]*")
# A four-digit year 1900–2099 standing alone, in Arabic or Thai digits: the Christian era.
CE_YEAR = re.compile(r"(?<![\d๐-๙.,])(19|20|๑๙|๒๐)[\d๐-๙]{2}(?![\d๐-๙])")

VISIBLE_TEXT = "() => [document.title, document.body.innerText].join('\\n')"
# What is typed in the inputs is the staff's data, English or not; a date there must be พ.ศ.
INPUT_VALUES = """() => {
  const typed = 'input:not([type]), input[type=text], input[type=search]';
  return Array.from(document.querySelectorAll(typed))
    .filter((el) => el.offsetParent !== null).map((el) => el.value).join('\\n');
}"""


def foreign_words(text, usernames):
    text = DATA_PHRASES.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = WEB_ADDRESS.sub(" ", text)
    found = []
    for word in LATIN_RUN.findall(text):
        word = word.strip("-’'")
        if not word or len(word) == 1 and word in "xX":
            continue
        if word.upper() in ALLOWED or QUESTION_CODE.match(word):
            continue
        if word.lower() in usernames:  # the admin prints the user name in capitals
            continue
        found.append(word)
    return found


class Crawl:
    def __init__(self, page, live_server, usernames):
        self.page = page
        self.base = live_server.url
        self.usernames = usernames
        self.problems = []
        self.seen = []

    def check(self, label=None):
        page = self.page
        page.wait_for_load_state("load")
        text = page.evaluate(VISIBLE_TEXT)
        where = label or page.url.replace(self.base, "")
        self.seen.append(where)
        words = foreign_words(text, self.usernames)
        if words:
            self.problems.append(f"{where}: English {sorted(set(words))[:12]}")
        years = {m.group(0) for m in CE_YEAR.finditer(text + page.evaluate(INPUT_VALUES))}
        if years:
            self.problems.append(f"{where}: Christian-era year {sorted(years)}")

    def visit(self, path):
        response = self.page.goto(self.base + path)
        if response is None or response.status >= 400:
            self.problems.append(f"{path}: HTTP {response and response.status}")
            return
        self.check()


def admin_paths(request):
    """Every admin changelist, add, change, history and delete page, and every other admin
    view of a registered model that answers a plain GET with a page, from the registry."""
    standard = {"changelist", "add", "change", "history", "delete", "autocomplete"}
    client = Client()
    client.force_login(request.user)
    paths = [reverse("admin:index")]
    for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
        paths.append(reverse("admin:app_list", args=[app_label]))
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            paths.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            continue
        views = ["change", "history"]
        if model_admin.has_delete_permission(request, obj):  # as for add: pages one can open
            views.append("delete")
        for view in views:
            paths.append(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk]))
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None) or ""
            if not name or name.rsplit("_", 1)[-1] in standard:
                continue
            params = list(pattern.pattern.converters)
            kwargs = {}
            for param in params:
                if param in ("pk", "object_id", "id"):
                    kwargs[param] = obj.pk
                elif param == "year":
                    kwargs[param] = getattr(obj, "fiscal_year", None) or 2568
                else:
                    break
            else:
                try:
                    path = reverse(f"admin:{name}", kwargs=kwargs)
                except NoReverseMatch:
                    continue
                response = client.get(path)
                if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                    paths.append(path)
    return paths


def run_admin_actions(crawl, request):
    """Every admin action on the first row, as staff would run it: the intermediate page
    (drafting findings, delete confirmation) or the list with the result message."""
    page = crawl.page
    for model, model_admin in admin.site._registry.items():
        actions = model_admin.get_actions(request)
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if not actions or obj is None:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for name in actions:
            page.goto(crawl.base + url)
            box = page.locator(f"input.action-select[value='{obj.pk}']")
            if box.count() == 0:
                break
            box.check()
            page.select_option("select[name=action]", name)
            page.click("button[name=index]")
            crawl.check(f"{url} action {name}")


@pytest.fixture
def usernames(staff, alice):
    return {staff.username, alice.username}


def test_every_admin_screen_is_thai_with_buddhist_era_dates(
    live_server, page, staff, alice, demo, usernames, settings
):
    request = RequestFactory().get("/admin/")
    request.user = staff
    # Sign-in records as a real sign-in leaves them (the test's sign-ins have no address).
    settings.AXES_DISABLE_ACCESS_LOG = True
    browser_login(page, live_server, staff)
    AccessLog.objects.all().delete()
    AccessLog.objects.create(username="alice", ip_address="192.0.2.10", path_info="/admin/login/")
    AccessAttempt.objects.create(
        username="alice",
        ip_address="192.0.2.10",
        path_info="/accounts/login/",
        failures_since_start=2,
        get_data="",
        post_data="",
        user_agent="",
        http_accept="",
    )
    crawl = Crawl(page, live_server, usernames)
    for path in admin_paths(request):
        crawl.visit(path)

    # The import screens: the form, then the preview of the year's own export.
    export = Client()
    export.force_login(staff)
    xlsx = export.get(reverse("admin:assessments_assessment_export_xlsx", args=[demo.pk]))
    page.goto(
        f"{live_server.url}{reverse('admin:assessments_questionscore_import')}?assessment={demo.pk}"
    )
    page.select_option("#id_format", label="xlsx")
    page.set_input_files(
        "input[name=import_file]",
        {"name": "ita-2568.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx.content},
    )
    page.click("#content form [type=submit]")
    crawl.check("import preview")
    run_admin_actions(crawl, request)
    # The staff's side of /actions/ too.
    item = ActionItem.objects.filter(topic__assessment=demo).order_by("pk").first()
    for path in ("/actions/", f"/actions/{item.pk}/", reverse("password_change")):
        crawl.visit(path)

    assert len(crawl.seen) > 60
    assert not crawl.problems, "\n".join(crawl.problems)


def test_division_heads_pages_and_password_reset_are_thai(live_server, page, alice, usernames):
    crawl = Crawl(page, live_server, usernames)
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    crawl.visit(reverse("login"))
    crawl.visit(reverse("password_reset"))
    page.fill("#id_email", alice.email)
    page.click("form [type=submit]")
    crawl.check("password reset done")
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    token = default_token_generator.make_token(alice)
    crawl.visit(reverse("password_reset_confirm", args=[uid, token]))  # → the set-password form
    page.fill("#id_new_password1", "abc")
    page.fill("#id_new_password2", "abd")
    page.click("form [type=submit]")
    crawl.check("password reset: bad new password")
    crawl.visit(reverse("password_reset_confirm", args=[uid, "wrong-token"]))

    browser_login(page, live_server, alice)
    for path in ("/actions/", f"/actions/{item.pk}/", reverse("password_change")):
        crawl.visit(path)
    page.fill("#id_old_password", "wrong")
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.click("form [type=submit]")
    crawl.check("password change: errors")
    assert not crawl.problems, "\n".join(crawl.problems)


def test_the_crawl_catches_english_and_christian_era_years():
    assert foreign_words("Please correct the error below. ผลการประเมิน", set()) == [
        "Please",
        "correct",
        "the",
        "error",
        "below",
    ]
    assert foreign_words("ITA Portal i15 o28 E-Service alice staff@example.com", {"alice"}) == []
    assert CE_YEAR.search("17 เม.ย. 2026") and CE_YEAR.search("๒๐๒๖")
    assert not CE_YEAR.search("17 เม.ย. 2569 คะแนน 94.50")


OVERFLOW_JS = """() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth + 1;
  const silent = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) {
      continue;
    }
    if (el.offsetParent === null) { continue; }
    const hint = getComputedStyle(el, '::before').content || '';
    const says = hint.includes('เลื่อน') || el.hasAttribute('data-scroll-hint')
      || (el.previousElementSibling && el.previousElementSibling.matches('.scroll-hint'));
    if (!says) { silent.push(el.tagName + '.' + el.className); }
  }
  return {wide, silent};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_scrolls_sideways_unless_its_table_says_so(
    live_server, browser, staff, alice, demo, width
):
    item = ActionItem.objects.filter(owner__name="งานธุรการ").order_by("pk").first()
    pages = {
        None: ["/", "/reports/2568/", "/reports/2568/memo/", "/reports/2568/plan/"],
        alice: ["/actions/", f"/actions/{item.pk}/", reverse("password_change")],
        staff: [
            "/actions/",
            reverse("admin:index"),
            reverse("admin:assessments_assessment_changelist"),
            reverse("admin:assessments_assessment_change", args=[demo.pk]),
            reverse("admin:assessments_assessment_history", args=[demo.pk]),
            reverse("admin:actionplans_actionitem_changelist"),
            reverse("admin:assessments_memo_change", args=[demo.memo.pk]),
        ],
    }
    problems = []
    for user, paths in pages.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
        page = context.new_page()
        if user:
            browser_login(page, live_server, user)
        for path in paths:
            page.goto(live_server.url + path)
            result = page.evaluate(OVERFLOW_JS)
            if result["wide"] or result["silent"]:
                problems.append(f"{width}px {path}: {result}")
        if width == 1280 and user is staff:
            page.goto(live_server.url + pages[staff][3])
            title = page.locator("#content h1").bounding_box()
            tools = page.locator(".object-tools").bounding_box()
            if tools["y"] < title["y"] + title["height"]:
                problems.append("the 2568 change page's buttons overlap its title")
        context.close()
    assert not problems, "\n".join(problems)


def test_typing_letters_as_a_score_asks_for_a_number(live_server, page, staff, demo):
    browser_login(page, live_server, staff)
    page.goto(live_server.url + reverse("admin:assessments_assessment_change", args=[demo.pk]))
    # The admin's font is the bundled Sarabun, not whatever the machine has.
    page.wait_for_load_state("load")
    assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    score = page.locator("input[name$='-score']").first
    score.fill("abc")  # a number input would not even take the letters
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    text = page.evaluate(VISIBLE_TEXT)
    assert "กรุณากรอกคะแนนเป็นตัวเลข" in text and "ฟิลด์นี้จำเป็น" not in text
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in text
