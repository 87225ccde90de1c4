"""The events page: filters and export payloads (geo.web.downloads), through the router."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from apphelpers import run_app
from datacopy import edit_csv, keep_translations, mirror_texts
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import geo
from geo.dataset.load import EVENT_COLUMNS
from geo.html import md
from geo.i18n import language
from geo.story.details import events_in
from geo.story.wording import category_label, long_date
from geo.web import downloads

# November 2020's days as the English pages write them (Babel's, not hard-coded).
NOV = {day: long_date(date(2020, 11, day)) for day in (15,)}


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load()


def ids(frame) -> list[str]:
    return list(frame["id"])


def test_no_filter_keeps_every_event(data):
    assert ids(downloads.filter_events(data.events)) == ids(data.events)
    assert ids(downloads.filter_events(data.events, [], None, None, None, "  ")) == ids(
        data.events)


def test_filters_by_category_and_district(data):
    shown = downloads.filter_events(data.events, ["handover", "displacement"])
    assert set(shown["category"]) == {"handover", "displacement"} and len(shown) == 8
    assert ids(downloads.filter_events(data.events, district="lachin")) == [
        "E16", "E15", "E17", "E19", "E20"]
    both = downloads.filter_events(data.events, ["handover"], "lachin")
    assert ids(both) == ["E15", "E20"]


def test_date_filter_keeps_events_that_overlap_the_range(data):
    # E03 to E05 ran 10-15 Nov: they overlap 12-13 Nov although they started before it.
    shown = downloads.filter_events(data.events, start=date(2020, 11, 12), end=date(2020, 11, 13))
    assert ids(shown) == ["E03", "E04", "E05"]
    assert ids(downloads.filter_events(data.events, end=date(2020, 10, 1))) == ["E01"]
    assert ids(downloads.filter_events(data.events, start=date(2020, 12, 1))) == [
        "E15", "E17", "E19", "E20"]
    assert ids(downloads.filter_events(data.events, start=date(2020, 12, 1),
                                       end=date(2020, 12, 31))) == ["E15", "E17"]


def test_text_search_ignores_case_and_is_not_a_regex(data):
    assert ids(downloads.filter_events(data.events, text="DADIVANK")) == ["E10"]
    assert ids(downloads.filter_events(data.events, text="e12")) == ["E12"]
    assert downloads.filter_events(data.events, text=".*").empty
    assert downloads.filter_events(data.events, text="nan").empty


def test_district_choices_put_handover_districts_first(data):
    assert downloads.district_choices(data) == {
        "kalbajar": "Kalbajar", "aghdam": "Aghdam", "lachin": "Lachin",
        "khankendi": "Khankendi"}


def test_events_table_links_every_source(data):
    table = downloads.events_table(data.events, data)
    assert len(table) == len(data.events)
    links = table.filter(like="source_")
    assert list(links.columns) == ["source_1", "source_2", "source_3", "source_4"]
    for row, event in zip(links.itertuples(index=False), data.events.itertuples(), strict=True):
        urls = [u for u in row if isinstance(u, str)]
        assert urls == [data.sources.at[s, "url"] for s in event.sources]


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_events_csv_has_the_events_csv_columns_and_loads_again(data, data_copy):
    shown = downloads.filter_events(data.events, ["displacement"])
    text = downloads.events_csv(shown, data.sources)
    rows = parse_csv(text)
    assert [r["id"] for r in rows] == ids(shown)
    assert list(rows[0]) == [*EVENT_COLUMNS, "source_urls"]
    assert rows[0]["start"] == "2020-11-14" and rows[0]["sources"] == "S1"
    # The download is valid data: swap it in for events.csv, with the translations of its
    # rows only, and load the folder.
    (data_copy / "events.csv").write_text(text, encoding="utf-8")
    keep_translations(data_copy, "events.csv", set(ids(shown)))
    again = geo.load(data_copy)
    assert ids(again.events) == ids(shown)
    assert list(again.events["end"]) == list(shown["end"])
    assert [(p.x, p.y) for p in again.events.geometry] == [(p.x, p.y) for p in shown.geometry]


def test_events_geojson_is_points_with_iso_dates(data):
    shown = downloads.filter_events(data.events, district="kalbajar")
    collection = json.loads(downloads.events_geojson(shown, data.sources))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["properties"]["id"] for f in features] == ids(shown)
    first = features[0]
    assert first["geometry"]["type"] == "Point"
    assert first["geometry"]["coordinates"] == [shown.geometry.iloc[0].x, shown.geometry.iloc[0].y]
    assert first["properties"]["start"] == "2020-11-14"
    assert all(f["properties"]["end"] in (None, "2020-11-15") for f in features)
    assert json.loads(downloads.events_geojson(shown.iloc[0:0]))["features"] == []


def test_districts_geojson_carries_the_handover_data(data):
    collection = json.loads(downloads.districts_geojson(data.districts))
    props = {f["properties"]["id"]: f["properties"] for f in collection["features"]}
    assert len(props) == len(data.districts)
    assert props["kalbajar"]["revised_deadline"] == "2020-11-25"
    assert props["kalbajar"]["handover_sources"] == ["S1", "S2", "S3", "S7", "S20"]
    assert props["lachin"]["returned_on"] == "2020-12-01" and props["lachin"]["caveat"]
    assert props["shusha"]["role"] == "context" and props["shusha"]["deadline"] is None
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}


# --- the page, through the router ---------------------------------------------------------

@pytest.fixture
def payloads(monkeypatch) -> dict[str, str]:
    """The data handed to each download button in the last run, by file name."""
    captured: dict[str, str] = {}
    add = MediaFileManager.add

    def record(self, data, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            captured[file_name] = data.decode("utf-8") if isinstance(data, bytes) else data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record)
    return captured


def open_events() -> AppTest:
    return run_app(page="pages/events.py")


def rows_shown(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["id"])


def count_line(at: AppTest) -> str:
    return at.markdown[0].value


def test_page_lists_every_event_with_three_downloads(payloads):
    at = open_events()
    assert not at.exception
    assert len(rows_shown(at)) == 20 and count_line(at).startswith("**20** of 20 events")
    assert [b.label for b in at.download_button] == [
        "20 events, CSV", "20 events, GeoJSON", "Districts, GeoJSON"]
    assert len(parse_csv(payloads["events.csv"])) == 20
    assert len(json.loads(payloads["events.geojson"])["features"]) == 20
    assert len(json.loads(payloads["districts.geojson"])["features"]) == 13  # and the corridor


def test_filters_change_the_rows_and_the_downloads(payloads):
    at = open_events()
    at.multiselect(key="events_categories").set_value(["handover", "displacement"]).run()
    assert len(rows_shown(at)) == 8 and count_line(at).startswith("**8** of 20")
    at.selectbox(key="events_district").set_value("lachin").run()
    assert rows_shown(at) == ["E16", "E15", "E19", "E20"]
    assert [r["id"] for r in parse_csv(payloads["events.csv"])] == ["E16", "E15", "E19", "E20"]
    features = json.loads(payloads["events.geojson"])["features"]
    assert [f["properties"]["id"] for f in features] == ["E16", "E15", "E19", "E20"]
    assert at.download_button[0].label == "4 events, CSV"
    # The districts download does not follow the event filters.
    assert len(json.loads(payloads["districts.geojson"])["features"]) == 13  # and the corridor


def test_date_range_and_search_filter_too():
    at = open_events()
    at.date_input(key="events_dates").set_value((date(2020, 11, 20), date(2020, 11, 25))).run()
    assert rows_shown(at) == ["E13", "E14"]
    at.text_input(key="events_text").set_value("kalbajar").run()
    assert rows_shown(at) == ["E14"]
    at.text_input(key="events_text").set_value("no such words").run()
    assert not at.exception and rows_shown(at) == []
    assert count_line(at) == "**0** of 20 events"


def test_selecting_a_row_offers_the_map_at_its_date():
    at = open_events()
    assert not at.button
    at.session_state["events_table"] = {"selection": {"rows": [11], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert "Kalbajar deadline moved to 25 November" in at.markdown[1].value
    (go,) = at.button
    assert go.label == f"Show the map on {NOV[15]}"
    go.click().run()
    assert not at.exception
    assert at.session_state["date"] == date(2020, 11, 15)
    assert at.query_params["date"] in ("2020-11-15", ["2020-11-15"])
    assert at.get("component_instance"), "expected to be on the map page"


def test_a_selected_event_outside_its_districts_outline_says_so():
    at = open_events()
    table = rows_shown(at)
    at.session_state["events_table"] = {
        "selection": {"rows": [table.index("E16")], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    outside = "outside the generalised Lachin outline"
    assert [c.value for c in at.caption if outside in c.value]
    at.session_state["events_table"] = {
        "selection": {"rows": [table.index("E12")], "columns": [], "cells": []}}
    at.run()
    assert not [c.value for c in at.caption if outside in c.value]


HOSTILE = "**bold** <img src=x onerror=alert(1)> [click](javascript:alert(1)) ${x} `code`"


def test_event_text_from_data_is_shown_as_typed(data_copy, monkeypatch):
    edit_csv(data_copy / "events.csv",
             lambda rows: rows[0].update(title=HOSTILE, summary=HOSTILE, category="<b>war</b>"))
    mirror_texts(data_copy, "events.csv", "E01")
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    at = open_events()
    at.session_state["events_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert md(HOSTILE) in shown[1] and shown[2] == md(HOSTILE)
    assert md("<b>war</b>") in shown[0]


def test_the_table_in_a_language_names_districts_categories_and_precisions_in_it(data):
    russian = language("ru")
    table = downloads.events_table(data.events, data, russian).set_index("id")
    assert table.at["E08", "district"] == "Кельбаджар"
    assert table.at["E08", "category"] == category_label("displacement", russian)
    assert table.at["E08", "time_precision"] == russian._("span")
    assert downloads.district_choices(data, russian)["kalbajar"] == "Кельбаджар"


def test_search_finds_the_words_of_the_language_read(data):
    russian = events_in(data.events, data, language("ru"))
    word = data.text("ru", "events.csv", "E10", "title").split()[0]
    assert "E10" in ids(downloads.filter_events(russian, text=word.upper()))
