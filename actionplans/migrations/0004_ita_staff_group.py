"""The ITA staff group ("เจ้าหน้าที่ ITA") with every permission of indicators, assessments and
actionplans: its members run the yearly cycle, the framework editor included, as staff users
without superuser rights.

The code is frozen here as core.roles.staff_group_grant was when this migration was written, so
that moving or changing the app's code never changes (or breaks) what this migration does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "เจ้าหน้าที่ ITA"
STAFF_APPS = ("indicators", "assessments", "actionplans")


def staff_group_grant(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate): made here first.
    for label in STAFF_APPS:
        config = apps.get_app_config(label)
        if getattr(config, "models_module", None) is None:
            config.models_module = True  # historical app configs lack it; create_permissions
            # skips an app without one
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=STAFF_APPS))


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0003_results_rounds_and_public_evidence"),
        ("assessments", "0003_organization_code"),
        ("indicators", "0006_frameworkyear_provisional_question_merged_topic_keys"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(staff_group_grant, migrations.RunPython.noop)]
