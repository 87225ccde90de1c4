"""AppTest for the map page: state from links, steps that leave the map's arguments as they are."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

import pytest
from apphelpers import map_step, run_app, shown_events, summary_html
from datacopy import edit_csv, mirror_texts, set_cells
from streamlit.testing.v1 import AppTest

from geo.map.assets import LEAFLET_CSS, LEAFLET_JS, MAP_CSS, MAP_JS


def map_proto(at: AppTest) -> bytes:
    """The map's element as Streamlit sends it."""
    (component,) = at.get("component_instance")
    return component.proto.SerializeToString()


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def open_share_panel(at: AppTest) -> AppTest:
    """Open "Share this view" as a viewer would (its contents are written only when open)."""
    at.session_state["share_open"] = True
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_default_view_is_the_day_the_agreement_took_effect():
    at = run_app()
    assert not at.exception
    assert at.select_slider(key="date_slider").value == date(2020, 11, 10)
    assert "Kalbajar pending, deadline 15 Nov" in texts(at)
    assert at.selectbox(key="district_select").value is None
    assert at.query_params["date"] == ["2020-11-10"] or at.query_params["date"] == "2020-11-10"


def test_link_restores_date_and_district():
    at = run_app({"date": "2020-11-21", "district": "kalbajar"})
    assert not at.exception and not at.warning
    assert at.select_slider(key="date_slider").value == date(2020, 11, 21)
    assert at.selectbox(key="district_select").value == "kalbajar"
    shown = texts(at)
    assert ("Aghdam returned on 20 Nov; Kalbajar pending, deadline 25 Nov (extended from "
            "15 Nov); Lachin pending, deadline 1 Dec") in shown
    assert "Karvachar" in shown and "Handover agreed, pending (4 days to go)" in shown
    assert "15 Nov 2020 → 25 Nov 2020 (extension announced 15 Nov 2020) <small>source: " in shown
    assert 'href="https://www.themoscowtimes.com/2020/11/15/' in shown


@pytest.mark.parametrize("params", [
    {"date": "2020-13-01"},
    {"date": "1990-01-01"},
    {"district": "atlantis"},
    {"date": "<script>alert(1)</script>", "district": "<b>x</b>"},
])
def test_bad_link_warns_and_falls_back_to_defaults(params):
    at = run_app(params)
    assert not at.exception
    assert at.warning, "a corrected link must say so"
    assert at.select_slider(key="date_slider").value == date(2020, 11, 10)
    assert at.selectbox(key="district_select").value is None
    for value in params.values():
        assert value not in texts(at)
        assert all(value not in w.value for w in at.warning)


def test_a_step_leaves_the_map_as_it_is_and_names_its_day_in_the_summary():
    at = run_app({"date": "2020-11-19"})
    map_element = map_proto(at)
    at.select_slider(key="date_slider").set_value(date(2020, 11, 20)).run()
    assert not at.exception
    # The same element, byte for byte: Streamlit sends the browser a reference to the map
    # it has, and the map is not remounted. The step is in the summary line.
    assert map_proto(at) == map_element
    assert map_args(at)["feature_group"] is None
    assert map_step(summary_html(at)) == {"day": 54, "selected": None}  # 27 Sep + 54 days
    assert at.query_params["date"] in ("2020-11-20", ["2020-11-20"])
    at.selectbox(key="district_select").set_value("aghdam").run()
    assert map_proto(at) == map_element
    assert map_step(summary_html(at)) == {"day": 54, "selected": "aghdam"}


def test_day_and_event_buttons_move_the_date():
    at = run_app({"date": "2020-11-12"})
    button(at, "Next day").click().run()
    assert at.select_slider(key="date_slider").value == date(2020, 11, 13)
    button(at, "Next event").click().run()
    assert at.select_slider(key="date_slider").value == date(2020, 11, 14)
    button(at, "Previous event").click().run()
    assert at.select_slider(key="date_slider").value == date(2020, 11, 10)
    button(at, "Previous day").click().run()
    assert at.select_slider(key="date_slider").value == date(2020, 11, 9)
    assert "held by Armenian forces" in texts(at)


def test_stepping_back_and_forth_many_times_keeps_state():
    at = run_app({"date": "2020-11-19", "district": "aghdam"})
    for _ in range(6):
        button(at, "Next day").click().run()
        button(at, "Previous day").click().run()
    assert not at.exception
    assert at.select_slider(key="date_slider").value == date(2020, 11, 19)
    assert at.selectbox(key="district_select").value == "aghdam"


def test_selectbox_selects_a_district_and_the_link_follows():
    at = run_app({"date": "2020-12-02"})
    at.selectbox(key="district_select").set_value("lachin").run()
    shown = texts(at)
    assert "Kashatagh" in shown and "Berdzor" in shown  # the district's name, its town's
    assert "Returned to Azerbaijan on 1 Dec 2020, except the corridor (1 day ago)" in shown
    assert at.query_params["district"] in ("lachin", ["lachin"])
    share = next(c.value for c in open_share_panel(at).code)
    assert share.endswith("?date=2020-12-02&district=lachin&lang=en")


def test_share_panel_offers_the_link_and_an_iframe_of_the_view_in_embed_mode():
    at = run_app({"date": "2020-11-21", "district": "kalbajar"})
    assert not at.code  # closed: nothing in it is built
    link, snippet = (c.value for c in open_share_panel(at).code)
    assert link.endswith("?date=2020-11-21&district=kalbajar&lang=en")
    assert snippet.startswith("<iframe ") and snippet.endswith("></iframe>")
    # The same view in Streamlit's embed mode, escaped as an attribute.
    src = html.escape(f"{link}&embed=true&embed_options=hide_loading_screen")
    assert f'src="{src}"' in snippet
    assert 'title="Map of the handover of Kalbajar, Aghdam and Lachin, 21 Nov 2020"' in snippet


def test_event_list_and_map_step_follow_the_date():
    early = run_app({"date": "2020-11-09"})
    late = run_app({"date": "2020-12-05"})
    assert len(shown_events(early)) == 1  # the war's start
    assert len(shown_events(late)) == 18
    assert any("Lachin district handed over, except the corridor" in item
               for item in shown_events(late))
    # The map's step names the day, whose markers the map looks up (tests/test_map_payload.py).
    assert map_step(summary_html(early))["day"] == 43  # 27 Sep + 43 days
    assert map_step(summary_html(late))["day"] == 69


def test_map_loads_leaflet_from_the_app_only():
    args = map_args(run_app())
    assert args["js_links"] == [LEAFLET_JS, MAP_JS]
    assert args["css_links"] == [LEAFLET_CSS, MAP_CSS]
    assert all(link.startswith("../../app/static/vendor/") for link in args["js_links"])


@pytest.fixture
def served_copy(data_copy, monkeypatch) -> Path:
    """A copy of data/ that the app sessions of this test read."""
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    return data_copy


HOSTILE = ["<img src=x onerror=alert(1)>", "tick ` and ${alert(2)} here"]


@pytest.fixture
def hostile_data(served_copy) -> None:
    """A copy of data/ whose first two events carry hostile titles."""
    def edit(rows):
        for row, title in zip(rows, HOSTILE, strict=False):
            row["title"] = title
    edit_csv(served_copy / "events.csv", edit)
    mirror_texts(served_copy, "events.csv", "E01", "E02")


def test_hostile_event_titles_are_escaped_everywhere(hostile_data):
    at = run_app({"date": "2020-12-05"})
    assert not at.exception
    # Event tooltips are in the map's payload, as data that map.js places as text; a step
    # names only its day.
    args = map_args(at)
    data = args["html"]
    page = texts(at)
    for title in HOSTILE:
        assert title not in args["script"] and title not in page
    # In the payload as JSON, escaped for a <script> ("<" is \u003c): no tag, no markup.
    assert "<img" not in data and data.count("</script>") == 1
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in data
    assert "tick ` and ${alert(2)} here" in data
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_line_breaks_in_data_cannot_turn_html_into_markdown(served_copy):
    set_cells(served_copy / "events.csv", "E01",
              summary="first line\n\n[click](javascript:alert(1)) **loud**")
    mirror_texts(served_copy, "events.csv", "E01")
    at = run_app({"date": "2020-12-05"})
    assert not at.exception
    shown = next(m.value for m in at.markdown if "first line" in m.value)
    heading, listing = shown.split("\n\n", 1)  # one Markdown heading, then one HTML block
    assert heading == "### Events up to this date, newest first"
    assert "\n" not in listing
    assert "first line&#10;&#10;[click](javascript:alert(1)) **loud**" in listing


def test_a_deadline_passed_without_a_return_is_said_so(served_copy):
    set_cells(served_copy / "handovers.csv", "aghdam", returned_on="")
    at = run_app({"date": "2020-11-22", "district": "aghdam"})
    assert not at.exception
    shown = texts(at)
    assert "Handover agreed, pending (2 days overdue)" in shown
    assert "Aghdam pending, deadline 20 Nov, 2 days overdue" in shown
