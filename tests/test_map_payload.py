"""The map's payload: every shape once, every day's view, text as text, for both maps."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import date

import numpy as np
import pytest
import shapely
from apphelpers import map_step
from shapely.geometry import MultiPolygon, Point, Polygon

import geo
from geo.export.page import export_html
from geo.html import script_json
from geo.map.payload import (
    COORD_SCALE,
    DATA_ID,
    date_view,
    first_view,
    map_payload,
    pack_shape,
    payload_html,
    view_schedule,
)
from geo.map.step import STEP_ATTRIBUTE, step_html, step_json
from geo.map.style import STATUS_COLOURS
from geo.story.status import default_date, story_days
from geo.story.wording import long_date


@pytest.fixture(scope="module")
def dataset():
    return geo.load()


def base_data(tiles: bool = False, dataset=None) -> dict:
    return map_payload(dataset if dataset is not None else geo.load(), tiles)






def test_countries_are_land_without_tiles_and_outlines_over_them(dataset):
    assert base_data(False, dataset)["basemapStyle"]["fillOpacity"] == 1.0
    assert base_data(True, dataset)["basemapStyle"]["fillOpacity"] == 0.0




def test_base_holds_every_geometry_once_and_every_event(dataset):
    data = base_data(False, dataset)
    assert [d["id"] for d in data["districts"]] == list(dataset.districts["id"])
    assert len(data["basemap"]) == len(dataset.basemap)
    for district, geometry in zip(data["districts"], dataset.districts.geometry, strict=True):
        assert_within_a_metre(unpack(district["shape"]), geometry)
    assert [e["id"] for e in data["events"]] == list(dataset.events["id"])
    # Every district is named on the map; the corridor in its tooltip and the legend.
    assert {label["name"] for label in data["labels"]} == set(
        dataset.districts["name_en"]) - {"Lachin corridor"}


def unpack(shape) -> np.ndarray:
    """Every point of a packed shape, as the map script's unpack adds up the steps."""
    return np.concatenate([np.cumsum(np.reshape(steps, (-1, 2)), axis=0) / COORD_SCALE
                           for polygon in shape for steps in polygon])


def assert_within_a_metre(points: np.ndarray, geometry) -> None:
    np.testing.assert_allclose(points, shapely.get_coordinates(geometry),
                               rtol=0, atol=0.5 / COORD_SCALE)


def test_packed_shapes_keep_holes_and_parts_to_a_metre():
    square = Polygon([(45, 40), (46, 40), (46, 41), (45, 41)],
                     holes=[[(45.2, 40.2), (45.3, 40.2), (45.3, 40.3)]])
    both = MultiPolygon([square, Polygon([(47.123456, 39), (47.5, 39), (47.5, 39.5)])])
    packed = pack_shape(both)
    assert [len(polygon) for polygon in packed] == [2, 1]  # exterior and hole; exterior
    assert_within_a_metre(unpack(packed), both)
    assert all(isinstance(step, int) for polygon in packed for ring in polygon
               for step in ring)


def test_a_step_names_only_its_day_and_selection_in_the_summary(dataset):
    day = date(2020, 11, 21)
    line = step_html("Kalbajar pending", step_json(dataset, day, "kalbajar"))
    first_day = geo.story_range(dataset)[0]
    assert map_step(line) == {"day": (day - first_day).days, "selected": "kalbajar"}
    assert line.startswith(f"<strong {STEP_ATTRIBUTE}=")
    assert line.endswith(">Kalbajar pending</strong>")
    assert len(line) < 200


def test_a_step_stays_in_its_attribute_and_the_summary_stays_text(dataset):
    # The selection is checked against the data, yet it is text: it may not leave the
    # attribute, and the summary may not become markup.
    selected = '"><img src=x onerror=alert(1)>'
    line = step_html("<b>bold</b> & `code`", step_json(dataset, date(2020, 12, 5), selected))
    assert "<img" not in line and "<b>" not in line
    assert map_step(line)["selected"] == selected
    assert html.unescape(re.sub(r"<[^>]*>", "", line)) == "<b>bold</b> & `code`"


def scheduled_view(schedule: dict, day: int, selected: str | None) -> dict:
    """A day's view read from `view_schedule` as its docstring says (and the map script does)."""
    styles, tips = schedule["styles"], schedule["tips"]
    return {
        "districts": [{"id": district_id, "style": styles[days[day][district_id == selected]],
                       "tooltip": tips[days[day][2]]}
                      for district_id, days in schedule["districts"]],
        "events": [{"id": event_id, "style": styles[days[day]]}
                   for event_id, days in schedule["events"] if days[day] >= 0]}


def without_recent(view: dict) -> dict:
    """A `date_view` without the events' ``recent`` flag, which their style already shows."""
    return {"districts": view["districts"],
            "events": [{"id": e["id"], "style": e["style"]} for e in view["events"]]}


def test_the_schedule_holds_every_days_view_with_every_selection(dataset):
    schedule = view_schedule(dataset)
    assert schedule["days"] == len(story_days(dataset))
    for index, day in enumerate(story_days(dataset)):
        for selected in [None, *dataset.handover_districts["id"]]:
            assert scheduled_view(schedule, index, selected) == without_recent(
                date_view(dataset, day, selected)), (day, selected)


def test_the_schedule_lists_each_style_and_tooltip_once(dataset):
    schedule = view_schedule(dataset)
    assert len(schedule["styles"]) == len({json.dumps(s, sort_keys=True)
                                           for s in schedule["styles"]})
    assert len(schedule["tips"]) == len(set(schedule["tips"]))
    # Three statuses, plain and selected; every event category, recent and not.
    categories = set(dataset.events["category"])
    # Three district statuses and the corridor's three, plain and selected; the events.
    assert len(schedule["styles"]) == 6 + 6 + 2 * len(categories)




def fills(view) -> dict[str, str]:
    return {d["id"]: d["style"]["fillColor"] for d in view["districts"]}


def test_fills_follow_status(dataset):
    assert fills(date_view(dataset, date(2020, 11, 21), None)) == {
        "aghdam": STATUS_COLOURS["returned"], "kalbajar": STATUS_COLOURS["pending"],
        "lachin": STATUS_COLOURS["pending"], "lachin_corridor": "url(#hatch-peacekeepers)"}
    assert set(fills(date_view(dataset, date(2020, 11, 1), None)).values()) == {
        STATUS_COLOURS["held"]}


def styles_on(dataset, day) -> dict[str, dict]:
    return {d["id"]: d["style"] for d in date_view(dataset, day, None)["districts"]}


@pytest.mark.parametrize("day", [date(2020, 12, 1), date(2021, 6, 1)])
def test_lachin_handed_over_and_the_corridor_hatched_under_peacekeepers(dataset, day):
    """The map of 1 Dec 2020 and 1 Jun 2021 (issue 20): Lachin returned, the corridor apart."""
    styles = styles_on(dataset, day)
    assert styles["lachin"]["fillColor"] == STATUS_COLOURS["returned"]
    corridor = styles["lachin_corridor"]
    assert corridor["fillColor"] == "url(#hatch-peacekeepers)" and corridor["fillOpacity"] == 1
    assert map_payload(dataset, False)["hatches"] == {
        "peacekeepers": STATUS_COLOURS["peacekeepers"]}
    town = Point(46.5469, 39.6408)  # Lachin town (Berdzor), S28
    outline = dataset.districts.set_index("id").geometry["lachin_corridor"]
    assert outline.contains(town)


def test_the_corridor_is_an_outline_over_lachin_before_and_after(dataset):
    for day in (date(2020, 11, 9), date(2022, 8, 26)):
        corridor = styles_on(dataset, day)["lachin_corridor"]
        assert corridor["fillOpacity"] == 0 and corridor["dashArray"]
    assert styles_on(dataset, date(2022, 8, 26))["lachin"]["fillColor"] == STATUS_COLOURS[
        "returned"]


def test_selected_district_is_outlined(dataset):
    styles = {d["id"]: d["style"] for d in date_view(dataset, date(2020, 11, 21),
                                                       "kalbajar")["districts"]}
    assert styles["kalbajar"]["color"] == "#000" and styles["kalbajar"]["weight"] == 4
    assert styles["aghdam"]["color"] != "#000" and styles["aghdam"]["weight"] == 2
    # Pending districts are dashed as well as coloured; the dash goes when returned.
    assert styles["lachin"]["dashArray"] and styles["aghdam"]["dashArray"] is None


def test_markers_are_events_so_far_with_recent_ones_emphasised(dataset):
    day = date(2020, 11, 15)
    events = date_view(dataset, day, None)["events"]
    so_far = geo.events_until(dataset, day).set_index("id")
    assert [e["id"] for e in events] == list(so_far.index)
    recent = {e["id"] for e in events if e["recent"]}
    assert recent == {i for i in so_far.index if (day - so_far.loc[i, "start"]).days < 2}
    assert recent == {"E06", "E07", "E08", "E09", "E10", "E11", "E12", "E18"}
    assert all(e["style"]["radius"] == (9 if e["recent"] else 5) for e in events)


def test_no_events_before_the_first(dataset):
    assert date_view(dataset, date(2020, 9, 26), None)["events"] == []


def test_tooltips_are_plain_sentences(dataset):
    view = date_view(dataset, date(2020, 12, 1), None)
    assert "Lachin: returned on 1 Dec 2020, except the corridor" in [
        d["tooltip"] for d in view["districts"]]
    tooltips = [e["tooltip"] for e in base_data(False, dataset)["events"]]
    assert "1 Dec 2020: Lachin district handed over, except the corridor" in tooltips
    assert "27 Sept 2020: War breaks out" in tooltips


def test_district_tooltips_are_the_status_views_tooltip_sentence(dataset):
    day = date(2020, 11, 21)
    tooltips = {d["id"]: d["tooltip"] for d in date_view(dataset, day, None)["districts"]}
    assert tooltips == {s.id: s.tooltip for s in geo.status_on(dataset, day)}
    assert tooltips["kalbajar"] == "Kalbajar: pending, deadline 25 Nov 2020"
    assert tooltips["aghdam"] == "Aghdam: returned on 20 Nov 2020"


def test_every_day_has_its_date_in_words(dataset):
    days = story_days(dataset)
    words = base_data(False, dataset)["days"]
    assert words[0] == "27 Sept 2020" and words[-1] == long_date(days[-1])
    assert words == [long_date(d) for d in days]
    assert days[0] == geo.story_range(dataset)[0] and len(days) == view_schedule(dataset)["days"]


def test_the_first_view_names_its_day_and_selection(dataset):
    view = first_view(dataset, date(2020, 11, 21), "aghdam", follow={"step": STEP_ATTRIBUTE})
    assert story_days(dataset)[view["day"]] == date(2020, 11, 21)
    assert view == {"day": view["day"], "selected": "aghdam", "follow": {"step": STEP_ATTRIBUTE}}


def test_the_live_map_and_the_export_carry_one_payload(dataset):
    """Both pages hold map_payload's JSON for the same data; the export adds its own part."""
    live = json.loads(script_text(payload_html(script_json(base_data(False, dataset)),
                                               first_view(dataset, default_date(dataset), None))))
    exported = json.loads(script_text(export_html(dataset)))
    assert exported.pop("export")
    assert exported == live == json.loads(json.dumps(base_data(False, dataset)))


def script_text(page: str) -> str:
    match = re.search(rf'<script type="application/json" id="{DATA_ID}"[^>]*>(.*?)</script>',
                      page, re.S)
    return match.group(1)


@pytest.fixture
def hostile(dataset):
    """The dataset with event titles that are markup, a script end and template syntax."""
    events = dataset.events.copy()
    events.loc[events.index[0], "title"] = "</script><img src=x onerror=alert(1)>"
    events.loc[events.index[1], "title"] = "{{ 7 * 7 }} {% if %} ${alert(2)} `"
    return dataclasses.replace(dataset, events=events)






def test_data_text_stays_text_in_the_page(hostile):
    block = payload_html(script_json(map_payload(hostile, False)),
                         first_view(hostile, date(2020, 11, 21), '"><img src=x>'))
    assert "<img" not in block and block.count("</script>") == 1
    assert "{{ 7 * 7 }} {% if %}" in block  # not evaluated as a template
    # Plain text in the payload: the script places it with textContent.
    tooltips = [e["tooltip"] for e in map_payload(hostile, False)["events"]]
    assert any(t.endswith("</script><img src=x onerror=alert(1)>") for t in tooltips)
    assert json.loads(script_text(block))["events"][0]["tooltip"] == tooltips[0]
