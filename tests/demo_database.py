"""The demo year loaded once per test database, instead of once per test.

`load` writes the demo after `migrate` (committed); each test's transaction then rolls back
whatever the test changed, so every test that asks for the demo starts from the same demo.
`remove` deletes the demo's rows again, inside the caller's transaction, for the tests that
expect the database as `migrate` left it.

The demo's rows are known by their ids: `load_demo` only adds rows (it changes none that
`migrate` made), and ids only grow, so in each table the rows with an id above the table's
highest id before the load, up to its highest id after it, are the demo's.
"""

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max

from assessments.models import Assessment
from indicators.models import FrameworkYear

FISCAL_YEAR = 2568
_INTEGER_IDS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
_added = []  # (table, id column, highest id before the load, highest id after it)


def _highest_ids():
    return {
        model: model._base_manager.aggregate(m=Max("pk"))["m"] or 0
        for model in apps.get_models(include_auto_created=True)
        if model._meta.pk.get_internal_type() in _INTEGER_IDS
    }


def load():
    """The demo as the `demo` fixture loads it: `manage.py load_demo` without the example
    progress (and, DEBUG being off in tests, without the demo accounts)."""
    before = _highest_ids()
    call_command("load_demo", verbosity=0, no_example=True)
    after = _highest_ids()
    _added[:] = [
        (model._meta.db_table, model._meta.pk.column, before[model], after[model])
        for model in after
        if after[model] != before[model]
    ]


def remove():
    """Delete the demo's rows (a no-op once a transactional test has emptied the database)."""
    qn = connection.ops.quote_name
    # One transaction (a savepoint inside a test's), so that the foreign keys, checked at its
    # end, see all the demo's rows gone at once.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column, low, high in _added:
            cursor.execute(
                f"DELETE FROM {qn(table)} WHERE {qn(column)} > %s AND {qn(column)} <= %s",
                [low, high],
            )


def framework_loaded():
    if not FrameworkYear.objects.exists():
        # Beside a live server the database is emptied after each test, the migrated framework
        # catalogue included: load it again for the next one.
        call_command("load_framework", verbosity=0)


def year():
    """The demo year; loaded again if a transactional test emptied the database."""
    found = Assessment.objects.filter(fiscal_year=FISCAL_YEAR).first()
    if found is None:
        framework_loaded()
        call_command("load_demo", verbosity=0, no_example=True)
        found = Assessment.objects.get(fiscal_year=FISCAL_YEAR)
    return found
