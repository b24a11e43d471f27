"""No template shows the person English outside a translation tag: every piece of text between
tags, every visible attribute (aria-label, title, alt, placeholder…), and every literal a filter
shows (`|default:"Some text"`) must come from `{% translate %}` or `{% blocktranslate %}`.

Read with Django's own template Lexer, so template tags and comments are told apart from text
exactly as Django renders them; the HTML between them is read with the standard library's parser.
A text template (.txt: plain-text emails) is visible text throughout.

The check covers every template under templates/ (CHECKED). Every checked template is also
compiled, so a malformed tag fails here too.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The templates this check covers, relative to templates/: every file and directory, so a
# template added in a new directory is checked too.
CHECKED = sorted(path.name for path in TEMPLATES.iterdir())

# Words written the same in every language: the product's name, the names of the languages as
# the switch shows them (each in itself), and the STAR method's name.
SAME_IN_EVERY_LANGUAGE = ["Debrief", "English", "Cymraeg", "STAR"]

# Attributes a person reads or hears (a screen reader speaks aria-label and title).
VISIBLE_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
# Filters whose literal argument is shown: `|default:"Some time has passed"`, `|yesno:"yes,no"`.
SHOWN_FILTER_ARGUMENTS = re.compile(r"\|(default|default_if_none|yesno):(\"[^\"]*\"|'[^']*')")
# English-only plurals: `{{ n }} row{{ n|pluralize }}` cannot be Welsh (six plural forms).
ENGLISH_PLURAL = re.compile(r"\|pluralize\b")

HIDDEN_BLOCKS = {"comment": "endcomment", "blocktranslate": "endblocktranslate"}
HIDDEN_BLOCKS["blocktrans"] = "endblocktrans"
GAP = "\x1f"  # stands for a template tag or variable: not text, never a letter
LETTER = re.compile(r"[^\W\d_]")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        named = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self.found.append(value)
        if tag == "meta" and named.get("name") == "description":
            self.found.append(named.get("content") or "")
        if tag == "input" and named.get("type") in ("submit", "button", "reset"):
            self.found.append(named.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.found.append(data)


def untranslated(source: str, *, html: bool = True) -> list[str]:
    """The English a person would see in a template's source, outside translation tags."""
    flat, inside, problems = [], [], []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.strip() else ""
            if name in HIDDEN_BLOCKS:
                inside.append(HIDDEN_BLOCKS[name])
            elif inside and name == inside[-1]:
                inside.pop()
            if name in ("include", "firstof") and not inside:
                literals = re.findall(r"\"[^\"]*\"|'[^']*'", token.contents)
                shown = literals[1:] if name == "include" else literals  # not the template's name
                problems += [
                    f"a literal shown by {{% {name} %}}: {literal}"
                    for literal in shown
                    if name == "firstof" or re.search(r"\s|^.[A-Z]", literal)
                ]
            flat.append(GAP)
        elif token.token_type == TokenType.VAR:
            if not inside:
                problems += [
                    f"a literal shown by |{match[0]}: {match[1]}"
                    for match in SHOWN_FILTER_ARGUMENTS.findall(token.contents)
                    if LETTER.search(match[1]) and (match[0] == "yesno" or " " in match[1])
                ]
                if ENGLISH_PLURAL.search(token.contents):
                    problems.append(f"an English-only plural: {{{{ {token.contents} }}}}")
            flat.append(GAP)
        elif token.token_type == TokenType.TEXT:
            flat.append(GAP if inside else token.contents)
    # A tag whose name a template writes (`<{{ tag }} …>`) is still a tag to the HTML parser.
    text = re.sub(f"<(/?){GAP}", rf"<\1gap{GAP}", "".join(flat))
    if html:
        parser = VisibleText()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [text]
    for piece in pieces:
        for part in piece.split(GAP):
            words = part.strip()
            for same in SAME_IN_EVERY_LANGUAGE:
                words = re.sub(rf"\b{same}\b", "", words)
            if LETTER.search(words):
                problems.append(" ".join(part.split()))
    return problems


def checked_templates() -> list[Path]:
    found = []
    for name in CHECKED:
        path = TEMPLATES / name
        found += sorted(path.rglob("*.*")) if path.is_dir() else [path]
    return [path for path in found if path.suffix in (".html", ".txt")]


def name_of(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


@pytest.mark.parametrize("path", checked_templates(), ids=name_of)
def test_every_word_of_the_template_is_translatable(path):
    source = path.read_text(encoding="utf-8")
    engines["django"].engine.get_template(name_of(path))  # compiles: a bad tag fails here
    problems = untranslated(source, html=path.suffix == ".html")
    assert problems == [], f"{name_of(path)} shows words outside translation tags: {problems}"


def test_it_covers_the_directories_it_names():
    names = {name_of(path) for path in checked_templates()}
    assert {
        "base.html",
        "includes/messages.html",
        "emails/base.txt",
        "registration/login.html",
    } <= names


# --- The check finds what it should -------------------------------------------------------------


def test_it_finds_text_between_tags_and_in_visible_attributes():
    source = (
        '{% load i18n %}<nav aria-label="Main"><a href="/" title="{% translate "Home" %}">'
        "Start</a> {{ name }}: {% translate 'Saved' %}</nav>"
    )
    assert untranslated(source) == ["Main", "Start"]


def test_it_reads_a_text_email_whole_and_lets_names_that_never_change_through():
    source = (
        "{% load i18n %}Hello {{ name }},\n\n{% translate 'Open it' %}: {{ link }}\n\nDebrief\n"
    )
    assert untranslated(source, html=False) == ["Hello"]


def test_it_ignores_comments_and_the_inside_of_blocktranslate():
    source = (
        "{% load i18n %}{% comment %}Notes for developers{% endcomment %}{# a note #}"
        "{% blocktranslate count counter=n %}{{ counter }} row{% plural %}{{ counter }} rows"
        "{% endblocktranslate %}"
    )
    assert untranslated(source) == []


def test_it_finds_english_plurals_and_literals_that_are_shown():
    source = (
        '{{ n }}{{ n|pluralize }} {{ waited|default:"Some time has passed" }}'
        "{{ level|default:'info' }}{% include 'x.html' with left_out_as=\"will not be sent\" %}"
    )
    assert untranslated(source) == [
        "an English-only plural: {{ n|pluralize }}",
        'a literal shown by |default: "Some time has passed"',
        'a literal shown by {% include %}: "will not be sent"',
    ]
