"""The apps stand in layers, and imports go one way, up the stack:
core ← indicators ← assessments ← actionplans ← oit ← surveys ← publishing (docs/architecture.md).

Read from the source (every module, imports inside functions included), so that a new import
against the grain fails here rather than in a reviewer's head."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "indicators", "assessments", "actionplans", "oit", "surveys", "publishing"]
ALL_APPS = {*LAYERS, "ops"}


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path):
    """The project apps a module imports (absolute imports; relative ones stay in the app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(n.split(".")[0] for n in names if n.split(".")[0] in ALL_APPS)
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_layers_below_it(app):
    below = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(app)
        for name in imported(path) - below
    }
    assert not wrong, sorted(wrong)


def test_assessments_never_names_the_plan_not_even_in_strings():
    # Its tables, statuses, snapshot keys and URL names included: a rename there must not
    # break this app silently.
    words = ("actionplans", "plan_topics", "results_rounds", "ResultsRound", "ActionItem")
    named = {
        f"{path.relative_to(ROOT)}: {word}"
        for path in modules("assessments")
        for word in words
        if word in path.read_text()
    }
    templates = ROOT / "templates"
    for path in [
        *(templates / "assessments").rglob("*"),
        *(templates / "admin/assessments").rglob("*"),
    ]:
        if path.is_file():
            named |= {f"{path.relative_to(ROOT)}: {w}" for w in words if w in path.read_text()}
    assert not named, sorted(named)


def test_no_view_module_imports_another_apps_views():
    offenders = []
    for app in ALL_APPS:
        for path in modules(app):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    top, *rest = node.module.split(".")
                    if top in ALL_APPS and top != app and "views" in node.module:
                        offenders.append(f"{path.relative_to(ROOT)}: {node.module}")
    assert not offenders


def test_ita_portal_holds_only_settings_urls_and_wsgi():
    names = {p.name for p in (ROOT / "ita_portal").glob("*.py")}
    assert names <= {"__init__.py", "settings.py", "settings_test.py", "urls.py", "wsgi.py"}
    assert not [
        p for p in (ROOT / "ita_portal").iterdir() if p.is_dir() and p.name != "__pycache__"
    ]


def test_no_model_module_imports_an_admin_module():
    offenders = [
        f"{path.relative_to(ROOT)}: {node.module}"
        for app in ALL_APPS
        for path in modules(app)
        if path.name == "models.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module and "admin" in node.module
    ]
    assert not offenders


def test_actionplans_never_names_the_oit_tracker_not_even_in_templates():
    # /actions/ shows the OIT part through core.workspace's panels, never by name.
    words = ("oit:", "oit.", "OitItem", "OitTracker", "'oit", '"oit')
    named = {
        f"{path.relative_to(ROOT)}: {word}"
        for path in modules("actionplans")
        for word in words
        if word in path.read_text()
    }
    for path in (ROOT / "templates" / "actionplans").rglob("*"):
        if path.is_file():
            named |= {f"{path.relative_to(ROOT)}: {w}" for w in words if w in path.read_text()}
    assert not named, sorted(named)
