"""Open data: a published year's figures as JSON and CSV; nothing of an unpublished year."""

import csv
import io

import pytest
from django.test import Client

from assessments.models import Assessment


def test_a_published_years_json_holds_every_figure(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/reports/2568/data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["fiscal_year"] == 2568 and data["organization"]["name"] == "เทศบาลเมืองดอนสัก"
    assert data["overall"] == {"reported": "94.50", "computed": "94.50", "value": "94.50"}
    assert data["level"]["value"] == "ผ่านดี"
    assert [t["computed"] for t in data["tools"]] == ["94.43", "96.24", "93.25"]
    ind4 = data["indicators"][3]
    assert (ind4["reported"], ind4["computed"]) == ("85.88", "85.87")
    i10 = ind4["questions"][0]
    assert (i10["code"], i10["score"], i10["topic_key"]) == ("i10", "70.00", i10["topic_key"])
    assert i10["topic_key"] and i10["title"]
    o20 = next(q for q in data["indicators"][8]["questions"] if q["code"] == "o20")
    assert o20["score"] is None
    assert len(data["findings"]) == 17
    assert any("o20" in w for w in data["warnings"])


def test_a_published_years_csv_reads_back_with_every_row(client, demo):
    response = client.get("/reports/2568/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("question") == 52 and kinds.count("indicator") == 10
    assert kinds.count("tool") == 3
    overall = next(r for r in rows if r["kind"] == "overall")
    assert overall["value"] == "94.50"
    i1 = next(r for r in rows if r["code"] == "i1")
    assert (i1["value"], i1["indicator"], i1["tool"]) == ("94.12", "1", "IIT")
    assert next(r for r in rows if r["kind"] == "level")["value"] == "ผ่านดี"


@pytest.mark.parametrize("url", ["/reports/2568/data.json", "/reports/2568/data.csv"])
def test_an_unpublished_year_is_not_open_data_even_for_staff(staff_client, demo, url):
    Assessment.objects.filter(pk=demo.pk).update(status=Assessment.Status.DRAFT)
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/reports/2567/data.json", "/reports/2567/data.csv"])
def test_a_year_without_an_assessment_is_404(client, demo, url):
    assert client.get(url).status_code == 404


# --- for people: data.xlsx and the page that explains the fields (issue 20, finding 14) ---------


def xlsx_of(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def test_the_xlsx_has_the_csvs_rows_under_thai_headers(client, demo):
    wb = xlsx_of(client.get("/reports/2568/data.xlsx"))
    assert wb.sheetnames == ["คะแนน", "ข้อบกพร่องและข้อเสนอแนะ", "ข้อมูลทั่วไป"]
    rows = list(wb["คะแนน"].iter_rows(values_only=True))
    assert rows[0] == (
        "ปีงบประมาณ (พ.ศ.)",
        "ประเภท",
        "รหัส",
        "รหัสประเด็น",
        "ชื่อ",
        "เครื่องมือ",
        "ตัวชี้วัดที่",
        "ตามที่ สำนักงาน ป.ป.ช. แจ้ง",
        "ที่คำนวณได้",
        "ที่ใช้ในรายงาน",
    )
    csv_rows = list(
        csv.reader(io.StringIO(client.get("/reports/2568/data.csv").content.decode("utf-8-sig")))
    )
    assert len(rows) == len(csv_rows) == 1 + 52 + 10 + 3 + 2
    kinds = {
        "question": "ข้อคำถาม",
        "indicator": "ตัวชี้วัด",
        "tool": "เครื่องมือ",
        "overall": "คะแนนภาพรวม",
        "level": "ระดับผลการประเมิน",
    }
    # The same rows in the same order: the same codes and names, the same figures.
    for row, csv_row in zip(rows[1:], csv_rows[1:], strict=True):
        assert row[1] == kinds[csv_row[1]]
        as_text = ["" if v is None else str(v) for v in row]
        assert as_text[0] == csv_row[0] and as_text[2:7] == csv_row[2:7]
        for value, text in zip(row[7:], csv_row[7:], strict=True):
            if isinstance(value, float | int):
                assert f"{value:.2f}" == text  # a number in the sheet, two places in the CSV
            else:
                assert ("" if value is None else value) == text
    i1 = next(r for r in rows if r[2] == "i1")
    assert (i1[1], i1[9]) == ("ข้อคำถาม", 94.12)
    overall = next(r for r in rows if r[1] == "คะแนนภาพรวม")
    assert overall[9] == 94.5
    cell = next(c for c in wb["คะแนน"]["J"] if c.value == 94.5)
    assert cell.number_format == "0.00"  # shown as 94.50
    assert next(r for r in rows if r[1] == "ระดับผลการประเมิน")[9] == "ผ่านดี"


def test_the_xlsx_dates_are_buddhist_era_and_bangkok_time(client, demo):
    import datetime

    from django.utils import timezone

    bangkok = timezone.get_default_timezone()
    Assessment.objects.filter(pk=demo.pk).update(
        published_at=datetime.datetime(2026, 4, 16, 23, 30, tzinfo=datetime.UTC)  # 06:30 on 17th
    )
    wb = xlsx_of(client.get("/reports/2568/data.xlsx"))
    facts = {row[0].value: row[1] for row in wb["ข้อมูลทั่วไป"].iter_rows()}
    assert facts["ปีงบประมาณ (พ.ศ.)"].value == 2568
    assert facts["หน่วยงาน"].value == "เทศบาลเมืองดอนสัก"
    published = facts["วันที่เผยแพร่"]
    assert published.value == datetime.datetime(2026, 4, 17, 6, 30)
    assert str(bangkok) == "Asia/Bangkok"
    # Excel's code for the Thai Buddhist calendar: the cell shows 17/04/2569 06:30.
    assert published.number_format.startswith("[$-107041E]dd/mm/yyyy")
    assert facts["คำอธิบายข้อมูล"].value.endswith("/reports/2568/data/")
    findings = list(wb["ข้อบกพร่องและข้อเสนอแนะ"].iter_rows(values_only=True))
    assert findings[0][:3] == ("ตัวชี้วัดที่", "ข้อคำถาม", "ประเภท")
    assert len(findings) == 1 + 17
    assert "ข้อบกพร่อง/ข้อแก้ไข" in {row[2] for row in findings[1:]}


def test_the_about_page_explains_every_field_in_thai(client, demo):
    from publishing.opendata import COLUMNS, KINDS

    response = client.get("/reports/2568/data/")
    assert response.status_code == 200
    html = response.content.decode().replace("<wbr>", "")
    assert "ข้อมูลเปิด ผลการประเมิน ITA" in html
    for key, thai in COLUMNS:
        assert f"<code>{key}</code>" in html and thai in html, key
    for key, thai in KINDS.items():
        assert f"<code>{key}</code>" in html and thai in html, key
    for key in ["findings", "published_at", "framework_year", "national_target", "warnings"]:
        assert f"<code>{key}</code>" in html, key
    for url in ["/reports/2568/data.xlsx", "/reports/2568/data.csv", "/reports/2568/data.json"]:
        assert f'href="{url}"' in html, url


def test_the_about_page_query_count_is_fixed_and_it_is_kept(
    client, demo, django_assert_num_queries
):
    # 1 the published year (with organization and framework), 2 the organization (header).
    with django_assert_num_queries(2):
        client.get("/reports/2568/data/")
    with django_assert_num_queries(0):
        assert client.get("/reports/2568/data/").status_code == 200


@pytest.mark.parametrize("url", ["/reports/2568/data.xlsx", "/reports/2568/data/"])
def test_people_formats_of_an_unpublished_year_are_404_even_for_staff(staff_client, demo, url):
    Assessment.objects.filter(pk=demo.pk).update(status=Assessment.Status.DRAFT)
    assert staff_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize("url", ["/reports/2567/data.xlsx", "/reports/2567/data/"])
def test_people_formats_of_a_year_without_an_assessment_are_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_the_report_links_the_xlsx_and_the_about_page(client, demo):
    html = client.get("/reports/2568/").content.decode()
    assert 'href="/reports/2568/data.xlsx"' in html and 'href="/reports/2568/data/"' in html


def test_the_xlsx_columns_are_wide_enough_to_read(client, demo):
    wb = xlsx_of(client.get("/reports/2568/data.xlsx"))
    assert wb["คะแนน"].column_dimensions["E"].width >= 40  # the questions' text
    assert wb["ข้อมูลทั่วไป"].column_dimensions["A"].width >= 30
