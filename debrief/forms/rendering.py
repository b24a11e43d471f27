"""How a form renders when a template writes `{{ form }}` or `{{ form.field.as_field_group }}`:
Bootstrap 5's markup, the same as crispy-forms' pack gives (ids, classes, `aria-describedby`,
errors above the help text), written in Python (`form_html`, `field_html`) instead of crispy's
dozen nested templates. Crispy stays for the forms whose FormHelper layouts earn its cost
(`{% crispy form %}`).

Every page pays for its forms on each request: the sign-in page's three fields took about 100
template nodes and 230 variable look-ups through crispy, then half the page's time as two small
templates of our own; tests/test_template_budget.py keeps the count down and
tests/test_form_rendering.py holds the markup."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import unordered_list
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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


# A form and a field, as crispy-forms' Bootstrap 5 pack lays them out, written in Python (no
# template has these names): every form of every page renders them, and as templates they were
# most of the sign-in page's time (issue 22).
FORM = "debrief/form"
FIELD = "debrief/field"


def form_html(context: dict) -> SafeString:
    """The form's errors that belong to no field, its visible fields, then its hidden ones."""
    errors = ""
    if context["errors"]:
        listed = unordered_list(context["form"].non_field_errors(), autoescape=True)
        errors = f'<div class="alert alert-block alert-danger"><ul class="m-0">{listed}</ul></div>'
    fields = "".join(field.as_field_group() for field, _ in context["fields"])
    hidden = "".join(str(field) for field in context["hidden_fields"])
    return SafeString(f"{errors}\n{fields}\n{hidden}\n")


def feedback_html(field: BootstrapBoundField) -> str:
    """The field's errors, then its help text (trusted: written by us, never by a person)."""
    html, auto_id = "", conditional_escape(field.auto_id)
    if field.errors:
        paragraphs = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
            for number, error in enumerate(field.errors, start=1)
        )
        html += f'<div id="{auto_id}_error" class="invalid-feedback d-block">{paragraphs}</div>'
    if field.help_text:
        html += f'\n<div id="{auto_id}_helptext" class="form-text">{field.help_text}</div>'
    return html


def label_text(field: BootstrapBoundField) -> str:
    """The label, with "(optional)" in words on a field that may be left empty (a required
    field carries no asterisk)."""
    text = conditional_escape(field.label)
    if not field.field.required:
        text += f'<span class="optional-marker"> {conditional_escape(gettext("(optional)"))}</span>'
    return text


def field_html(field: BootstrapBoundField) -> SafeString:
    """One field: hidden as it is; a checkbox before its label; radios or checkboxes in a
    fieldset, by group; any other control under its label, with its text limit in words."""
    kind = field.kind
    if kind == "hidden":
        return SafeString(str(field))
    classes = field.css_classes()
    classes = f" {classes}" if classes else ""
    if kind == "checkbox":
        return SafeString(
            f'<div class="mb-3"><div id="div_{field.auto_id}" class="form-check{classes}">\n'
            f"{field}\n"
            f'<label for="{field.id_for_label}" class="form-check-label">'
            f"{conditional_escape(field.label)}</label>\n"
            f"{feedback_html(field)}\n</div></div>\n"
        )
    if kind == "choices":
        described = field.aria_describedby
        described = f' aria-describedby="{described}"' if described else ""
        groups = []
        for group, choices in field.choice_groups:
            options = "".join(
                f'<div class="form-check">{choice.tag()}<label for="{choice.id_for_label}" '
                f'class="form-check-label">{conditional_escape(choice.choice_label)}</label></div>\n'
                for choice in choices
            )
            if group:
                group_legend = (
                    f'<legend class="fs-6 fw-semibold">{conditional_escape(group)}</legend>'
                )
                options = f"<fieldset>{group_legend}\n{options}</fieldset>"
            else:
                options = f"\n{options}"
            groups.append(options)
        return SafeString(
            f'<div id="div_{field.auto_id}" class="mb-3{classes}">\n'
            f"<fieldset{described}>\n"
            f'<legend class="form-label fs-6">{label_text(field)}</legend>\n'
            f"{''.join(groups)}\n{feedback_html(field)}\n</fieldset>\n</div>\n"
        )
    limit = field.text_limit
    limit_html = ""
    if limit:
        words = gettext("Up to %(limit)s characters.") % {"limit": localize(limit)}
        limit_html = (
            f'<p class="form-text small mb-0" data-limit-for="{field.auto_id}" '
            f'data-limit="{localize(limit)}">{conditional_escape(words)}</p>'
        )
    return SafeString(
        f'<div id="div_{field.auto_id}" class="mb-3{classes}">\n'
        f'<label for="{field.id_for_label}" class="form-label">{label_text(field)}</label>\n'
        f"{field}\n{feedback_html(field)}\n{limit_html}\n</div>\n"
    )


class BootstrapRenderer(TemplatesSetting):
    """Django's own form rendering, written in Python for Debrief's form and field (above) and
    for the text-like inputs; any other template (a select's options, a radio) through
    TemplatesSetting, so templates/django/forms/ can override Django's."""

    form_template_name = FORM
    field_template_name = FIELD
    bound_field_class = BootstrapBoundField

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_tag(context["widget"])
        if template_name == FIELD:
            return field_html(context["field"])
        if template_name == FORM:
            return form_html(context)
        return super().render(template_name, context, request)
