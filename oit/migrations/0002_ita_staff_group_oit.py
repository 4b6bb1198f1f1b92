"""The ITA staff group ("เจ้าหน้าที่ ITA") gets every permission of the OIT tracker (review,
check, submit and publish included), as it has those of the other domain apps. The code is a
frozen copy of core.roles.staff_group_grant for this one app: a migration never imports app
code."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "เจ้าหน้าที่ ITA"


def grant(apps, schema_editor):
    config = apps.get_app_config("oit")
    if getattr(config, "models_module", None) is None:
        config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="oit"))


class Migration(migrations.Migration):
    dependencies = [
        ("oit", "0001_initial"),
        ("actionplans", "0004_ita_staff_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
