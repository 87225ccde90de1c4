"""Isolation: viewers at different dates and districts never see each other's state.

A browser test drives two sessions at once; AppTest and code checks make sure nothing
mutable is shared through module globals or st.cache_resource, and that the one dataset
every session shares stays as it was loaded.
"""

from __future__ import annotations

import copy
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from apphelpers import heading, run_app, summary, warnings
from conftest import map_frame, wait_for_app

import geo
from geo.dataset.frozen import freeze
from geo.story.details import summary_line
from geo.story.wording import long_date
from geo.web import prepared
from pages import common

ROOT = Path(__file__).resolve().parent.parent
DATA = geo.load()
NAMES = dict(zip(DATA.districts["id"], DATA.districts["name_en"], strict=True))
SLIDER = '[data-testid="stSlider"] input[type="range"]'
SELECT_KEY = "district_select"


def expected_summary(day: date, district: str | None) -> str:
    return summary_line(geo.status_on(DATA, day), day, district)


# --- two browser sessions at once --------------------------------------------------------------

def shown_view(page) -> dict[str, str | None]:
    """Date heading, summary line, selected district (panel and selectbox), URL parameters."""
    panel = page.locator('[data-testid="stMarkdown"] h3')
    query = parse_qs(urlparse(page.url).query)
    return {
        "heading": page.locator('[data-testid="stMain"] h2').inner_text(),
        "summary": page.locator('[data-testid="stMarkdown"] p > strong').first.inner_text(),
        "panel": panel.first.inner_text() if panel.count() else None,
        "select": page.get_by_role("combobox", name="District details").input_value(),
        "url": f"{query.get('date', ['?'])[0]} {query.get('district', ['-'])[0]}",
    }


def expected_view(day: date, district: str) -> dict[str, str | None]:
    return {"heading": long_date(day), "summary": expected_summary(day, district),
            "panel": NAMES[district], "select": NAMES[district],
            "url": f"{day.isoformat()} {district}"}


def wait_for_view(page, day: date, district: str) -> None:
    """Wait until the heading, the panel and the address bar show the view, then compare all."""
    page.wait_for_function(
        "([d, n]) => document.querySelector('[data-testid=\"stMain\"] h2')?.textContent"
        " === d && document.querySelector('[data-testid=\"stMarkdown\"] h3')?.textContent"
        " === n", arg=[long_date(day), NAMES[district]])
    page.wait_for_url(re.compile(rf"date={day.isoformat()}&district={district}&lang=en$"))
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    assert shown_view(page) == expected_view(day, district)


def choose_district(page, district: str) -> None:
    page.get_by_role("combobox", name="District details").click()
    page.get_by_role("option", name=NAMES[district], exact=True).click()


@pytest.mark.browser
def test_two_viewers_at_once_keep_their_own_view(server, chromium):
    contexts = [chromium.new_context(viewport={"width": 1400, "height": 1000}) for _ in "ab"]
    try:
        a, b = (context.new_page() for context in contexts)
        a.goto(f"{server}/?date=2020-11-14&district=kalbajar")
        b.goto(f"{server}/?date=2020-11-28&district=lachin")
        for page in (a, b):
            wait_for_app(page)
            map_frame(page)
        wait_for_view(a, date(2020, 11, 14), "kalbajar")
        wait_for_view(b, date(2020, 11, 28), "lachin")

        # Both step at the same moment, in opposite directions.
        a.locator(SLIDER).focus()
        b.locator(SLIDER).focus()
        a.keyboard.press("ArrowRight")
        b.keyboard.press("ArrowLeft")
        wait_for_view(a, date(2020, 11, 15), "kalbajar")
        wait_for_view(b, date(2020, 11, 27), "lachin")

        # B picks another district while A steps on; neither follows the other.
        choose_district(b, "aghdam")
        a.locator(SLIDER).focus()
        a.keyboard.press("ArrowRight")
        wait_for_view(b, date(2020, 11, 27), "aghdam")
        wait_for_view(a, date(2020, 11, 16), "kalbajar")

        # A reload is a new session that follows its own address bar only.
        b.reload()
        wait_for_app(b)
        wait_for_view(b, date(2020, 11, 27), "aghdam")
        wait_for_view(a, date(2020, 11, 16), "kalbajar")
    finally:
        for context in contexts:
            context.close()


# --- AppTest: interleaved sessions in one process ----------------------------------------------

def test_interleaved_apptest_sessions_keep_their_own_state():
    one = run_app({"date": "2020-11-14", "district": "kalbajar"})
    two = run_app({"date": "2020-11-28", "district": "lachin"})
    assert (heading(one), heading(two)) == ("14 Nov 2020", "28 Nov 2020")

    one.select_slider(key="date_slider").set_value(date(2020, 11, 20)).run()
    two.run()
    assert heading(two) == "28 Nov 2020"
    assert two.selectbox(key=SELECT_KEY).value == "lachin"
    assert summary(two) == expected_summary(date(2020, 11, 28), "lachin")

    two.selectbox(key=SELECT_KEY).set_value("aghdam").run()
    one.run()
    assert heading(one) == "20 Nov 2020"
    assert summary(one) == expected_summary(date(2020, 11, 20), "kalbajar")
    assert one.selectbox(key=SELECT_KEY).value == "kalbajar"
    assert one.query_params == {"date": "2020-11-20", "district": "kalbajar", "lang": "en"}
    assert two.query_params == {"date": "2020-11-28", "district": "aghdam", "lang": "en"}
    assert not (one.exception or two.exception or warnings(one) or warnings(two))


# --- code checks: nothing mutable is shared ----------------------------------------------------

def app_sources() -> dict[str, str]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "geo").rglob("*.py"))]
    return {str(path.relative_to(ROOT)): path.read_text() for path in files}


# A per-process cache (st.cache_resource, functools.lru_cache) hands every session the same
# object. Each file that has one is listed with why those objects cannot carry one
# session's changes to another.
SHARED = {
    "geo/web/prepared.py": "the dataset, frozen by geo.freeze (the two tests below prove "
                           "it); BaseLayers and PageView, frozen dataclasses of strings, a "
                           "tuple and a bool; strings; a read-only mapping of dates to "
                           "strings",
    "geo/i18n/language.py": "one Language per code: its catalogue, read once and never "
                            "changed, and a Babel locale; no setter (__slots__)",
}


def test_shared_caches_only_where_listed_and_no_global_statements():
    """`global` rebinds shared state; a process-wide cache shares one object (see SHARED)."""
    uses = {name for name, text in app_sources().items()
            if re.search(r"cache_resource|experimental_singleton|lru_cache"
                         r"|functools\.cache\b|@cache\b", text)}
    assert uses == set(SHARED)
    globals_ = {name for name, text in app_sources().items()
                if re.search(r"^\s*(global|nonlocal)\s", text, re.M)}
    assert globals_ == set()


def tables(data: geo.Dataset) -> dict[str, pd.DataFrame]:
    """Every table of a Dataset, derived ones included, geometries as WKB to compare."""
    found = {name: getattr(data, name) for name in
             ("districts", "events", "sources", "basemap", "figures",
              "handover_districts", "event_distances")}
    return {name: table.to_wkb() if hasattr(table, "to_wkb") else table
            for name, table in found.items() if table is not None}


def shared_dataset() -> geo.Dataset:
    return prepared.dataset(str(geo.data_dir_from_env()))


def test_the_dataset_is_one_frozen_object():
    data = shared_dataset()
    assert shared_dataset() is data  # no copy per call
    fresh = tables(freeze(geo.load()))
    assert all(table.equals(fresh[name]) for name, table in tables(data).items())
    assert isinstance(data.handover_records, tuple)  # frozen (tests/test_frozen.py)


def test_sessions_on_every_page_leave_the_shared_dataset_unchanged():
    data = shared_dataset()
    fresh = freeze(geo.load())
    at = run_app({"date": "2020-11-14", "district": "kalbajar"})
    at.select_slider(key="date_slider").set_value(date(2020, 11, 25)).run()
    at.selectbox(key=SELECT_KEY).set_value("lachin").run()
    at.sidebar.toggle[0].set_value(True).run()
    at.button(key="play").click().run()
    timeline = run_app({"date": "2020-11-21"}, page="pages/timeline.py")
    timeline.segmented_control(key="timeline_window").set_value("whole").run()
    events = run_app(page="pages/events.py")
    events.multiselect(key="events_categories").set_value(["handover"]).run()
    events.text_input(key="events_text").set_value("kalbajar").run()
    events.session_state["events_table"] = {"selection": {"rows": [0], "columns": [],
                                                          "cells": []}}
    events.run()
    about = run_app(page="pages/about.py")
    for session in (at, timeline, events, about):
        assert not session.exception
    assert shared_dataset() is data
    after, expected = tables(data), tables(fresh)
    assert after.keys() == expected.keys()
    assert [name for name, table in after.items() if not table.equals(expected[name])] == []
    assert [dict(r) for r in data.handover_records] == [dict(r) for r in fresh.handover_records]


def module_state() -> dict[str, object]:
    """Deep copies of the mutable module-level values of the app's own modules."""
    state = {}
    for name, module in sorted(sys.modules.items()):
        if module is None or not (name == "geo" or name.startswith(("geo.", "pages."))):
            continue
        for attr, value in vars(module).items():
            if attr.startswith("__"):
                continue
            if isinstance(value, (dict, list, set, bytearray, pd.DataFrame, pd.Series)):
                state[f"{name}.{attr}"] = copy.deepcopy(value)
    return state


def same(a: object, b: object) -> bool:
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return isinstance(b, type(a)) and a.equals(b)
    return a == b


def test_sessions_leave_module_globals_unchanged():
    run_app()  # imports everything the app imports
    before = module_state()
    assert before, "found no module-level containers to watch"
    one = run_app({"date": "2020-11-14", "district": "kalbajar"})
    two = run_app({"date": "2020-12-02", "district": "lachin", "x": "<b>"})
    one.select_slider(key="date_slider").set_value(date(2020, 11, 25)).run()
    two.selectbox(key=SELECT_KEY).set_value(None).run()
    two.sidebar.toggle[0].set_value(True).run()
    after = module_state()
    assert before.keys() == after.keys()
    changed = [key for key in before if not same(before[key], after[key])]
    assert changed == []


def test_session_state_holds_only_this_sessions_view():
    at = run_app({"date": "2020-11-21", "district": "aghdam"})
    assert at.session_state[common.DATE_KEY] == date(2020, 11, 21)
    assert at.session_state[common.DISTRICT_KEY] == "aghdam"
    other = run_app()
    assert other.session_state[common.DATE_KEY] != date(2020, 11, 21)
    assert other.session_state[common.DISTRICT_KEY] is None
