"""The Content-Security-Policy: sent on every page, and nothing the portal or its admin shows
breaks it (no inline scripts, no <style> elements, nothing from another origin)."""

import pytest
from django.urls import reverse

from tests.frameworks import xlsx_bytes


def _policy(response):
    header = response["Content-Security-Policy"]
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in header.split(";")) if part
    )


@pytest.mark.parametrize("url", ["/", "/reports/2568/", "/reports/2568/plan/", "/accounts/login/"])
def test_public_pages_send_the_policy(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"


def test_templates_have_no_inline_scripts_or_event_handlers():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in m.group(0) and "application/json" not in m.group(0):
                offenders.append(f"{path.relative_to(root)}: {m.group(0)}")
        for m in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(root)}: {m.group(0).strip()}")
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(root)}: javascript: URL")
    assert offenders == []


# ---------------------------------------------------------------- in a real browser

CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')
    + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def published(transactional_db):
    from django.core.management import call_command

    # transactional_db empties the tables after each test, the migrated catalogue included.
    call_command("load_framework", verbosity=0)
    call_command("load_demo", verbosity=0)


@pytest.mark.browser
def test_pages_and_admin_run_under_the_policy_without_a_violation(
    live_server, published, page, django_user_model, tmp_path
):
    from assessments.models import Assessment

    django_user_model.objects.create_superuser("csp-staff", "s@example.com", "csp-staff-pass-123")
    demo = Assessment.objects.get(fiscal_year=2568)
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(CSP_WATCH)
    seen = []

    def visit_check(what):
        page.wait_for_load_state("load")
        header = page.evaluate("window.__cspViolations || []")
        seen.append((what, header))

    def visit(path):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status < 400, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        visit_check(path)

    for path in ["/", "/reports/2568/", "/reports/2568/memo/", "/reports/2568/plan/"]:
        visit(path)

    # Staff sign in through the admin's own form, then the admin's busy pages.
    visit("/admin/login/?next=/admin/")
    page.fill("#id_username", "csp-staff")
    page.fill("#id_password", "csp-staff-pass-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")
    visit_check("/admin/ after sign-in")
    visit("/actions/")
    visit(reverse("admin:assessments_assessment_change", args=[demo.pk]))
    page.click("#content-main")  # collapsible fieldsets and inlines are drawn by script
    visit(reverse("admin:assessments_assessment_changelist"))

    # An admin action with an intermediate page.
    page.check(f"input[name=_selected_action][value='{demo.pk}']")
    page.select_option("select[name=action]", "draft_findings")
    page.click("button[name=index]")
    page.wait_for_selector("#content-main form")
    visit_check("draft findings action")

    # The import preview.
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"]]
    xlsx = tmp_path / "scores.xlsx"
    xlsx.write_bytes(xlsx_bytes({"s": rows}))
    visit(f"{reverse('admin:assessments_questionscore_import')}?assessment={demo.pk}")
    page.set_input_files("input[type=file]", str(xlsx))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")
    page.wait_for_selector("text=ตัวอย่างการนำเข้า")
    visit_check("import preview")

    visit(reverse("admin:actionplans_actionitem_changelist"))
    visit(reverse("admin:assessments_assessment_history", args=[demo.pk]))

    violations = [(what, v) for what, v in seen if v]
    assert violations == [] and console == [], (violations, console)
