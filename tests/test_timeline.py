"""The timeline: phase and deadline tables (geo.story.timeline) and the page through the router."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest
from apphelpers import run_app
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import geo
from geo.i18n import language
from geo.story import timeline
from geo.story.status import AGREEMENT_IN_FORCE
from geo.story.wording import CATEGORY_LABELS, category_label, long_date, when_label

# November 2020's days as the English pages write them (Babel's, not hard-coded).
NOV = {day: long_date(date(2020, 11, day)) for day in (15, 16, 20, 21, 25)}


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load()


def _day(value) -> date:
    return pd.Timestamp(value).date()


def test_phases_agree_with_status_on_every_day(data):
    phases = timeline.phases(data)
    for day in geo.story_days(data):
        for status in geo.status_on(data, day):
            own = phases[phases["district_id"] == status.id]
            holding = own[(own["start"] <= pd.Timestamp(day))
                          & ((own["end"] > pd.Timestamp(day)) | (own["end"] == own["end"].max()))]
            assert list(holding["status"])[-1] == status.status, (status.id, day)


def test_phases_run_held_pending_returned_without_gaps(data):
    phases = timeline.phases(data)
    for _, district in data.handover_districts.iterrows():
        own = phases[phases["district_id"] == district["id"]].reset_index(drop=True)
        corridor = district["part_of"] is not None
        assert list(own["status"]) == ["held", "peacekeepers" if corridor else "pending",
                                       "returned"]
        assert _day(own.at[0, "start"]) == district["controlled_since"]
        assert _day(own.at[1, "start"]) == AGREEMENT_IN_FORCE
        assert _day(own.iloc[-1]["start"]) == district["returned_on"]
        assert list(own["end"][:-1]) == list(own["start"][1:])
        assert _day(own.iloc[-1]["end"]) == geo.story_range(data)[1]
    corridor = phases[phases["district_id"] == "lachin_corridor"].set_index("status")
    assert _day(corridor.at["peacekeepers", "start"]) == AGREEMENT_IN_FORCE
    assert _day(corridor.at["returned", "start"]) == date(2022, 8, 26)


def test_kalbajar_deadline_moves_with_its_announcement_date(data):
    markers = timeline.deadline_markers(data)
    kalbajar = markers[markers["district_id"] == "kalbajar"].set_index("kind")
    assert _day(kalbajar.at["original", "date"]) == date(2020, 11, 15)
    assert _day(kalbajar.at["revised", "date"]) == date(2020, 11, 25)
    assert _day(kalbajar.at["revised", "replaces"]) == date(2020, 11, 15)
    assert _day(kalbajar.at["revised", "announced"]) == date(2020, 11, 15)
    assert kalbajar.at["revised", "change"] == "25 Nov, extended from 15 Nov, announced 15 Nov"
    others = markers[markers["district_id"] != "kalbajar"]
    # The corridor had no deadline: the statement kept it out of the handover.
    assert list(others["kind"]) == ["deadline", "deadline"]
    assert [_day(d) for d in others["date"]] == [date(2020, 11, 20), date(2020, 12, 1)]


def test_handover_window_holds_the_agreement_and_every_return(data):
    start, end = timeline.handover_window(data)
    first, last = geo.story_range(data)
    assert first <= start < AGREEMENT_IN_FORCE and end <= last
    assert all(start <= d <= end for d in data.handover_districts["returned_on"]
               if d.year == 2020)
    assert start.month == 11 and (end - start).days < 40
    views = timeline.windows(data)
    assert views["P1"][1:] == (start, end)
    assert views["P2"][1:] == (date(2022, 8, 20), date(2022, 8, 30))
    assert views[timeline.WHOLE][1:] == geo.story_range(data)


def test_event_points_stack_events_of_one_day(data):
    points = timeline.event_points(data)
    assert list(points["id"]) == list(data.events["id"])
    assert not points.duplicated(["start", "level"]).any()
    e12 = points.set_index("id").loc["E12"]
    assert e12["when"] == NOV[15] and e12["cited"] == "S1 The Moscow Times (AFP)"


@pytest.mark.parametrize(("end", "precision", "expected"), [
    (None, "day", NOV[15]),
    (date(2020, 11, 16), "span", f"{NOV[15]} – {NOV[16]}"),
    (date(2020, 11, 16), "within", f"some day between {NOV[15]} and {NOV[16]}"),
])
def test_when_label_keeps_the_precision(end, precision, expected):
    assert when_label(date(2020, 11, 15), end, precision) == expected


def test_picked_date_is_the_clicked_events_start(data):
    assert timeline.picked_date([{"id": "E12"}], data.events) == date(2020, 11, 15)
    assert timeline.picked_date([], data.events) is None
    assert timeline.picked_date([{"id": "nope"}, {"other": 1}, "x"], data.events) is None


def test_schedule_reads_as_text(data):
    rows = timeline.schedule(data).set_index("District")
    assert rows.at["Kalbajar", "Revised deadline"] == f"{NOV[25]} (announced {NOV[15]})"
    assert rows.at["Aghdam", "Revised deadline"] == "unchanged"
    assert rows.at["Lachin", "Returned"] == long_date(date(2020, 12, 1))


# --- the page, through the router ---------------------------------------------------------

def open_timeline(params: dict[str, str] | None = None) -> AppTest:
    return run_app(params, page="pages/timeline.py")


def chart(at: AppTest) -> tuple[dict, list[pd.DataFrame]]:
    (element,) = at.get("vega_lite_chart")
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data)
              for d in element.proto.datasets]
    return json.loads(element.proto.spec), frames


def selected_rule(frames: list[pd.DataFrame]) -> date:
    (rule,) = [f for f in frames if list(f.columns) == ["date", "label"]]
    return _day(rule["date"].iloc[0])


def x_domain(spec: dict) -> list[dict]:
    bars = spec["vconcat"][0]["layer"][0]
    return bars["encoding"]["x"]["scale"]["domain"]


def test_selected_date_follows_the_link():
    at = open_timeline({"date": "2020-11-21"})
    assert not at.exception
    spec, frames = chart(at)
    assert selected_rule(frames) == date(2020, 11, 21)
    assert f"On {NOV[21]}" in [h.value for h in at.header]
    lines = "\n".join(m.value for m in at.markdown)
    assert f"deadline {NOV[25]} \\(extended from {NOV[15]}\\), 4 days to go" in lines
    assert f"Returned to Azerbaijan on {NOV[20]}, 1 day ago" in lines
    assert at.query_params["date"] in ("2020-11-21", ["2020-11-21"])


def test_bad_date_in_link_falls_back_to_the_default():
    at = open_timeline({"date": "<b>soon</b>"})
    assert not at.exception
    assert selected_rule(chart(at)[1]) == AGREEMENT_IN_FORCE


def test_zoomed_to_the_handovers_with_the_whole_story_one_click_away():
    at = open_timeline()
    data = geo.load()
    start, end = timeline.handover_window(data)
    before = start - timedelta(days=1)  # a day of margin, so no point sits on the edge
    assert x_domain(chart(at)[0])[0] == {"year": before.year, "month": before.month,
                                         "date": before.day, "utc": True}
    at.segmented_control(key="timeline_window").set_value(timeline.WHOLE).run()
    assert not at.exception
    first, _ = geo.story_range(data)
    assert x_domain(chart(at)[0])[0]["month"] == (first - timedelta(days=1)).month


def test_a_link_to_august_2022_opens_the_corridor_s_period():
    at = open_timeline({"date": "2022-08-26"})
    assert not at.exception
    assert at.segmented_control(key="timeline_window").value == "P2"
    assert selected_rule(chart(at)[1]) == date(2022, 8, 26)
    listed = " ".join(m.value for m in at.markdown)
    assert "Lachin corridor" in listed and long_date(date(2022, 8, 25)) in listed


def test_event_points_are_clickable():
    at = open_timeline()
    spec, frames = chart(at)
    (pick,) = spec["params"]
    assert pick["name"] == "pick" and pick["select"]["fields"] == ["id"]
    (element,) = at.get("vega_lite_chart")
    assert list(element.proto.selection_mode) == ["pick"]
    points = next(f for f in frames if "level" in f.columns)
    assert len(points) == len(geo.load().events)


def test_the_chart_names_months_and_days_in_the_language():
    russian = timeline.chart_locale(language("ru"))["time"]
    # Vega counts days from Sunday, Babel from Monday.
    assert russian["days"][0] == "воскресенье" and russian["shortMonths"][10] == "нояб."
    english = timeline.chart_locale(language("en"))["time"]
    assert english["shortMonths"][8] == language("en").month_year(date(2020, 9, 1)).split()[0]


def test_event_points_name_categories_in_words_and_keep_unknown_ones(data):
    points = timeline.event_points(data, language("ru"))
    assert set(points["category"]) <= set(CATEGORY_LABELS)  # the data uses the known ones
    assert list(points["kind"]) == [category_label(c, language("ru")) for c in points["category"]]
    assert list(points["title"]) == [data.text("ru", "events.csv", e, "title")
                                     for e in points["id"]]
    assert category_label("<b>war</b>", language("ru")) == "<b>war</b>"
