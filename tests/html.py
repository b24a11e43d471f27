"""Read a page the way assistive technology does: a field is found through its `<label for>`, and
its error through the field's `aria-describedby`, so a test proves the tie and not only that some
words are somewhere on the page."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text inside, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    @property
    def raw_text(self) -> str:
        """The text exactly as sent (a textarea's content)."""
        return "".join(c if isinstance(c, str) else c.raw_text for c in self.children)

    @property
    def value(self) -> str:
        """What the field holds: a textarea's text or an input's value."""
        if self.tag == "textarea":
            # The parser keeps the newline HTML drops right after <textarea>.
            return self.raw_text.removeprefix("\n")
        if self.tag == "select":
            chosen = [o for o in self.iter() if o.tag == "option" and "selected" in o.attrs]
            return chosen[0].attrs.get("value", chosen[0].text) if chosen else ""
        return self.attrs.get("value", "")

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(response_or_html) -> Element:
    text = response_or_html
    if not isinstance(text, str):
        text = response_or_html.content.decode()
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def label_text(label: Element) -> str:
    """A label's words without the "(optional)" marker the forms add."""
    parts = [
        c if isinstance(c, str) else c.text
        for c in label.children
        if isinstance(c, str) or "optional-marker" not in c.attrs.get("class", "")
    ]
    return re.sub(r"\s+", " ", " ".join(parts)).strip().rstrip("*").strip()


def field_labelled(response, label: str) -> Element:
    """The one form field whose `<label for>` reads `label`; fails unless exactly one label says
    so and it points at an element that exists."""
    document = parse(response)
    labels = [e for e in document.iter() if e.tag == "label" and label_text(e) == label]
    assert len(labels) == 1, f"{len(labels)} labels read {label!r}"
    target = labels[0].attrs.get("for")
    assert target, f"The label {label!r} is not tied to a field (no for=)"
    fields = [e for e in document.iter() if e.attrs.get("id") == target]
    assert len(fields) == 1, f"The label {label!r} points at #{target}, found {len(fields)}"
    return fields[0]


def errors_for(response, label: str) -> list[str]:
    """The error messages tied to the field labelled `label` through its aria-describedby."""
    document = parse(response)
    control = field_labelled(response, label)
    described_by = control.attrs.get("aria-describedby", "").split()
    return [
        e.text
        for e in document.iter()
        if e.attrs.get("id") in described_by and "invalid-feedback" in e.attrs.get("class", "")
    ]


def form_data(response, form_index: int = -1) -> dict[str, str | list[str]]:
    """What a browser would send back untouched from the page's form (the last form by default,
    after the navigation's sign-out form): every named input, textarea and select."""
    document = parse(response)
    forms = [e for e in document.iter() if e.tag == "form" and e.attrs.get("method") == "post"]
    data: dict[str, str | list[str]] = {}
    for element in forms[form_index].iter():
        name = element.attrs.get("name")
        if not name or element.tag not in {"input", "textarea", "select"}:
            continue
        kind = element.attrs.get("type", "text")
        if kind in {"submit", "button"}:
            continue
        if kind in {"checkbox", "radio"}:
            if "checked" in element.attrs:
                value = element.attrs.get("value", "on")
                if kind == "checkbox" and name in data:
                    data[name] = [*data[name], value]
                else:
                    data[name] = [value] if kind == "checkbox" else value
            continue
        if element.tag == "select" and "multiple" in element.attrs:
            data[name] = [
                o.attrs.get("value", o.text)
                for o in element.iter()
                if o.tag == "option" and "selected" in o.attrs
            ]
            continue
        data[name] = element.value
    return data


def legends(response) -> list[str]:
    """The names of the page's groups of fields (radio buttons, checkboxes), from their legends."""
    return [label_text(e) for e in parse(response).iter() if e.tag == "legend"]
