"""Re-runs the catalogue loader: brings the NACC standard recommendation texts and the
keep-the-level note (fixtures/framework.json) to deployments migrated before they were added.
Texts staff have already written are kept (the loader fills only empty ones)."""

from django.db import migrations

from indicators.catalogue import load_catalogue


def load(apps, schema_editor):
    names = ("FrameworkYear", "Tool", "Indicator", "Question", "RatingLevel")
    load_catalogue({n: apps.get_model("indicators", n) for n in names})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_frameworkyear_keep_level_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
