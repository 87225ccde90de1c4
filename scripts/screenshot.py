"""Take the README's screenshots: start the app, open a shared view, save small PNGs.

    python scripts/screenshot.py                  # docs/screenshot.png and the phone shots
    python scripts/screenshot.py --out /tmp/x.png --no-map --no-phone

The phone shots (docs/phone-map.png, docs/phone-details.png) are taken at 390x844 with a
touch screen: the first screen of the map page, and the details after a tap on Kalbajar.

Uses the test helpers (a Streamlit server polled on its health endpoint, the system
Chromium) so the picture shows exactly what the browser tests see. The map runs without
online tiles (HANDOVER_TILES=none), so the script needs no network and is repeatable.
Exits 1 if the map's district polygons do not paint in time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import (  # noqa: E402 - the test helpers live outside any package
    CHROMIUM,
    CHROMIUM_ARGS,
    map_frame,
    streamlit_server,
    wait_for_app,
    wait_for_styles,
)

DEFAULT_OUT = ROOT / "docs" / "screenshot.png"
DEFAULT_VIEW = "/?date=2020-11-21&district=kalbajar"
PHONE = {"width": 390, "height": 844}
PHONE_MAP = ROOT / "docs" / "phone-map.png"
PHONE_DETAILS = ROOT / "docs" / "phone-details.png"
PHONE_VIEW = "/?date=2020-11-21"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG file to write")
    parser.add_argument("--view", default=DEFAULT_VIEW, help="path and query to open")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the map")
    parser.add_argument("--no-map", action="store_true",
                        help="do not wait for the map (for pages without one)")
    parser.add_argument("--no-phone", action="store_true",
                        help=f"skip the phone shots ({PHONE_MAP.name}, {PHONE_DETAILS.name})")
    return parser.parse_args(argv)


def shrink(path: Path) -> None:
    """Re-save with a 256-colour palette: a map of flat fills loses nothing visible."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def phone_shots(browser, url: str, timeout: float) -> list[Path]:
    """The map page's first screen on a phone, then the details after a tap on Kalbajar."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(url + PHONE_VIEW)
        wait_for_app(page, timeout=timeout)
        wait_for_styles(page, timeout=timeout)
        frame = map_frame(page, timeout=timeout)
        wait_for_app(page, timeout=timeout)
        page.screenshot(path=str(PHONE_MAP), type="png")
        frame.locator(".district-label .label", has_text="Kalbajar").tap(force=True)
        page.wait_for_function(
            "() => { const r = document.querySelector('.st-key-district_details h3')"
            "?.getBoundingClientRect(); return r && r.top >= 0 && r.top < innerHeight; }",
            timeout=timeout)
        # Let the smooth scroll come to rest before the picture.
        page.wait_for_function(
            "() => new Promise(done => { const y = () => document.querySelector("
            "'.st-key-district_details').getBoundingClientRect().top; const a = y();"
            " setTimeout(() => done(a === y()), 300); })", timeout=timeout)
        page.screenshot(path=str(PHONE_DETAILS), type="png")
    finally:
        context.close()
    return [PHONE_MAP, PHONE_DETAILS]


def main(argv: list[str] | None = None) -> int:
    """Start the app, take the screenshots; 0 on success."""
    args = arguments(argv)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    timeout = args.timeout * 1000
    written = [args.out]
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(url + args.view)
            wait_for_app(page, timeout=timeout)
            wait_for_styles(page, timeout=timeout)
            if not args.no_map:
                try:
                    map_frame(page, timeout=timeout)
                except PlaywrightTimeout:
                    print(f"the map's polygons did not paint within {args.timeout:.0f}s; "
                          "nothing written", file=sys.stderr)
                    return 1
                wait_for_app(page, timeout=timeout)
                # The map sits below the title and controls: bring all of it into the picture.
                page.locator('iframe[title*="st_folium"]').scroll_into_view_if_needed()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), type="png")
            if not args.no_phone:
                written += phone_shots(browser, url, timeout)
        finally:
            browser.close()
    for path in written:
        shrink(path)
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
