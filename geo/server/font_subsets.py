"""Streamlit's fonts, served cut to what this app's pages show.

Streamlit's front end asks for its fonts on every page of every app, at the highest
priority: its icon font (375 kB, Material Symbols) and its text font (170 kB, Source Sans,
in Latin, Greek, Cyrillic and Vietnamese). On a phone's 1.6 Mbit/s a first visit spends
nearly three seconds on them, sharing the link with the scripts the page waits for
(docs/benchmarks.md, mobile section). This app shows under two hundred icons and writes in
Latin and Cyrillic letters (Armenian is not in the font: browsers draw it with their own).

So the app serves, at each font's own address, a subset: the icons Streamlit and the app
name (`geo.server.icon_font`), and the letters the app's languages and texts use
(`geo.server.text_fonts`). The subsets are built once (``scripts/fonts.py``, as fontTools
takes seconds to read a font's glyphs) and kept in ``geo/server/fonts/`` under the names of
the files they were cut from. A Streamlit whose fonts have other names is served its own
fonts, whole, until the subsets are built again; ``tests/test_fonts.py`` fails until then.

A subset is served under the whole font's name, so browsers keep it for an hour only, then
ask again (``ETag``): a subset rebuilt for a new icon or letter reaches returning readers
within the hour.
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from geo.server.compressed import matches_etag, streamlit_static_dir
from geo.server.public_url import path_prefix, request_path

# The subsets, each named as the file it was cut from.
SUBSET_DIR = Path(__file__).with_name("fonts")
# Not immutable: a subset can change under the same name (module docstring).
CACHE_CONTROL = "public, max-age=3600"
log = logging.getLogger(__name__)


def streamlit_media(static_dir: Path | None = None) -> Path:
    """The folder of the installed Streamlit's fonts (and images)."""
    return (static_dir or streamlit_static_dir()) / "static" / "media"


def woff2(font) -> bytes:
    """A fontTools ``TTFont``, as the WOFF2 file browsers are sent.

    The same font gives the same bytes: its modification time is kept, so a build that
    changes nothing changes no file (nor the ETag browsers hold).
    """
    font.flavor = "woff2"
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class FontSubsets:
    """ASGI middleware: each subset at the address of the Streamlit font it was cut from.

    Only for a font of which a subset exists (its name in `SUBSET_DIR`); for any other,
    Streamlit answers with its own. ``base_path`` is Streamlit's ``server.baseUrlPath``.
    """

    def __init__(self, app: ASGIApp, *, base_path: str = "",
                 subset_dir: Path = SUBSET_DIR, static_dir: Path | None = None) -> None:
        self.app = app
        prefix = f"{path_prefix(base_path)}/static/media/"
        media = streamlit_media(static_dir)
        # Never raises: a Streamlit with other fonts still starts, with its own fonts.
        self.subsets = {prefix + cut.name: cut.read_bytes()
                        for cut in sorted(subset_dir.glob("*.woff2"))
                        if (media / cut.name).is_file()}
        self.etags = {path: f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
                      for path, body in self.subsets.items()}
        if not self.subsets:
            log.warning("no font subset in %s matches this Streamlit's fonts: its whole fonts "
                        "are served (run scripts/fonts.py)", subset_dir)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request for a cut font with its subset; pass everything else on."""
        path = request_path(scope) if scope["type"] == "http" else None
        if path not in self.subsets or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        body, etag = self.subsets[path], self.etags[path]
        common = [(b"cache-control", CACHE_CONTROL.encode()), (b"etag", etag.encode())]
        if matches_etag(Headers(scope=scope).get("if-none-match", ""), etag):
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
