"""The ITA staff group: what the agency's ITA team may do in the admin, without superuser rights.

Members manage the framework years (tools, levels, indicators, questions), the year's results
and analysis, the action plan, the survey drive (surveys/0002 grants its permissions), and what
the portal sent (core/0002: the send log, LINE groups, staff notices). The group and its
permissions are made by data migrations (actionplans/0004, oit/0002, surveys/0002, core/0002,
each with its own frozen copy of `staff_group_grant`: a migration never imports app code) and
kept whole by `staff_group_grant` (the demo, and tests that empty the database); a later
migration that adds models or permissions freezes its own copy too (actionplans/0011 gives the
group `work_on_all_divisions`: every division's items in /actions/).

Being staff (`is_staff`) grants nothing beyond signing in to the admin: every ability comes
from a permission (README "Roles and permissions").
"""

STAFF_GROUP = "เจ้าหน้าที่ ITA"
STAFF_APPS = ("core", "indicators", "assessments", "actionplans", "oit", "surveys")


def staff_group_grant(apps, schema_editor=None):
    """Create the group if needed and give it every permission of the portal's own apps.

    Usable from a migration (`apps` = the historical registry): permissions are normally made
    after all migrations (post_migrate), so they are created here first.
    """
    from django.contrib.auth.management import create_permissions

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
    return group
