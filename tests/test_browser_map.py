"""Browser tests for the map page: what only a real Streamlit server and Chromium show."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import map_frame, streamlit_server, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RETURNED = "#fde725"
ROOT = Path(__file__).resolve().parent.parent


def heading(page) -> str:
    return page.locator("h2").first.inner_text()


def fills(frame) -> list[str]:
    return frame.locator("path.leaflet-interactive").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))")


def test_polygons_paint_and_nothing_leaves_localhost(server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/?date=2020-11-21")
    wait_for_app(page)
    frame = map_frame(page)
    assert RETURNED in fills(frame)
    assert frame.locator(".district-label", has_text="Kalbajar").count() == 1
    external = [url for url in requests if not url.startswith(server)]
    assert external == []


def test_shared_link_shows_kalbajar_pending_with_extended_deadline(server, page):
    page.goto(f"{server}/?date=2020-11-21&district=kalbajar")
    wait_for_app(page)
    assert heading(page) == "21 Nov 2020"
    body = page.locator('[data-testid="stMain"]')
    expect(body).to_contain_text("Kalbajar pending, deadline 25 Nov (extended from 15 Nov)")
    expect(body).to_contain_text("Handover agreed, pending")
    expect(body).to_contain_text("15 Nov 2020 → 25 Nov 2020")


def test_keyboard_slider_step_recolours_without_reloading_the_map(server, page):
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    frame = map_frame(page)
    assert RETURNED not in fills(frame)
    iframe = page.locator('iframe[title*="st_folium"]')
    iframe.evaluate("el => { el.contentWindow.__notReloaded = true; }")
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('h2')?.innerText === '20 Nov 2020'")
    page.wait_for_function(
        "() => [...document.querySelector('iframe[title*=st_folium]').contentDocument"
        ".querySelectorAll('path.leaflet-interactive')].some(p => p.getAttribute('fill') "
        f"=== '{RETURNED}')", timeout=10_000)
    assert iframe.evaluate("el => el.contentWindow.__notReloaded") is True
    page.wait_for_url(re.compile(r"date=2020-11-20"))


def test_clicking_kalbajar_on_the_map_shows_its_details(server, page):
    page.goto(f"{server}/?date=2020-11-16")
    wait_for_app(page)
    frame = map_frame(page)
    # Focusing the map scrolls a half-visible iframe, which would move it under the pointer.
    page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
    # The label sits on the polygon and lets clicks through to it.
    frame.locator(".district-label .label", has_text="Kalbajar").click(force=True)
    details = page.locator('[data-testid="stMain"]')
    expect(details).to_contain_text("Karvachar (Քարվաճառ)", timeout=10_000)
    expect(details).to_contain_text("Exodus from Kalbajar")
    page.wait_for_url(re.compile(r"district=kalbajar"))


def test_play_advances_the_date_and_pause_stops_it(server, page):
    page.goto(f"{server}/?date=2020-11-12")
    wait_for_app(page)
    map_frame(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.querySelector('h2')?.innerText === '14 Nov 2020'",
                           timeout=15_000)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    stopped = heading(page)
    page.wait_for_timeout(2500)
    assert heading(page) == stopped


def test_hostile_titles_show_as_text_and_run_nothing(page, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    events = (data / "events.csv").read_text(encoding="utf-8")
    events = events.replace("War breaks out", "<img src=x onerror=alert(1)>", 1)
    events = events.replace("Trilateral statement ends the fighting",
                            "tick ` and ${alert(2)}", 1)
    (data / "events.csv").write_text(events, encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with streamlit_server(env={"HANDOVER_TILES": "none", "HANDOVER_DATA_DIR": str(data)}) as url:
        page.goto(f"{url}/?date=2020-11-21")
        wait_for_app(page)
        frame = map_frame(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("<img src=x onerror=alert(1)>")
        expect(main).to_contain_text("tick ` and ${alert(2)}")
        # Hovering the oldest marker shows its tooltip as text.
        frame.locator("path.leaflet-interactive").last.hover(force=True)
        page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
