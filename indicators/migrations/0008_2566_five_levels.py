"""Fiscal 2566 was rated on the five levels with the per-tool condition, as 2567 (issue 23;
reference §3): three agencies published 2566 results as 97.29 ผ่านดี, 95.08 ผ่านดี and 86.78 ผ่าน.

2566's levels are replaced only where they are still exactly the seven-level rows the catalogue
shipped (indicators 0002); levels staff have edited are left as they are, and the migration says
so in its output. The year's note is corrected where it is still the shipped text, and so is the
"five levels from 2567" of the later years' notes. Going back restores the seven levels where the
year still has exactly the five this migration wrote.

The rows are frozen here, as every data migration's data is: this does on a new deployment what
it did when it was written, whatever the catalogue file and the app's code say today.
"""

from decimal import Decimal

from django.db import migrations

YEAR = 2566

SEVEN = [
    (1, "AA", "95", None, True),
    (2, "A", "85", None, True),
    (3, "B", "75", None, False),
    (4, "C", "65", None, False),
    (5, "D", "55", None, False),
    (6, "E", "50", None, False),
    (7, "F", "0", None, False),
]
FIVE = [
    (1, "ผ่านดีเยี่ยม", "95", "95", True),
    (2, "ผ่านดี", "85", "85", True),
    (3, "ผ่าน", "85", None, True),
    (4, "ต้องปรับปรุง", "70", None, False),
    (5, "ต้องปรับปรุงโดยด่วน", "0", None, False),
]

# (year, the shipped note, the corrected note)
NOTES = [
    (
        2566,
        "ระดับผลการประเมินแบบเดิม AA–F (ดูคะแนนภาพรวมอย่างเดียว); ยังไม่ได้บันทึกตัวชี้วัดและข้อคำถามของปีนี้",
        "ระดับผลการประเมิน ๕ ระดับ (ใช้ตั้งแต่ปี 2566 ตามผลที่หน่วยงานเผยแพร่); ยังไม่ได้บันทึกตัวชี้วัดและข้อคำถามของปีนี้",
    ),
    (
        2568,
        "โครงสร้าง IIT 30% (i1–i15), EIT 30% (e1–e9), OIT 40% (o1–o28); "
        "ระดับผลการประเมิน ๕ ระดับตั้งแต่ปี 2567",
        "โครงสร้าง IIT 30% (i1–i15), EIT 30% (e1–e9), OIT 40% (o1–o28); "
        "ระดับผลการประเมิน ๕ ระดับตั้งแต่ปี 2566",
    ),
]


def _dec(value):
    return None if value is None else Decimal(value)


def _rows(table):
    return [(rank, name, _dec(low), _dec(each), passes) for rank, name, low, each, passes in table]


def _stored(RatingLevel, framework):
    return [
        (lv.rank, lv.name, lv.min_overall, lv.min_each_tool, lv.passes)
        for lv in RatingLevel.objects.filter(framework=framework).order_by("rank")
    ]


def _replace(apps, old, new, *, forwards):
    FrameworkYear = apps.get_model("indicators", "FrameworkYear")
    RatingLevel = apps.get_model("indicators", "RatingLevel")
    framework = FrameworkYear.objects.filter(year=YEAR).first()
    if framework is not None:
        if _stored(RatingLevel, framework) == _rows(old):
            RatingLevel.objects.filter(framework=framework).delete()
            RatingLevel.objects.bulk_create(
                RatingLevel(
                    framework=framework,
                    rank=rank,
                    name=name,
                    min_overall=low,
                    min_each_tool=each,
                    passes=passes,
                )
                for rank, name, low, each, passes in _rows(new)
            )
        else:
            print(
                f"\n  ระดับผลการประเมินของปี {YEAR} ถูกแก้ไขโดยเจ้าหน้าที่แล้ว "
                "จึงคงไว้ตามที่แก้ไข ไม่เปลี่ยนเป็นระดับตามแค็ตตาล็อก "
                f"(levels of fiscal {YEAR} were edited by staff: left as they are)"
            )
    for year, shipped, corrected in NOTES:
        before, after = (shipped, corrected) if forwards else (corrected, shipped)
        FrameworkYear.objects.filter(year=year, notes=before).update(notes=after)


def forwards(apps, schema_editor):
    _replace(apps, SEVEN, FIVE, forwards=True)


def backwards(apps, schema_editor):
    _replace(apps, FIVE, SEVEN, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_ship_2569_and_correct_2568_titles")]

    operations = [migrations.RunPython(forwards, backwards)]
