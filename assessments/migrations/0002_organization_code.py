"""Organization.code: a stable key, so that renaming the agency never makes load_demo (or
anything else that finds it) create a second one. Existing rows get "donsak" for the demo's
agency and "org-<id>" otherwise; staff may change it in the admin."""

from django.db import migrations, models

DEMO_NAME = "เทศบาลเมืองดอนสัก"


def fill_codes(apps, schema_editor):
    Organization = apps.get_model("assessments", "Organization")
    demo_taken = False
    for org in Organization.objects.order_by("pk"):
        if org.name == DEMO_NAME and not demo_taken:
            org.code, demo_taken = "donsak", True
        else:
            org.code = f"org-{org.pk}"
        org.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="code",
            field=models.SlugField(max_length=50, null=True, verbose_name="รหัสหน่วยงาน"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organization",
            name="code",
            field=models.SlugField(
                help_text="รหัสคงที่ภาษาอังกฤษ ใช้อ้างถึงหน่วยงานแม้เปลี่ยนชื่อ เช่น donsak",
                max_length=50,
                unique=True,
                verbose_name="รหัสหน่วยงาน",
            ),
        ),
    ]
