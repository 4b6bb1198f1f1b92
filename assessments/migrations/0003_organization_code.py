"""Organization.code: a stable key, so that renaming the agency never makes load_demo (or
anything else that finds it) create a second one. Existing rows get "donsak" for the demo's
agency (by its name, or by its memo reference prefix when staff renamed it) and "org-<id>"
otherwise; staff may change it in the admin."""

from django.db import migrations, models

DEMO_NAME = "เทศบาลเมืองดอนสัก"
DEMO_PREFIX = "สฎ ๕๒๙๐๘"  # the demo's memo reference prefix, kept when the agency is renamed


def fill_codes(apps, schema_editor):
    Organization = apps.get_model("assessments", "Organization")
    demo_taken = False
    for org in Organization.objects.order_by("pk"):
        is_demo = org.name == DEMO_NAME or org.memo_reference_prefix == DEMO_PREFIX
        if is_demo and not demo_taken:
            org.code, demo_taken = "donsak", True
        else:
            org.code = f"org-{org.pk}"
        org.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_fiscal_year_in_buddhist_era")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="code",
            # No index yet: the unique field below makes its own (two would share a name).
            field=models.SlugField(
                max_length=50, null=True, db_index=False, verbose_name="รหัสหน่วยงาน"
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organization",
            name="code",
            field=models.SlugField(
                help_text="รหัสคงที่ (ตัวอักษรภาษาอังกฤษ ตัวเลข หรือขีด) ใช้อ้างถึงหน่วยงานแม้เปลี่ยนชื่อ",
                max_length=50,
                unique=True,
                verbose_name="รหัสหน่วยงาน",
            ),
        ),
    ]
