"""What a reader's page needs that is the same for every reader, prepared once per process.

One cache, per data directory, for the Streamlit pages (`pages/common.py`) and the app's own
HTTP routes (`geo/server`): the dataset, loaded, validated and frozen; the map's base
layers; the list of every event; the slider's day labels; the page view of each day with
each selection. `warm_up` builds what a first reader needs when the server starts
(`geo.server.asgi.lifespan`), so the first reader after a start does not wait for it.

Everything here is shared by every session, so it is frozen: the dataset by
`geo.dataset.frozen.freeze`, the rest are strings, frozen dataclasses of strings and
read-only mappings (`tests/test_isolation.py`). Broken data raises `geo.DataError`, which
``functools.lru_cache`` does not keep: every call reads the directory again, so a fix shows
on the next reload. Plain memoisation, not Streamlit's caches: no Streamlit here (`geo/` is
the core), and the page looks these up on every slider step, where Streamlit's cache lookups
(hashing and bookkeeping) cost 8 % of the page's script time in a sampling profile.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from geo.dataset.frozen import freeze
from geo.dataset.load import Dataset, load
from geo.dataset.load import place_names as names_by_id
from geo.i18n import DEFAULT, LANGUAGES, language
from geo.map import live, picture
from geo.story.details import events_in
from geo.story.status import story_days
from geo.web import page_view as views
from geo.web import panels


@functools.lru_cache(maxsize=4)
def dataset(data_dir: str) -> Dataset:
    """The validated dataset of ``data_dir``: one frozen object, never a copy per call."""
    return freeze(load(data_dir))


# Each cache below holds an entry per language (`geo.i18n.LANGUAGES`, by code).
_PER_LANGUAGE = len(LANGUAGES)


@functools.lru_cache(maxsize=8 * _PER_LANGUAGE)
def base_layers(data_dir: str, tiles: bool, lang: str = DEFAULT) -> live.BaseLayers:
    """The base map's data (`geo.map.live.base_layers`), per tiles setting and language."""
    return live.base_layers(dataset(data_dir), tiles, language(lang))


@functools.lru_cache(maxsize=4 * _PER_LANGUAGE)
def event_list(data_dir: str, lang: str = DEFAULT) -> str:
    """The map page's list of every event (`geo.web.panels.event_list_html`)."""
    data = dataset(data_dir)
    return panels.event_list_html(events_in(data.events, data, language(lang)), data.sources,
                                  language(lang))


@functools.lru_cache(maxsize=4 * _PER_LANGUAGE)
def day_labels(data_dir: str, lang: str = DEFAULT) -> Mapping[date, str]:
    """Each day of the story (`story_days`) as the date slider shows it, in ``lang``.

    Looked up, not formatted: the slider formats every option twice on each step.
    """
    words = language(lang)
    return MappingProxyType({day: words.long_date(day)
                             for day in story_days(dataset(data_dir))})


@functools.lru_cache(maxsize=4 * _PER_LANGUAGE)
def period_titles(data_dir: str, lang: str = DEFAULT) -> Mapping[str, str]:
    """Each period's title (periods.csv) by its id, in ``lang``, in the file's order."""
    data = dataset(data_dir)
    return MappingProxyType({period: data.text(lang, "periods.csv", period, "title")
                             for period in data.periods["id"]})


@functools.lru_cache(maxsize=4 * _PER_LANGUAGE)
def place_names(data_dir: str, lang: str = DEFAULT) -> Mapping[str, str]:
    """Each district's and the corridor's name by its id, in ``lang``."""
    return MappingProxyType(names_by_id(dataset(data_dir).districts, lang))


# Every day of the story with every selection, per language: a few thousand small views.
@functools.lru_cache(maxsize=1024 * _PER_LANGUAGE)
def page_view(data_dir: str, day: date, district: str | None,
              lang: str = DEFAULT) -> views.PageView:
    """The map page's texts and map view of one day and selection, in ``lang``."""
    return views.page_view(dataset(data_dir), day, district, language(lang))


# Rendered only when a reader asks for it (the map page's download calls this on a click),
# and kept for a few views: about 350 KB each at print size.
@functools.lru_cache(maxsize=8)
def print_picture(data_dir: str, day: date, district: str | None, lang: str = DEFAULT) -> bytes:
    """The print-size picture of a view (`geo.map.picture.preview_png`), 2400×1260 PNG."""
    return picture.preview_png(dataset(data_dir), day, district, scale=picture.PRINT_SCALE,
                               lang=language(lang))


def warm_up(data_dir: str, tiles: bool) -> int:
    """Prepare everything above for ``data_dir`` and the default ``tiles`` setting.

    In every language, for a link may open the page in any of them (``?lang=``, or the
    browser's own), and the first reader in Russian should not wait where the first in
    English does not: it also compiles each language's catalogue. Every day's page view
    without a selection, not with each district: a district's panel is most of a view's cost
    (about 9 ms of CPU here, against 1 ms), so all 405 views of one language took 3.7 s of
    CPU, which a start would add to the wait for health, while a first reader who opens a
    district waits those 9 ms once. Returns the number of page views built. Raises
    `geo.DataError` on broken data, which then stays uncached, as above.
    """
    days = story_days(dataset(data_dir))
    for code in LANGUAGES:
        base_layers(data_dir, tiles, code)
        event_list(data_dir, code)
        day_labels(data_dir, code)
        period_titles(data_dir, code)
        place_names(data_dir, code)
        for day in days:
            page_view(data_dir, day, None, code)
    return len(days) * len(LANGUAGES)
