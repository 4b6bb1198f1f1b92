"""Importing a year's scores from a spreadsheet: forgiving about typing, strict about meaning,
all or nothing."""

import json
import time
import tracemalloc
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from assessments.resources import template_xlsx
from assessments.selectors import assessment_score
from core.spreadsheets import csv_text
from publishing import exporting
from tests.frameworks import make_assessment, make_framework_2569, scores_of, xlsx_bytes
from tests.import_helpers import import_scores

SEED = json.loads(Path("fixtures/demo_2568.json").read_text(encoding="utf-8"))["assessment"]


def seed_workbook(code_style=str):
    """The seed's scores as staff type them: the questions, then the reported figures below."""
    rows = [["กรอบการประเมินปี", "2568"], [], ["รหัสข้อ", "คะแนน"]]
    rows += [[code_style(c), s] for c, s in SEED["question_scores"].items()]
    rows += [[f"ตัวชี้วัดที่ {n}", s] for n, s in SEED["indicator_scores"].items()]
    rows += [["ภาพรวม", SEED["reported_overall"]], ["ระดับ", SEED["reported_level"]]]
    return xlsx_bytes({"คะแนนรายข้อ": rows})


def test_the_seeds_scores_from_a_workbook_give_the_seeds_figures(demo):
    empty = make_assessment(2570, 2568)
    import_scores(empty, seed_workbook())
    mine, seed = assessment_score(empty), assessment_score(demo)
    assert mine.overall == D("94.50") and mine.level == "ผ่านดี"
    assert mine.computed_overall == seed.computed_overall
    assert [t.computed for t in mine.tools] == [t.computed for t in seed.tools]
    assert mine.warnings == seed.warnings
    assert scores_of(empty)["questions"] == scores_of(demo)["questions"]


def test_an_exported_year_imports_back_into_an_empty_assessment_unchanged(demo):
    data = exporting.to_xlsx(exporting.assessment_tables(demo))
    empty = make_assessment(2570, 2568)
    import_scores(empty, data)
    before, after = scores_of(demo), scores_of(empty)
    assert after == before
    assert assessment_score(empty).overall == D("94.50")


def test_a_years_filled_in_form_round_trips_through_csv(demo):
    data = xlsx_bytes({"x": []})  # unused: the CSV below is the year's form, filled in
    rows = [["กรอบการประเมินปี", 2568], []]
    from assessments.resources import template_dataset

    form = template_dataset(demo)
    rows += [list(form.headers), *[list(r) for r in form]]
    empty = make_assessment(2570, 2568)
    import_scores(empty, csv_text(rows), "scores.csv")
    assert scores_of(empty) == scores_of(demo)
    assert data


def test_the_2568_round_trip_changes_nothing(demo, staff):
    """Export the demo year's scores (its filled-in form), re-import them: nothing changes."""
    before = scores_of(demo)
    history = demo.question_scores.first().history.count()
    result = import_scores(demo, template_xlsx(demo), user=staff)
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == 51
    assert result.score_import.reported_changes == []
    assert scores_of(demo) == before
    assert demo.question_scores.first().history.count() == history


def test_ocr_codes_thai_digits_and_decimal_commas_mean_the_same_scores(db):
    empty = make_assessment(2570, 2568)
    rows = [
        ["ข้อ", "คะแนน"],
        ["I1", "๙๔,๑๒"],
        ["0๖", "50"],
        ["o๑๕", 0],
        ["๐๒๑", "100.0"],
        ["E9", 95.49],
    ]
    import_scores(empty, xlsx_bytes({"Sheet1": rows}))
    assert scores_of(empty)["questions"] == {
        "i1": D("94.12"),
        "o6": D("50.00"),
        "o15": D("0.00"),
        "o21": D("100.00"),
        "e9": D("95.49"),
    }


def test_a_csv_saved_by_thai_excel_in_cp874_with_semicolons_is_read(db):
    empty = make_assessment(2570, 2568)
    data = "รหัสข้อ;คะแนน\ni1;94,12\n".encode("cp874")
    import_scores(empty, data, "scores.csv")
    assert scores_of(empty)["questions"] == {"i1": D("94.12")}


def test_a_dry_run_previews_changes_and_the_engines_figures_and_writes_nothing(demo):
    rows = [["รหัสข้อ", "คะแนน"], ["i11", "95.88"], ["o20", "80"], ["i1", "94.12"]]
    before = scores_of(demo)
    result = import_scores(demo, xlsx_bytes({"s": rows}), dry_run=True)
    assert scores_of(demo) == before
    changes = [
        (r.instance.question.code, r.original.score if r.original else None, r.instance.score)
        for r in result.valid_rows()
    ]
    assert changes == [("i11", D("95.85"), D("95.88")), ("o20", None, D("80.00"))]
    assert result.totals["skip"] == 1
    figures = result.score_import.score_result
    # With the probable true i11 and o20 = 80 the seed's two known inconsistencies disappear.
    assert not any("ตัวชี้วัดที่ 4" in w or "o20" in w for w in figures.warnings)
    assert any("ตัวชี้วัดที่ 6" in w for w in figures.warnings)
    assert figures.overall == D("94.50")


def test_rows_without_a_score_leave_that_question_as_it_is(demo):
    rows = [["รหัสข้อ", "คะแนน"], ["i1", None], ["i2", "92"]]
    import_scores(demo, xlsx_bytes({"s": rows}))
    assert scores_of(demo)["questions"]["i1"] == D("94.12")
    assert scores_of(demo)["questions"]["i2"] == D("92.00")


def test_an_import_is_recorded_in_each_scores_history(demo, staff):
    rows = [["รหัสข้อ", "คะแนน"], ["i2", "92"], ["o20", "80"]]
    import_scores(demo, xlsx_bytes({"s": rows}), user=staff)
    for code in ("i2", "o20"):
        h = demo.question_scores.get(question__code=code).history.first()
        assert h.history_user == staff and h.history_change_reason == "นำเข้าคะแนนจากไฟล์"


def good_rows(*extra):
    return [["รหัสข้อ", "คะแนน"], ["i1", "50"], ["i2", "50"], *extra]


BAD_FILES = {
    "unknown code": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["9x", "90"])}),
        ["ชีต “คะแนน” แถวที่ 4: รหัสข้อ “9x” ไม่ถูกต้อง"],
    ),
    "letters and digits not in any framework": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["x9", "90"])}),
        ["ชีต “คะแนน” แถวที่ 4: ไม่รู้จักรหัสข้อ “x9” ในกรอบการประเมินปี 2568"],
    ),
    "code not in the framework": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["i16", "90"])}),
        ["แถวที่ 4: ไม่รู้จักรหัสข้อ “i16” ในกรอบการประเมินปี 2568"],
    ),
    "a range instead of a code": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["0๑ - 0๕", "100"])}),
        ["แถวที่ 4: รหัสข้อ “0๑ - 0๕” ไม่ถูกต้อง (กรอกทีละข้อ ไม่ใช่ช่วง)"],
    ),
    "score above 100": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["i3", "101"])}),
        ["แถวที่ 4: ข้อ i3 คะแนน 101 อยู่นอกช่วง 0–100"],
    ),
    "negative score": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["i3", -1])}),
        ["แถวที่ 4: ข้อ i3 คะแนน -1 อยู่นอกช่วง 0–100"],
    ),
    "score not a number": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["i3", "เก้าสิบ"])}),
        ["แถวที่ 4: ข้อ i3 คะแนน “เก้าสิบ” ไม่ใช่ตัวเลข"],
    ),
    "duplicate codes written differently": (
        lambda: xlsx_bytes({"คะแนน": good_rows(["I1", "60"])}),
        ["ชีต “คะแนน” แถวที่ 4: ข้อ i1 ซ้ำกับชีต “คะแนน” แถวที่ 2"],
    ),
    "the template of another framework year": (
        lambda: xlsx_bytes({"คะแนน": [["กรอบการประเมินปี", 2569], [], *good_rows()]}),
        ["ไฟล์นี้เป็นแบบฟอร์มของกรอบการประเมินปี 2569 แต่ผลการประเมินนี้ใช้กรอบปี 2568"],
    ),
    "unknown reported item": (
        lambda: xlsx_bytes({"a": good_rows(["ตัวชี้วัดที่ 11", 90])}),
        ["ชีต “a” แถวที่ 4: รหัสข้อ “ตัวชี้วัดที่ 11” ไม่ถูกต้อง (ใช้รหัสข้อ เช่น i1 หรือรายการที่"],
    ),
    "unknown level": (
        lambda: xlsx_bytes({"a": good_rows(["ระดับ", "ดีมาก"])}),
        ["ชีต “a” แถวที่ 4: ไม่รู้จักระดับ “ดีมาก”"],
    ),
    "empty file": (lambda: b"", ["ว่างเปล่า"]),
    "header only, no scores": (
        lambda: xlsx_bytes({"a": [["รหัสข้อ", "คะแนน"], ["i1", None]]}),
        ["ไม่มีคะแนนให้นำเข้า"],
    ),
    "wrong sheets": (
        lambda: xlsx_bytes({"ข้อบกพร่อง": [["ตัวชี้วัดที่", "ประเด็น"], [1, "x"]]}),
        ["ชีต “ข้อบกพร่อง” ไม่มีคอลัมน์ “รหัสข้อ” และ “คะแนน”"],
    ),
    "a pdf": (lambda: b"%PDF-1.7\n...", ["ไม่ใช่ไฟล์ตารางคำนวณ"]),
    "binary junk": (lambda: bytes(range(256)) * 4, ["ไม่ใช่ไฟล์ตารางคำนวณ"]),
    "a zip that is not a workbook": (
        lambda: b"PK\x03\x04" + b"\x00" * 100,
        ["ไฟล์ “scores.xlsx” ไม่ใช่ไฟล์ตารางคำนวณ .xlsx ที่อ่านได้"],
    ),
    "old excel": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        ["เป็น Excel รุ่นเก่า (.xls)"],
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_names_the_row_and_problem_and_imports_nothing(demo, case):
    make_data, messages = BAD_FILES[case]
    before = scores_of(demo)
    with pytest.raises(ValidationError) as excinfo:
        import_scores(demo, make_data())
    errors = excinfo.value.messages
    for message in messages:
        assert any(message in e for e in errors), errors
    assert scores_of(demo) == before  # i1 and i2 were good rows, and were not imported either


def test_a_code_of_another_framework_year_is_named_as_such(demo):
    make_framework_2569()
    a2569 = make_assessment(2569)
    rows = [["รหัสข้อ", "คะแนน"], ["o27", "100"]]
    with pytest.raises(ValidationError) as excinfo:
        import_scores(a2569, xlsx_bytes({"s": rows}))
    assert excinfo.value.messages == [
        "ชีต “s” แถวที่ 2: ข้อ “o27” (o27) ไม่มีในกรอบการประเมินปี 2569 ที่ผลการประเมินนี้ใช้ "
        "(เป็นรหัสข้อของกรอบปี 2567, 2568)"
    ]
    assert not a2569.question_scores.exists()


def test_every_problem_of_a_file_is_listed_at_once(demo):
    rows = [["รหัสข้อ", "คะแนน"], ["x1", "1"], ["i1", "200"], ["i1", "3"]]
    with pytest.raises(ValidationError) as excinfo:
        import_scores(demo, xlsx_bytes({"s": rows}), dry_run=True)
    assert len(excinfo.value.messages) == 3


def test_a_5000_row_file_is_checked_in_seconds_and_bounded_memory(demo, capsys):
    """A stress file: the 51 seed rows, then 4,949 more (duplicates, each reported)."""
    codes = list(SEED["question_scores"])
    rows = [["รหัสข้อ", "คะแนน"]] + [
        [codes[i % len(codes)], SEED["question_scores"][codes[i % len(codes)]]] for i in range(5000)
    ]
    data = xlsx_bytes({"s": rows})
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(ValidationError) as excinfo:
        import_scores(demo, data, dry_run=True)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(excinfo.value.messages) == 5000 - len(codes)
    with capsys.disabled():
        print(
            f"\n5,000-row file ({len(data) // 1024} KiB): {elapsed:.2f} s, "
            f"peak {peak / 2**20:.1f} MiB (tracemalloc)"
        )
    assert elapsed < 10
    assert peak < 100 * 2**20


def test_importing_a_year_costs_a_fixed_number_of_queries(demo, django_assert_num_queries):
    """18 reads whatever the number of rows: the framework's indicators, tools, levels and
    questions, the stored question scores (5), the assessment and its reported indicator and
    tool scores (3), the figures afterwards (assessment_score: 9), the helper's refresh (1).
    The library wraps each row in a savepoint (2 statements a row) and its steps in 8 more."""
    from assessments.resources import template_xlsx

    form = template_xlsx(demo)
    import_scores(demo, form, dry_run=True)  # warm: nothing cached between imports
    with django_assert_num_queries(18 + 2 * 51 + 8):
        import_scores(demo, form, dry_run=True)
