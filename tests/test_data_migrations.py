"""Data migrations do what they did when they were written (issue 18, item 5.5): the data and the
loader each one needs are frozen into it, so editing fixtures/framework.json or the app's code
never changes what an old migration does on a new deployment."""

import ast
import hashlib
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from indicators.catalogue import oit_rules, read_catalogue
from indicators.models import KEEP_LEVEL_TEXT

BASE = Path(settings.BASE_DIR)
# The project's own packages: every top-level folder that is a Python package (apps, core, the
# settings package), so an app added later is covered too.
PROJECT_PACKAGES = {p.parent.name for p in BASE.glob("*/__init__.py")}
MIGRATION_FILES = sorted(BASE.glob("*/migrations/[0-9]*.py"))

# The frozen copies of fixtures/framework.json, byte for byte as it was when each migration was
# written (git show <commit>:fixtures/framework.json): a copy that changes is a migration that
# changed.
FROZEN = {
    "indicators/migrations/data/0002_load_framework_catalogue.json": (
        "79e233cc7d30a0d4c4543364996b4c3ef6c988490622a399426ff7218a59ea28"
    ),
    "indicators/migrations/data/0004_catalogue_recommendations.json": (
        "8f1780acef8812393e4f2c60bcb374d41ca51b4f936e798ade4017a8e4c9d206"
    ),
    "indicators/migrations/data/0007_ship_2569_and_correct_2568_titles.json": (
        "ccdb6ad1e30597c1f0c8c3896557315878112e92fa41de2337583190be596065"
    ),
    "indicators/migrations/data/0011_ship_2569_oit_rules.json": (
        "14064b7c9f3456bb60312538cc52751bdebd2f6323236914f18a19699e4855ac"
    ),
}


def runs_python(tree):
    return any(
        isinstance(node, ast.Attribute) and node.attr == "RunPython" for node in ast.walk(tree)
    )


def imported_packages(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_data_migrations_import_nothing_from_the_projects_apps():
    data_migrations = []
    offenders = []
    for path in MIGRATION_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not runs_python(tree):
            continue
        data_migrations.append(path)
        project = sorted(set(imported_packages(tree)) & PROJECT_PACKAGES)
        if project:
            offenders.append(f"{path.relative_to(BASE)}: {', '.join(project)}")
    assert len(data_migrations) >= 8  # the parse found them (catalogue, staff group, …)
    assert offenders == []


def test_the_frozen_catalogue_copies_are_the_ones_the_migrations_were_written_with():
    for name, digest in FROZEN.items():
        assert hashlib.sha256((BASE / name).read_bytes()).hexdigest() == digest, name


def _catalogue_in(db):
    """The framework catalogue as stored in an SQLite file, shaped like fixtures/framework.json."""

    def rows(sql, *args):
        return con.execute(sql, args).fetchall()

    def dec(value):
        return None if value is None else Decimal(str(value)).normalize()

    con = sqlite3.connect(db)
    years = {}
    for pk, year, name, target, notes, keep, provisional in rows(
        "SELECT id, year, name, national_target, notes, keep_level_text, provisional "
        "FROM indicators_frameworkyear"
    ):
        years[year] = {
            "year": (name, dec(target), notes, keep or "", bool(provisional)),
            "tools": sorted(
                (code, n, dec(weight), order)
                for code, n, weight, order in rows(
                    'SELECT code, name, weight, "order" FROM indicators_tool WHERE framework_id=?',
                    pk,
                )
            ),
            "indicators": sorted(
                rows(
                    "SELECT i.number, i.name, t.code FROM indicators_indicator i "
                    "JOIN indicators_tool t ON t.id = i.tool_id WHERE i.framework_id=?",
                    pk,
                )
            ),
            "questions": sorted(
                (code, title, bool(summary), key, order, number, rec, merged, *rules)
                for code, title, summary, key, order, number, rec, merged, *rules in rows(
                    'SELECT q.code, q.title, q.title_is_summary, q.topic_key, q."order", '
                    "i.number, q.standard_recommendation, q.merged_topic_keys, "
                    "q.elements, q.evidence_period, q.own_website = 1, q.rule_notes "
                    "FROM indicators_question q JOIN indicators_indicator i "
                    "ON i.id = q.indicator_id WHERE q.framework_id=?",
                    pk,
                )
            ),
            "levels": sorted(
                (rank, n, dec(low), dec(each), bool(passes))
                for rank, n, low, each, passes in rows(
                    "SELECT rank, name, min_overall, min_each_tool, passes "
                    "FROM indicators_ratinglevel WHERE framework_id=?",
                    pk,
                )
            ),
        }
    con.close()
    return years


def _catalogue_in_the_fixture():
    def dec(value):
        return None if value is None else Decimal(value).normalize()

    years = {}
    for e in read_catalogue():
        years[e["year"]] = {
            "year": (
                e["name"],
                dec(e["national_target"]),
                e.get("notes", ""),
                e.get("keep_level_text") or KEEP_LEVEL_TEXT,  # the field's default
                e.get("provisional", False),
            ),
            "tools": sorted(
                (t["code"], t["name"], dec(t["weight"]), t["order"]) for t in e["tools"]
            ),
            "indicators": sorted((i["number"], i["name"], i["tool"]) for i in e["indicators"]),
            "questions": sorted(
                (
                    q["code"],
                    q["title"],
                    q["title_is_summary"],
                    q["topic_key"],
                    q["order"],
                    q["indicator"],
                    q.get("standard_recommendation", ""),
                    ", ".join(q.get("merged_topic_keys", [])),
                    *oit_rules(q).values(),  # the OIT rules (defaults where the file has none)
                )
                for q in e["questions"]
            ),
            "levels": sorted(
                (
                    r["rank"],
                    r["name"],
                    dec(r["min_overall"]),
                    dec(r["min_each_tool"]),
                    r["passes"],
                )
                for r in e["rating_levels"]
            ),
        }
    return years


def test_migrating_an_empty_database_yields_the_catalogue_as_the_fixture_has_it(tmp_path):
    db = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    migrated = _catalogue_in(db)
    assert sorted(migrated) == [2566, 2567, 2568, 2569]
    assert {y: len(c["questions"]) for y, c in migrated.items()} == {
        2566: 0,
        2567: 52,
        2568: 52,
        2569: 50,
    }
    assert migrated == _catalogue_in_the_fixture()
