"""Open data: a published year's figures as JSON and CSV; nothing of an unpublished year."""

import csv
import io

import pytest

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
