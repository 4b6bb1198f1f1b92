"""Ships fiscal 2569 (OIT renumbered to O1–O26, provisional) from fixtures/framework.json and
corrects the 2568 (and 2567) titles of o5, o6 and o28 from the fuller source (reference §5).

A title is corrected only where it is still the old catalogue text, so staff's own wording
stays; o5's topic key becomes oit-strategic-plan, as the item is the strategic plan, not Q&A.
"""

from django.db import migrations

from indicators.catalogue import load_catalogue

OLD_TITLES = {
    "o5": ("ช่องทางการติดต่อสอบถาม (Q&A)", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"),
    "o6": (
        "แผนการดำเนินงานและการใช้จ่ายงบประมาณประจำปี",
        "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี",
    ),
    "o28": (
        "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
}


def forwards(apps, schema_editor):
    Question = apps.get_model("indicators", "Question")
    for code, (old, new) in OLD_TITLES.items():
        Question.objects.filter(framework__year__in=[2567, 2568], code=code, title=old).update(
            title=new, title_is_summary=False
        )
    names = ("FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel")
    load_catalogue({n: apps.get_model("indicators", n) for n in names})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_frameworkyear_provisional_question_merged_topic_keys")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
