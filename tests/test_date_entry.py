"""Dates are typed the UK way or the ISO way in every form, and a mistake shows the expected
form next to the field."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import debrief.forms
import debrief.views
from debrief.forms.dates import DateField
from debrief.models import Application
from tests.html import errors_for
from tests.test_applications import VALID

pytestmark = pytest.mark.django_db


def every_form_class():
    for package in (debrief.forms, debrief.views):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    yield value


def test_every_date_in_every_form_is_the_one_date_field():
    dates = [
        (form_class.__name__, name)
        for form_class in every_form_class()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField)
    ]
    assert len(dates) >= 10, dates
    wrong = [
        (form_class.__name__, name)
        for form_class in every_form_class()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, DateField)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "typed", ["27/3/2026", "27/03/2026", "27 3 2026", " 27  3 2026 ", "2026-03-27", "27-3-2026"]
)
def test_uk_and_iso_dates_are_read_alike(typed):
    assert DateField().clean(typed) == datetime.date(2026, 3, 27)


@pytest.mark.parametrize("typed", ["3/27/2026", "31 2 2026", "next tuesday", "2026-13-01"])
def test_a_date_that_is_not_one_is_refused_with_an_example(typed):
    with pytest.raises(forms.ValidationError) as refused:
        DateField().clean(typed)
    assert refused.value.messages == ["Enter a real date, for example 27 3 2026."]


def test_a_form_takes_a_uk_date_and_explains_a_wrong_one_next_to_the_field(owner_client, owner):
    url = reverse("debrief:application-new")
    response = owner_client.post(url, {**VALID, "date_applied": "32/1/2026"})
    assert response.status_code == 200
    assert errors_for(response, "Date applied") == ["Enter a real date, for example 27 3 2026."]
    assert 'value="32/1/2026"' in response.text
    owner_client.post(url, {**VALID, "date_applied": "2 1 2026"})
    assert Application.objects.get(owner=owner).date_applied == datetime.date(2026, 1, 2)
