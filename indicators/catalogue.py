"""Loading the framework catalogue (fixtures/framework.json) into the database.

Used by `manage.py load_framework` after the file is edited (and by tests that empty the
database). The data migrations that load the catalogue (indicators 0002, 0004, 0007) carry
their own frozen copies of the file and of this loader as they were then (never this module),
so editing either never changes what an old migration does. Idempotent: rows are matched by their
natural keys and updated; texts staff may have edited (question titles, standard recommendation
texts, the keep-the-level note) are kept unless `overwrite` is set; a recommendation or note that is
still empty is filled from the file.
"""

import json
from decimal import Decimal
from pathlib import Path

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "framework.json"


def read_catalogue(path=CATALOGUE_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["years"]


def older_rating_levels(path=CATALOGUE_PATH):
    """The rating scale of the years up to the catalogue's `older_rating_levels.until` (the
    seven-level AA–F scale, up to fiscal 2565): (until, [level dicts as in a year's entry])."""
    with open(path, encoding="utf-8") as f:
        older = json.load(f)["older_rating_levels"]
    return older["until"], [
        {**r, "min_overall": _dec(r["min_overall"]), "min_each_tool": _dec(r["min_each_tool"])}
        for r in older["rating_levels"]
    ]


def _dec(value):
    return None if value is None else Decimal(value)


def load_catalogue(models, *, path=CATALOGUE_PATH, overwrite=False):
    """Create or update every framework year in the catalogue file.

    `models` maps model names to today's classes (see `real_models`). Returns the number of
    questions written.
    """
    FrameworkYear = models["FrameworkYear"]
    Tool, Indicator = models["Tool"], models["Indicator"]
    Question, RatingLevel = models["Question"], models["RatingLevel"]
    written = 0

    for entry in read_catalogue(path):
        year_fields = {
            "name": entry["name"],
            "national_target": _dec(entry["national_target"]),
            "notes": entry.get("notes", ""),
            "provisional": entry.get("provisional", False),
        }
        fy, _ = FrameworkYear.objects.update_or_create(year=entry["year"], defaults=year_fields)
        keep = entry.get("keep_level_text")
        if keep and (overwrite or not fy.keep_level_text):
            fy.keep_level_text = keep
            fy.save(update_fields=["keep_level_text"])
        tools = {}
        for t in entry["tools"]:
            tools[t["code"]], _ = Tool.objects.update_or_create(
                framework=fy,
                code=t["code"],
                defaults={
                    "name": t["name"],
                    "weight": _dec(t["weight"]),
                    "order": t["order"],
                },
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
            if "evidence_period" in q:  # OIT rules: staff complete them, so kept like titles
                text.update(oit_rules(q))
            recommendation = q.get("standard_recommendation", "")
            obj, created = Question.objects.get_or_create(
                framework=fy,
                code=q["code"],
                defaults={**defaults, **text, "standard_recommendation": recommendation},
            )
            if not created:
                for field, value in {**defaults, **(text if overwrite else {})}.items():
                    setattr(obj, field, value)
                if recommendation and (overwrite or not obj.standard_recommendation):
                    obj.standard_recommendation = recommendation
                obj.save()
            written += 1
        # A level the year's scale no longer has goes (2566's ranks 6 and 7 of the AA–F scale).
        ranks = [r["rank"] for r in entry["rating_levels"]]
        RatingLevel.objects.filter(framework=fy).exclude(rank__in=ranks).delete()
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
    return written


def oit_rules(q):
    """An OIT item's elements and rules as the catalogue file writes them, as field values."""
    return {
        "elements": "\n".join(q.get("elements", [])),
        "evidence_period": q.get("evidence_period", "any"),
        "own_website": q.get("own_website", False),
        "rule_notes": q.get("rule_notes", ""),
    }


def real_models():
    from indicators import models as m

    return {
        name: getattr(m, name)
        for name in ("FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel")
    }
