"""What Python shows a person is translated: every form's labels, help texts, choices and its own
error messages, every model's names and choices (forms and the admin show them), and the
navigation's labels read differently in Welsh. A string left as a plain `str` (not gettext_lazy)
or missing from the catalogue reads the same in both languages, and is reported.

A model's name, or a field's, that Django derives from the class or attribute name
("action item", "created at") is not checked: no page shows it to a job seeker or an adviser
(a form shows its own label, which the form check reads); only the admin for Debrief's
support staff does. Every name a model writes out is checked.

Strings in views and services (messages, email subjects) are `gettext` calls: the catalogue
test (test_welsh_catalogue.py) finds each one and requires its Welsh.

The forms and models were translated by another part of the Welsh work: their modules are
listed in CHECKED_FORM_MODULES and CHECKED_MODEL_MODULES as they are done (the merger adds
"debrief.forms" and "debrief.models" when they are).
"""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from django.test.utils import isolate_apps
from django.utils import translation

from debrief import context_processors

CHECKED_FORM_MODULES = ["debrief.forms"]
CHECKED_MODEL_MODULES = ["debrief.models"]

# Written the same in Welsh: the product's name, method names and abbreviations.
# The language names are each written in their own language, as the switch shows them; Welsh
# writes "tag" and "agenda" as English does.
SAME_IN_WELSH = {
    "Debrief",
    "STAR",
    "CV",
    "URL",
    "LinkedIn",
    "PDF",
    "English",
    "Cymraeg",
    "Tag",
    "Agenda",
}
# Fields whose choices are data shown as they are: IANA time-zone names ("Europe/London").
DATA_CHOICES = {"time_zone"}
LETTER = re.compile(r"[^\W\d_]")


def reads_the_same(text) -> bool:
    """Whether a text shown to a person is the same in Welsh as in English (so untranslated)."""
    if text is None:
        return False
    with translation.override("en-gb"):
        english = str(text)
    with translation.override("cy"):
        welsh = str(text)
    return bool(LETTER.search(english)) and english not in SAME_IN_WELSH and welsh == english


def form_texts(form_class) -> list[tuple[str, object]]:
    """(where, text) of everything a form class shows about its fields."""
    texts = []
    for name, field in form_class.base_fields.items():
        texts += [(f"{name}.label", field.label), (f"{name}.help_text", field.help_text)]
        choices = getattr(field, "choices", None)
        if (
            choices is not None
            and not isinstance(field, forms.ModelChoiceField)
            and name not in DATA_CHOICES
        ):
            for value, label in choices:
                for inner in label if isinstance(label, list | tuple) else [(value, label)]:
                    texts.append((f"{name}.choice[{inner[0]!r}]", inner[1]))
        defaults = {}
        for klass in reversed(type(field).__mro__):
            defaults.update(getattr(klass, "default_error_messages", {}))
        texts += [
            (f"{name}.error_messages[{code!r}]", message)
            for code, message in field.error_messages.items()
            if message is not defaults.get(code)  # Django's own are in Django's catalogue
        ]
    return texts


def untranslated_in_form(form_class) -> list[str]:
    return [
        f"{where}: {str(text)!r}" for where, text in form_texts(form_class) if reads_the_same(text)
    ]


def model_texts(model) -> list[tuple[str, object]]:
    meta = model._meta
    texts = [(name, getattr(meta, name)) for name in NAMES if name in meta.original_attrs]
    for field in meta.get_fields():
        if field.auto_created or not hasattr(field, "verbose_name"):
            continue
        if not derived_from_the_attribute(field):
            texts += [(f"{field.name}.verbose_name", field.verbose_name)]
        texts += [(f"{field.name}.help_text", field.help_text)]
        texts += [(f"{field.name}.choice[{value!r}]", label) for value, label in field.flatchoices]
    return texts


NAMES = ["verbose_name", "verbose_name_plural"]


def derived_from_the_attribute(field) -> bool:
    """Whether the field's name is the one Django makes from the attribute (`created_at` →
    "created at"), not one written on the field (a translated name is a lazy string)."""
    return type(field.verbose_name) is str and field.verbose_name == field.name.replace("_", " ")


def forms_in(module_name: str):
    module = importlib.import_module(module_name)
    modules = [module]
    if hasattr(module, "__path__"):
        modules += [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(module.__path__, f"{module_name}.")
        ]
    for each in modules:
        for _name, value in inspect.getmembers(each, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == each.__name__:
                yield value


@pytest.mark.parametrize("module_name", CHECKED_FORM_MODULES)
def test_every_form_is_translated(module_name):
    problems = {
        form.__qualname__: untranslated
        for form in forms_in(module_name)
        if (untranslated := untranslated_in_form(form))
    }
    assert problems == {}


@pytest.mark.parametrize("module_name", CHECKED_MODEL_MODULES)
def test_every_model_is_translated(module_name):
    problems = {
        model.__name__: untranslated
        for model in apps.get_app_config("debrief").get_models()
        if model.__module__.startswith(module_name)
        and (
            untranslated := [
                f"{where}: {str(text)!r}"
                for where, text in model_texts(model)
                if reads_the_same(text)
            ]
        )
    }
    assert problems == {}


def test_the_navigation_is_translated():
    sections = [
        *context_processors.JOB_SEEKER_SECTIONS,
        *context_processors.ADVISER_SECTIONS,
        *context_processors.SERVICE_ADMIN_SECTIONS,
    ]
    assert [label for _name, label in sections if reads_the_same(label)] == []


# --- The check finds what it should -------------------------------------------------------------


def test_it_reports_a_plain_string_and_lets_a_translated_one_through():
    from django.utils.translation import gettext_lazy

    class Example(forms.Form):
        kept = forms.CharField(label=gettext_lazy("Sign in"))  # in the catalogue
        plain = forms.CharField(label="Where you heard of us", help_text="Optional")
        choice = forms.ChoiceField(choices=[("a", gettext_lazy("Dashboard")), ("b", "Other")])
        own = forms.CharField(error_messages={"required": "Say something"})
        standard = forms.CharField()  # Django's "This field is required." is Django's to translate

    assert untranslated_in_form(Example) == [
        "plain.label: 'Where you heard of us'",
        "plain.help_text: 'Optional'",
        "choice.choice['b']: 'Other'",
        "own.error_messages['required']: 'Say something'",
    ]


@isolate_apps("debrief")  # the example model stays out of the app the checks above read
def test_it_reports_a_name_written_on_a_model_but_not_one_django_derives():
    from django.db import models
    from django.utils.translation import gettext_lazy

    class Example(models.Model):
        derived_name = models.CharField(max_length=5)  # "derived name": the admin's only
        written = models.CharField("Where you heard of us", max_length=5)
        kept = models.CharField(gettext_lazy("Sign in"), max_length=5, help_text="Optional")

        class Meta:
            app_label = "debrief"
            verbose_name = "heard-of-us answer"

        def __str__(self) -> str:
            return self.written

    assert [where for where, text in model_texts(Example) if reads_the_same(text)] == [
        "verbose_name",
        "written.verbose_name",
        "kept.help_text",
    ]


def test_it_finds_the_forms_of_a_package():
    found = {form.__name__ for form in forms_in("debrief.forms")}
    assert {"SignUpForm", "ApplicationForm"} <= found
