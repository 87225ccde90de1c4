"""The data texts in Azerbaijani, Armenian and Russian, and the glossary that fixes their words.

The English texts stay in their own files (events.csv, handovers.csv, …); each other language
has one file, ``translations/<lang>.csv``, with one row per translated field:
``file,id,field,text``. Every translatable field that has English text must have a text in
every language: a missing translation is a validation error, never a silent English fallback.
A translation must also keep every number of the English (see `numbers`), so that a figure
cannot drift between languages.

``glossary.csv`` lists, for each status and each loaded term, the word each language uses and
why (data/README.md); it is checked for completeness, not applied to the texts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from geo.dataset.problems import Problem
from geo.dataset.readers import FieldCheck, read_csv
from geo.i18n import DEFAULT, ENGLISH_NAMES

# The languages the data texts are translated into, with their names in messages.
LANGUAGES = tuple((code, name) for code, name in ENGLISH_NAMES.items() if code != DEFAULT)
TRANSLATION_COLUMNS = ("file", "id", "field", "text")
# The fields written in the project's own words, by file. A source's title is ours only when
# it is a description; a headline is the publisher's and is quoted as published.
TRANSLATABLE = {
    "events.csv": ("title", "summary"),
    "handovers.csv": ("caveat", "return_note"),
    "figures.csv": ("claim", "according_to"),
    "periods.csv": ("title",),
    "sources.csv": ("title",),
}
GLOSSARY_COLUMNS = ("id", "concept", "use", "en", "az", "hy", "ru", "note")
# own: the project's own word; alongside: a name given in brackets after the own one;
# attributed: a side's word, used only as that side's.
GLOSSARY_USES = ("own", "alongside", "attributed")

# A number as written: digit groups of three joined by a comma, dot or (narrow, no-break)
# space (2,317 · 2.317 · 2 317), or plain digits with an optional decimal part (77.4 · 77,4).
_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+")

# (file, row id, field) -> (row number in that file, English text); the text is "" for a
# field with nothing to translate (empty, or a quoted headline).
EnglishTexts = dict[tuple[str, str, str], tuple[int, str]]


def numbers(text: str) -> Counter[str]:
    """The numbers in ``text`` as a multiset, digit grouping and decimal mark normalised.

    ``2,317``, ``2 317`` and ``2317`` are all ``2317``; ``77.4`` and ``77,4`` are ``77.4``.
    """
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        written = match.group()
        if _GROUPED.fullmatch(written):
            found[re.sub(r"\D", "", written)] += 1
        else:
            found[written.replace(",", ".")] += 1
    return found


def english_texts(root: Path, label_of) -> tuple[EnglishTexts, set[str]]:
    """Every translatable English text in ``root`` with its row number; unreadable files.

    The files are read again, as text: their problems are the main readers' to report, so
    they are set aside here. The translations of a file that cannot be read (not UTF-8, a
    column missing) are not checked until it can; an absent optional file has no rows.
    """
    texts: EnglishTexts = {}
    unreadable = set()
    for name, fields in TRANSLATABLE.items():
        if not (root / name).exists():
            continue
        id_column = "district_id" if name == "handovers.csv" else "id"
        trouble: list[Problem] = []
        rows = read_csv(root / name, label_of(name), (id_column, *fields), trouble)
        if trouble and not rows:
            unreadable.add(name)
        for line, record in rows:
            if not record[id_column]:  # reported by the file's own reader
                continue
            for field in fields:
                quoted = name == "sources.csv" and record.get("title_kind") != "description"
                texts[(name, record[id_column], field)] = (line, "" if quoted else record[field])
    return texts, unreadable


def read_translations(root: Path, english: EnglishTexts, unreadable: set[str], label_of,
                      problems: list[Problem]) -> dict[tuple[str, str, str, str], str]:
    """Every language's texts, keyed (lang, file, id, field), English included as ``en``.

    Records a problem for each missing, empty, unknown, repeated or number-changing text.
    """
    texts = {("en", *key): text for key, (_, text) in english.items() if text}
    for lang, language in LANGUAGES:
        name = f"translations/{lang}.csv"
        label = label_of(name)
        seen: dict[tuple[str, str, str], int] = {}
        for line, record in read_csv(root / name, label, TRANSLATION_COLUMNS, problems):
            check = FieldCheck(label, line, record, problems)
            key = (check.text("file"), check.text("id"), check.text("field"))
            text = check.text("text")
            if not all(key) or key[0] in unreadable:
                continue
            if key in seen:
                check.fail("field", f"{key[2]!r} of {key[0]} {key[1]} is translated twice "
                                    f"(first in row {seen[key]})")
                continue
            seen[key] = line
            if not _known(check, key, english):
                continue
            if text:
                _same_numbers(check, english[key][1], text)
                texts[(lang, *key)] = text
        missing = [key for key, (_, text) in english.items() if text and key not in seen]
        for file, row_id, field in missing:
            problems.append(Problem(label_of(file), f"of {row_id} has no {language} "
                                    f"translation in {label}", row=english[(file, row_id,
                                                                             field)][0],
                                    field=field))
    return texts


def _known(check: FieldCheck, key: tuple[str, str, str], english: EnglishTexts) -> bool:
    """Whether ``key`` names a translatable English text; records why not."""
    file, row_id, field = key
    if file not in TRANSLATABLE:
        check.fail("file", f"{file!r} has no translatable texts (one of: "
                           f"{', '.join(TRANSLATABLE)})")
    elif field not in TRANSLATABLE[file]:
        check.fail("field", f"{field!r} is not a translatable field of {file} (one of: "
                            f"{', '.join(TRANSLATABLE[file])})")
    elif key not in english:
        check.fail("id", f"{row_id!r} is not a row of {file}")
    elif not english[key][1]:
        check.fail("field", f"{field!r} of {file} {row_id} has no English text to translate "
                            "(empty, or a quoted headline)")
    else:
        return True
    return False


def _same_numbers(check: FieldCheck, english: str, text: str) -> None:
    want, got = numbers(english), numbers(text)
    if want != got:
        dropped = sorted((want - got).elements())
        added = sorted((got - want).elements())
        parts = ([f"drops {', '.join(dropped)}"] if dropped else []) + (
            [f"adds {', '.join(added)}"] if added else [])
        check.fail("text", f"does not keep the English numbers: {'; '.join(parts)}")


def read_glossary(root: Path, label_of, problems: list[Problem]) -> pd.DataFrame | None:
    """Optional: the glossary, every term in every language; None if the file is absent."""
    name = "glossary.csv"
    if not (root / name).exists():
        return None
    label = label_of(name)
    terms = []
    ids = []
    for line, record in read_csv(root / name, label, GLOSSARY_COLUMNS, problems):
        check = FieldCheck(label, line, record, problems)
        term = {"id": check.text("id"), "concept": check.text("concept"),
                "use": check.choice("use", GLOSSARY_USES)}
        term.update({lang: check.text(lang) for lang in ("en", "az", "hy", "ru")})
        term["note"] = check.text("note")
        terms.append(term)
        ids.append((line, term["id"]))
    counts = Counter(value for _, value in ids if value)
    for line, value in ids:
        if counts[value] > 1:
            problems.append(Problem(label, f"{value!r} appears {counts[value]} times",
                                    row=line, field="id"))
    return pd.DataFrame(terms, columns=list(GLOSSARY_COLUMNS))
