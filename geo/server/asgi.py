"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.server.compressed import CompressedStatic


def routes() -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's."""
    return []


def middleware(streamlit_static: Path, base_url: Callable[[], str | None]) -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own.

    ``streamlit_static`` is the installed Streamlit's folder of front-end files and
    ``base_url`` returns its ``server.baseUrlPath`` (app.py knows both; geo/ imports no
    Streamlit).
    """
    return [Middleware(CompressedStatic, streamlit_static=streamlit_static, base_url=base_url)]
