"""geo.story.status on the real data: each district's status and deadline as known on a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import geo
from geo.story.status import jump_date, period_of, step_day, story_day

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def dataset() -> geo.Dataset:
    return geo.load(DATA)


def on(dataset: geo.Dataset, day: date) -> dict[str, geo.DistrictStatus]:
    return {s.id: s for s in geo.status_on(dataset, day)}


def test_schedule_order_and_names(dataset: geo.Dataset) -> None:
    statuses = geo.status_on(dataset, date(2020, 11, 21))
    assert [(s.id, s.name) for s in statuses] == [
        ("kalbajar", "Kalbajar"), ("aghdam", "Aghdam"), ("lachin", "Lachin"),
        ("lachin_corridor", "Lachin corridor")]


def test_21_november(dataset: geo.Dataset) -> None:
    s = on(dataset, date(2020, 11, 21))
    assert (s["aghdam"].status, s["aghdam"].returned_on) == ("returned", date(2020, 11, 20))
    assert (s["kalbajar"].status, s["kalbajar"].deadline) == ("pending", date(2020, 11, 25))
    assert (s["lachin"].status, s["lachin"].deadline) == ("pending", date(2020, 12, 1))
    assert s["kalbajar"].deadline_revised is True
    assert s["kalbajar"].original_deadline == date(2020, 11, 15)
    assert s["lachin"].deadline_revised is False


def test_kalbajar_deadline_before_the_extension(dataset: geo.Dataset) -> None:
    kalbajar = on(dataset, date(2020, 11, 14))["kalbajar"]
    assert kalbajar.status == "pending"
    assert kalbajar.deadline == date(2020, 11, 15)
    assert kalbajar.deadline_revised is False
    assert (kalbajar.revised_deadline, kalbajar.revision_known) == (date(2020, 11, 25), False)
    assert kalbajar.days_to_deadline == 1


def test_kalbajar_extension_known_from_the_day_it_was_announced(dataset: geo.Dataset) -> None:
    kalbajar = on(dataset, date(2020, 11, 15))["kalbajar"]
    assert kalbajar.status == "pending"
    assert kalbajar.deadline == date(2020, 11, 25)
    assert kalbajar.deadline_revised is True
    assert kalbajar.revision_known is True
    assert kalbajar.days_to_deadline == 10


@pytest.mark.parametrize("day", [date(2020, 9, 27), date(2020, 11, 9)],
                         ids=["war-starts", "day-before-agreement"])
def test_all_held_before_the_agreement(dataset: geo.Dataset, day: date) -> None:
    statuses = geo.status_on(dataset, day)
    assert len(statuses) == 4  # the three districts and the corridor
    for s in statuses:
        assert (s.status, s.deadline, s.returned_on) == ("held", None, None)
        assert (s.days_to_deadline, s.days_overdue, s.days_since_return) == (None, None, None)
        assert s.deadline_revised is False


def test_agreement_day_all_pending_with_original_deadlines(dataset: geo.Dataset) -> None:
    day = date(2020, 11, 10)  # in force from midnight Moscow time
    assert day == geo.AGREEMENT_IN_FORCE
    s = on(dataset, day)
    assert {d: (x.status, x.deadline) for d, x in s.items()} == {
        "kalbajar": ("pending", date(2020, 11, 15)),
        "aghdam": ("pending", date(2020, 11, 20)),
        "lachin": ("pending", date(2020, 12, 1)),
        # Kept out of the handover: peacekeepers deploy along it as the statement takes effect.
        "lachin_corridor": ("peacekeepers", None),
    }


@pytest.mark.parametrize("day", [date(2020, 12, 1), date(2020, 12, 2), date(2021, 6, 1),
                                 date(2022, 8, 25)])
def test_the_districts_returned_and_the_corridor_kept_apart(dataset, day) -> None:
    s = on(dataset, day)
    assert {d: (x.status, x.returned_on) for d, x in s.items()} == {
        "kalbajar": ("returned", date(2020, 11, 25)),
        "aghdam": ("returned", date(2020, 11, 20)),
        "lachin": ("returned", date(2020, 12, 1)),
        "lachin_corridor": ("peacekeepers", None),
    }
    assert s["lachin_corridor"].kept_since == date(2020, 11, 10)
    assert s["lachin"].excepts_part and not s["aghdam"].excepts_part


def test_the_corridor_handed_over_on_26_august_2022(dataset) -> None:
    s = on(dataset, date(2022, 8, 26))
    assert (s["lachin_corridor"].status, s["lachin_corridor"].returned_on) == (
        "returned", date(2022, 8, 26))
    assert "25 Aug 2022" in s["lachin_corridor"].return_note  # the Armenian side's date
    assert not s["lachin"].excepts_part
    assert on(dataset, date(2020, 11, 30))["lachin_corridor"].status == "peacekeepers"
    assert on(dataset, date(2020, 11, 9))["lachin_corridor"].status == "held"
    assert not on(dataset, date(2020, 11, 30))["lachin"].excepts_part  # said once returned


def test_days_until_deadline_then_since_return(dataset: geo.Dataset) -> None:
    s = on(dataset, date(2020, 11, 21))
    assert s["kalbajar"].days_to_deadline == 4   # until 25 Nov
    assert s["lachin"].days_to_deadline == 10    # until 1 Dec
    assert s["aghdam"].days_since_return == 1    # since 20 Nov
    assert s["aghdam"].days_to_deadline is None
    assert on(dataset, date(2020, 11, 20))["aghdam"].days_since_return == 0  # returned that day
    assert on(dataset, date(2020, 12, 2))["kalbajar"].days_since_return == 7


def test_returned_on_is_none_until_returned(dataset: geo.Dataset) -> None:
    assert on(dataset, date(2020, 11, 19))["aghdam"].returned_on is None
    assert on(dataset, date(2020, 11, 19))["aghdam"].status == "pending"
    assert on(dataset, date(2020, 11, 20))["aghdam"].returned_on == date(2020, 11, 20)
    assert on(dataset, date(2020, 11, 30))["lachin"].returned_on is None
    assert on(dataset, date(2020, 12, 1))["lachin"].returned_on == date(2020, 12, 1)


def test_every_day_of_the_story_is_consistent(dataset: geo.Dataset) -> None:
    for day in geo.story_days(dataset):
        for s in geo.status_on(dataset, day):
            assert s.status in geo.STATUSES
            assert (s.returned_on is not None) == (s.status == "returned")
            assert (s.deadline is None) == (s.status in ("held", "peacekeepers")
                                            or s.original_deadline is None)
            assert (s.kept_since is not None) == (s.status == "peacekeepers")
            counts = (s.days_to_deadline, s.days_overdue, s.days_since_return)
            assert all(n is None or n >= 0 for n in counts), (day, s)
            assert sum(n is not None for n in counts) == (
                s.status in ("pending", "returned")), (day, s)


def test_caveats(dataset: geo.Dataset) -> None:
    s = on(dataset, date(2020, 11, 21))
    assert "western part" in s["aghdam"].caveat
    assert "corridor" in s["lachin"].caveat
    assert "15 to 25 November" in s["kalbajar"].caveat


def test_as_json_uses_iso_dates(dataset: geo.Dataset) -> None:
    data = on(dataset, date(2020, 11, 21))["aghdam"].as_json()
    assert data["deadline"] == "2020-11-20"
    assert data["returned_on"] == "2020-11-20"
    assert on(dataset, date(2020, 11, 1))["aghdam"].as_json()["deadline"] is None


def test_events_until(dataset: geo.Dataset) -> None:
    assert list(geo.events_until(dataset, date(2020, 9, 26))["id"]) == []
    assert list(geo.events_until(dataset, date(2020, 9, 27))["id"]) == ["E01"]
    until_14 = geo.events_until(dataset, date(2020, 11, 14))
    assert set(until_14["id"]) == {f"E{n:02d}" for n in range(1, 12)}
    assert all(start <= date(2020, 11, 14) for start in until_14["start"])
    assert len(geo.events_until(dataset, date(2020, 12, 5))) == len(dataset.events) - 2
    assert len(geo.events_until(dataset, date(2022, 8, 30))) == len(dataset.events)


def test_story_range_covers_the_war_and_the_handovers(dataset: geo.Dataset) -> None:
    first, last = geo.story_range(dataset)
    assert first <= date(2020, 9, 27)
    assert last >= date(2022, 8, 26)
    assert first <= min(dataset.events["start"])
    days = set(geo.story_days(dataset))
    assert all(day in days for day in geo.key_dates(dataset))


def test_story_days_are_the_periods_days_one_step_each(dataset: geo.Dataset) -> None:
    days = geo.story_days(dataset)
    assert days == sorted(set(days))
    november = [d for d in days if d.year == 2020 and d.month == 11]
    assert len(november) == 30  # every day of November 2020 is one step of the slider
    gap = days.index(date(2022, 8, 20)) - days.index(date(2020, 12, 5))
    assert gap == 1  # the months between the periods are one step
    assert len(days) < 100


def test_a_day_between_periods_maps_to_the_nearest_day_covered(dataset) -> None:
    assert story_day(dataset, date(2021, 1, 1)) == date(2020, 12, 5)
    assert story_day(dataset, date(2022, 7, 1)) == date(2022, 8, 20)
    assert story_day(dataset, date(2020, 11, 21)) == date(2020, 11, 21)
    assert step_day(dataset, date(2020, 12, 5), 1) == date(2022, 8, 20)
    assert step_day(dataset, date(2022, 8, 20), -1) == date(2020, 12, 5)
    assert step_day(dataset, date(2022, 8, 30), 5) == date(2022, 8, 30)
    assert period_of(dataset, date(2022, 8, 26)) == "P2" and period_of(
        dataset, date(2021, 1, 1)) is None


def test_key_dates_sorted_unique(dataset: geo.Dataset) -> None:
    days = geo.key_dates(dataset)
    assert days == sorted(set(days))
    for day in (date(2020, 9, 27), geo.AGREEMENT_IN_FORCE, date(2020, 11, 15),
                date(2020, 11, 20), date(2020, 11, 25), date(2020, 12, 1)):
        assert day in days
    assert set(dataset.events["start"]) <= set(days)


def test_jump_date_moves_between_key_dates(dataset):
    assert jump_date(dataset, date(2020, 11, 12), forward=True) == date(2020, 11, 14)
    assert jump_date(dataset, date(2020, 11, 14), forward=False) == date(2020, 11, 10)
    assert jump_date(dataset, date(2020, 9, 27), forward=False) is None
    assert jump_date(dataset, date(2022, 8, 30), forward=True) is None
    # From the last handover of 2020, the next event is in the corridor's August 2022.
    assert jump_date(dataset, date(2020, 12, 1), forward=True) == date(2022, 8, 22)
