"""Streamlit's icon font, cut to the icons that can appear in this app.

Streamlit's front end asks for its Material Symbols font at start, on every page of every
app (its entry bundle asks the browser to load it), at the highest priority: 375 kB, nearly two
seconds of a phone's 1.6 Mbit/s on a first visit, taken from the element code and the map
frame's files that the map page waits for then (docs/benchmarks.md, mobile section). The
font draws each icon from its name by a ligature ("map" becomes the map's glyph), for over
4,000 icons; Streamlit's front end names about 80 and this app's pages a dozen more.

So the app serves, at the font's own address, a subset with exactly those icons' ligatures:
about 10 kB. The subset is built once (``scripts/icon_font.py``, as fontTools takes seconds
to read the font's glyphs) and kept in ``geo/server/icons/`` under the name of the font it
was cut from. That name carries the font's content hash, so a Streamlit whose font differs
is served its own font, whole, until the subset is built again; ``tests/test_icon_font.py``
fails until then, and when a page names an icon that the subset lacks.

The font is Google's Material Symbols (Apache License 2.0), as Streamlit ships it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from geo.server.compressed import IMMUTABLE, streamlit_static_dir
from geo.server.public_url import path_prefix, request_path

# An icon as Streamlit's API and its front end name it: ":material/chevron_left:".
ICON = re.compile(r":material/([a-z0-9_]+):")
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
# The subsets, each named as the font it was cut from.
SUBSET_DIR = Path(__file__).with_name("icons")


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every icon named in ``texts`` (``:material/<name>:``)."""
    return {name for text in texts for name in ICON.findall(text)}


def streamlit_font(static_dir: Path | None = None) -> Path:
    """The installed Streamlit's icon font (its ``static`` folder by default)."""
    fonts = sorted(((static_dir or streamlit_static_dir()) / "static" / "media").glob(FONT_GLOB))
    if len(fonts) != 1:
        raise FileNotFoundError(f"expected one {FONT_GLOB} in Streamlit's front end, "
                                f"found {len(fonts)}")
    return fonts[0]


def streamlit_icon_names(static_dir: Path | None = None) -> set[str]:
    """The icons Streamlit's front end names in its scripts."""
    scripts = ((static_dir or streamlit_static_dir()) / "static" / "js").glob("*.js")
    return icon_names(script.read_text(encoding="utf-8") for script in scripts)


def app_icon_names(app_dir: Path) -> set[str]:
    """The icons the app's own code names: its router and pages."""
    sources = [app_dir / "app.py", *sorted((app_dir / "pages").glob("*.py"))]
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


def subset(font_file: Path, names: Iterable[str]) -> tuple[bytes, set[str]]:
    """The font cut to the icons ``names`` (as WOFF2), and the names it has no icon for.

    Only those icons' ligatures are kept, with the letters they are spelled with; the other
    icons' ligatures go with their glyphs (no layout closure: the letters of every name would
    otherwise bring back every icon spelled with them).
    """
    from fontTools import subset as font_subset  # a build step's import: seconds of glyphs
    from fontTools.ttLib import TTFont

    font = TTFont(font_file)
    icons = ligatures(font)
    wanted = set(names)
    options = font_subset.Options(flavor="woff2", layout_features=["*"], layout_closure=False,
                                  name_IDs=["*"], name_languages=["*"], notdef_outline=True)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(glyphs=[icons[name] for name in sorted(wanted & icons.keys())],
                       unicodes=sorted({ord(letter) for name in wanted for letter in name}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), wanted - icons.keys()


def font_icons(font_file: Path) -> set[str]:
    """The icons a font draws (reading only its letters and ligatures: fast)."""
    from fontTools.ttLib import TTFont

    return set(ligatures(TTFont(font_file)))


class IconFont:
    """ASGI middleware: the subset at the address of Streamlit's icon font.

    Only when a subset of the installed font exists (its name in `SUBSET_DIR`); otherwise
    Streamlit answers with its own. ``base_path`` is Streamlit's ``server.baseUrlPath``.
    """

    def __init__(self, app: ASGIApp, *, base_path: str = "",
                 subset_dir: Path = SUBSET_DIR, static_dir: Path | None = None) -> None:
        self.app = app
        font = streamlit_font(static_dir)
        cut = subset_dir / font.name
        self.path = f"{path_prefix(base_path)}/static/media/{font.name}"
        self.body = cut.read_bytes() if cut.is_file() else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request for the icon font with the subset; pass everything else on."""
        if (self.body is None or scope["type"] != "http"
                or scope["method"] not in ("GET", "HEAD") or request_path(scope) != self.path):
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"font/woff2"),
            (b"content-length", str(len(self.body)).encode()),
            (b"cache-control", IMMUTABLE.encode()),
        ]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else self.body})

