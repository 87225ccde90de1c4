"""Link previews and the first view: what the page served for a view carries in its HTML.

The head tags and the picture are built from the view that `parse_view` reads from the
link; whatever the link or the data say, every value comes out escaped.
"""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from datacopy import edit_features, feature
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo.dataset.load import LABEL_COLUMNS, place_name
from geo.html import esc
from geo.i18n import LANGUAGES, language
from geo.map.payload import fill_style
from geo.map.style import STATUS_COLOURS
from geo.server import first_view
from geo.server.previews import (
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    Previews,
    districts_named,
    head_tags,
    not_found_parts,
    view_parts,
)
from geo.server.public_url import public_url
from geo.story.details import summary_line
from geo.story.status import default_date, status_label, status_on, story_days
from geo.story.wording import long_date
from geo.story.wording import title as title_in
from geo.web.links import PAGES

DATA = geo.load()
DRAWN = first_view.shapes(DATA)
DAY = date(2020, 11, 21)
PUBLIC = "https://maps.example.org/handover"
HOSTILE = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "' onmouseover='x",
           "2020-11-21<script>", "kalbajar\"", "&amp;<", "${alert(1)}", "\u202eevil",
           "2020-11-21T00:00", "20201121", "2020-W47-6"]


class Tags(HTMLParser):
    """The elements of an HTML fragment, as (tag, attributes), and its text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def meta(self, key: str) -> str | None:
        return next((a.get("content") for tag, a in self.elements if tag == "meta"
                     and key in (a.get("name"), a.get("property"))), None)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag]


def title_of(head: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", head).group(1))


# --- the public address ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("https://maps.example.org", "https://maps.example.org"),
    ("https://maps.example.org/", "https://maps.example.org"),
    (" http://maps.example.org:8080/handover/ ", "http://maps.example.org:8080/handover"),
])
def test_a_public_address_is_taken_without_its_trailing_slash(value, expected):
    assert public_url(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "  ", "maps.example.org", "/handover", "javascript:alert(1)", "ftp://x.org",
    "data:text/html,<b>", "https://", "https://user:pw@maps.example.org",
    "https://maps.example.org/?a=1", "https://maps.example.org/#x",
    'https://maps.example.org/"><script>', "https://maps.example.org:99999",
])
def test_anything_else_is_refused(value):
    assert public_url(value) is None


# --- the head ------------------------------------------------------------------------------

def test_a_view_has_its_title_summary_and_preview_image():
    parts = view_parts(DATA, DRAWN, "", DAY, "kalbajar", True, PUBLIC)
    tags = Tags(parts.head)
    summary = summary_line(status_on(DATA, DAY), DAY, "kalbajar")
    title = title_of(parts.head)
    assert title.startswith("Kalbajar on 21 Nov 2020")
    assert districts_named(DATA) in title and title.endswith(PAGES[""])
    assert tags.meta("description") == tags.meta("og:description") == summary
    assert tags.meta("og:title") == tags.meta("twitter:title") == title
    image = f"{PUBLIC}/preview.png?date=2020-11-21&district=kalbajar"
    assert tags.meta("og:image") == tags.meta("twitter:image") == image
    assert tags.meta("og:url") == f"{PUBLIC}/?date=2020-11-21&district=kalbajar"
    assert tags.meta("twitter:card") == "summary_large_image"
    assert (tags.meta("og:image:width"), tags.meta("og:image:height")) == (
        str(IMAGE_WIDTH), str(IMAGE_HEIGHT))


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_names_itself_and_the_districts(page):
    parts = view_parts(DATA, DRAWN, page, DAY, None, False, PUBLIC)
    assert title_of(parts.head) == f"{districts_named(DATA)} on 21 Nov 2020 · {PAGES[page]}"
    assert Tags(parts.head).meta("og:url") == f"{PUBLIC}/{page}"  # no view asked: none named


def test_without_a_public_address_urls_are_relative_and_there_is_no_og_url():
    tags = Tags(view_parts(DATA, DRAWN, "timeline", DAY, None, True, None).head)
    assert tags.meta("og:image") == "./preview.png?date=2020-11-21"
    assert tags.meta("og:url") is None and tags.all("link") == []


@pytest.mark.parametrize("text", HOSTILE)
def test_head_tags_escape_every_value(text):
    head = head_tags(text, text, f"{PUBLIC}/?x={text}", text, alt=text)
    tags = Tags(head)
    assert title_of(head) == text
    assert tags.meta("description") == tags.meta("og:image") == text
    assert [t for t, _ in tags.elements] == ["title", *["meta"] * 6, "link", *["meta"] * 8]


def test_the_page_not_found_repeats_nothing_of_the_address():
    parts = not_found_parts()
    assert "Page not found" in parts.head and 'href="./"' in parts.root
    assert Tags(parts.head).meta("robots") == "noindex"


# --- the cache of views --------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("key", ["date", "district"])
def test_a_hostile_link_gets_the_default_view_escaped(key, value):
    previews = Previews(PUBLIC)
    parts = previews.parts(DATA, "", {key: value})
    text = parts.head + parts.root
    assert "<script" not in text and "onload=" not in text.replace("&", "")
    assert "\u202e" not in text and "${" not in text
    default = Previews(PUBLIC).parts(DATA, "", {"date": default_date(DATA).isoformat()})
    # The view asked is corrected to the default, so the page is the default's.
    assert parts == default


@settings(max_examples=40, deadline=None, database=None)
@given(date_text=st.text(max_size=30), district=st.text(max_size=30),
       lang=st.text(max_size=12) | st.sampled_from([*LANGUAGES, "RU", " ru", "ru-RU"]))
def test_no_link_adds_a_view_the_story_does_not_have(date_text, district, lang):
    previews = Previews(None, size=10_000)
    previews.parts(DATA, "", {"date": date_text, "district": district, "lang": lang})
    previews.parts(DATA, "timeline", {"district": district, "lang": lang})
    # Keys are validated values only, whatever the text: a day of the story, a district,
    # a language.
    for page, day, selected, asked, code, named in previews.cached():
        assert page in PAGES and day in story_days(DATA)
        assert selected in {None, *DATA.handover_districts["id"]}
        assert code in LANGUAGES and asked is True and named in (True, False)


def test_the_cache_keeps_at_most_its_size_and_answers_the_same():
    previews = Previews(PUBLIC, size=3)
    days = ["2020-11-10", "2020-11-15", "2020-11-20", "2020-11-25", "2020-12-01"]
    first = [previews.parts(DATA, "", {"date": day}) for day in days]
    assert len(previews.cached()) == 3
    assert [previews.parts(DATA, "", {"date": day}) for day in days] == first


def test_another_dataset_is_drawn_afresh(data_copy):
    previews = Previews(None)
    before = previews.parts(DATA, "", {"date": "2020-11-21"})
    edit_features(data_copy / "districts.geojson",
                  lambda features: feature(features, "kalbajar")["properties"].update(
                      name_en="Kalbajar renamed"))
    after = previews.parts(geo.load(data_copy), "", {"date": "2020-11-21"})
    assert "Kalbajar renamed" in after.root and "Kalbajar renamed" not in before.root


# --- the picture ---------------------------------------------------------------------------

def test_the_picture_shows_the_date_summary_and_legend_marked_for_its_readers():
    root = view_parts(DATA, DRAWN, "", DAY, "kalbajar", True, None).root
    tags = Tags(root)
    main = tags.all("main")[0]
    assert first_view.CONTAINER_ATTR in main
    heading = re.search(r"<h1 data-first-view-date[^>]*>(.*?)</h1>", root).group(1)
    assert heading == long_date(DAY)
    summary = summary_line(status_on(DATA, DAY), DAY, "kalbajar")
    svg = tags.all("svg")[0]
    assert svg["role"] == "img" and svg["aria-label"] == summary
    assert summary in "".join(tags.text)
    assert tags.all("ul")[0]["aria-label"] == "Map legend"
    assert "<script" not in root and "<link" not in root and "<style" not in root


def test_the_districts_have_the_live_maps_styles():
    root = view_parts(DATA, DRAWN, "", DAY, "kalbajar", True, None).root
    paths = Tags(root).all("path")
    statuses = {s.id: s for s in status_on(DATA, DAY)}
    shapes = {s.id: s for s in DRAWN.districts}
    for district_id, status in statuses.items():
        style = fill_style(status.status, district_id == "kalbajar",
                           corridor=status.part_of is not None)
        drawn = next(p for p in paths if p["d"] == shapes[district_id].path)
        assert drawn["fill"] == style["fillColor"] and drawn["stroke"] == style["color"]
        assert drawn["stroke-width"] == str(style["weight"])
    # The corridor is hatched (its pattern drawn in the picture) while under peacekeepers.
    assert 'id="hatch-peacekeepers"' in root
    assert STATUS_COLOURS["peacekeepers"] in root
    # And the selected district is drawn last, over the others.
    assert paths[-1]["d"] == shapes["kalbajar"].path


def test_the_legend_lists_the_statuses_on_the_map_only():
    before = view_parts(DATA, DRAWN, "", date(2020, 11, 1), None, True, None).root
    assert "Held by Armenian forces" in before and "Returned to Azerbaijan" not in before


def test_the_picture_stays_small():
    # Simplified outlines in whole units: a few kilobytes, against Streamlit's megabytes.
    sizes = [len(view_parts(DATA, DRAWN, "", day, district, True, PUBLIC).root.encode())
             for day in (DAY, date(2022, 8, 26)) for district in (None, "lachin_corridor")]
    assert max(sizes) < 12_000


def test_text_from_the_data_is_escaped_in_the_picture_and_the_head(data_copy):
    edit_features(data_copy / "districts.geojson",
                  lambda features: feature(features, "kalbajar")["properties"].update(
                      name_en='Kal<script>alert(1)</script>"bajar'))
    data = geo.load(data_copy)
    parts = view_parts(data, first_view.shapes(data), "", DAY, "kalbajar", True, PUBLIC)
    assert "<script" not in parts.head + parts.root
    assert 'Kal<script>alert(1)</script>"bajar' in title_of(parts.head)


# --- the view's language ---------------------------------------------------------------------

def names_in(code: str) -> dict[str, str]:
    return {record["id"]: place_name(record, code) for record in DATA.handover_records}


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_view_in_a_language_has_its_words_names_and_picture_address(code):
    lang = language(code)
    parts = Previews(PUBLIC).parts(DATA, "", {"date": "2020-11-21", "district": "kalbajar",
                                              "lang": code})
    tags = Tags(parts.head)
    assert parts.lang == code
    title = title_of(parts.head)
    assert title.startswith(names_in(code)["kalbajar"]) and lang.long_date(DAY) in title
    assert districts_named(DATA, lang) in title and title.endswith(lang._(PAGES[""]))
    summary = summary_line(status_on(DATA, DAY, lang), DAY, "kalbajar", lang)
    assert tags.meta("description") == tags.meta("og:description") == summary
    assert tags.meta("og:site_name") == title_in(lang)
    query = f"date=2020-11-21&district=kalbajar&lang={code}"
    assert tags.meta("og:image") == f"{PUBLIC}/preview.png?{query}"
    assert tags.meta("og:url") == f"{PUBLIC}/?{query}"
    # The first view: the date, the names on the map and the legend in the language.
    root = Tags(parts.root)
    heading = re.search(r"<h1 data-first-view-date[^>]*>(.*?)</h1>", parts.root).group(1)
    assert html.unescape(heading) == lang.long_date(DAY)
    assert {html.unescape(n) for n in re.findall(r"<text [^>]*>(.*?)</text>", parts.root)} == {
        place_name(r, code) for r in DATA.districts.to_dict("records") if r["role"] == "handover"}
    assert root.all("ul")[0]["aria-label"] == lang._("Map legend")
    assert status_label("pending", lang) in "".join(root.text)


def test_the_russian_view_is_worded_in_russian():
    parts = Previews(PUBLIC).parts(DATA, "timeline", {"date": "2020-11-21", "lang": "ru"})
    title = title_of(parts.head)
    assert "Кельбаджар" in title and "нояб." in title
    names = re.findall(r"<text [^>]*>(.*?)</text>", parts.root)
    assert "Кельбаджар" in names and "Kalbajar" not in names
    assert "Кельбаджар" in re.search(r"<h1.*</svg>", parts.root).group(0)


def test_without_a_language_the_page_is_english_and_names_none():
    parts = Previews(PUBLIC).parts(DATA, "", {"date": "2020-11-21"})
    assert parts.lang == "en" and "lang=" not in parts.head
    assert title_of(parts.head).startswith(districts_named(DATA))


@pytest.mark.parametrize("value", [*HOSTILE, "", "russian", "ru-RU", "fr", "en;ru", "ру"])
def test_an_unreadable_language_is_english_and_never_repeated(value):
    previews = Previews(PUBLIC)
    parts = previews.parts(DATA, "", {"date": "2020-11-21", "lang": value})
    english = Previews(PUBLIC).parts(DATA, "", {"date": "2020-11-21"})
    assert parts == english
    assert [key[4:] for key in previews.cached()] == [("en", False)]


def test_the_cache_keeps_each_language_apart():
    previews = Previews(None)
    answers = {code: previews.parts(DATA, "", {"date": "2020-11-21", "lang": code})
               for code in LANGUAGES}
    assert len({parts.head for parts in answers.values()}) == len(LANGUAGES)
    assert [key[4] for key in previews.cached()] == list(LANGUAGES)
    assert previews.parts(DATA, "", {"date": "2020-11-21", "lang": "hy"}) is answers["hy"]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_translated_text_from_the_data_is_escaped(data_copy, code):
    column = LABEL_COLUMNS[code]
    hostile = '<script>alert(1)</script>"x'
    edit_features(data_copy / "districts.geojson",
                  lambda features: feature(features, "kalbajar")["properties"].update(
                      {column: hostile}))
    data = geo.load(data_copy)
    parts = view_parts(data, first_view.shapes(data), "", DAY, "kalbajar", True, PUBLIC,
                       language(code), True)
    assert "<script" not in parts.head + parts.root
    assert hostile in title_of(parts.head) and esc(hostile) in parts.root


def test_the_page_not_found_speaks_the_language():
    parts = not_found_parts(language("ru"))
    assert parts.lang == "ru" and title_in(language("ru")) in html.unescape(parts.head)
