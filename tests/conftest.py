"""Shared fixtures: the demo year and the personas.

Personas, as in the house style: `staff` (the ITA team, admin access), `alice` heads งานธุรการ,
`bob` heads งานพัสดุ (another division), and the anonymous visitor is the plain `client`.
"""

import pytest
from django.core.management import call_command

from assessments.models import Assessment


@pytest.fixture
def demo(db):
    """The Don Sak 2568 demo year, loaded as `manage.py load_demo` does."""
    call_command("load_demo", verbosity=0)
    return Assessment.objects.get(fiscal_year=2568)


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", "staff-pass-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
