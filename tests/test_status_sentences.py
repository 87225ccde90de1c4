"""Every sentence about a district's status, on every day of the story: they agree.

The sentences all come from `geo.story.status.DistrictStatus`; the map, tooltips, details panel,
timeline and export take them from there (the last test here checks the map's on every day,
tests/test_export.py the export's, tests/test_timeline.py the timeline's). Besides the real
data, two variants cover what it never shows: a deadline that passes without a return, and
a deadline brought forward.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

import geo
from geo.html import esc
from geo.map.payload import date_view
from geo.story.details import district_details, summary_line
from geo.story.wording import long_date, short_date
from geo.web.panels import details_html

DATA = Path(__file__).resolve().parent.parent / "data"
NEGATIVE = re.compile(r"-\s*\d|in -")


def real() -> geo.Dataset:
    return geo.load(DATA)


def never_returned() -> geo.Dataset:
    """No district is ever returned: each stays pending, then overdue."""
    data = real()
    districts = data.districts.copy()
    districts["returned_on"] = None
    return dataclasses.replace(data, districts=districts)


def brought_forward() -> geo.Dataset:
    """Lachin's deadline moves from 1 Dec to 28 Nov, announced 22 Nov, returned 28 Nov."""
    data = real()
    districts = data.districts.copy()
    lachin = districts["id"] == "lachin"
    for column, value in (("revised_deadline", date(2020, 11, 28)),
                          ("revision_announced_on", date(2020, 11, 22)),
                          ("returned_on", date(2020, 11, 28))):
        districts[column] = districts[column].where(~lachin, value)
    return dataclasses.replace(data, districts=districts)


VARIANTS = {"real": real, "never-returned": never_returned, "brought-forward": brought_forward}


def every_day(data: geo.Dataset):
    for day in geo.story_days(data):
        yield day, geo.status_on(data, day)


def sentences(s: geo.DistrictStatus) -> dict[str, str]:
    return {"summary": s.summary, "tooltip": s.tooltip, "details": s.details,
            "timeline": s.timeline,
            "panel": " ".join(f"{label}: {text}." for label, text in s.lines)}


def count_number(s: geo.DistrictStatus) -> int | None:
    return next((n for n in (s.days_to_deadline, s.days_overdue, s.days_since_return)
                 if n is not None), None)


@pytest.fixture(scope="module", params=list(VARIANTS))
def data(request) -> geo.Dataset:
    return VARIANTS[request.param]()


def test_no_sentence_has_a_negative_count(data):
    for day, statuses in every_day(data):
        for s in statuses:
            for use, text in sentences(s).items():
                assert not NEGATIVE.search(text), (day, use, text)
            number = count_number(s)
            assert number is None or number >= 0
            assert str(number) in s.count or number in (None, 0)


def test_each_sentence_states_the_same_status(data):
    for day, statuses in every_day(data):
        for s in statuses:
            said = sentences(s)
            assert said["panel"].startswith(f"Status on {long_date(day)}: {s.details}.")
            assert said["details"].startswith(s.label) and s.count in said["details"]
            assert said["timeline"].startswith(s.label) and s.count in said["timeline"]
            assert s.name in said["summary"] and said["tooltip"].startswith(s.name)
            if s.status == "held":
                assert s.deadline is None and count_number(s) is None
                assert "held" in said["summary"] and "held" in said["tooltip"]
                # The panel's deadline line gives the deadline set later, as history.
                assert not any("deadline" in said[use].lower()
                               for use in ("summary", "tooltip", "details", "timeline")), said
            elif s.status == "pending":
                short, long = short_date(s.deadline), long_date(s.deadline)
                assert f"deadline {short}" in said["summary"]
                assert f"deadline {long}" in said["tooltip"]
                assert f"eadline {long}" in said["timeline"]
                for use in ("timeline", "panel"):
                    assert long in said[use] and s.count in said[use], (day, use)
            elif s.status == "peacekeepers":
                assert s.deadline is None and count_number(s) is None
                assert "under Russian peacekeepers" in said["summary"]
                for use in ("tooltip", "details", "timeline", "panel"):
                    assert long_date(s.kept_since) in said[use], (day, use)
            else:
                assert count_number(s) == s.days_since_return
                assert f"returned on {short_date(s.returned_on)}" in said["summary"]
                for use in ("tooltip", "timeline", "panel"):
                    assert long_date(s.returned_on) in said[use], (day, use)


def test_overdue_is_said_wherever_a_deadline_is(data):
    for day, statuses in every_day(data):
        for s in statuses:
            overdue = s.days_overdue is not None
            for use in ("summary", "tooltip", "details", "timeline", "panel"):
                assert ("overdue" in sentences(s)[use]) == overdue, (day, use)


def test_a_changed_deadline_is_said_once_in_force_and_never_before(data):
    for day, statuses in every_day(data):
        for s in statuses:
            said = sentences(s)
            if s.original_deadline is None:  # the corridor: no deadline, none to change
                continue
            clause = f"from {short_date(s.original_deadline)}"  # the long form starts alike
            # Once returned, the sentences speak of the return, not the deadline; the
            # panel's deadline line gives the deadline's whole history on every day.
            uses = () if s.status == "returned" else ("summary", "timeline")
            for use in uses:
                assert (clause in said[use]) == s.deadline_revised, (day, use, said[use])
            if s.revision_note is not None:
                assert ("not yet known" in s.revision_note) != s.revision_known
                assert s.revision_known == (day >= s.revision_announced_on)


def test_summary_line_joins_the_summaries_returned_first(data):
    for day, statuses in every_day(data):
        line = summary_line(statuses, day)
        parts = line.removeprefix(f"{long_date(day)}: ").split("; ")
        # A corridor is named once it is apart from its district.
        named = [s for s in statuses
                 if s.part_of is None or s.kept_since is not None or s.status == "returned"]
        assert sorted(parts) == sorted(s.summary for s in named)
        returned = [p for p in parts if " returned on " in p]
        assert parts[:len(returned)] == returned


def test_variants_reach_the_cases_they_are_for():
    overdue = [s for _, statuses in every_day(never_returned()) for s in statuses
               if s.days_overdue]
    assert overdue and overdue[0].summary.endswith("1 day overdue")
    assert "2 days overdue" in {s.count for s in overdue}
    moved = [s for _, statuses in every_day(brought_forward()) for s in statuses
             if s.id == "lachin" and s.deadline_revised]
    assert moved and moved[0].summary == "Lachin pending, deadline 28 Nov (moved from 1 Dec)"
    assert moved[0].revision_note == "change announced 22 Nov 2020"


def test_the_map_shows_the_status_views_sentences_on_every_day():
    data = real()
    for day, statuses in every_day(data):
        tooltips = {d["id"]: d["tooltip"] for d in date_view(data, day, None)["districts"]}
        assert tooltips == {s.id: s.tooltip for s in statuses}, day  # placed as text
        for s in statuses:
            panel = details_html(district_details(data, s.id, day), data.sources)
            assert f"{esc(long_date(day))}:</b> {esc(s.details)}<br>" in panel, (day, s.id)


LACHIN_KEPT_APART = (date(2020, 12, 1), date(2022, 8, 26))  # the corridor kept out, until


@pytest.mark.parametrize("day", [date(2020, 12, 1), date(2020, 12, 5), date(2021, 6, 1),
                                 date(2022, 8, 20), date(2022, 8, 25)])
def test_lachin_is_returned_except_the_corridor_until_august_2022(day):
    data = real()
    lachin = next(s for s in geo.status_on(data, day) if s.id == "lachin")
    said = sentences(lachin)
    for use, text in said.items():
        if use != "panel" or "Status on" in text:
            assert "except the corridor" in text, (use, text)
    assert "except the corridor" in summary_line(geo.status_on(data, day), day)
    corridor = next(s for s in geo.status_on(data, day) if s.id == "lachin_corridor")
    assert corridor.summary == "Lachin corridor under Russian peacekeepers"
    assert "approximate outline" in corridor.tooltip


def test_no_sentence_says_except_the_corridor_outside_those_dates():
    data = real()
    for day, statuses in every_day(data):
        kept = LACHIN_KEPT_APART[0] <= day < LACHIN_KEPT_APART[1]
        lachin = next(s for s in statuses if s.id == "lachin")
        assert ("except the corridor" in lachin.tooltip) == kept, day


def test_the_corridor_s_return_gives_both_sides_dates():
    data = real()
    corridor = next(s for s in geo.status_on(data, date(2022, 8, 26))
                    if s.id == "lachin_corridor")
    for text in (corridor.tooltip, corridor.details, corridor.timeline):
        assert "26 Aug 2022" in text and "25 Aug 2022" in text, text
        assert "Azerbaijan's date" in text and "Armenian" in text
