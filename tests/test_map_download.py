"""The map page's "Download this view (PNG)": the print-size picture, named after its view."""

from __future__ import annotations

import io
from datetime import date

import pytest
from apphelpers import run_app
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from geo.web import prepared


@pytest.fixture
def deferred(monkeypatch) -> dict[str, object]:
    """The functions handed to download buttons in the last run, by file name."""
    captured: dict[str, object] = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = (data_callable, mimetype)
        return add(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return captured


def test_the_page_offers_the_views_picture_at_print_size(deferred):
    prepared.print_picture.cache_clear()
    at = run_app({"date": "2020-11-21", "district": "kalbajar"})
    assert not at.exception
    (button,) = [b for b in at.download_button if b.label == "Download this view (PNG)"]
    assert button.proto.deferred_file_id  # drawn on a click, not on every run
    assert prepared.print_picture.cache_info().currsize == 0
    make, mimetype = deferred["handover-2020-11-21-kalbajar.png"]
    assert mimetype == "image/png"
    picture = Image.open(io.BytesIO(make()))
    assert picture.format == "PNG" and picture.size == (2400, 1260)


def test_the_name_follows_a_step_and_a_new_selection(deferred):
    at = run_app({"date": "2020-11-21"})
    assert "handover-2020-11-21.png" in deferred
    at.select_slider(key="date_slider").set_value(date(2020, 11, 22)).run()
    at.selectbox(key="district_select").set_value("lachin_corridor").run()
    assert not at.exception
    assert "handover-2020-11-22-lachin-corridor.png" in deferred


def test_a_picture_in_another_language_is_named_for_it(deferred):
    """The Russian picture is not the English one: its name says so (geo.web.links)."""
    at = run_app({"date": "2020-11-21", "district": "kalbajar", "lang": "ru"})
    assert not at.exception
    assert "handover-2020-11-21-kalbajar-ru.png" in deferred
    assert "handover-2020-11-21-kalbajar.png" not in deferred
