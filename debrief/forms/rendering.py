"""How a form renders when a template writes `{{ form }}` or `{{ form.field.as_field_group }}`:
Bootstrap 5's markup, the same as crispy-forms' pack gives (ids, classes, `aria-describedby`,
errors above the help text), from two small templates instead of crispy's dozen nested ones.
Crispy stays for the forms whose FormHelper layouts earn its cost (`{% crispy form %}`).

Every page pays for its forms on each request: the sign-in page's three fields took about 100
template nodes and 230 variable look-ups through crispy; here the widget's classes are worked out
in Python once per field (`BootstrapBoundField`), and tests/test_template_budget.py keeps the
count down."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString

from debrief.templatetags.form_attrs import html_attrs

# Bootstrap's class for each kind of control; anything else is a text-like `form-control`.
CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


def control_class(widget: forms.Widget) -> str:
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, SELECT_WIDGETS):
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    @property
    def kind(self) -> str:
        """Which layout the field template gives it: hidden, checkbox, choices (radios or
        checkboxes, in a fieldset), or control (a label above the control)."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return "choices"
        return "control"

    @property
    def text_limit(self) -> int | None:
        """A textarea's limit, shown under it (static/js/app.js keeps a counter live): the
        browser's `maxlength` would cut pasted text silently, so the server refuses it instead
        with a message next to the field."""
        widget = self.field.widget
        limit = widget.attrs.get("maxlength")
        if limit is None or not isinstance(widget, forms.Textarea):
            return None
        return int(limit)

    @cached_property
    def choice_groups(self) -> list[tuple[str | None, list]]:
        """Radios or checkboxes by group ("Within my control"…), each group a fieldset of its
        own in the template, so a screen reader announces the group with its options."""
        widget = self.field.widget
        choices = iter(self.subwidgets)
        groups = widget.optgroups(self.html_name, widget.format_value(self.value()))
        return [(group, [next(choices) for _ in options]) for group, options, _ in groups]

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        # The control's own class, then any the widget or a crispy layout gave, each once.
        given = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
        classes = [control_class(widget), *given, *(["is-invalid"] if self.errors else [])]
        attrs["class"] = " ".join(dict.fromkeys(classes))
        if "maxlength" in widget.attrs:
            attrs["maxlength"] = False  # the server says so next to the field: see text_limit
        return attrs


# Django's widget templates that only include its input.html: written here directly, the same
# markup, since every text box, checkbox and date field of every form renders one.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)


def input_tag(widget: dict) -> SafeString:
    """Django's input.html: `<input type name [value] attrs>`."""
    value = widget["value"]
    value = "" if value is None else f' value="{escape(value)}"'
    name = escape(widget["name"])
    return SafeString(
        f'<input type="{escape(widget["type"])}" name="{name}"{value}{html_attrs(widget["attrs"])}>'
    )


class BootstrapRenderer(TemplatesSetting):
    """Django's own form rendering with Debrief's Bootstrap templates (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_tag(context["widget"])
        return super().render(template_name, context, request)
