"""Fiscal 2566 is rated on the five levels, with the per-tool condition (issue 23): three agencies
published 2566 results as 97.29 ผ่านดี, 95.08 ผ่านดี and 86.78 ผ่าน; the seven-level AA–F scale
stays for 2565 and earlier."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments import scoring
from assessments.selectors import framework_spec
from indicators.models import FrameworkYear, RatingLevel
from indicators.services import framework_copy

FIVE = [
    (1, "ผ่านดีเยี่ยม", D("95"), D("95"), True),
    (2, "ผ่านดี", D("85"), D("85"), True),
    (3, "ผ่าน", D("85"), None, True),
    (4, "ต้องปรับปรุง", D("70"), None, False),
    (5, "ต้องปรับปรุงโดยด่วน", D("0"), None, False),
]
SEVEN = [
    (1, "AA", D("95"), None, True),
    (2, "A", D("85"), None, True),
    (3, "B", D("75"), None, False),
    (4, "C", D("65"), None, False),
    (5, "D", D("55"), None, False),
    (6, "E", D("50"), None, False),
    (7, "F", D("0"), None, False),
]
BEFORE = ("indicators", "0007_ship_2569_and_correct_2568_titles")
AFTER = ("indicators", "0008_2566_five_levels")


def levels_of(year, model=RatingLevel):
    return [
        (lv.rank, lv.name, lv.min_overall, lv.min_each_tool, lv.passes)
        for lv in model.objects.filter(framework__year=year).order_by("rank")
    ]


def rate_2566(overall, tools):
    spec = framework_spec(FrameworkYear.objects.get(year=2566))
    return scoring.rate(D(overall), [D(t) for t in tools], spec.levels)


@pytest.mark.django_db
def test_2566_ships_the_five_levels_of_2567():
    assert levels_of(2566) == FIVE == levels_of(2567)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overall, tools, expected",
    [
        ("100.00", ["100", "100", "100"], "ผ่านดีเยี่ยม"),
        ("95.00", ["95.00", "95.00", "95.00"], "ผ่านดีเยี่ยม"),
        ("95.00", ["94.99", "95.00", "95.00"], "ผ่านดี"),
        ("94.99", ["96.00", "96.00", "96.00"], "ผ่านดี"),
        ("85.00", ["85.00", "85.00", "85.00"], "ผ่านดี"),
        ("85.00", ["84.99", "85.00", "85.00"], "ผ่าน"),
        ("84.99", ["90.00", "90.00", "90.00"], "ต้องปรับปรุง"),
        ("70.00", ["70.00", "70.00", "70.00"], "ต้องปรับปรุง"),
        ("69.99", ["70.00", "70.00", "70.00"], "ต้องปรับปรุงโดยด่วน"),
        ("0.00", ["0", "0", "0"], "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_2566_level_boundaries(overall, tools, expected):
    assert rate_2566(overall, tools) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overall, tools, expected",
    [
        ("97.29", ["98.10", "94.50", "98.70"], "ผ่านดี"),  # the case: EIT 94.5
        ("95.08", ["95.60", "93.80", "95.60"], "ผ่านดี"),
        ("86.78", ["92.00", "80.50", "87.40"], "ผ่าน"),
    ],
)
def test_2566_results_are_rated_as_the_nacc_rated_them(overall, tools, expected):
    assert rate_2566(overall, tools) == expected


@pytest.mark.django_db
def test_a_year_up_to_2565_copied_from_2566_keeps_the_seven_level_scale():
    old = framework_copy(source=FrameworkYear.objects.get(year=2566), year=2565)
    assert levels_of(old.year) == SEVEN
    new = framework_copy(source=FrameworkYear.objects.get(year=2566), year=2570)
    assert levels_of(new.year) == FIVE


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture(autouse=True)
def _database_migrated_to_the_end_after():
    """A test here migrates the database back to BEFORE and forward to AFTER only; the later
    migrations of every app (columns the next tests read: indicators 0010 on, oit) are applied
    again after it."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _shipped_2566(apps, levels):
    """2566 as the catalogue ships it at that state, if a transactional test before emptied the
    database (the migrated catalogue included)."""
    Year = apps.get_model("indicators", "FrameworkYear")
    Level = apps.get_model("indicators", "RatingLevel")
    if not Year.objects.filter(year=2566).exists():
        fw = Year.objects.create(year=2566, name="ITA 2566", national_target=D("85"))
        for rank, name, low, each, passes in levels:
            Level.objects.create(
                framework=fw,
                rank=rank,
                name=name,
                min_overall=low,
                min_each_tool=each,
                passes=passes,
            )


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_an_untouched_2566_to_five_levels_and_back(capsys):
    _shipped_2566(_migrate(AFTER), FIVE)
    old_apps = _migrate(BEFORE)
    assert levels_of(2566, old_apps.get_model("indicators", "RatingLevel")) == SEVEN
    new_apps = _migrate(AFTER)
    assert levels_of(2566, new_apps.get_model("indicators", "RatingLevel")) == FIVE
    assert "2566" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_levels_staff_edited_and_says_so(capsys):
    old_apps = _migrate(BEFORE)
    _shipped_2566(old_apps, SEVEN)
    Level = old_apps.get_model("indicators", "RatingLevel")
    Level.objects.filter(framework__year=2566, rank=1).update(min_overall=D("96"))
    capsys.readouterr()
    new_apps = _migrate(AFTER)
    edited = [SEVEN[0][:2] + (D("96"),) + SEVEN[0][3:], *SEVEN[1:]]
    assert levels_of(2566, new_apps.get_model("indicators", "RatingLevel")) == edited
    out = capsys.readouterr().out
    assert "2566" in out and "แก้ไข" in out


@pytest.mark.django_db
def test_load_framework_gives_2566_the_five_levels_and_drops_the_old_ranks():
    from django.core.management import call_command

    fw = FrameworkYear.objects.get(year=2566)
    fw.rating_levels.all().delete()
    for rank, name, low, each, passes in SEVEN:
        RatingLevel.objects.create(
            framework=fw, rank=rank, name=name, min_overall=low, min_each_tool=each, passes=passes
        )
    call_command("load_framework", verbosity=0)
    assert levels_of(2566) == FIVE
