"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

import contextlib
import threading

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.dataset.problems import DataError
from geo.server import preview, views
from geo.server.compressed import CompressedStatic
from geo.server.index_page import IndexPageMiddleware
from geo.server.previews import Previews
from geo.server.public_url import configured_public_url
from geo.server.stream_limit import StreamLimit


def routes(base_path: str = "") -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's, under ``base_path`` (as `middleware`)."""
    return [preview.route(base_path=base_path)]


def middleware(base_path: str = "") -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own.

    ``base_path`` is Streamlit's ``server.baseUrlPath``, where the app's pages start. The
    dataset starts loading now, beside the server's own start: every page served carries
    the view's picture, and the first reader after a start would otherwise wait for it.
    """
    threading.Thread(target=_load_quietly, name="dataset-warm-up", daemon=True).start()
    # The stream limit first, before Streamlit's WebSocket: one connection must not take
    # the process from the rest.
    return [Middleware(StreamLimit),
            Middleware(IndexPageMiddleware, previews=Previews(configured_public_url()),
                       dataset=views.dataset, base_path=base_path),
            Middleware(CompressedStatic, base_path=base_path)]


def _load_quietly() -> None:
    # Broken data is not cached: each page asks again, and the app lists the problems.
    with contextlib.suppress(DataError):
        views.dataset()
