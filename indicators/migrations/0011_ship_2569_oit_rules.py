"""Ships the 2569 OIT items' elements and rules (reference §8, provisional like the rest of 2569):
the evidence from the fiscal year assessed, on the agency's own website, O1's two sides and O19's
four participation elements. The NACC's 2569 element lists could not be consulted; staff complete
them from their manual in the framework editor.

Rules staff have already filled in are kept: only a question still at the defaults is written.
The data is frozen beside this migration (data/0011_ship_2569_oit_rules.json), and so is the
loader.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data" / "0011_ship_2569_oit_rules.json"


def forwards(apps, schema_editor):
    Question = apps.get_model("indicators", "Question")
    with open(DATA, encoding="utf-8") as f:
        years = json.load(f)["years"]
    for entry in years:
        for q in entry["questions"]:
            Question.objects.filter(
                framework__year=entry["year"],
                code=q["code"],
                elements="",
                evidence_period="any",
                own_website=False,
                rule_notes="",
            ).update(
                elements="\n".join(q["elements"]),
                evidence_period=q["evidence_period"],
                own_website=q["own_website"],
                rule_notes=q["rule_notes"],
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0010_question_oit_rules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
