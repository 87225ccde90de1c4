"""Back and the address (issue 21, item 4): a change of view replaces the address, so Back
leaves the page; a change of page keeps its entry; embedded, nothing joins the host's history.

Why Back leaves rather than stepping back through the days: docs/architecture.md, "Back and
the address". Each test starts from a blank page, so that there is somewhere to go back to.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import map_frame, wait_for_app
from playwright.sync_api import expect

from geo.story.wording import long_date

pytestmark = pytest.mark.browser

START = date(2020, 11, 19)
STEPS = 5
# The link the app writes for START (it names its language), so the first run leaves it as
# it is: a link without lang is corrected, which test_back_from_a_corrected_link_* covers.
LINK = f"date={START}&lang=en"
SLIDER = '[data-testid="stSlider"] input[type="range"]'


def address_of(day: date) -> re.Pattern:
    """The map's address for ``day``, in the language the page opened in (English)."""
    return re.compile(rf"/\?date={day.isoformat()}&lang=en$")


def shows(where, day: date) -> None:
    """The page's date heading says ``day`` (waiting for the server's answer)."""
    expect(where.locator("h2").first).to_have_text(long_date(day))


def history_length(page) -> int:
    return page.evaluate("history.length")


def step_right(where, page) -> None:
    """One slider step with the keyboard, as a reader takes it."""
    where.locator(SLIDER).focus()
    page.keyboard.press("ArrowRight")


def open_from_blank(page, url: str) -> int:
    """Open ``url`` from a blank page; the history's length once the app has settled."""
    page.goto("about:blank")
    page.goto(url)
    wait_for_app(page)
    map_frame(page)
    return history_length(page)


def test_five_slider_steps_then_back_leaves_the_page(server, page):
    length = open_from_blank(page, f"{server}/?{LINK}")
    assert length == 2  # the blank page and the map
    shows(page, START)
    day = START
    for _ in range(STEPS):
        step_right(page, page)
        day += timedelta(days=1)
        shows(page, day)
        page.wait_for_url(address_of(day))  # the address is the link to this view
        assert history_length(page) == length
    # One press of Back leaves the map for the page it was opened from.
    page.go_back()
    expect(page).to_have_url("about:blank")
    # Forward returns to the map as it was left: the entry holds the last view.
    page.go_forward()
    wait_for_app(page)
    shows(page, day)
    expect(page).to_have_url(address_of(day))
    page.go_back()
    expect(page).to_have_url("about:blank")


def test_buttons_play_and_the_period_switch_replace_the_address_too(server, page):
    length = open_from_blank(page, f"{server}/?{LINK}")
    page.get_by_role("button", name="Next day").click()
    shows(page, START + timedelta(days=1))
    page.wait_for_url(address_of(START + timedelta(days=1)))
    # Play writes a day a second into the address.
    page.get_by_role("button", name="Play").click()
    page.wait_for_url(address_of(START + timedelta(days=3)))
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    wait_for_app(page)
    assert history_length(page) == length
    page.get_by_role("button", name="Late August 2022").click()
    shows(page, date(2022, 8, 26))
    page.wait_for_url(address_of(date(2022, 8, 26)))
    assert history_length(page) == length
    page.go_back()
    expect(page).to_have_url("about:blank")


@contextmanager
def article_embedding(src: str) -> Iterator[str]:
    """A web page of another origin than the app's that embeds ``src``; yields its address.

    A real server on loopback: Chromium refuses a frame of a loopback address in a page
    that did not come from a local address (Local Network Access checks).
    """
    body = ("<!doctype html><html lang=en><title>An article</title><h1>An article</h1>"
            f'<iframe title="The map" src="{src}" width="1200" height="900"></iframe>'
            ).encode()

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Article) as host:
        thread = threading.Thread(target=host.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://localhost:{host.server_address[1]}/story.html"
        finally:
            host.shutdown()


@pytest.mark.parametrize("link", ["date=banana", "date=2021-06-01", "district=atlantis"])
def test_back_from_a_corrected_link_leaves_the_page(server, page, link):
    # The first run puts the view it could read in the address (a warning says what was
    # wrong), before or after pages/history.js is in place: either way one Back leaves.
    open_from_blank(page, f"{server}/?{link}")
    expect(page.locator('[data-testid="stAlert"]')).to_be_visible()
    page.wait_for_url(re.compile(r"/\?date=\d{4}-\d\d-\d\d&lang=en$"))
    page.go_back()
    expect(page).to_have_url("about:blank")


def test_embedded_steps_add_nothing_to_the_articles_history(server, page):
    with article_embedding(f"{server}/?{LINK}&embed=true") as article:
        page.goto("about:blank")
        page.goto(article)
        frame = page.frame_locator('iframe[title="The map"]')
        frame.locator('iframe[title*="st_folium"]').wait_for()
        shows(frame, START)
        length = history_length(page)
        assert length == 2  # the blank page and the article
        app = next(f for f in page.frames if f.url.startswith(server))
        day = START
        for _ in range(STEPS):
            step_right(frame, page)
            day += timedelta(days=1)
            shows(frame, day)
            # The frame's own address follows the view (what a reload of the frame opens),
            # written with the step's last message: after it, the history is as it stays.
            app.wait_for_function("day => new URLSearchParams(location.search).get('date')"
                                  " === day", arg=day.isoformat())
            assert history_length(page) == length
        # A reader of the article presses Back: the article goes, not a day of the map.
        page.go_back()
        expect(page).to_have_url("about:blank")


def test_embedded_a_change_of_page_adds_nothing_to_the_articles_history(server, page):
    # The events page embedded: a row, then "Show the map on ...", which changes page.
    with article_embedding(f"{server}/events?date={START}&embed=true") as article:
        page.goto("about:blank")
        page.goto(article)
        frame = page.frame_locator('iframe[title="The map"]')
        grid = frame.locator('[data-testid="stDataFrame"]')
        grid.wait_for()
        box = grid.bounding_box()
        length = history_length(page)
        # The grid is drawn on a canvas: the first row's selection box, under the header.
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
        frame.get_by_role("button", name=re.compile("^Show the map on")).click()
        frame.locator('iframe[title*="st_folium"]').wait_for()
        app = next(f for f in page.frames if f.url.startswith(server))
        app.wait_for_function("() => location.pathname === '/'")
        assert history_length(page) == length
        page.go_back()
        expect(page).to_have_url("about:blank")


def test_back_after_map_then_timeline_returns_to_the_map(server, page):
    length = open_from_blank(page, f"{server}/?{LINK}")
    step_right(page, page)
    day = START + timedelta(days=1)
    shows(page, day)
    page.wait_for_url(address_of(day))
    page.get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(rf"/timeline\?date={day.isoformat()}&lang=en$"))
    expect(page.locator("h2", has_text=f"On {long_date(day)}")).to_be_visible()
    assert history_length(page) == length + 1  # a change of page is an entry of its own
    page.go_back()
    expect(page).to_have_url(address_of(day))
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Handover of three districts")
    shows(page, day)
    map_frame(page)
    page.go_back()
    expect(page).to_have_url("about:blank")
