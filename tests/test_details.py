"""Unit tests for the summary line and the district details panel data."""

from __future__ import annotations

from datetime import date

import pytest

import geo
from geo.story.details import district_at, district_details, events_near, summary_line


@pytest.fixture(scope="module")
def dataset():
    return geo.load()


def summary(dataset, day):
    return summary_line(geo.status_on(dataset, day), day)


def test_summary_line_on_21_november(dataset):
    assert summary(dataset, date(2020, 11, 21)) == (
        "21 Nov 2020: Aghdam returned on 20 Nov; Kalbajar pending, deadline 25 Nov "
        "(extended from 15 Nov); Lachin pending, deadline 1 Dec; Lachin corridor under "
        "Russian peacekeepers")


def test_summary_line_before_the_extension_and_before_the_agreement(dataset):
    assert "Kalbajar pending, deadline 15 Nov;" in summary(dataset, date(2020, 11, 14))
    assert summary(dataset, date(2020, 11, 1)) == (
        "1 Nov 2020: Kalbajar held by Armenian forces; Aghdam held by Armenian forces; "
        "Lachin held by Armenian forces")


def test_summary_line_names_the_outlined_district(dataset):
    statuses = geo.status_on(dataset, date(2020, 11, 21))
    assert summary_line(statuses, date(2020, 11, 21), "lachin").endswith(
        "under Russian peacekeepers. Outlined on the map: Lachin")
    assert summary_line(statuses, date(2020, 11, 21), "nowhere") == summary_line(
        statuses, date(2020, 11, 21))


def test_summary_line_after_all_handovers(dataset):
    assert summary(dataset, date(2020, 12, 2)) == (
        "2 Dec 2020: Kalbajar returned on 25 Nov; Aghdam returned on 20 Nov; "
        "Lachin returned on 1 Dec, except the corridor; Lachin corridor under Russian "
        "peacekeepers")
    assert summary(dataset, date(2022, 8, 26)).endswith(
        "Lachin returned on 1 Dec; Lachin corridor returned on 26 Aug")


@pytest.mark.parametrize(("lat", "lon", "expected"), [
    (40.107, 46.038, "kalbajar"),
    (39.991, 46.930, "aghdam"),
    # Lachin town itself falls 2 km outside Natural Earth's generalised Lachin polygon.
    (39.750, 46.300, "lachin"),
    (40.178, 44.513, None),  # Yerevan
    (39.815, 46.752, None),  # Stepanakert: a context district, not clickable for details
])
def test_district_at(dataset, lat, lon, expected):
    assert district_at(dataset, lat, lon) == expected


def test_district_details_as_known_on_the_date(dataset):
    info = district_details(dataset, "kalbajar", date(2020, 11, 16))
    assert info.names["hy"].startswith("Karvachar")
    assert info.names["ru"] == "Кельбаджар"
    assert info.status.status == "pending" and info.status.deadline == date(2020, 11, 25)
    assert info.status.revised_deadline == date(2020, 11, 25)
    assert info.status.revision_announced_on == date(2020, 11, 15)
    assert info.status.revision_known
    assert ("Under Armenian control since", "2 Apr 1993") in info.standing
    assert "S1" in info.handover_sources
    assert {"E08", "E09", "E10"} <= set(info.events["id"])


def test_events_near_are_newest_first_and_stop_at_the_date(dataset):
    near = events_near(dataset, "lachin", date(2020, 11, 29))
    assert list(near["id"]) == ["E16"]
    later = events_near(dataset, "lachin", date(2020, 12, 1))
    assert list(later["start"]) == sorted(later["start"], reverse=True)
    assert {"E15", "E16", "E17"} <= set(later["id"])
    assert "E05" not in set(later["id"])  # Yerevan is far away


def test_deadline_change_cites_the_announcement(dataset):
    assert district_details(dataset, "kalbajar", date(2020, 11, 10)).revision_sources == ["S1"]
    assert district_details(dataset, "aghdam", date(2020, 11, 10)).revision_sources == []
