"""Ships fiscal 2569 (OIT renumbered to O1–O26, provisional) and corrects the 2568 (and 2567)
titles of o5, o6 and o28 from the fuller source (reference §5).

A title is corrected only where it is still the old catalogue text, so staff's own wording
stays; o5's topic key becomes oit-strategic-plan, as the item is the strategic plan, not Q&A.

The data is fixtures/framework.json as it was when this migration was written, frozen beside it
(data/0007_ship_2569_and_correct_2568_titles.json), and so is the loader: a migration does on a
new deployment what it did when it was written, whatever the fixture and the app's code say today.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0007_ship_2569_and_correct_2568_titles.json"

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
    load(apps)


def _dec(value):
    return None if value is None else Decimal(value)


def load(apps):
    FrameworkYear = apps.get_model("indicators", "FrameworkYear")
    Tool = apps.get_model("indicators", "Tool")
    Indicator = apps.get_model("indicators", "Indicator")
    Question = apps.get_model("indicators", "Question")
    RatingLevel = apps.get_model("indicators", "RatingLevel")
    with open(DATA, encoding="utf-8") as f:
        years = json.load(f)["years"]
    for entry in years:
        fy, _ = FrameworkYear.objects.update_or_create(
            year=entry["year"],
            defaults={
                "name": entry["name"],
                "national_target": _dec(entry["national_target"]),
                "notes": entry.get("notes", ""),
                "provisional": entry.get("provisional", False),
            },
        )
        keep = entry.get("keep_level_text")
        if keep and not fy.keep_level_text:
            fy.keep_level_text = keep
            fy.save(update_fields=["keep_level_text"])
        tools = {}
        for t in entry["tools"]:
            tools[t["code"]], _ = Tool.objects.update_or_create(
                framework=fy,
                code=t["code"],
                defaults={"name": t["name"], "weight": _dec(t["weight"]), "order": t["order"]},
            )
        indicators = {}
        for i in entry["indicators"]:
            indicators[i["number"]], _ = Indicator.objects.update_or_create(
                framework=fy,
                number=i["number"],
                defaults={"name": i["name"], "tool": tools[i["tool"]]},
            )
        for q in entry["questions"]:
            defaults = {
                "indicator": indicators[q["indicator"]],
                "order": q["order"],
                "topic_key": q["topic_key"],
                "merged_topic_keys": ", ".join(q.get("merged_topic_keys", [])),
            }
            text = {"title": q["title"], "title_is_summary": q["title_is_summary"]}
            recommendation = q.get("standard_recommendation", "")
            obj, created = Question.objects.get_or_create(
                framework=fy,
                code=q["code"],
                defaults={**defaults, **text, "standard_recommendation": recommendation},
            )
            if not created:  # titles staff have edited are kept; an empty text is filled
                for field, value in defaults.items():
                    setattr(obj, field, value)
                if recommendation and not obj.standard_recommendation:
                    obj.standard_recommendation = recommendation
                obj.save()
        for r in entry["rating_levels"]:
            RatingLevel.objects.update_or_create(
                framework=fy,
                rank=r["rank"],
                defaults={
                    "name": r["name"],
                    "min_overall": _dec(r["min_overall"]),
                    "min_each_tool": _dec(r["min_each_tool"]),
                    "passes": r["passes"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_frameworkyear_provisional_question_merged_topic_keys")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
