"""Issue 20, finding 2: the new year's memo proposes last year's signers and their roles, for
staff to edit; a memo that has its signers keeps them."""

from django.urls import reverse

from assessments.memo import memo_draft
from assessments.models import MemoSignature
from tests.test_draft_findings import seed_copy


def blocks(memo):
    return list(memo.signatures.order_by("order", "pk").values_list("role", "name", "position"))


def test_a_new_years_memo_proposes_last_years_signers(demo):
    last_year = blocks(demo.memo)
    assert len(last_year) == 5
    memo = memo_draft(assessment=seed_copy(demo, 2569))
    assert blocks(memo) == last_year
    # The year's own words are left for staff: no opinion, no drafter's date of last year.
    assert not memo.signatures.exclude(opinion="").exists()
    assert not memo.signatures.exclude(note="").exists()
    # Staff edit them; drafting again keeps what they have.
    signer = memo.signatures.get(role=MemoSignature.Role.SIGNER)
    signer.name = "นายใหม่ ลงนาม"
    signer.save()
    memo = memo_draft(assessment=memo.assessment)
    assert memo.signatures.count() == 5 and memo.signatures.filter(name="นายใหม่ ลงนาม").exists()


def test_the_memo_page_ends_with_the_proposed_signatures(demo, staff_client):
    year = seed_copy(demo, 2569)
    memo_draft(assessment=year)
    page = staff_client.get(reverse("publishing:memo", args=[2569])).content.decode()
    assert "นางสาวสมฤดี ขนอม" in page and "นายฉัตรชัย กันเที่ยง" in page


def test_the_admin_action_says_where_the_signers_came_from(demo, staff_client):
    year = seed_copy(demo, 2569)
    changelist = reverse("admin:assessments_assessment_changelist")
    response = staff_client.post(
        changelist, {"action": "draft_memo", "_selected_action": [year.pk]}, follow=True
    )
    assert "เสนอผู้ลงนาม 5 คนตามบันทึกข้อความปี 2568" in response.content.decode()
