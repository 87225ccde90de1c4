"""Cut Streamlit's icon font to the icons that can appear in this app (`geo.server.icon_font`).

    python scripts/icon_font.py          # after installing another Streamlit, or a new icon
    python scripts/icon_font.py --check  # exit 1 if the subset is missing or out of date

Keeps the icons Streamlit and this app's code name (`geo.server.icon_font` says how they
are found), refuses an icon the app names that the font does not have, and writes the
subset to ``geo/server/icons/`` under the installed font's name, removing the subsets of
other fonts. It takes a few seconds (fontTools reads every glyph of the font).
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


def wanted(font: Path) -> tuple[set[str], set[str]]:
    """The icons to keep, and the icons the app names that the font does not have."""
    in_font = font_icons(font)
    app = app_icon_names(ROOT)
    return (streamlit_icon_names() | app) & in_font, app - in_font


def problems() -> list[str]:
    """Why the subset in SUBSET_DIR does not serve the installed Streamlit and this app."""
    font = streamlit_font()
    keep, unknown = wanted(font)
    found = [f"the app names {name!r}, which is no icon of {font.name}"
             for name in sorted(unknown)]
    built = SUBSET_DIR / font.name
    if not built.is_file():
        return [*found, f"no subset of {font.name} in {SUBSET_DIR.relative_to(ROOT)}"]
    return found + [f"{built.name} has no icon {name!r}"
                    for name in sorted(keep - font_icons(built))]


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
    keep, unknown = wanted(font)
    body = subset(font, keep)
    SUBSET_DIR.mkdir(exist_ok=True)
    for old in SUBSET_DIR.glob("*.woff2"):
        old.unlink()
    (SUBSET_DIR / font.name).write_bytes(body)
    print(f"wrote {(SUBSET_DIR / font.name).relative_to(ROOT)}: {len(keep)} icons, "
          f"{len(body):,} bytes ({font.stat().st_size:,} in Streamlit's font)")
    for name in sorted(unknown):
        print(f"the app names {name!r}, which is no icon of {font.name}", file=sys.stderr)
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
