"""Every sentence the core writes, in every language: translated, and escaped where it is HTML.

Armenian and Russian are written in their own scripts, so an English word left in one of
their sentences stands out: `latin_words` finds it, once data (sources' publishers, Latin
names beside the Armenian ones) and units are set aside. Azerbaijani is written in Latin
letters; its catalogue's completeness (tests/test_catalogues.py) covers it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from datacopy import read_rows, write_rows

import geo
from geo.i18n import language
from geo.map.payload import map_payload
from geo.story.details import district_details, summary_line
from geo.story.status import deadline_notes, status_on, story_days
from geo.story.timeline import schedule, windows
from geo.web.page_view import page_view
from geo.web.panels import event_list_html, legend_html

OWN_SCRIPT = ("hy", "ru")


@pytest.fixture(scope="module")
def dataset() -> geo.Dataset:
    return geo.load()
# Latin words that are not English text in a sentence: units and symbols.
ALLOWED = {"km"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def latin_words(text: str, data_words: set[str]) -> set[str]:
    """The Latin-script words of ``text`` that are neither data nor allowed tokens.

    A ``{placeholder}`` left for a script to fill (map.js's date) is not a word.
    """
    return set(LATIN_WORD.findall(re.sub(r"\{\w+\}", "", text))) - ALLOWED - data_words


def data_words(dataset: geo.Dataset) -> set[str]:
    """Latin words that data may carry into a sentence in any language: the Armenian names
    column (Karvachar (Քարվաճառ)) and the sources' publishers."""
    names = " ".join(dataset.districts["name_hy"])
    publishers = " ".join(dataset.sources["publisher"])
    return set(LATIN_WORD.findall(f"{names} {publishers}"))


def sentences(dataset: geo.Dataset, code: str) -> list[str]:
    """Every status sentence of every story day, and the day's summary, in ``code``."""
    lang = language(code)
    texts = []
    for day in story_days(dataset):
        statuses = status_on(dataset, day, lang)
        texts.append(summary_line(statuses, day, "kalbajar", lang))
        for status in statuses:
            texts += [status.summary, status.tooltip, status.details, status.timeline,
                      status.count, *(part for line in status.lines for part in line)]
    return texts


@pytest.mark.parametrize("code", OWN_SCRIPT)
def test_every_status_sentence_is_in_the_language(dataset, code):
    allowed = data_words(dataset)
    left = {text: words for text in sentences(dataset, code)
            if (words := latin_words(text, allowed))}
    assert left == {}


@pytest.mark.parametrize("code", OWN_SCRIPT)
def test_every_panel_legend_and_table_is_in_the_language(dataset, code):
    lang = language(code)
    allowed = data_words(dataset)
    day = date(2020, 12, 1)
    texts = [re.sub(r"<[^>]+>", " ", legend_html(lang)),
             " ".join(str(v) for v in schedule(dataset, lang).to_numpy().ravel()),
             " ".join(schedule(dataset, lang).columns),
             " ".join(title for title, _, _ in windows(dataset, lang).values()),
             *deadline_notes(date(2020, 11, 15), date(2020, 11, 25), date(2020, 11, 15),
                             lang).values()]
    for district in dataset.handover_districts["id"]:
        info = district_details(dataset, district, day, lang)
        texts += [part for line in info.standing for part in line]
    payload = map_payload(dataset, False, lang)
    texts += [*payload["words"].values(), *payload["schedule"]["tips"],
              *(label["name"] for label in payload["labels"])]
    left = {text: words for text in texts if (words := latin_words(text, allowed))}
    assert left == {}


def test_the_check_finds_a_planted_english_sentence(dataset):
    """The test above would fail on an English sentence in a Russian view."""
    planted = language("ru")._("Deadline") + ": Handover agreed, pending"
    assert latin_words(planted, data_words(dataset)) == {"Handover", "agreed", "pending"}


def test_dates_and_numbers_are_written_the_language_s_way():
    day = date(2020, 11, 21)
    assert language("en").long_date(day) == "21 Nov 2020"
    assert "нояб" in language("ru").long_date(day)
    assert "նոյ" in language("hy").long_date(day)
    assert "noy" in language("az").long_date(day)
    assert language("en").number(4246) == "4,246"
    assert language("ru").number(4246) == "4\u00a0246"
    assert language("az").number(4246) == "4.246"


# No digits: a translation must keep the English text's numbers, which the planted text
# is put before.
HOSTILE = "<img src=x onerror=alert(document.domain)> {{ x }} $x$"


@pytest.fixture
def hostile(data_copy):
    """A copy whose every translation of event E10's title and Aghdam's caveat is markup."""
    for code in ("az", "hy", "ru"):
        path = data_copy / "translations" / f"{code}.csv"
        rows = read_rows(path)
        for row in rows:
            if (row["file"], row["id"], row["field"]) in {("events.csv", "E10", "title"),
                                                          ("handovers.csv", "aghdam", "caveat")}:
                row["text"] = f"{HOSTILE} {row['text']}"
        write_rows(path, rows)
    return geo.load(data_copy)


@pytest.mark.parametrize("code", ["az", "hy", "ru"])
def test_hostile_translations_reach_html_escaped(hostile, code):
    lang = language(code)
    events = geo.story.details.events_in(hostile.events, hostile, lang)
    assert any(HOSTILE in title for title in events["title"])  # planted where it is looked for
    listed = event_list_html(events, hostile.sources, lang)
    view = page_view(hostile, date(2020, 11, 28), "aghdam", lang)
    for html in (listed, view.details_html):
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(document.domain)&gt;" in html


@pytest.mark.parametrize("code", ["en", "az", "hy", "ru"])
def test_no_sentence_doubles_its_punctuation(dataset, code):
    """A date that ends in a full stop ('26 авг.') must not meet the sentence's own one."""
    doubled = [text for text in sentences(dataset, code) if re.search(r"\.\.|\.։|,,", text)]
    assert doubled == []
