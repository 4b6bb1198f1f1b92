"""The ITA staff group ("เจ้าหน้าที่ ITA") with every permission of indicators, assessments and
actionplans: its members run the yearly cycle, the framework editor included, as staff users
without superuser rights (core.roles)."""

from django.db import migrations

from core.roles import staff_group_grant


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0003_results_rounds_and_public_evidence"),
        ("assessments", "0003_organization_code"),
        ("indicators", "0006_frameworkyear_provisional_question_merged_topic_keys"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(staff_group_grant, migrations.RunPython.noop)]
