"""The map page's view of a date and selection is the same texts the parts give on their own."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from apphelpers import filtered_items, map_step

import geo
from geo.map.step import step_html, step_json
from geo.story.details import district_details, summary_line
from geo.story.status import story_days
from geo.web.page_view import page_view
from geo.web.panels import details_html, event_list_html, events_html


@pytest.fixture(scope="module")
def dataset() -> geo.Dataset:
    return geo.load()


DAYS = [date(2020, 9, 27), date(2020, 11, 10), date(2020, 11, 20), date(2020, 12, 5),
        date(2022, 8, 26)]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("district", [None, "kalbajar", "aghdam", "lachin"])
def test_page_view_is_made_of_the_parts(dataset, day, district):
    view = page_view(dataset, day, district)
    assert view.summary == summary_line(geo.status_on(dataset, day), day, district)
    assert view.summary_html == step_html(view.summary, step_json(dataset, day, district))
    index = story_days(dataset).index(day)  # the map's day: the story's days, in order
    assert map_step(view.summary_html) == {"day": index, "selected": district}
    # The page's list of every event, with the view's style applied, shows what a list of
    # the events up to the day would.
    shown = filtered_items(event_list_html(dataset.events, dataset.sources), view.events_css)
    assert shown == re.findall(r"<li>.*?</li>", events_html(
        geo.events_until(dataset, day).iloc[::-1], dataset.sources))
    expected = None if district is None else details_html(
        district_details(dataset, district, day), dataset.sources)
    assert view.details_html == expected


def test_page_view_is_read_only_because_sessions_share_it(dataset):
    view = page_view(dataset, date(2020, 11, 20), "aghdam")
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.summary = "changed"  # type: ignore[misc]
