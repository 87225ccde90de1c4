"""Cut Streamlit's fonts to what this app's pages show (`geo.server.font_subsets`).

    python scripts/fonts.py          # after installing another Streamlit, a new icon or letter
    python scripts/fonts.py --check  # exit 1 if a subset is missing or out of date

The icon font keeps the icons Streamlit and this app's code name (`geo.server.icon_font`);
an icon the app names that the font does not have is refused. The text and code fonts keep
the letters of the app's languages and every character of its texts that they have
(`geo.server.text_fonts`). The subsets are written to ``geo/server/fonts/`` under the
installed fonts' names, and the subsets of other fonts are removed. It takes a few seconds
(fontTools reads every glyph).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geo.server import icon_font, text_fonts  # noqa: E402
from geo.server.font_subsets import SUBSET_DIR  # noqa: E402


def wanted_icons(font: Path) -> tuple[set[str], set[str]]:
    """The icons to keep, and the icons the app names that the font does not have."""
    in_font = icon_font.font_icons(font)
    app = icon_font.app_icon_names(ROOT)
    return (icon_font.streamlit_icon_names() | app) & in_font, app - in_font


def icon_problems() -> list[str]:
    """Why the icon font's subset does not serve the installed Streamlit and this app."""
    font = icon_font.streamlit_font()
    keep, unknown = wanted_icons(font)
    found = [f"the app names {name!r}, which is no icon of {font.name}"
             for name in sorted(unknown)]
    built = SUBSET_DIR / font.name
    if not built.is_file():
        return [*found, f"no subset of {font.name} in {SUBSET_DIR.relative_to(ROOT)}"]
    return found + [f"{built.name} has no icon {name!r}"
                    for name in sorted(keep - icon_font.font_icons(built))]


def text_problems() -> list[str]:
    """Why a text font's subset does not serve the installed Streamlit and this app."""
    keep = text_fonts.kept_characters(ROOT)
    found = []
    for font in text_fonts.streamlit_text_fonts():
        built = SUBSET_DIR / font.name
        if not built.is_file():
            found.append(f"no subset of {font.name} in {SUBSET_DIR.relative_to(ROOT)}")
            continue
        missing = (keep & text_fonts.font_characters(font)) - text_fonts.font_characters(built)
        found += [f"{built.name} has no {character!r} (U+{ord(character):04X})"
                  for character in sorted(missing)]
    return found


def build() -> None:
    """Write every subset, in place of the old ones."""
    icons = icon_font.streamlit_font()
    keep, _ = wanted_icons(icons)  # an unknown icon is reported by the check that follows
    cuts = {icons: (icon_font.subset(icons, keep), f"{len(keep)} icons")}
    characters = text_fonts.kept_characters(ROOT)
    for font in text_fonts.streamlit_text_fonts():
        cuts[font] = (text_fonts.subset(font, characters), "letters")
    SUBSET_DIR.mkdir(exist_ok=True)
    for old in SUBSET_DIR.glob("*.woff2"):
        old.unlink()
    for font, (body, kept) in cuts.items():
        (SUBSET_DIR / font.name).write_bytes(body)
        print(f"wrote {(SUBSET_DIR / font.name).relative_to(ROOT)}: {kept}, {len(body):,} bytes "
              f"({font.stat().st_size:,} in Streamlit's font)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the subsets are up to date")
    if not parser.parse_args().check:
        build()
    found = icon_problems() + text_problems()
    for problem in found:
        print(f"{problem}: run python scripts/fonts.py", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
