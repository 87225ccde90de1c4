"""The interface's catalogues: up to date with the code, complete, and true to the English.

A message missing from a catalogue, or left fuzzy, would show English to a reader of that
language; a placeholder dropped or renamed would lose a name or a date, or fail to format.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from geo.i18n import DEFAULT, LANGUAGES, language
from geo.i18n.language import LOCALES_DIR

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]


def catalog(code: str):
    with open(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=code)


def messages(code: str):
    return [m for m in catalog(code) if m.id]


# A message marked with its literal text (a constant marked with N_ elsewhere is fine).
MARKER = re.compile(r"\b(_|ngettext|N_)\(\s*[rR]?['\"]")


def test_no_message_is_marked_inside_an_f_string():
    """Babel reads an f-string as one token (Python 3.11): a ``_("…")`` inside one is never
    extracted, and its words stay English in every language."""
    hidden = []
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
                 *sorted((ROOT / "geo").rglob("*.py"))]:
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        hidden += [f"{path.relative_to(ROOT)}:{token.start[0]}" for token in tokens
                   if token.type == tokenize.STRING
                   and re.match(r"(?i)[rb]*f", token.string) and MARKER.search(token.string)]
    assert hidden == []


def test_the_catalogues_are_up_to_date_with_the_code():
    result = subprocess.run([sys.executable, "scripts/catalogues.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    untranslated = [m.id for m in messages(code)
                    if not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in messages(code) if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_english_placeholders(code):
    wrong = []
    for message in messages(code):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        wrong += [(ids[0], text) for text in strings
                  if text and set(PLACEHOLDER.findall(text)) != wanted]
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_messages_have_every_form_of_the_language(code):
    forms = catalog(code).num_plurals
    short = [m.id for m in messages(code)
             if isinstance(m.id, tuple) and len(m.string) != forms]
    assert short == []


def test_a_translated_sentence_reads_in_its_language():
    """The catalogue is used: Russian words for a Russian reader, English for English."""
    russian, english = language("ru"), language("en")
    assert english._("Deadline") == "Deadline"
    assert russian._("Deadline") not in ("", "Deadline")
    assert russian.ngettext("{count} day to go", "{count} days to go", 5) != \
        russian.ngettext("{count} day to go", "{count} days to go", 1)


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        language("xx")


def _stems(phrase: str) -> str:
    """A pattern for ``phrase`` in any inflection: each word's first five letters."""
    return r"\s+".join(re.escape(word[:5]) + r"\w*" for word in phrase.split())


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_side_s_word_is_the_interface_s_own(code):
    """A word the glossary marks 'attributed' (liberated, occupied, Artsakh …) may appear in
    the interface only where the English names it too, as a side's word."""
    with open(ROOT / "data" / "glossary.csv", encoding="utf-8") as file:
        glossary = list(csv.DictReader(file))
    own = [_stems(term) for row in glossary if row["use"] != "attributed"
           for term in row[code].split(", ") if " " in term]
    used = []
    for message in messages(code):
        english = " ".join(message.id if isinstance(message.id, tuple) else (message.id,))
        text = " ".join(message.string if isinstance(message.string, tuple)
                        else (message.string,))
        for pattern in own:  # "Нагорный Карабах" is the project's own name
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
        used += [(row["id"], english[:60]) for row in glossary if row["use"] == "attributed"
                 for term in row[code].split(", ")
                 if re.search(_stems(term), text, re.IGNORECASE)
                 and not re.search(_stems(row["en"].split(" (")[0].split(",")[0]), english,
                                   re.IGNORECASE)]
    assert used == []
