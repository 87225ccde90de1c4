"""Warm start: what every reader's first view needs is prepared before the server says healthy.

`geo.server.asgi.lifespan` is what ``st.App`` enters after starting Streamlit's runtime and
before uvicorn serves anything, /_stcore/health included. The tests look at the cache's state
(what has been built), never at how long anything took.
"""

from __future__ import annotations

import aio
import pytest
from conftest import ARTIFACTS, streamlit_server
from datacopy import DATA, copy_data, set_cells

import geo
from geo.i18n import LANGUAGES
from geo.server import asgi
from geo.story.status import story_days
from geo.web import prepared

CACHES = (prepared.dataset, prepared.base_layers, prepared.event_list, prepared.day_labels,
          prepared.period_titles, prepared.place_names, prepared.page_view)


@pytest.fixture
def cold():
    """The process-wide cache emptied before the test, and again after it."""
    for cache in CACHES:
        cache.cache_clear()
    yield
    for cache in CACHES:
        cache.cache_clear()


def enter_lifespan(check) -> None:
    """Start and stop the lifespan as Starlette does, calling ``check`` while it runs.

    In a thread of its own, with its own event loop: Playwright's sync API, used by other
    tests of the same session, keeps one running in the main thread.
    """
    async def run():
        async with asgi.lifespan(object()):
            check()
    aio.run(run())


def test_the_lifespan_prepares_every_view_before_it_lets_the_server_answer(cold, monkeypatch):
    monkeypatch.setenv("HANDOVER_TILES", "none")
    data_dir = str(geo.data_dir_from_env())
    built = {}

    def check():
        built.update({cache.__name__: cache.cache_info() for cache in CACHES})
    enter_lifespan(check)

    data = prepared.dataset(data_dir)
    languages = len(LANGUAGES)
    assert built["dataset"].currsize == 1
    for cache in ("base_layers", "event_list", "day_labels", "period_titles", "place_names"):
        assert built[cache].currsize == languages, cache
    # Each day, no selection, in every language.
    assert built["page_view"].currsize == len(story_days(data)) * languages
    # What a first reader asks for is then found, not built: the tiles setting is the
    # default one, and every day is there, in any language.
    for code in LANGUAGES:
        prepared.base_layers(data_dir, False, code)
        prepared.page_view(data_dir, story_days(data)[-1], None, code)
        prepared.day_labels(data_dir, code)
    assert prepared.base_layers.cache_info().misses == built["base_layers"].misses
    assert prepared.page_view.cache_info().misses == built["page_view"].misses
    assert prepared.day_labels.cache_info().misses == built["day_labels"].misses


def test_broken_data_starts_the_server_uncached_and_a_fix_shows(cold, monkeypatch, tmp_path,
                                                                caplog):
    broken = copy_data(tmp_path / "data")
    original = (broken / "events.csv").read_text(encoding="utf-8")
    set_cells(broken / "events.csv", "E01", start="2020-13-01")
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(broken))

    def check():
        assert prepared.dataset.cache_info().currsize == 0
        assert prepared.page_view.cache_info().currsize == 0
    enter_lifespan(check)  # no exception: the pages show the problems
    assert "failed validation" in caplog.text

    (broken / "events.csv").write_text(original, encoding="utf-8")
    fixed = prepared.dataset(str(broken))  # read again, now valid: the fix shows
    assert fixed.events["start"].equals(prepared.dataset(str(DATA)).events["start"])


@pytest.mark.slow
def test_a_real_server_is_warm_when_its_health_first_answers_ok():
    """The warm-up's log line is written before uvicorn serves, so by the time health has
    answered ok it is in the server's log; were the warm-up lazy, or running beside the
    server, it would be missing there."""
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url:
        log = (ARTIFACTS / f"server-{url.rsplit(':', 1)[1]}.log").read_text()
    assert "page views prepared" in log

