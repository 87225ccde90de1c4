"""The map page's legend, details panel and event lists: structure and escaping."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import geo
from geo.html import esc
from geo.story.details import district_details
from geo.story.status import STATUS_LABELS
from geo.web.panels import (
    details_html,
    event_filter_css,
    event_list_html,
    events_html,
    legend_html,
    source_links,
)

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)> `code` $x$ & \"quoted\"\n\nnew block"


class Tree(HTMLParser):
    """Start tags with their attributes and the tag they sit in; all text."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str | None]] = []
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.stack[-1] if self.stack else None))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], "every element is closed"
    return tree


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load(ROOT / "data")


def hostile_sources(data: geo.Dataset):
    sources = data.sources.copy()
    sources["publisher"] = HOSTILE
    sources.loc["S1", "url"] = "javascript:alert(1)"
    return sources


def assert_inert(html: str) -> None:
    """Nothing from HOSTILE became markup, Markdown or a script link."""
    assert "\n" not in html, "one line: a blank line would end Streamlit's HTML block"
    assert "<img" not in html and "`" not in html and "$" not in html
    assert "javascript:" not in html
    tree = parse(html)
    assert not any(tag in ("img", "script") for tag, _, _ in tree.tags)
    assert all(attrs["href"].startswith("https://") for tag, attrs, _ in tree.tags
               if tag == "a")


def test_legend_is_a_list_of_items_with_every_status():
    tree = parse(legend_html())
    lists = [attrs for tag, attrs, _ in tree.tags if tag == "ul"]
    assert lists == [{"class": "map-legend", "aria-label": "Map legend"}]  # pages/style.css
    items = [parent for tag, _, parent in tree.tags if tag == "li"]
    assert items == ["ul"] * (len(STATUS_LABELS) + 2)
    # Only list items sit directly in the list (axe: aria-required-children).
    assert {tag for tag, _, parent in tree.tags if parent == "ul"} == {"li"}
    assert not any(attrs.get("role") for _, attrs, _ in tree.tags)
    for label in STATUS_LABELS.values():
        assert label in tree.text
    swatches = [attrs for tag, attrs, _ in tree.tags if tag == "span"]
    assert all(attrs["aria-hidden"] == "true" for attrs in swatches)
    assert sum("dashed" in attrs["style"] for attrs in swatches) == 1


def test_details_panel_says_what_the_status_view_says(data):
    info = district_details(data, "kalbajar", date(2020, 11, 14))
    html = details_html(info, data.sources)
    tree = parse(html)
    assert "Status on 14 Nov 2020: Handover agreed, pending (1 day to go)" in tree.text
    assert ("15 Nov 2020 → 25 Nov 2020 (extension announced 15 Nov 2020, not yet known on "
            "this date) source: The Moscow Times (AFP)") in tree.text
    for name in info.names.values():
        assert name in tree.text
    assert {attrs["href"] for tag, attrs, _ in tree.tags if tag == "a"} >= {
        data.sources.at[s, "url"] for s in info.handover_sources}


def test_details_panel_escapes_every_text_from_data(data):
    info = district_details(data, "aghdam", date(2020, 12, 2))
    hostile = dataclasses.replace(
        info, names=dict.fromkeys(info.names, HOSTILE),
        status=dataclasses.replace(info.status, name=HOSTILE, caveat=HOSTILE),
        events=info.events.assign(title=HOSTILE, summary=HOSTILE))
    assert not info.events.empty
    html = details_html(hostile, hostile_sources(data))
    assert_inert(html)
    assert esc(HOSTILE) in html
    assert parse(html).text.count(HOSTILE) >= len(info.names) + 2


def test_event_list_escapes_and_says_when_there_is_none(data):
    events = geo.events_until(data, date(2020, 11, 10)).assign(title=HOSTILE, summary=HOSTILE)
    html = events_html(events, hostile_sources(data))
    assert_inert(html)
    tree = parse(html)
    assert [tag for tag, _, parent in tree.tags if parent == "ul"] == ["li"] * len(events)
    assert events_html(events.iloc[0:0], data.sources) == "<p>No events yet on this date.</p>"


def test_the_list_of_every_event_escapes_and_is_newest_first(data):
    events = data.events.assign(title=HOSTILE, summary=HOSTILE)
    html = event_list_html(events, hostile_sources(data))
    assert_inert(html)
    items = re.findall(r"<li>.*?</li>", html)
    assert items == re.findall(r"<li>.*?</li>", events_html(events.iloc[::-1],
                                                            hostile_sources(data)))
    assert len(items) == len(events)


@pytest.mark.parametrize(("total", "shown", "hidden_items", "note_hidden"), [
    (18, 18, 0, True), (18, 5, 13, True), (18, 1, 17, True), (18, 0, 18, False)])
def test_the_event_filter_hides_the_newest_items_and_the_note_when_some_show(
        total, shown, hidden_items, note_hidden):
    css = event_filter_css(total, shown)
    assert re.fullmatch(r"<style>[^<>]*</style>", css)  # no tag-like text for the sanitiser
    assert f"li:nth-child(-n+{hidden_items}){{display:none}}" in css
    assert ("story-no-events{display:none}" in css) is note_hidden


def test_source_links_skip_unknown_ids_and_unsafe_urls(data):
    sources = hostile_sources(data)
    html = source_links(["S1", "nope", "S2"], sources)
    assert_inert(html)
    tree = parse(html)
    assert [attrs["href"] for tag, attrs, _ in tree.tags if tag == "a"] == [
        data.sources.at["S2", "url"]]
    assert tree.text.count(HOSTILE) == 2  # S1 as plain text, S2 as a link
