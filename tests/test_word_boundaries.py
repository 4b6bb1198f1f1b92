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


def test_admin_headings_and_breadcrumbs_keep_thai_words_whole(staff_client, demo):
    """A browser's Thai dictionary parts "ประจำ|ปี" and "หน่วย|งาน" at a line end; each word
    is a nowrap span, the breaks between them."""
    html = staff_client.get(reverse("admin:assessments_assessment_changelist")).content.decode()
    crumbs = html[html.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</div>")]
    assert '<span class="nobreak">ประจำปี</span>' in crumbs
    title = html[html.index("<h1>") : html.index("</h1>")]
    assert '<span class="nobreak">ประจำปี</span>' in title


def test_thwords_keeps_tags_and_escapes_text():
    from django.utils.safestring import mark_safe

    from core.templatetags.ita import thwords

    assert thwords("<b>หน่วยงาน</b>") == '&lt;b&gt;<span class="nobreak">หน่วยงาน</span>&lt;/b&gt;'
    out = thwords(mark_safe('ผลการประเมิน <a href="/x/">ประจำปี</a> &rsaquo; ข้อมูล'))
    assert '<a href="/x/"><span class="nobreak">ประจำปี</span></a>' in out
    assert "&rsaquo;" in out
