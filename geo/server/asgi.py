"""The routes and middleware that app.py gives ``st.App``."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.server import views
from geo.server.index_page import IndexPageMiddleware
from geo.server.previews import Previews
from geo.server.public_url import configured_public_url


def routes() -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's."""
    return []


def middleware(base_path: str = "") -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own.

    ``base_path`` is Streamlit's ``server.baseUrlPath``, where the app's pages start.
    """
    return [Middleware(IndexPageMiddleware, previews=Previews(configured_public_url()),
                       dataset=views.dataset, base_path=base_path)]
