"""One rule for a fiscal year wherever one is typed: the model's validator (core.validators),
also when a framework year is copied or its workbook imported."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from indicators.admin import CopyYearForm, WorkbookImportForm
from indicators.models import FrameworkYear
from indicators.services import framework_copy


@pytest.mark.django_db
@pytest.mark.parametrize("year", [MIN_FISCAL_YEAR - 1, 2520, MAX_FISCAL_YEAR + 1])
def test_copying_a_framework_year_to_a_year_outside_the_bounds_is_refused(year):
    source = FrameworkYear.objects.get(year=2569)
    with pytest.raises(ValidationError):
        framework_copy(source=source, year=year)
    assert not FrameworkYear.objects.filter(year=year).exists()


@pytest.mark.django_db
def test_copying_to_a_christian_era_year_names_the_buddhist_era_year_meant():
    source = FrameworkYear.objects.get(year=2569)
    with pytest.raises(ValidationError) as e:
        framework_copy(source=source, year=2030)
    assert "2573" in " ".join(e.value.messages)


@pytest.mark.parametrize("form_class", [CopyYearForm, WorkbookImportForm])
def test_the_admin_year_forms_apply_the_same_bounds(form_class):
    form = form_class(data={"year": "2520", "name": ""})
    form.is_valid()
    assert "year" in form.errors
    form = form_class(data={"year": "2027", "name": ""})
    form.is_valid()
    assert "2570" in " ".join(form.errors["year"])
