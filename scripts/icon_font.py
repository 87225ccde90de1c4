"""Cut Streamlit's icon font to the icons that can appear in this app (`geo.server.icon_font`).

    python scripts/icon_font.py          # after installing another Streamlit, or a new icon
    python scripts/icon_font.py --check  # exit 1 if the subset is missing or out of date

Keeps the icons named in Streamlit's front end and in this app's router and pages, and
writes the subset to ``geo/server/icons/`` under the installed font's name, removing the
subsets of other fonts. It takes a few seconds (fontTools reads every glyph of the font).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geo.server.icon_font import (  # noqa: E402
    SUBSET_DIR,
    app_icon_names,
    font_icons,
    streamlit_font,
    streamlit_icon_names,
    subset,
)


def problems() -> list[str]:
    """Why the subset in SUBSET_DIR does not serve the installed Streamlit and this app."""
    font = streamlit_font()
    built = SUBSET_DIR / font.name
    if not built.is_file():
        return [f"no subset of {font.name} in {SUBSET_DIR.relative_to(ROOT)}"]
    # Only the icons the font has: Streamlit names a few that it draws otherwise.
    wanted = (streamlit_icon_names() | app_icon_names(ROOT)) & font_icons(font)
    return [f"{built.name} has no icon {name!r}"
            for name in sorted(wanted - font_icons(built))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the subset is up to date")
    if parser.parse_args().check:
        found = problems()
        for problem in found:
            print(f"{problem}: run python scripts/icon_font.py", file=sys.stderr)
        return 1 if found else 0
    font = streamlit_font()
    body, unknown = subset(font, streamlit_icon_names() | app_icon_names(ROOT))
    SUBSET_DIR.mkdir(exist_ok=True)
    for old in SUBSET_DIR.glob("*.woff2"):
        old.unlink()
    (SUBSET_DIR / font.name).write_bytes(body)
    print(f"wrote {(SUBSET_DIR / font.name).relative_to(ROOT)}: {len(body):,} bytes, "
          f"{font.stat().st_size:,} in Streamlit's font")
    if unknown:
        print(f"no icon in the font for: {', '.join(sorted(unknown))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
