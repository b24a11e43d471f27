"""The Welsh catalogue as the completeness tests read it: a small reader of gettext .po files
(no dependency), and the strings the sources mark for translation today, extracted by Django's
own `makemessages` into a scratch copy of the project, so the committed catalogue is never
touched by a test run."""

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# Welsh for Django's own messages that Django's Welsh catalogue lacks, kept by hand.
DJANGO_GAPS = ROOT / "locale" / "django" / "cy" / "LC_MESSAGES" / "django.po"
# What makemessages leaves out, as the README's command does (and the catalogue itself).
NOT_SCANNED = {".git", ".venv", ".pgdata", "tests", "bench", "locale", "node_modules", "media"}

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid

    @property
    def translated(self) -> bool:
        """Every form has a Welsh text and no one marked it as a guess (fuzzy)."""
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())


def unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(text: str) -> list[Entry]:
    """The entries of a .po file as gettext's tools write it (entries apart by a blank line),
    without its header and obsolete (`#~`) entries."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry, target = Entry(), None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                kind, index = target
                if kind == "msgstr":
                    entry.msgstr[index] += unquote(line)
                else:
                    setattr(entry, kind, (getattr(entry, kind) or "") + unquote(line))
            else:
                keyword, _, value = line.partition(" ")
                if keyword.startswith("msgstr"):
                    index = int(keyword[7:-1]) if "[" in keyword else 0
                    entry.msgstr[index] = unquote(value)
                    target = ("msgstr", index)
                else:
                    kind = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}
                    target = (kind[keyword], None)
                    setattr(entry, target[0], unquote(value))
        if entry.msgid:  # msgid "" is the header
            entries.append(entry)
    return entries


def header_of(text: str) -> str:
    match = re.search(r'^msgid ""\nmsgstr ""\n((?:".*"\n)+)', text, re.MULTILINE)
    return "".join(unquote(line) for line in match.group(1).splitlines()) if match else ""


def marked_strings(scratch: Path) -> list[Entry]:
    """Every string the sources mark for translation now: `makemessages --keep-pot` run in a
    scratch directory that links to the project's sources (not its catalogue)."""
    for item in ROOT.iterdir():
        if item.name not in NOT_SCANNED and not item.name.startswith("."):
            (scratch / item.name).symlink_to(item)
    (scratch / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=cy",
            "--symlinks",
            "--keep-pot",
            "--no-obsolete",
        ],
        cwd=scratch,
        env={**os.environ, "DEBRIEF_DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    return read_po((scratch / "locale" / "django.pot").read_text(encoding="utf-8"))
