"""Editorial rules over data/: markers in their districts, our own words, dated sources.

These guard classes of fault found in review (a district marker drawn outside its district,
a summary that repeats the source's sentences, a source without a date), not single rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pytest
from apphelpers import markdown_values, run_app
from datacopy import DATA, own_texts, set_cells

import geo
from geo.dataset.load import PUBLISHED_PRECISIONS
from geo.dataset.placement import OUTLINE_TOLERANCE_METRES, metres_outside
from geo.export.page import export_html
from geo.story.details import events_near, outline_notes
from geo.story.wording import published_label, source_title
from geo.web.panels import events_html

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "reference" / "seed-article.txt"
RUN = 6  # words: a run this long shared with a source is copying, not summarising
# Digests of the seed article's runs (see run_hash), one per line, sorted.
SEED_RUNS = Path(__file__).resolve().parent / "fixtures" / "seed-runs.txt"


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load(DATA)


# --- markers and districts ------------------------------------------------------------------

def tagged_events(data: geo.Dataset):
    outlines = data.districts.set_index("id").geometry
    for event in data.events.itertuples():
        if isinstance(event.district_id, str):
            yield event, metres_outside(event.geometry, outlines[event.district_id])


def test_region_markers_lie_inside_their_district(data):
    region = [(e, m) for e, m in tagged_events(data) if e.geo_precision == "region"]
    assert {e.id for e, _ in region} >= {"E13", "E14", "E15"}
    for event, metres in region:
        assert metres == 0, f"{event.id} is {metres:.0f} m outside {event.district_id}"


def test_tagged_markers_are_inside_or_within_tolerance_and_the_panel_says_so(data):
    notes = outline_notes(data)
    outside = set()
    for event, metres in tagged_events(data):
        assert metres <= OUTLINE_TOLERANCE_METRES, f"{event.id}: {metres:.0f} m outside"
        if metres > 0:
            outside.add(event.id)
            shown = events_near(data, event.district_id, event.start).set_index("id")
            assert shown.at[event.id, "outline_note"] == notes[event.id]
            assert f"{metres / 1000:.1f} km outside" in notes[event.id]
    # Lachin town is on the corridor road, east of Natural Earth's Lachin polygon: its 2020
    # events and the corridor's of 2022.
    assert outside == set(notes) == {"E16", "E17", "E20"}


def test_event_list_escapes_and_places_the_outline_note(data):
    near = events_near(data, "lachin", date(2020, 12, 1))
    near.loc[near["id"] == "E17", "outline_note"] = "<b>off</b>"
    html = events_html(near, data.sources)
    assert "<i>This place lies 1.6 km outside the generalised Lachin outline" in html
    assert "<i>&lt;b&gt;off&lt;/b&gt;</i>" in html
    assert html.count("<i>") == 2  # E16 and E17; E15 lies inside


def test_details_panel_shows_the_outline_note():
    at = run_app({"date": "2020-12-01", "district": "lachin"})
    assert not at.exception
    panel = next(text for text in markdown_values(at) if "Events in or near" in text)
    assert "1.6 km outside the generalised Lachin outline" in panel


def problems_in(copy: Path) -> list[str]:
    with pytest.raises(geo.DataError) as caught:
        geo.load(copy)
    return [str(p) for p in caught.value.problems]


def test_loader_refuses_a_district_marker_outside_its_district(data_copy):
    # E15 where it used to be: on Lachin town, which is outside the Lachin polygon.
    set_cells(data_copy / "events.csv", "E15", lat="39.64", lon="46.546")
    problems = problems_in(data_copy)
    assert problems == ["data/events.csv row 16: district_id 'lachin': the marker stands for "
                        "the district (region precision) but lies 1.6 km outside its polygon; "
                        "move it inside, e.g. to the polygon's representative point"]


def test_loader_refuses_a_tagged_marker_beyond_the_tolerance(data_copy):
    # Baku, where E12 once stood, is far from Kalbajar.
    set_cells(data_copy / "events.csv", "E12", lat="40.409", lon="49.867", geo_precision="exact")
    problems = problems_in(data_copy)
    assert len(problems) == 1
    assert problems[0].startswith("data/events.csv row 13: district_id 'kalbajar': the marker "
                                  "lies 26")
    assert problems[0].endswith("km outside the district, more than the 3 km allowed for "
                                "generalised outlines")


# --- our own words --------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def run_hash(run: tuple[str, ...]) -> str:
    """A run of words as a short digest: the fixture keeps these, not the article's text."""
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    """Digests of the seed article's runs of RUN words, kept in tests/ so that the check
    runs in any clone (`../shared` is there for developers and CI only)."""
    return set(SEED_RUNS.read_text(encoding="ascii").split())


def copied_runs(text: str, seed: set[str]) -> list[str]:
    return sorted(" ".join(run) for run in runs(text) if run_hash(run) in seed)


def test_no_data_text_repeats_six_words_of_the_seed_article(seed_runs):
    texts = own_texts()
    assert len(texts) > 100
    copied = {where: copied_runs(text, seed_runs) for where, text in texts
              if copied_runs(text, seed_runs)}
    assert not copied, f"runs of {RUN} words copied from the seed article: {copied}"


def test_the_check_catches_a_copied_run(seed_runs):
    # The wording E03 had before review: it repeated the article word for word.
    old_e03 = ("arrive for a renewable five-year mission and set up checkpoints and positions "
               "in Stepanakert")
    assert copied_runs(old_e03, seed_runs) == [
        "for a renewable five year mission", "set up checkpoints and positions in"]


def test_the_kept_digests_are_the_seed_article_s():
    if not SEED.is_file():
        pytest.skip(f"reference article not found at {SEED} (../shared is absent): the "
                    f"digests in {SEED_RUNS.name} are checked where it is present")
    expected = sorted({run_hash(run) for run in runs(SEED.read_text(encoding="utf-8"))})
    assert SEED_RUNS.read_text(encoding="ascii").split() == expected


# --- sources: dates and titles --------------------------------------------------------------

def test_every_source_has_a_date_or_says_how_much_is_known(data):
    sources = data.sources
    assert set(sources["published_precision"]) <= set(PUBLISHED_PRECISIONS)
    for source in sources.itertuples():
        if source.published_precision == "unknown":
            assert source.published is None, source.id
        else:
            assert isinstance(source.published, date), source.id
        if source.published_precision == "month":
            assert source.published.day == 1
    assert sources.at["S9", "published_precision"] == "month"
    assert set(sources["title_kind"]) == {"headline", "description"}
    assert sources.at["S10", "title_kind"] == "description"


@pytest.mark.parametrize(("changes", "expected"), [
    ({"published_precision": ""}, "published_precision is empty"),
    ({"published_precision": "year"},
     "published_precision 'year' is not one of: day, month, unknown"),
    ({"published": "2020-12"}, "published '2020-12' is not a date (YYYY-MM-DD)"),
    ({"published": ""}, "published is empty"),
    ({"published_precision": "month"}, "published '2020-11-15' is not a month (YYYY-MM)"),
    ({"published_precision": "unknown"},
     "published must be empty when published_precision is 'unknown'"),
    ({"title_kind": "quote"}, "title_kind 'quote' is not one of: headline, description"),
])
def test_loader_refuses_sources_without_a_clear_date_or_title_kind(data_copy, changes, expected):
    set_cells(data_copy / "sources.csv", "S1", **changes)
    assert problems_in(data_copy) == [f"data/sources.csv row 2: {expected}"]


@pytest.mark.parametrize(("published", "precision", "expected"), [
    (date(2020, 11, 15), "day", "15 Nov 2020"),
    (date(2020, 12, 1), "month", "Dec 2020"),
    (None, "unknown", ""),
])
def test_published_label_keeps_the_precision(published, precision, expected):
    assert published_label(published, precision) == expected


def test_headlines_are_quoted_descriptions_are_not():
    assert source_title("Lachin Marks Last", "headline") == "“Lachin Marks Last”"
    assert source_title("Report on Aghdam", "description") == "Report on Aghdam"


def test_export_shows_titles_dates_and_outline_notes(data):
    exported = json.loads(re.search(
        r'<script type="application/json" id="handover-map-data"[^>]*>(.*?)</script>',
        export_html(data), re.S).group(1))["export"]
    s9 = exported["sources"]["S9"]
    assert s9["credit"] == " (Current Time (RFE/RL), Dec 2020)"
    assert s9["title"].startswith("“Lachin Marks")
    assert exported["sources"]["S10"]["title"].startswith("Report on")
    meta = {event_id: e["meta"] for event_id, e in exported["events"].items()}
    assert meta["E15"] == "1 Dec 2020 · Handover · location region."
    assert meta["E16"].endswith("location approximate. This place lies 1.6 km outside the "
                                "generalised Lachin outline drawn on the map (outlines may be "
                                "off by up to 3 km).")
