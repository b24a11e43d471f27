"""`{{ form }}` and `{{ form.field.as_field_group }}`: Bootstrap 5's markup, as crispy-forms'
pack wrote it, from Python (debrief/forms/rendering.py). What a person, a screen reader and
an attacker meet: labels tied to controls, "(optional)" in words, errors next to the field and
announced with it, help text, the text limit in words, radios grouped in fieldsets, and
everything a person typed or an error repeats escaped."""

import re

from django import forms
from django.utils import translation

GROUPED = [
    ("Within my control", [("prep", "Preparation"), ("star", "STAR <answers>")]),
    ("Outside my control", [("budget", "Budget cut")]),
]


class Sample(forms.Form):
    name = forms.CharField(label="Your <name>", help_text="As on your CV.")
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"maxlength": 2000})
    )
    keep = forms.BooleanField(label="Keep me signed in", required=False)
    reasons = forms.MultipleChoiceField(
        label="Reasons", choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False
    )
    rating = forms.ChoiceField(
        label="Rating", choices=[("1", "Poor"), ("2", "Good")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Nothing <b>matched</b>.")


def test_a_control_has_its_label_help_text_and_no_maxlength():
    html = str(Sample())
    assert '<label for="id_name" class="form-label">Your &lt;name&gt;</label>' in html
    assert '<div id="id_name_helptext" class="form-text">As on your CV.</div>' in html
    assert re.search(
        r'<input type="text" name="name"[^>]*aria-describedby="id_name_helptext"', html
    )
    # The limit in words instead of a maxlength that would cut pasted text silently.
    assert "maxlength" not in html
    assert (
        '<p class="form-text small mb-0" data-limit-for="id_note" data-limit="2000">'
        "Up to 2000 characters.</p>"
    ) in html


def test_an_optional_field_says_so_in_words_and_a_required_one_carries_no_asterisk():
    html = str(Sample())
    assert 'Note<span class="optional-marker"> (optional)</span></label>' in html
    assert "*" not in html
    with translation.override("cy"):
        assert "(dewisol)" in str(Sample())


def test_a_checkbox_comes_before_its_label():
    html = str(Sample())
    assert re.search(
        r'<div id="div_id_keep" class="form-check">\s*<input type="checkbox" name="keep"[^>]*>\s*'
        r'<label for="id_keep" class="form-check-label">Keep me signed in</label>',
        html,
    )


def test_radios_and_checkboxes_are_fieldsets_grouped_with_legends():
    html = str(Sample())
    assert '<legend class="form-label fs-6">Reasons<span class="optional-marker">' in html
    assert '<fieldset><legend class="fs-6 fw-semibold">Within my control</legend>' in html
    assert "STAR &lt;answers&gt;</label>" in html
    assert re.search(r'<input type="radio" name="rating" value="1"[^>]*id="id_rating_0"', html)
    assert '<label for="id_rating_0" class="form-check-label">Poor</label>' in html


def test_errors_sit_next_to_their_field_escaped_and_announced_with_it():
    form = Sample(data={"name": "", "rating": "9", "note": "<script>alert(1)</script>"})
    html = str(form)
    assert '<div id="id_name_error" class="invalid-feedback d-block">' in html
    assert '<p id="error_1_id_name"><strong>This field is required.</strong></p>' in html
    assert re.search(r'<input type="text" name="name"[^>]*class="form-control is-invalid"', html)
    assert re.search(r'aria-describedby="id_name_error id_name_helptext"', html) or re.search(
        r'aria-describedby="id_name_helptext id_name_error"', html
    )
    assert "Select a valid choice. 9 is not one of the available choices." in html
    # What was typed comes back, escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
    assert "<script>" not in html
    # The form's own error, above the fields, escaped.
    assert re.search(r'<ul class="m-0">\s*<li>Nothing &lt;b&gt;matched&lt;/b&gt;.</li></ul>', html)
    assert html.index("alert-danger") < html.index('id="div_id_name"')


def test_a_hidden_field_is_written_once_after_the_others():
    html = str(Sample(initial={"token": "abc"}))
    assert html.count('name="token"') == 1
    assert html.index('name="token"') > html.index('name="rating"')
    assert 'type="hidden" name="token" value="abc"' in html
