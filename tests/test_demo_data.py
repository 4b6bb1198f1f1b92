"""load_demo enters the whole seed report, and running it again changes nothing."""

from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.core.management import call_command

from actionplans.models import ActionItem, Division, PlanMethod, PlanTopic
from assessments.models import Finding, Guideline, MemoSignature, Organization, QuestionScore


def test_demo_holds_every_part_of_the_seed_report(demo):
    # 52 questions less o20, which the seed does not print.
    assert demo.question_scores.count() == 51
    assert not demo.question_scores.filter(question__code="o20").exists()
    assert demo.indicator_scores.count() == 10
    assert demo.reported_overall == D("94.50")
    assert demo.reported_level == "ผ่านดี"
    assert (demo.goal_overall, demo.goal_each_tool) == (D("90.00"), D("90.00"))
    # 10 weaknesses (e4 and e5 share one), 5 keep-the-level notes, 2 OIT notes (o15, o19).
    kinds = sorted(demo.findings.values_list("kind", flat=True))
    assert kinds.count("weakness") == 10 and kinds.count("keep") == 5 and kinds.count("note") == 2
    per_indicator = [demo.guidelines.filter(indicator__number=n).count() for n in range(1, 11)]
    assert per_indicator == [4, 4, 5, 2, 10, 1, 2, 3, 3, 10]
    assert PlanTopic.objects.filter(assessment=demo).count() == 7
    assert PlanMethod.objects.filter(topic__assessment=demo).count() == 30
    assert ActionItem.objects.filter(topic__assessment=demo).count() == 19
    assert MemoSignature.objects.filter(memo__assessment=demo).count() == 5
    assert Division.objects.count() == 7


def test_demo_scores_carry_the_seed_values_with_ocr_codes_corrected(demo):
    scores = dict(demo.question_scores.values_list("question__code", "score"))
    assert scores["i10"] == D("70.00")  # printed "๑๑๐" in the seed
    assert scores["i11"] == D("95.85")
    assert scores["o6"] == D("50.00")  # printed "0๖"
    assert scores["o15"] == scores["o19"] == D("0.00")


def test_demo_finding_covering_two_questions_is_one_finding(demo):
    finding = Finding.objects.get(assessment=demo, questions__code="e4")
    assert sorted(q.code for q in finding.questions.all()) == ["e4", "e5"]
    assert finding.issue.startswith("มีผู้รับบริการหรือผู้มาติดต่อราชการ")
    assert "(อ้างอิงจากตัวชี้วัด" in finding.recommendation


def test_demo_texts_reference_oit_items_by_their_corrected_codes(demo):
    i1 = Finding.objects.get(assessment=demo, questions__code="i1")
    assert "(อ้างอิงจาก o8)" in i1.recommendation and "๐๘" not in i1.recommendation
    assert Guideline.objects.filter(assessment=demo, text__startswith="ข้อ o15").exists()


def test_demo_memo_is_complete(demo):
    memo = demo.memo
    assert memo.reference_no == "สฎ ๕๒๙๐๘/๙๔"
    assert memo.date.isoformat() == "2026-04-17"
    assert memo.facts.endswith("ระดับผลการประเมิน ผ่านดี")  # not "ระดับ ระดับ" (issue 20)
    assert [(s.role, s.name) for s in memo.signatures.all()] == [
        ("signer", "นางสาวสมฤดี ขนอม"),
        ("endorser", "นางสาวศศิธร เต็มังกรพันธ์"),
        ("endorser", "นายชวิน ปพนศักดิ์"),
        ("decider", "นายฉัตรชัย กันเที่ยง"),
        ("drafter", "นางดวงพร นวก์"),
    ]
    assert memo.signatures.get(role="drafter").position == "หน.ฝ่ายแผนงาน"  # not "ท.น."
    assert memo.closing == "จึงเรียนมาเพื่อโปรดพิจารณา"


def test_demo_plan_topics_have_owner_divisions_and_the_fiscal_year_period(demo):
    topic = PlanTopic.objects.get(assessment=demo, number=4)
    assert [d.name for d in topic.owners.all()] == ["งานพัสดุ"]
    assert topic.owners.get().parent.name == "กองคลัง"
    assert (topic.start_date.isoformat(), topic.end_date.isoformat()) == (
        "2025-10-01",
        "2026-09-30",
    )
    assert all(item.owner.name == "งานพัสดุ" for item in topic.items.all())


def counts():
    return (
        Organization.objects.count(),
        QuestionScore.objects.count(),
        Finding.objects.count(),
        Guideline.objects.count(),
        PlanTopic.objects.count(),
        ActionItem.objects.count(),
        Division.objects.count(),
        get_user_model().objects.count(),
        Finding.history.count(),
    )


def test_running_load_demo_twice_changes_nothing(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_load_demo_keeps_staff_edits_on_a_second_run(demo):
    demo.reflection = "แก้ไขโดยเจ้าหน้าที่"
    demo.save()
    call_command("load_demo", verbosity=0)
    demo.refresh_from_db()
    assert demo.reflection == "แก้ไขโดยเจ้าหน้าที่"


def test_demo_accounts_are_created_only_with_debug_on(db, settings, capsys):
    settings.DEBUG = False
    call_command("load_demo")
    assert "ไม่สร้างบัญชีทดลอง" in capsys.readouterr().out
    assert not get_user_model().objects.exists()
    settings.DEBUG = True
    call_command("load_demo")
    heads = Division.objects.get(name="งานพัสดุ").heads.all()
    assert [u.username for u in heads] == ["phatsadu"]
    assert get_user_model().objects.get(username="ita-admin").is_staff
