"""Every string the sources mark for translation has a Welsh translation: the catalogue is
regenerated from the sources as a translator would (`makemessages`, into a scratch copy, so the
committed file is untouched), and each string must be in locale/cy/LC_MESSAGES/django.po with a
Welsh text for every plural form and not marked fuzzy (msgmerge's guess at a changed string).
The compiled catalogue (django.mo, committed so that every image serves Welsh without build
tools) must say exactly what the .po says."""

import gettext

import pytest

from tests.catalogue import CATALOGUE, DJANGO_GAPS, Entry, header_of, marked_strings, read_po

WELSH_PLURALS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> list[Entry]:
    return marked_strings(tmp_path_factory.mktemp("makemessages"))


def missing_welsh(marked: list[Entry], catalogue: list[Entry]) -> list[str]:
    """The marked strings the catalogue has no finished Welsh for."""
    welsh = {entry.key: entry for entry in catalogue}
    missing = []
    for entry in marked:
        found = welsh.get(entry.key)
        if found is None or not found.translated:
            where = ", ".join(entry.references[:2])
            context = f" (context {entry.context!r})" if entry.context else ""
            missing.append(f"{entry.msgid!r}{context} at {where}")
    return missing


def committed(path=CATALOGUE) -> list[Entry]:
    return read_po(path.read_text(encoding="utf-8"))


def test_every_marked_string_has_a_welsh_translation(marked):
    assert len(marked) > 150  # the extraction ran over the sources
    missing = missing_welsh(marked, committed())
    assert missing == [], (
        f"{len(missing)} string(s) without Welsh: run `make messages`, translate them in "
        f"{CATALOGUE.relative_to(CATALOGUE.parents[3])} (docs/translation.md): {missing}"
    )


def test_every_welsh_translation_is_of_a_string_still_marked(marked):
    """What `make messages --no-obsolete` would drop: Welsh for a string no source marks any
    more, or marks where makemessages does not look (a message inside an f-string, or passed to
    a function of ours it is not told of: debrief/management/commands/makemessages.py)."""
    keys = {entry.key for entry in marked}
    unmarked = [entry.msgid for entry in committed() if entry.msgid and entry.key not in keys]
    assert unmarked == [], f"{len(unmarked)} translation(s) makemessages would drop: {unmarked}"


def test_a_string_removed_from_the_catalogue_is_reported(marked):
    catalogue = committed()
    removed = next(entry for entry in catalogue if entry.msgid == "Skip to main content")
    catalogue.remove(removed)
    [missing] = missing_welsh(marked, catalogue)
    assert missing.startswith("'Skip to main content' at templates/base.html:")


def test_a_fuzzy_or_empty_translation_is_reported(marked):
    catalogue = committed()
    for entry in catalogue:
        if entry.msgid == "Sign in":
            entry.flags.add("fuzzy")
        if entry.plural == "%(counter)s debriefs written":
            entry.msgstr[3] = ""
    missing = missing_welsh(marked, catalogue)
    assert len(missing) == 2
    assert missing[0].startswith("'Sign in' at ") or missing[1].startswith("'Sign in' at ")


CATALOGUES = [CATALOGUE, DJANGO_GAPS]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parents[2].name)
def test_the_catalogue_uses_the_welsh_plural_forms(path):
    header = header_of(path.read_text(encoding="utf-8"))
    assert "Language: cy\n" in header
    assert f"Plural-Forms: {WELSH_PLURALS}\n" in header
    for entry in committed(path):
        if entry.plural is not None:
            assert sorted(entry.msgstr) == list(range(6)), entry.msgid


def test_every_message_of_django_kept_here_is_translated():
    assert [entry.msgid for entry in committed(DJANGO_GAPS) if not entry.translated] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parents[2].name)
def test_the_compiled_catalogue_matches_the_po_file(path):
    with path.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for entry in committed(path):
        if not entry.translated:
            continue
        msgid = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
    compiled_entries = {key: value for key, value in catalog.items() if key != ""}
    assert compiled_entries == expected, "django.mo is out of date: run `make messages`"
