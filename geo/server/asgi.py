"""The routes, middleware and lifespan that app.py gives ``st.App``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from geo.dataset.load import data_dir_from_env
from geo.dataset.problems import DataError
from geo.map.assets import install_assets
from geo.map.live import tiles_by_default
from geo.server import picture_route, views
from geo.server.compressed import CompressedStatic
from geo.server.font_subsets import FontSubsets
from geo.server.index_page import IndexPageMiddleware
from geo.server.map_frame import (
    MAP_PAGE,
    FrameFilesCache,
    component_build,
    frame_files,
    prefetch_tags,
)
from geo.server.previews import Previews
from geo.server.public_url import configured_public_url
from geo.server.stream_limit import StreamLimit
from geo.web import prepared

log = logging.getLogger(__name__)


def routes(base_path: str = "") -> list[BaseRoute]:
    """The app's own routes, beside Streamlit's, under ``base_path`` (as `middleware`)."""
    return [picture_route.route(base_path=base_path)]


def middleware(base_path: str = "") -> list[Middleware]:
    """The app's middleware, outermost first; it runs before Streamlit's own.

    ``base_path`` is Streamlit's ``server.baseUrlPath``, where the app's pages start.
    """
    # The map page names the files its map frame will load, so they come early.
    map_page_head = {MAP_PAGE: prefetch_tags(frame_files(component_build()))}
    # The stream limit first, before Streamlit's WebSocket: one connection must not take
    # the process from the rest.
    return [Middleware(StreamLimit),
            Middleware(IndexPageMiddleware, previews=Previews(configured_public_url()),
                       dataset=views.dataset, base_path=base_path, page_head=map_page_head),
            Middleware(FontSubsets, base_path=base_path),
            Middleware(CompressedStatic, base_path=base_path),
            Middleware(FrameFilesCache, base_path=base_path)]


@asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    """Prepare at start what every reader's first view needs, whoever the reader is.

    That is the map's files in place (`geo.map.assets.install_assets`) and the data and its
    views (`geo.web.prepared.warm_up`).

    ``st.App`` enters this after starting Streamlit's runtime and before uvicorn serves its
    socket, so nothing is answered, /_stcore/health included, until the warm-up is done: a
    host that waits for health sends no reader to a cold server. The work runs in a thread,
    leaving the event loop free. Broken data is logged and the server starts anyway: every
    page then shows the problems, and the data is read again on each load until it is fixed.
    """
    data_dir = str(data_dir_from_env())
    started = time.perf_counter()
    await asyncio.to_thread(install_assets)  # what the first run would copy, if anything
    try:
        count = await asyncio.to_thread(prepared.warm_up, data_dir, tiles_by_default())
    except DataError as err:
        log.error("warm-up: the data in %s failed validation (%d problems)",
                  data_dir, len(err.problems))
    else:
        log.info("warm-up: %s loaded and %d page views prepared in %.2f s",
                 data_dir, count, time.perf_counter() - started)
    yield
