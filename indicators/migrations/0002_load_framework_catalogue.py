"""Loads the framework catalogue, so every deployment has it.

The data is fixtures/framework.json as it was when this migration was written, frozen beside it
(data/0002_load_framework_catalogue.json), and so is the loader: a migration does on a new
deployment what it did when it was written, whatever the fixture and the app's code say today.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0002_load_framework_catalogue.json"


def _dec(value):
    return None if value is None else Decimal(value)


def load(apps, schema_editor):
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
            },
        )
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
            }
            text = {"title": q["title"], "title_is_summary": q["title_is_summary"]}
            obj, created = Question.objects.get_or_create(
                framework=fy, code=q["code"], defaults={**defaults, **text}
            )
            if not created:  # titles staff have edited are kept
                for field, value in defaults.items():
                    setattr(obj, field, value)
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
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
