"""Isolation: viewers at different dates and districts never see each other's state.

A browser test drives two sessions at once; AppTest and code checks make sure nothing
mutable is shared through module globals, st.cache_resource or the cached dataset.
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
from geo.details import summary_line
from geo.wording import long_date
from pages import common

ROOT = Path(__file__).resolve().parent.parent
DATA = geo.load()
NAMES = dict(zip(DATA.districts["id"], DATA.districts["name_en"], strict=True))
SLIDER = '[data-testid="stSlider"] input[type="range"]'
SELECT_KEY = "district_select"


def expected_summary(day: date) -> str:
    return summary_line(geo.status_on(DATA, day), day)


# --- two browser sessions at once --------------------------------------------------------------

def shown_view(page) -> dict[str, str | None]:
    """Date heading, summary line, selected district (panel and selectbox), URL parameters."""
    panel = page.locator('[data-testid="stMarkdown"] h3')
    query = parse_qs(urlparse(page.url).query)
    return {
        "heading": page.locator('[data-testid="stMarkdown"] h2').inner_text(),
        "summary": page.locator('[data-testid="stMarkdown"] p > strong').first.inner_text(),
        "panel": panel.first.inner_text() if panel.count() else None,
        "select": page.get_by_role("combobox", name="District details").input_value(),
        "url": f"{query.get('date', ['?'])[0]} {query.get('district', ['-'])[0]}",
    }


def expected_view(day: date, district: str) -> dict[str, str | None]:
    return {"heading": long_date(day), "summary": expected_summary(day),
            "panel": NAMES[district], "select": NAMES[district],
            "url": f"{day.isoformat()} {district}"}


def wait_for_view(page, day: date, district: str) -> None:
    """Wait until the heading, the panel and the address bar show the view, then compare all."""
    page.wait_for_function(
        "([d, n]) => document.querySelector('[data-testid=\"stMarkdown\"] h2')?.textContent"
        " === d && document.querySelector('[data-testid=\"stMarkdown\"] h3')?.textContent"
        " === n", arg=[long_date(day), NAMES[district]])
    page.wait_for_url(re.compile(rf"date={day.isoformat()}&district={district}$"))
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

    one.slider(key="date_slider").set_value(date(2020, 11, 20)).run()
    two.run()
    assert heading(two) == "28 Nov 2020"
    assert two.selectbox(key=SELECT_KEY).value == "lachin"
    assert summary(two) == f"**{expected_summary(date(2020, 11, 28))}**"

    two.selectbox(key=SELECT_KEY).set_value("aghdam").run()
    one.run()
    assert heading(one) == "20 Nov 2020"
    assert summary(one) == f"**{expected_summary(date(2020, 11, 20))}**"
    assert one.selectbox(key=SELECT_KEY).value == "kalbajar"
    assert one.query_params == {"date": "2020-11-20", "district": "kalbajar"}
    assert two.query_params == {"date": "2020-11-28", "district": "aghdam"}
    assert not (one.exception or two.exception or warnings(one) or warnings(two))


# --- code checks: nothing mutable is shared ----------------------------------------------------

def app_sources() -> dict[str, str]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
             *sorted((ROOT / "geo").glob("*.py"))]
    return {str(path.relative_to(ROOT)): path.read_text() for path in files}


def test_no_cache_resource_or_global_statements():
    """st.cache_resource hands every session the same object; `global` rebinds shared state.

    The app uses neither: the dataset goes through st.cache_data (a copy per caller). A new
    use must be added to ALLOWED with a reason, after checking it holds nothing mutable.
    """
    allowed: dict[str, str] = {}
    uses = {name: len(re.findall(r"cache_resource|experimental_singleton", text))
            for name, text in app_sources().items()}
    assert {name: n for name, n in uses.items() if n} == allowed
    globals_ = {name for name, text in app_sources().items()
                if re.search(r"^\s*(global|nonlocal)\s", text, re.M)}
    assert globals_ == set()
    caches = {name for name, text in app_sources().items()
              if re.search(r"lru_cache|functools\.cache\b|@cache\b", text)}
    assert caches == set()


def test_cached_dataset_is_a_copy_per_caller():
    data_dir = str(geo.data_dir_from_env())
    first = common._load(data_dir)
    first.districts.loc[first.districts.index[0], "name_en"] = "MUTATED"
    first.events["title"] = "MUTATED"
    first.sources.loc[first.sources.index[0], "publisher"] = "MUTATED"
    second = common._load(data_dir)
    assert second is not first
    assert "MUTATED" not in set(second.districts["name_en"])
    assert "MUTATED" not in set(second.sources["publisher"])
    assert "MUTATED" not in set(second.events["title"])


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
    one.slider(key="date_slider").set_value(date(2020, 11, 25)).run()
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
