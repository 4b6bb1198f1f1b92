"""Issue 20, finding 7: the smaller things staff and heads saw in the admin and /actions/."""

from django.urls import reverse

from actionplans.models import ActionItem, ResultsRound
from actionplans.services import progress_update_create


def test_an_empty_recent_actions_box_says_there_is_nothing(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "ไม่มีรายการ" in html and "ไม่ว่าง" not in html


def test_the_closing_help_names_the_action_as_it_is_called(staff_client, demo):
    label = "ร่างข้อความสรุปและบันทึกข้อความจากข้อมูล"
    rnd = ResultsRound(assessment=demo, kind="6m")
    rnd.full_clean()
    rnd.save()
    change = staff_client.get(reverse("admin:actionplans_resultsround_change", args=[rnd.pk]))
    assert f"“{label}”" in change.content.decode()
    assert 'ร่างจากข้อมูล"' not in change.content.decode()
    changelist = staff_client.get(reverse("admin:actionplans_resultsround_changelist"))
    assert label in changelist.content.decode()  # the action the help names exists


def test_the_public_evidence_title_shows_on_the_item_page(alice_client, alice):
    item = ActionItem.objects.filter(owner__heads=alice).first()
    progress_update_create(
        item=item,
        author=alice,
        status="in_progress",
        percent=30,
        public_evidence_title="ประกาศเจตจำนงสุจริตของผู้บริหาร พ.ศ. ๒๕๖๙",
    )
    html = alice_client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    assert "ประกาศเจตจำนงสุจริตของผู้บริหาร พ.ศ. ๒๕๖๙" in html
