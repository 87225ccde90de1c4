"""Errors and slow paths: broken data shows its problems, never a traceback; data loads once.

(a) A broken data directory (HANDOVER_DATA_DIR) gives the validation problems, in AppTest
    and in a real browser, and no exception or traceback.
(b) Loading and validating the data happens once per process, not per session or rerun.
(c) Viewers get a short message for an unexpected error; the detail goes to the server log.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from apphelpers import FOOTER, NAV, heading, page_strings, run_app
from conftest import ARTIFACTS, ROOT, streamlit_server, wait_for_app
from datacopy import copy_data, edit_csv
from playwright.sync_api import expect

import geo
import geo.dataset.readers
from geo.web import prepared

BROKEN = {  # (row index in the file, counting the header as 0) -> field, bad value
    3: ("start", "2020-13-45"),
    5: ("sources", "S99"),
    7: ("lat", "north"),
}
EXPECTED_PROBLEMS = [
    "events.csv row 4: start '2020-13-45' is not a date (YYYY-MM-DD)",
    "events.csv row 6: sources cites unknown source 'S99' (not in sources.csv)",
    "events.csv row 8: lat 'north' is not a number",
]


@pytest.fixture(scope="module")
def broken_dir(tmp_path_factory) -> Path:
    """A copy of data/ whose events.csv has a bad date, an unknown source and a bad number."""
    target = copy_data(tmp_path_factory.mktemp("data") / "broken")

    def break_rows(rows):
        for index, (field, value) in BROKEN.items():
            rows[index - 1][field] = value
    edit_csv(target / "events.csv", break_rows)
    return target


def shows_no_traceback(text: str) -> None:
    for sign in ("Traceback", 'File "', "DataError", "raise "):
        assert sign not in text, f"{sign!r} shown to the viewer"


# --- (a) broken data ---------------------------------------------------------------------------

def test_broken_data_lists_the_problems_in_apptest(broken_dir, monkeypatch):
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(broken_dir))
    at = run_app({"date": "2020-11-19"})
    assert not at.exception
    assert len(at.error) == 1
    assert "could not be loaded" in at.error[0].value
    assert "broken/" in at.error[0].value
    listed = "\n".join(element.value for element in at.text)
    for problem in EXPECTED_PROBLEMS:
        assert f"• broken/{problem}" in listed
    assert not at.header  # the page stopped before its date heading
    shows_no_traceback("\n".join(page_strings(at)))


def test_a_data_problem_is_found_again_once_fixed(broken_dir, data_copy, monkeypatch):
    """The cache is keyed by the directory: a fixed copy loads, the broken one still fails."""
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    at = run_app({"date": "2020-11-19"})
    assert not at.exception and not at.error
    assert heading(at) == "19 Nov 2020"
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(broken_dir))
    assert run_app().error


@pytest.mark.parametrize("path", ["pages/map.py", "pages/timeline.py", "pages/events.py",
                                  "pages/about.py"])
def test_every_page_lists_the_problems_and_stops(broken_dir, monkeypatch, path):
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(broken_dir))
    at = run_app({"date": "2020-11-19"}, page=path)
    assert not at.exception
    assert [element.value for element in at.error] == [at.error[0].value]
    assert "could not be loaded" in at.error[0].value
    assert EXPECTED_PROBLEMS[0] in "\n".join(element.value for element in at.text)
    assert not at.title and not at.header  # the page stopped before its own content
    assert not any(FOOTER in caption.value for caption in at.caption)


def shows_the_problems_under_the_apps_navigation(page) -> None:
    wait_for_app(page)
    page.get_by_text("could not be loaded").wait_for()
    page.get_by_text(EXPECTED_PROBLEMS[-1]).wait_for()
    text = page.locator('[data-testid="stMain"]').inner_text()
    for problem in EXPECTED_PROBLEMS:
        assert problem in text
    # The app's own pages, not the files of pages/ (Streamlit's fallback without st.navigation).
    nav = page.locator('[data-testid="stSidebarNav"] a')
    expect(nav).to_have_text([re.compile(f"{name}$") for name in NAV])  # after icons
    shows_no_traceback(page.content())
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.browser
def test_broken_data_in_the_browser_shows_problems_not_a_traceback(broken_dir, chromium):
    with streamlit_server(env={"HANDOVER_DATA_DIR": str(broken_dir),
                               "HANDOVER_TILES": "none"}) as url:
        context = chromium.new_context()
        try:
            page = context.new_page()
            # First a deep link, on the fresh server: Streamlit runs pages/timeline.py alone.
            page.goto(f"{url}/timeline")
            shows_the_problems_under_the_apps_navigation(page)
            assert page.url.endswith("/timeline")
            page.goto(f"{url}/?date=2020-11-19")
            shows_the_problems_under_the_apps_navigation(page)
            page.goto(f"{url}/common")  # pages/common.py is no page of the app
            shows_the_problems_under_the_apps_navigation(page)
        finally:
            context.close()
        port = url.rsplit(":", 1)[1]
    log = (ARTIFACTS / f"server-{port}.log").read_text()
    assert "failed validation" in log
    assert all(problem in log for problem in EXPECTED_PROBLEMS)  # the detail is logged


# --- (b) data loaded once per process ----------------------------------------------------------

def test_data_is_loaded_and_validated_once_per_process(monkeypatch):
    prepared.dataset.cache_clear()
    loads, reads = [], []
    real_load, real_read = prepared.load, geo.dataset.readers.read_text

    def counting_load(*args, **kwargs):
        loads.append(args)
        return real_load(*args, **kwargs)

    def counting_read(path, *args, **kwargs):
        reads.append(Path(path).name)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(prepared, "load", counting_load)
    monkeypatch.setattr(geo.dataset.readers, "read_text", counting_read)
    try:
        at = run_app({"date": "2020-11-19", "district": "aghdam"})
        assert not at.exception
        assert len(loads) == 1
        files_per_load = len(reads)
        assert files_per_load >= 4  # sources, districts, handovers, events (+ basemap)

        for day in ("2020-11-20", "2020-11-21", "2020-11-20"):
            at.select_slider(key="date_slider").set_value(date.fromisoformat(day)).run()
            assert not at.exception
        other = run_app({"date": "2020-11-25", "district": "kalbajar"}, page="pages/events.py")
        assert not other.exception and other.dataframe
        assert len(loads) == 1, "the data was loaded again"
        assert len(reads) == files_per_load, "data files were read again"

        prepared.dataset.cache_clear()  # the counters do see a real load
        run_app()
        assert len(loads) == 2
    finally:
        prepared.dataset.cache_clear()


# --- (c) error display -------------------------------------------------------------------------

def test_viewers_get_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"


CRASHING_SCRIPT = '''
import streamlit as st

st.title("Before the crash")


def deep_inside():
    raise RuntimeError("secret detail: /srv/private/key.pem")


deep_inside()
'''


@pytest.mark.browser
def test_an_unexpected_error_shows_a_short_message_and_logs_the_detail(tmp_path, chromium):
    """Run with the project's .streamlit/config.toml (read from the working directory)."""
    script = tmp_path / "crashing_app.py"
    script.write_text(CRASHING_SCRIPT)
    with streamlit_server(script=str(script)) as url:
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.goto(url)
            page.get_by_text("Before the crash").wait_for()
            page.locator('[data-testid="stException"]').wait_for()
            shown = page.locator('[data-testid="stException"]').inner_text()
            content = page.content()
            print(f"\nviewer sees: {shown!r}")
            assert "secret detail" not in content
            assert "RuntimeError" not in content
            shows_no_traceback(content)
            assert len(shown) < 300
        finally:
            context.close()
        port = url.rsplit(":", 1)[1]
    log = (ARTIFACTS / f"server-{port}.log").read_text()
    assert "Traceback" in log and "secret detail" in log
