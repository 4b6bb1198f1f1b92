"""The permission to see and report on every division's action items in /actions/ (their
private notes and evidence too), given to the group เจ้าหน้าที่ ITA (issue 19: being staff grants
nothing by itself; a division head sees their own division's items).

The code is frozen here, as a migration never imports app code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "เจ้าหน้าที่ ITA"
CODENAME = "work_on_all_divisions"


def grant(apps, schema_editor):
    config = apps.get_app_config("actionplans")
    if getattr(config, "models_module", None) is None:
        config.models_module = True  # historical app configs lack it
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="actionplans", codename=CODENAME)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="actionplans", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0010_progress_update_form_texts_from_the_model"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="actionitem",
            options={
                "ordering": ["topic__assessment", "topic__number", "number"],
                "permissions": [
                    (
                        "work_on_all_divisions",
                        "ดูและรายงานความก้าวหน้ารายการดำเนินงานของทุกส่วนงาน (รวมบันทึกภายในและไฟล์หลักฐาน)",
                    )
                ],
                "verbose_name": "รายการดำเนินงาน",
                "verbose_name_plural": "รายการดำเนินงาน",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
