"""Helpers for AppTest-based tests: run the app with URL parameters, read what it shows."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping

from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from geo.map.step import STEP_ATTRIBUTE

# AppTest resolves a relative path against the file that calls from_file: this one.
APP = "../app.py"
# Folium names every map object with a fresh random hex id; they say nothing about input.
FOLIUM_ID = re.compile(r"[0-9a-f]{32}")
# The app's own navigation, in order, and the start of the footer under every page.
NAV = ["Map", "Timeline", "Events", "About and sources"]
FOOTER = "Every event, date and name cites one of"


def run_app(params: Mapping[str, str | list[str]] | None = None, page: str | None = None,
            timeout: float = 60) -> AppTest:
    """One fresh session of the app, opened with these URL parameters (lists repeat a key).

    ``page`` (say "pages/about.py") then switches to that page through the router, as the
    navigation does.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at


def open_link(params: Mapping[str, str | list[str]], page: str | None = None,
              timeout: float = 60) -> AppTest:
    """One fresh session whose first run is ``page``, as a link to /about?... opens it.

    Unlike ``run_app(params, page=...)``, where the map page reads the link first, the page
    itself reads it. Before a first run AppTest names a page by its file name, which is each
    page's URL path here; ``page=None`` is the map page (/).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    if page is not None:
        at.switch_page(page)
    return at.run()


def proto_strings(message: Message) -> Iterator[str]:
    """Every string (and decoded bytes) field of a protobuf message, recursively."""
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from proto_strings(item)
            elif isinstance(item, str):
                yield item
            elif isinstance(item, bytes):
                yield item.decode("utf-8", "replace")


def page_strings(at: AppTest) -> list[str]:
    """All text the session sent to the browser: bodies, labels, help, component args."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found.extend(FOLIUM_ID.sub("", text) for text in proto_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def markdown_values(at: AppTest) -> list[str]:
    return [element.value for element in at.markdown]


def heading(at: AppTest) -> str:
    """The big date heading of the map page, e.g. '19 Nov 2020'."""
    headings = [element.value for element in at.header]
    assert len(headings) == 1, headings
    return headings[0]


def shown_events(at: AppTest) -> list[str]:
    """The map page's event items that its filter style leaves visible.

    The page sends the list of every event once and per date a style hiding its first
    (newest) items, ``li:nth-child(-n+K){display:none}``; a browser test checks the real
    CSS, this applies the same rule to what a session sent.
    """
    (listing,) = [value for value in markdown_values(at) if "story-events" in value]
    (style,) = [element.value for element in at.get("html") if "story-events" in element.value]
    return filtered_items(listing, style)


def filtered_items(listing: str, style: str) -> list[str]:
    """The ``<li>`` items of ``listing`` left after ``style`` hides its first K."""
    hidden = int(re.search(r"nth-child\(-n\+(\d+)\)", style)[1])
    return re.findall(r"<li>.*?</li>", listing)[hidden:]


SUMMARY_HELP = "This line is the map's text alternative."


def summary_html(at: AppTest) -> str:
    """The bold one-line summary under the heading (the map's text alternative), as sent."""
    (line,) = [m.value for m in at.markdown if m.proto.help == SUMMARY_HELP]
    return line


def summary(at: AppTest) -> str:
    """The summary line's text, as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]*>", "", summary_html(at)))


def map_step(text: str) -> dict:
    """The step that the map reads from the page (geo.map.step.step_html): its attribute,
    decoded as the browser decodes it, then parsed as JSON."""
    (value,) = re.findall(rf'{STEP_ATTRIBUTE}="([^"]*)"', text)
    return json.loads(html.unescape(value))


def warnings(at: AppTest) -> list[str]:
    return [element.value for element in at.warning]
