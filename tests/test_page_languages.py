"""The Timeline, Events and About pages in every language: nothing a reader sees is left out of
the catalogues, and the data's translated texts are shown as typed.

Until translators fill the catalogues every msgstr is empty, so a page in Russian reads as
English and an untranslated string cannot be told from a translated one. These tests give each
language a pseudo-catalogue instead: every entry of messages.pot "translated" as ⟦English⟧.
On a page in that language, every word a reader sees must then be inside ⟦…⟧ (it went
through the catalogue), or be data (names, sources, texts from data/translations), a number
or a date. A string written in the code without ``_()``, or with an f-string inside it (not
extracted), shows bare and fails the test (see the planted one below).
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apphelpers import FOOTER, open_link
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from datacopy import edit_csv, read_rows
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

import geo
from geo.dataset.translations import TRANSLATABLE
from geo.html import md
from geo.i18n import LANGUAGES
from geo.story.timeline import chart_locale
from geo.web import provenance

# The module, not the function that geo.i18n exports under the same name.
i18n = importlib.import_module("geo.i18n.language")
PAGES = ["pages/timeline.py", "pages/events.py", "pages/about.py"]
OTHERS = [code for code in LANGUAGES if code != "en"]
OPEN, CLOSE = "⟦", "⟧"
# What a reader reads in a message (its body, label, help…), by protobuf field name.
READ_FIELDS = {"body", "label", "help", "placeholder", "options", "content"}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def pseudo(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


@pytest.fixture
def pseudo_catalogues(tmp_path, monkeypatch) -> None:
    """Every language's catalogue replaced by ⟦English⟧ for every message of messages.pot."""
    with open(i18n.LOCALES_DIR.parent / "messages.pot", "rb") as file:
        template = read_po(file)
    for code in OTHERS:
        catalog = Catalog(locale=i18n._BABEL_LOCALES[code])
        for message in template:
            if not message.id:
                continue
            if message.pluralizable:
                singular, plural = message.id
                string = tuple(pseudo(singular if n == 0 else plural)
                               for n in range(catalog.num_plurals))
            else:
                string = pseudo(message.id)
            catalog.add(message.id, string)
        target = tmp_path / code / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        with open(target, "wb") as file:
            write_po(file, catalog)
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.language.cache_clear()
    yield
    i18n.language.cache_clear()
    # Nothing worded in the pseudo-languages outlives the test in a cache.
    st.cache_data.clear()


def read_texts(at: AppTest) -> Iterator[str]:
    """What a reader reads on the page: bodies, labels, help, options, column and chart titles.

    Scripts and styles are not read; the footer is pages/common.py's.
    """
    def strings(message: Message) -> Iterator[str]:
        for field, value in message.ListFields():
            for item in value if field.is_repeated else [value]:
                if isinstance(item, Message):
                    yield from strings(item)
                elif field.name in READ_FIELDS and isinstance(item, str):
                    yield item
                elif field.name == "columns":  # a dataframe's column configuration
                    for column in json.loads(item).values():
                        yield from (column[k] for k in ("label", "help") if column.get(k))
                elif field.name == "spec":  # a chart: its titles and tooltip field titles
                    yield from chart_titles(json.loads(item))

    def walk(node) -> Iterator[str]:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            yield from strings(proto)
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    for text in walk(at._tree):
        if not text.startswith(("<script", "<style", FOOTER)) and text != "---":
            yield text


def chart_titles(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            elif key != "locale":  # month names: Babel's, data for this test
                yield from chart_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from chart_titles(item)


def data_texts(data: geo.Dataset, code: str) -> list[str]:
    """Every text of the data a page may show in ``code``, longest first, and its month names."""
    texts = {text for (lang, *_), text in data.translations.items() if lang in ("en", code)}
    for frame in (data.sources, data.events, data.periods,
                  data.districts.drop(columns="geometry")):
        for column in frame.columns:
            texts.update(value for value in frame[column] if isinstance(value, str))
    texts.update(LANGUAGES.values())
    locale = chart_locale(i18n.language(code))["time"]
    texts.update(name for key in ("months", "shortMonths") for name in locale[key])
    return sorted((t for t in texts if t), key=len, reverse=True)


def bare_words(text: str, data: list[str]) -> list[str]:
    """Latin words of ``text`` outside ⟦…⟧, data, code spans and link targets."""
    while True:  # innermost first: a translated message may hold another
        inner = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if inner == text:
            break
        text = inner
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes (geo.html.md)
    text = re.sub(r"`[^`]*`|\]\([^)]*\)|<[^>]*>", " ", text)
    text = html.unescape(text)  # HTML elements (st.html) escape their data
    for known in data:
        text = text.replace(known, " ")
    return LATIN_WORD.findall(text)


def untranslated(at: AppTest, data: geo.Dataset, code: str) -> list[str]:
    known = data_texts(data, code)
    return [text for text in read_texts(at) if bare_words(text, known)]


@pytest.mark.parametrize("code", OTHERS)
@pytest.mark.parametrize("page", PAGES, ids=["timeline", "events", "about"])
def test_every_string_a_reader_sees_comes_from_the_catalogue(pseudo_catalogues, page, code):
    at = open_link({"lang": code, "date": "2020-11-21"}, page)
    assert not at.exception
    headings = [h.value for h in at.title] + [h.value for h in at.header]
    assert headings and all(h.startswith(OPEN) for h in headings), headings
    assert untranslated(at, geo.load(), code) == []


def test_a_planted_english_string_is_found(pseudo_catalogues, monkeypatch):
    # A heading table with a string that is not marked for the catalogue.
    planted = {**provenance.FIGURE_HEADINGS, "losses": "Deaths as planted"}
    monkeypatch.setattr(provenance, "FIGURE_HEADINGS", planted)
    at = open_link({"lang": "ru"}, "pages/about.py")
    assert not at.exception
    assert [t for t in untranslated(at, geo.load(), "ru") if "Deaths as planted" in t]


@pytest.mark.parametrize("page", PAGES, ids=["timeline", "events", "about"])
def test_each_page_opens_in_every_language(page):
    for code in LANGUAGES:
        at = open_link({"lang": code}, page)
        assert not at.exception, code
        assert at.query_params["lang"] in (code, [code])


# --- hostile translations ---------------------------------------------------------------------

HOSTILE = "**bold** <img src=x onerror=alert()> [click](javascript:alert()) ${x} `code`"
# One translated text of each kind the three pages show.
PLANTED = [("events.csv", "E01", "title"), ("events.csv", "E01", "summary"),
           ("periods.csv", "P1", "title"), ("handovers.csv", "kalbajar", "caveat"),
           ("figures.csv", "F1", "claim"), ("figures.csv", "F1", "according_to"),
           ("sources.csv", "S4", "title")]


def plant(data_dir: Path) -> None:
    """Put ``HOSTILE`` at the start of the planted texts in every language.

    The translation keeps its own text after it, so it keeps the English numbers and loads.
    """
    for code in OTHERS:
        def edit(rows):
            for row in rows:
                if (row["file"], row["id"], row["field"]) in PLANTED:
                    row["text"] = f"{HOSTILE} {row['text']}"
        edit_csv(data_dir / "translations" / f"{code}.csv", edit)


def hostile_text(data: geo.Dataset, code: str, key: tuple[str, str, str]) -> str:
    return data.text(code, *key)


@pytest.fixture
def hostile_data(data_copy, monkeypatch) -> geo.Dataset:
    plant(data_copy)
    assert all(key[2] in TRANSLATABLE[key[0]] for key in PLANTED)
    assert len([r for r in read_rows(data_copy / "translations" / "ru.csv")
                if r["text"].startswith(HOSTILE)]) == len(PLANTED)
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    return geo.load(data_copy)


def shown(at: AppTest) -> str:
    return "\n".join(read_texts(at))


@pytest.mark.parametrize("code", OTHERS)
def test_hostile_translations_are_shown_as_typed(hostile_data, code):
    text = {}
    for page in PAGES:
        at = open_link({"lang": code, "date": "2020-11-21"}, page)
        if page == "pages/events.py":  # the planted event's title and summary, selected
            at.session_state["events_table"] = {
                "selection": {"rows": [0], "columns": [], "cells": []}}
            at.run()
        assert not at.exception, (page, code)
        text[page] = shown(at)
        # No markup from the data reaches a Markdown or HTML element unescaped.
        assert "<img" not in text[page].replace(r"\<img", ""), (page, code)
        assert "](javascript" not in text[page].replace(r"\](javascript", ""), (page, code)

    def planted(file: str, row_id: str, field: str) -> str:
        return md(hostile_data.text(code, file, row_id, field))

    assert planted("periods.csv", "P1", "title") in text["pages/timeline.py"]
    assert planted("events.csv", "E01", "title") in text["pages/events.py"]
    assert planted("events.csv", "E01", "summary") in text["pages/events.py"]
    for key in PLANTED[3:]:
        assert planted(*key) in text["pages/about.py"], key
