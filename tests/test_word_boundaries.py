"""Issue 20, finding 7: titles are cut at a word boundary (pythainlp), never mid-word, in the
admin's headings, breadcrumbs, messages and history (they print the rows' __str__)."""

from django.urls import reverse

from actionplans.models import ActionItem
from core.thai import shorten

LONG = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐประจำปีงบประมาณเพื่อยกระดับการบริหารงาน"


def test_shorten_cuts_between_words():
    out = shorten(LONG, 60)
    assert out.endswith("…") and len(out) <= 61
    assert LONG.startswith(out[:-1])
    rest = LONG[len(out) - 1 :]
    # The cut falls where a word ends: the next word begins the rest.
    assert out[:-1].endswith(("ภาครัฐ", "หน่วยงาน", "งาน", "ของ", "ประจำปี", "ประจำ", "ราชการ"))
    assert not rest.startswith(("ง", "าน"))
    assert shorten("สั้น", 60) == "สั้น"


def test_the_item_title_in_the_admin_is_cut_at_a_word(staff_client, demo):
    item = ActionItem.objects.filter(topic__assessment=demo).first()
    item.text = LONG
    item.save()
    html = staff_client.get(
        reverse("admin:actionplans_actionitem_change", args=[item.pk])
    ).content.decode()
    title = str(item)
    assert title.endswith("…") and "ในการดำเนินง…" not in title
    assert title in html
