"""Browser tests for the map page: what only a real Streamlit server and Chromium show."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import map_frame, streamlit_server, wait_for_app
from datacopy import mirror_texts, set_cells
from playwright.sync_api import expect

import geo
from geo.map.payload import date_view
from geo.map.style import STATUS_COLOURS

pytestmark = pytest.mark.browser

RETURNED = "#fde725"


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


def test_share_panel_opens_from_the_keyboard_with_the_link_to_this_view(server, page):
    # Its contents are written only when it opens (a rerun), so this is the path to test.
    page.goto(f"{server}/?date=2020-11-21&district=kalbajar")
    wait_for_app(page)
    code = page.locator('[data-testid="stExpander"] [data-testid="stCode"]')
    expect(code).to_have_count(0)
    page.locator('[data-testid="stExpander"] summary', has_text="Share this view").focus()
    page.keyboard.press("Enter")
    expect(code).to_have_count(2)
    expect(code.first).to_contain_text("?date=2020-11-21&district=kalbajar")
    expect(code.nth(1)).to_contain_text("embed=true")


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
    # Playwright's clock drives the page's timers. Stopped, it fires them only when told to,
    # so "Pause stops the timer" is checked by counting the messages the page sends while
    # the clock runs on, instead of by waiting and hoping a tick would have come.
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.clock.install()
    page.goto(f"{server}/?date=2020-11-12")
    wait_for_app(page)
    map_frame(page)
    page.get_by_role("button", name="Play").click()
    expect(page.locator("h2").first).to_have_text("14 Nov 2020")

    def messages_while_the_clock_runs() -> int:
        page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 2)  # in seconds, ahead
        before = len(sent)
        page.clock.run_for(5_000)
        page.evaluate("0")  # Playwright reports events before a later command returns
        page.clock.resume()
        return len(sent) - before

    # Playing, the timer asks for reruns. Between tries the clock runs free again and the
    # app catches up: a busy server may still be answering the last tick.
    for _ in range(10):
        if messages_while_the_clock_runs() > 0:
            break
        wait_for_app(page)
    else:
        pytest.fail("no rerun request while playing: the clock does not drive the timer")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    wait_for_app(page)
    stopped = heading(page)
    assert messages_while_the_clock_runs() == 0  # paused: nothing asks the server for more
    wait_for_app(page)
    assert heading(page) == stopped


def test_hostile_titles_show_as_text_and_run_nothing(page, data_copy):
    set_cells(data_copy / "events.csv", "E01", title="<img src=x onerror=alert(1)>")
    set_cells(data_copy / "events.csv", "E13", title="tick ` and ${alert(2)}")  # 20 Nov
    mirror_texts(data_copy, "events.csv", "E01", "E13")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with streamlit_server(env={"HANDOVER_TILES": "none",
                               "HANDOVER_DATA_DIR": str(data_copy)}) as url:
        page.goto(f"{url}/?date=2020-11-21")
        wait_for_app(page)
        frame = map_frame(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("<img src=x onerror=alert(1)>")
        expect(main).to_contain_text("tick ` and ${alert(2)}")
        # The edited event's tooltip shows its title as text. Markers at one place can
        # overlap, so the pointer is brought over E13's own path by an event.
        frame.locator('path[data-event="E13"]').dispatch_event("mouseover")
        tooltip = frame.locator(".leaflet-tooltip", has_text="tick ` and ${alert(2)}")
        expect(tooltip).to_have_count(1)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0


def test_a_step_restyles_the_same_paths_shows_new_events_and_clicks_still_select(server, page):
    dataset = geo.load()
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    frame = map_frame(page)
    aghdam = frame.locator('path[data-district="aghdam"]')
    markers = frame.locator("path.leaflet-interactive:not([data-district])")
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["pending"])
    expect(markers).to_have_count(len(geo.events_until(dataset, date(2020, 11, 19))))
    aghdam.evaluate("path => { path.__before = true; }")
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["returned"], timeout=10_000)
    assert aghdam.evaluate("path => path.__before") is True  # restyled, not replaced
    expect(markers).to_have_count(len(geo.events_until(dataset, date(2020, 11, 20))))
    # A click after the step still selects, and the selection is drawn in the same map.
    page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
    frame.locator(".district-label .label", has_text="Kalbajar").click(force=True)
    expect(frame.locator('path[data-district="kalbajar"]')).to_have_attribute(
        "stroke", "#000", timeout=10_000)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Karvachar (Քարվաճառ)")
    assert aghdam.evaluate("path => path.__before") is True


def test_a_step_does_not_send_the_map_again(server, page):
    """The map's arguments are the same on every step, so Streamlit sends a reference to
    the copy the browser has (tens of kilobytes of shapes and schedule) instead of them."""
    received = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: received.append(len(payload))))
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    frame = map_frame(page)
    first_load = sum(received)
    received.clear()
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator('[data-testid="stMain"] h2')).to_have_text("20 Nov 2020")
    wait_for_app(page)
    expect(frame.locator('path[data-district="aghdam"]')).to_have_attribute(
        "fill", STATUS_COLOURS["returned"])
    assert first_load > 40_000
    assert 0 < sum(received) < 10_000, received


def test_a_step_shows_the_events_up_to_its_date_in_the_list(server, page):
    # The list of every event is sent once; a step sends only the style that filters it.
    dataset = geo.load()
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    shown = page.locator("ul.story-events li:visible")
    expect(shown).to_have_count(len(geo.events_until(dataset, date(2020, 11, 19))))
    expect(shown.first).to_contain_text("15 Nov 2020")
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    expect(shown).to_have_count(len(geo.events_until(dataset, date(2020, 11, 20))))
    expect(shown.first).to_contain_text("20 Nov 2020")
    page.keyboard.press("Home")
    expect(shown).to_have_count(1)
    expect(page.locator("p.story-no-events")).to_be_hidden()


def cut_off_on_19_november(server, page):
    """The map page on 19 Nov (Aghdam pending), then nothing more reaches the server: what
    changes after this, the browser changed on its own. The map frame and Aghdam's path."""
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    frame = map_frame(page)
    aghdam = frame.locator('path[data-district="aghdam"]')
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["pending"])
    page.evaluate("() => { WebSocket.prototype.send = () => {}; }")
    return frame, aghdam


def test_the_map_follows_the_slider_before_the_server_answers(server, page):
    frame, aghdam = cut_off_on_19_november(server, page)
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["returned"])
    markers = frame.locator("path.leaflet-interactive:not([data-district])")
    expect(markers).to_have_count(len(geo.events_until(geo.load(), date(2020, 11, 20))))
    page.keyboard.press("ArrowLeft")
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["pending"])
    assert heading(page) == "19 Nov 2020"  # the rest of the page waits for the server


def test_the_map_shows_the_servers_view_of_every_day_and_selection(server, page):
    """The map's own view of each day (geo.map.payload.view_schedule) is `date_view`'s."""
    dataset = geo.load()
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    map_frame(page)
    frame = page.locator('iframe[title*="st_folium"]').element_handle().content_frame()
    choices = [None, *dataset.handover_districts["id"]]
    story = geo.story_days(dataset)
    shown = frame.evaluate("""([days, choices]) => days.map(day => choices.map(
        selected => window.handoverMap.viewOn(day, selected)))""",
                           [list(range(len(story))), choices])
    for index, day in enumerate(story):
        for selected, view in zip(choices, shown[index], strict=True):
            expected = date_view(dataset, day, selected)
            assert view == {"districts": expected["districts"], "events": [
                {"id": e["id"], "style": e["style"]} for e in expected["events"]]}, (day, selected)


def test_the_map_follows_the_slider_while_it_is_dragged(server, page):
    _, aghdam = cut_off_on_19_november(server, page)
    slider = page.locator('[data-testid="stSlider"]')
    thumb = slider.locator('div:has(> div > input[type="range"])').bounding_box()
    track = slider.locator('[role="group"] > div').first.bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    # Right to about 1 Dec: Aghdam (20 Nov) has been handed over by then.
    page.mouse.move(track["x"] + track["width"] * 0.93, y, steps=8)
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["returned"])
    page.mouse.up()


# --- the map by itself ---------------------------------------------------------------------

# In every frame below the top one, the page around it cannot be reached: as in a sandbox
# without same-origin, or a future streamlit-folium that draws the map without an iframe.
NO_FRAME_ELEMENT = """
if (window !== window.top) {
  Object.defineProperty(window, "frameElement", {get: () => null});
}
"""


def map_fills(frame) -> dict[str, str]:
    return frame.locator("path[data-district]").evaluate_all(
        "paths => Object.fromEntries(paths.map(p => [p.dataset.district, p.getAttribute('fill')]))")


def test_the_map_cut_off_from_its_page_shows_its_first_view_and_its_date(server, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(NO_FRAME_ELEMENT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server}/?date=2020-11-21&district=kalbajar")
        wait_for_app(page)
        frame = map_frame(page)
        assert frame.locator("body").evaluate("() => window.frameElement") is None
        expect(frame.locator(".map-shown-date")).to_have_text("Map shows 21 Nov 2020")
        dataset = geo.load()
        expected = {d["id"]: d["style"]["fillColor"]
                    for d in date_view(dataset, date(2020, 11, 21), None)["districts"]}
        assert map_fills(frame) == expected
        assert expected["lachin_corridor"] == "url(#hatch-peacekeepers)"
        kalbajar = frame.locator('path[data-district="kalbajar"]')
        assert kalbajar.get_attribute("stroke") == "#000"  # the selection, outlined
        assert frame.locator("path[data-event]").count() == len(
            geo.events_until(dataset, date(2020, 11, 21)))
        # The page moves on; the map cannot follow, and says which day it still shows.
        page.locator('[data-testid="stSlider"] input[type="range"]').focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('h2')?.innerText === '22 Nov 2020'")
        expect(frame.locator(".map-shown-date")).to_have_text("Map shows 21 Nov 2020")
        assert errors == []
    finally:
        context.close()


def test_a_slider_value_that_does_not_read_as_a_day_is_ignored(server, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    frame, aghdam = cut_off_on_19_november(server, page)
    page.evaluate("""() => {
        const input = document.querySelector('[data-testid="stSlider"] input[type="range"]');
        input.setAttribute("min", "not a number");
        input.dispatchEvent(new Event("input", {bubbles: true}));
        input.setAttribute("value", "also not a number");
    }""")
    expect(frame.locator(".map-shown-date")).to_have_text("Map shows 19 Nov 2020")
    assert map_fills(frame)["aghdam"] == STATUS_COLOURS["pending"]
    # A step from the server still reaches the map.
    page.evaluate("""() => document.querySelector('[data-map-step]')
        .setAttribute('data-map-step', JSON.stringify({day: 54, selected: "aghdam"}))""")
    expect(aghdam).to_have_attribute("fill", STATUS_COLOURS["returned"])
    expect(aghdam).to_have_attribute("stroke", "#000")
    expect(frame.locator(".map-shown-date")).to_have_text("Map shows 20 Nov 2020")
    assert errors == []


def live_regions(page) -> list[dict]:
    """The accessibility tree's polite live regions and the text a screen reader reads in them."""
    session = page.context.new_cdp_session(page)
    nodes = {node["nodeId"]: node for node in session.send("Accessibility.getFullAXTree")["nodes"]}

    def text(node) -> str:
        if node.get("role", {}).get("value") == "StaticText":
            return node.get("name", {}).get("value", "")
        return "".join(text(nodes[child]) for child in node.get("childIds", [])
                       if child in nodes)

    return [{"text": text(node), "id": node.get("backendDOMNodeId")} for node in nodes.values()
            if any(p["name"] == "live" and p["value"].get("value") == "polite"
                   for p in node.get("properties", []))]


def test_the_summary_line_is_announced_when_the_day_or_the_selection_changes(server, page):
    page.goto(f"{server}/?date=2020-11-19")
    wait_for_app(page)
    map_frame(page)
    before = [r for r in live_regions(page) if r["text"].startswith("19 Nov 2020: ")]
    assert len(before) == 1, live_regions(page)
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('h2')?.innerText === '20 Nov 2020'")
    after = [r for r in live_regions(page) if r["text"].startswith("20 Nov 2020: ")]
    # The same element, its text changed: what a screen reader announces, politely.
    assert len(after) == 1 and after[0]["id"] == before[0]["id"]
    assert "Aghdam returned on 20 Nov" in after[0]["text"]
    page.get_by_role("combobox", name="District details").click()
    page.get_by_role("option", name="Lachin", exact=True).click()
    expect(page.locator("[data-map-step]")).to_have_attribute(
        "data-map-step", re.compile("lachin"))
    chosen = [r for r in live_regions(page) if r["text"].endswith("Outlined on the map: Lachin")]
    assert [r["id"] for r in chosen] == [before[0]["id"]]


# --- the corridor and the periods ------------------------------------------------------------

def test_the_corridor_is_hatched_and_the_period_switch_goes_to_2022_and_back(server, page):
    page.goto(f"{server}/?date=2020-12-01")
    wait_for_app(page)
    frame = map_frame(page)
    corridor = frame.locator('path[data-district="lachin_corridor"]')
    expect(corridor).to_have_attribute("fill", "url(#hatch-peacekeepers)")
    assert frame.locator("pattern#hatch-peacekeepers").count() == 1
    lachin = frame.locator('path[data-district="lachin"]')
    expect(lachin).to_have_attribute("fill", STATUS_COLOURS["returned"])
    expect(page.locator("[data-map-step]")).to_contain_text(
        "Lachin returned on 1 Dec, except the corridor; Lachin corridor under Russian "
        "peacekeepers")
    # One action to the corridor's handover, one back: the period switch, by keyboard.
    page.get_by_role("button", name="Late August 2022").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('h2')?.innerText === '26 Aug 2022'")
    expect(corridor).to_have_attribute("fill-opacity", "0")  # handed over: an outline
    expect(frame.locator(".map-shown-date")).to_have_text("Map shows 26 Aug 2022")
    page.wait_for_url(re.compile(r"date=2022-08-26"))
    page.get_by_role("button", name="Autumn 2020").click()
    page.wait_for_function("() => document.querySelector('h2')?.innerText === '1 Dec 2020'")
    expect(corridor).to_have_attribute("fill", "url(#hatch-peacekeepers)")


def test_a_click_on_the_corridor_selects_it_not_lachin(server, page):
    page.goto(f"{server}/?date=2021-06-01")  # between the periods: the nearest day covered
    wait_for_app(page)
    frame = map_frame(page)
    expect(page.locator('[data-testid="stAlert"]')).to_contain_text("between the periods")
    assert heading(page) == "5 Dec 2020"
    # Focusing the map scrolls a half-visible iframe, which would move it under the pointer.
    page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
    frame.locator('path[data-district="lachin_corridor"]').click(force=True)
    panel = page.locator(".st-key-district_details")
    expect(panel).to_contain_text("Under Russian peacekeepers since 10 Nov 2020")
    expect(panel).to_contain_text("Area (approximate outline)")
