"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.server import preview
from geo.server.compressed import CompressedStatic


def routes() -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's."""
    return [preview.route()]


def middleware(base_path: str = "") -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own.

    ``base_path`` is Streamlit's ``server.baseUrlPath``, where the app's pages start.
    """
    return [Middleware(CompressedStatic, base_path=base_path)]
