"""Browser tests for the timeline, events and about pages: they render, offline, in Chromium."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import streamlit_server, wait_for_app
from datacopy import mirror_texts, set_cells
from playwright.sync_api import expect

import geo
from geo.story.wording import source_title

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
HOSTILE = '<img src=x onerror="window.__pwned=1"><b>bold</b>'


def open_page(page, url: str) -> list[str]:
    """Open ``url`` and wait for the app; returns the list of requests made from then on."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    wait_for_app(page)
    return requests


def external(requests: list[str], server: str) -> list[str]:
    return [url for url in requests if not url.startswith(server)]


def test_timeline_shows_the_chart_at_the_selected_date_and_a_click_moves_it(server, page):
    requests = open_page(page, f"{server}/timeline?date=2020-11-21")
    main = page.locator('[data-testid="stMain"]')
    chart = page.locator('[data-testid="stVegaLiteChart"] svg.marks')
    expect(chart).to_be_visible()
    points = chart.locator('g.mark-symbol path[aria-label*="Event: "]')
    expect(points).to_have_count(len(geo.load().events))
    expect(main.locator("h2", has_text="On 21 Nov 2020")).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0

    e12 = chart.locator('g.mark-symbol path[aria-label*="Event: Kalbajar deadline moved"]')
    e12.click()
    expect(main.locator("h2", has_text="On 15 Nov 2020")).to_be_visible(timeout=15_000)
    page.wait_for_url("**/timeline?date=2020-11-15&lang=en")
    assert page.locator(EXCEPTION).count() == 0
    # Now under the selected-date rule, the point must still take the pointer.
    e12.hover()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("Kalbajar deadline moved")
    assert external(requests, server) == []


def test_events_shows_the_table_filters_and_working_downloads(server, page):
    requests = open_page(page, f"{server}/events")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(main).to_contain_text("20 of 20 events")
    for label in ("Category", "District", "Dates", "Search"):
        expect(main.get_by_text(label, exact=True).first).to_be_visible()
    buttons = main.locator('[data-testid="stDownloadButton"]')
    expect(buttons).to_have_count(3)
    assert page.locator(EXCEPTION).count() == 0

    with page.expect_download() as download:
        buttons.filter(has_text="CSV").click()
    rows = list(csv.DictReader(io.StringIO(
        download.value.path().read_text(encoding="utf-8"))))
    assert download.value.suggested_filename == "events.csv"
    assert [r["id"] for r in rows] == list(geo.load().events["id"])
    assert external(requests, server) == []


def test_about_lists_every_source_with_licence_and_the_geometry_corrections(server, page):
    requests = open_page(page, f"{server}/about")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h2", has_text="Sources")).to_be_visible()
    for _, source in geo.load().sources.iterrows():
        link = page.locator(f'a[href="{source["url"]}"]')
        item = main.locator("li").filter(has=link)
        expect(item.locator("a")).to_have_text(source_title(source["title"],
                                                            source["title_kind"]))
        expect(item).to_contain_text(f"licence: {source['licence']}")
    expect(main).to_contain_text("Lachin (Laçın, AZ-LAN): Natural Earth's name 'Lankaran' is wrong")
    assert page.locator(EXCEPTION).count() == 0
    assert external(requests, server) == []


def test_text_from_data_stays_text_in_tooltips_and_lists(data_copy, chromium):
    # E02 (10 Nov, inside the default view) and S1's publisher.
    set_cells(data_copy / "events.csv", "E02", title=HOSTILE)
    mirror_texts(data_copy, "events.csv", "E02")
    set_cells(data_copy / "sources.csv", "S1", publisher=HOSTILE)
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        with streamlit_server(env={"HANDOVER_TILES": "none",
                                   "HANDOVER_DATA_DIR": str(data_copy)}) as url:
            open_page(page, f"{url}/timeline?date=2020-11-21")
            page.locator('g.mark-symbol path[aria-label*="Event: <img"]').hover()
            expect(page.locator("#vg-tooltip-element")).to_contain_text(HOSTILE)
            open_page(page, f"{url}/about")
            s1 = page.locator(f'a[href="{geo.load().sources.at["S1", "url"]}"]')
            expect(page.locator('[data-testid="stMain"] li').filter(has=s1)).to_contain_text(
                HOSTILE)
            open_page(page, f"{url}/events")
            expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
            assert page.locator(EXCEPTION).count() == 0
            assert page.evaluate("window.__pwned") is None
    finally:
        context.close()
