"""Streamlit's icon font, cut to the icons that can appear in this app.

Streamlit's front end asks for its Material Symbols font at start, on every page of every
app (its entry bundle asks the browser to load it), at the highest priority: 375 kB, nearly two
seconds of a phone's 1.6 Mbit/s on a first visit, taken from the element code and the map
frame's files that the map page waits for then (docs/benchmarks.md, mobile section). The
font draws each icon from its name by a ligature ("map" becomes the map's glyph), for over
4,000 icons, of which Streamlit and this app name under two hundred.

So the app serves, at the font's own address, a subset with just those icons' ligatures:
about 17 kB. The subset is built once (``scripts/icon_font.py``, as fontTools takes seconds
to read the font's glyphs) and kept in ``geo/server/icons/`` under the name of the font it
was cut from. A Streamlit whose font has another name is served its own font, whole, until
the subset is built again; ``tests/test_icon_font.py`` fails until then, and when a page
names an icon that the subset lacks.

Which icons: every ``:material/<name>:`` in Streamlit's scripts and Python (its elements
name their icons so) and in this app's code, and, in the scripts that draw with the icon
font, every plain string that is an icon's name (the table widget draws "more_vert" on
a canvas by name). The subset is served under the full font's name, so browsers keep it
for an hour only, then ask again (``ETag``): a subset rebuilt for a new icon reaches
returning readers within the hour.

The font is Google's Material Symbols (Apache License 2.0), as Streamlit ships it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from geo.server.compressed import streamlit_static_dir
from geo.server.public_url import path_prefix, request_path

# An icon as Streamlit's API and its front end name it: ":material/chevron_left:".
ICON = re.compile(r":material/([a-z0-9_]+):")
# A string in a script that may be an icon's plain name: `more_vert`, "audio_file".
NAME_LITERAL = re.compile(r"""[`'"]([a-z0-9_]+)[`'"]""")
# How Streamlit's scripts refer to the icon font's family.
USES_ICON_FONT = re.compile(r"materialIcons|Material Symbols")
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
# The subsets, each named as the font it was cut from.
SUBSET_DIR = Path(__file__).with_name("icons")
# Not immutable: the subset can change under the same name (module docstring).
CACHE_CONTROL = "public, max-age=3600"
log = logging.getLogger(__name__)


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every icon named in ``texts`` (``:material/<name>:``)."""
    return {name for text in texts for name in ICON.findall(text)}


def streamlit_fonts(static_dir: Path | None = None) -> list[Path]:
    """The installed Streamlit's icon fonts (one, normally), from its ``static`` folder."""
    media = (static_dir or streamlit_static_dir()) / "static" / "media"
    return sorted(media.glob(FONT_GLOB))


def streamlit_font(static_dir: Path | None = None) -> Path:
    """The installed Streamlit's icon font, to cut a subset from."""
    fonts = streamlit_fonts(static_dir)
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
    options = font_subset.Options(flavor="woff2", layout_features=["*"], layout_closure=False,
                                  name_IDs=["*"], name_languages=["*"], notdef_outline=True)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(glyphs=[icons[name] for name in sorted(kept)],
                       unicodes=sorted({ord(letter) for name in kept for letter in name}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_icons(font_file: Path) -> set[str]:
    """The icons a font draws (reading only its letters and ligatures: fast)."""
    from fontTools.ttLib import TTFont

    return set(ligatures(TTFont(font_file)))


class IconFont:
    """ASGI middleware: the subset at the address of Streamlit's icon font.

    Only for a font of which a subset exists (its name in `SUBSET_DIR`); for any other,
    Streamlit answers with its own. ``base_path`` is Streamlit's ``server.baseUrlPath``.
    """

    def __init__(self, app: ASGIApp, *, base_path: str = "",
                 subset_dir: Path = SUBSET_DIR, static_dir: Path | None = None) -> None:
        self.app = app
        prefix = f"{path_prefix(base_path)}/static/media/"
        # Never raises: a Streamlit without the font, or with another, still starts.
        self.subsets = {prefix + font.name: (subset_dir / font.name).read_bytes()
                        for font in streamlit_fonts(static_dir)
                        if (subset_dir / font.name).is_file()}
        self.etags = {path: f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
                      for path, body in self.subsets.items()}
        if not self.subsets:
            log.warning("no icon font subset for this Streamlit in %s: Streamlit's whole font "
                        "is served (run scripts/icon_font.py)", subset_dir)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request for the icon font with the subset; pass everything else on."""
        path = request_path(scope) if scope["type"] == "http" else None
        if path not in self.subsets or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        body, etag = self.subsets[path], self.etags[path]
        common = [(b"cache-control", CACHE_CONTROL.encode()), (b"etag", etag.encode())]
        if etag in Headers(scope=scope).get("if-none-match", ""):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"font/woff2"),
            (b"content-length", str(len(body)).encode()),
            *common,
        ]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
