"""Loads the framework catalogue (fixtures/framework.json), so every deployment has it."""

from django.db import migrations

from indicators.catalogue import load_catalogue


def load(apps, schema_editor):
    names = ("FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel")
    load_catalogue({n: apps.get_model("indicators", n) for n in names})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
