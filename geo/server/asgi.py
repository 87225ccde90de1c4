"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.server import preview


def routes() -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's."""
    return [preview.route()]


def middleware() -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own."""
    return []
