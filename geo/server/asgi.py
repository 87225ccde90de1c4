"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.server.stream_limit import StreamLimit


def routes() -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's."""
    return []


def middleware() -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own."""
    # Before Streamlit's WebSocket: one connection must not take the process from the rest.
    return [Middleware(StreamLimit)]
