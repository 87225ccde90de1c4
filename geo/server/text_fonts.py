"""Streamlit's text fonts, cut to the letters this app writes (`geo.server.font_subsets`).

Streamlit draws text in Source Sans and code in Source Code, each font holding Latin,
Greek, Cyrillic and Vietnamese: 170 kB for the upright Source Sans that every page loads.
The app writes English, Azerbaijani and Russian in them (Armenian is not in these fonts:
browsers draw it with one of their own). So each subset keeps:

* whole blocks of the letters those languages use (`KEPT_RANGES`), so that a new name in
  ``data/`` rarely needs a new cut;
* every other character in the app's texts, code and data (`APP_TEXTS`, `DATA_TEXTS`) that
  the font has: a typographic sign in a translation, an arrow in a page. A host with data
  of its own (``HANDOVER_DATA_DIR``) builds the subsets with it.

A character outside both, in a reader's own input, is still shown, in the browser's
fallback font. Every layout feature is kept (kerning, ligatures, tabular figures), and so
are the weight axis and its named weights.

The fonts are Adobe's, under the SIL Open Font License 1.1 with the Reserved Font Name
"Source"; a subset is a modified version, so its names no longer use it (`rename`). The
licence travels with the subsets (``geo/server/fonts/OFL.txt``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from geo.dataset.load import data_dir_from_env
from geo.server.font_subsets import streamlit_media, woff2

# Streamlit's text and code fonts, upright and italic.
FONT_GLOBS = ("SourceSansVF-*.woff2", "SourceCodeVF-*.woff2")
# Latin (Basic, Latin-1 and Extended-A: English and most European names; Azerbaijani's Ə ə),
# the apostrophe letter ʼ, Russian Cyrillic with Ukrainian and Belarusian letters, general
# punctuation and spaces, and the signs numbers and prices are written with.
KEPT_RANGES = (range(0x20, 0x7F), range(0xA0, 0x180), range(0x18F, 0x190), range(0x259, 0x25A),
               range(0x2BC, 0x2BD), range(0x400, 0x460), range(0x490, 0x492),
               range(0x2000, 0x2070), range(0x20AC, 0x20AD), range(0x20BD, 0x20BE),
               range(0x2116, 0x2117), range(0x2212, 0x2213))
# Where the app's own texts are: its pages, its core and its translations. The data is read
# where the app reads it (``HANDOVER_DATA_DIR``, `geo.dataset.load.data_dir_from_env`).
APP_TEXTS = ("app.py", "pages/*", "geo/**/*.py", "geo/**/*.po")
DATA_TEXTS = ("**/*.csv", "**/*.geojson")
# The fonts' Reserved Font Name, and what a subset is called instead.
RESERVED_NAME = "Source"
SUBSET_NAME = "HandoverCut"
# Name records that keep their text: copyright, trademark, licence and its address.
NOTICE_NAME_IDS = frozenset({0, 7, 13, 14})


def streamlit_text_fonts(static_dir: Path | None = None) -> list[Path]:
    """The installed Streamlit's text and code fonts, upright and italic, to cut subsets from."""
    media = streamlit_media(static_dir)
    found = {pattern: sorted(media.glob(pattern)) for pattern in FONT_GLOBS}
    fonts = sorted(font for files in found.values() for font in files)
    if any(len(files) != 2 for files in found.values()):
        raise FileNotFoundError(f"expected an upright and an italic {' and '.join(FONT_GLOBS)} "
                                f"in Streamlit's front end, found {fonts}")
    return fonts


def app_characters(app_dir: Path, data_dir: Path | None = None) -> set[str]:
    """Every character in the app's texts (`APP_TEXTS`) and its data (``data_dir``)."""
    files = [path for pattern in APP_TEXTS for path in sorted(app_dir.glob(pattern))]
    files += [path for pattern in DATA_TEXTS
              for path in sorted((data_dir or data_dir_from_env()).glob(pattern))]
    return {character for path in files if path.is_file()
            for character in path.read_text(encoding="utf-8")}


def kept_characters(app_dir: Path) -> set[str]:
    """What a subset keeps, of what its font has: `KEPT_RANGES` and the app's texts."""
    return {chr(code) for block in KEPT_RANGES for code in block} | app_characters(app_dir)


def font_characters(font_file: Path) -> set[str]:
    """The characters a font draws (reading only its character map: fast)."""
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(font_file).getBestCmap()}


def reserved_names(font) -> list[str]:
    """The names of a fontTools ``TTFont`` that use the Reserved Font Name, notices aside."""
    return [record.toUnicode() for record in font["name"].names
            if record.nameID not in NOTICE_NAME_IDS and RESERVED_NAME in record.toUnicode()]


def rename(font) -> None:
    """Give a modified font names without the Reserved Font Name (SIL OFL 1.1, condition 3)."""
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID not in NOTICE_NAME_IDS and RESERVED_NAME in text:
            record.string = text.replace(RESERVED_NAME, SUBSET_NAME)


def subset(font_file: Path, characters: Iterable[str]) -> bytes:
    """The font cut to ``characters`` (as WOFF2), renamed; one the font lacks is left out."""
    from fontTools import subset as font_subset  # a build step's import: seconds of glyphs
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    drawn = font.getBestCmap()
    options = font_subset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"],
                                  notdef_outline=True)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters} & drawn.keys()))
    subsetter.subset(font)
    rename(font)
    return woff2(font)
