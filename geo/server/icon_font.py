"""Streamlit's icon font, cut to the icons that can appear in this app (`geo.server.font_subsets`).

The font draws each icon from its name by a ligature ("map" becomes the map's glyph), for
over 4,000 icons, of which Streamlit and this app name under two hundred. The subset keeps
just those icons' ligatures: about 17 kB of Streamlit's 375 kB.

Which icons: every ``:material/<name>:`` in Streamlit's scripts and Python (its elements
name their icons so) and in this app's code, and, in the scripts that draw with the icon
font, every plain string that is an icon's name (the table widget draws "more_vert" on
a canvas by name).

The font is Google's Material Symbols (Apache License 2.0), as Streamlit ships it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from geo.server.compressed import streamlit_static_dir
from geo.server.font_subsets import streamlit_media, woff2

# An icon as Streamlit's API and its front end name it: ":material/chevron_left:".
ICON = re.compile(r":material/([a-z0-9_]+):")
# A string in a script that may be an icon's plain name: `more_vert`, "audio_file".
NAME_LITERAL = re.compile(r"""[`'"]([a-z0-9_]+)[`'"]""")
# How Streamlit's scripts refer to the icon font's family.
USES_ICON_FONT = re.compile(r"materialIcons|Material Symbols")
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every icon named in ``texts`` (``:material/<name>:``)."""
    return {name for text in texts for name in ICON.findall(text)}


def streamlit_font(static_dir: Path | None = None) -> Path:
    """The installed Streamlit's icon font, to cut a subset from."""
    fonts = sorted(streamlit_media(static_dir).glob(FONT_GLOB))
    if len(fonts) != 1:
        raise FileNotFoundError(f"expected one {FONT_GLOB} in Streamlit's front end, "
                                f"found {len(fonts)}")
    return fonts[0]


def streamlit_icon_names(static_dir: Path | None = None) -> set[str]:
    """Every name Streamlit may draw with its icon font.

    The ``:material/`` names in its scripts and Python, and the plain strings in the scripts
    that use the font: not all of them are icons, only those the font has are kept.
    """
    static = static_dir or streamlit_static_dir()
    scripts = [path.read_text(encoding="utf-8")
               for path in (static / "static" / "js").glob("*.js")]
    python = [path.read_text(encoding="utf-8") for path in static.parent.rglob("*.py")]
    drawn = {name for script in scripts if USES_ICON_FONT.search(script)
             for name in NAME_LITERAL.findall(script)}
    return icon_names(scripts + python) | drawn


def app_icon_names(app_dir: Path) -> set[str]:
    """The icons the app's own code names: its router, pages and core."""
    sources = [app_dir / "app.py", *sorted((app_dir / "pages").glob("*.py")),
               *sorted((app_dir / "geo").rglob("*.py"))]
    return icon_names(source.read_text(encoding="utf-8") for source in sources)


def ligatures(font) -> dict[str, str]:
    """The font's icons: each name the font turns into a glyph, with that glyph's name.

    ``font`` is a fontTools ``TTFont``.
    """
    by_letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # an extension lookup's subtable
            if table.LookupType != 4:  # ligature substitution
                continue
            for first, ligature_set in table.ligatures.items():
                for ligature in ligature_set:
                    letters = [by_letters.get(glyph) for glyph in (first, *ligature.Component)]
                    if None not in letters:
                        found["".join(letters)] = ligature.LigGlyph
    return found


def subset(font_file: Path, names: Iterable[str]) -> bytes:
    """The font cut to the icons ``names`` (as WOFF2); a name the font lacks is left out.

    Only those icons' ligatures are kept, with the letters they are spelled with; the other
    icons' ligatures go with their glyphs (no layout closure: the letters of every name would
    otherwise bring back every icon spelled with them).
    """
    from fontTools import subset as font_subset  # a build step's import: seconds of glyphs
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    icons = ligatures(font)
    kept = set(names) & icons.keys()
    options = font_subset.Options(layout_features=["*"], layout_closure=False,
                                  name_IDs=["*"], name_languages=["*"], notdef_outline=True)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(glyphs=[icons[name] for name in sorted(kept)],
                       unicodes=sorted({ord(letter) for name in kept for letter in name}))
    subsetter.subset(font)
    return woff2(font)


def font_icons(font_file: Path) -> set[str]:
    """The icons a font draws (reading only its letters and ligatures: fast)."""
    from fontTools.ttLib import TTFont

    return set(ligatures(TTFont(font_file)))
