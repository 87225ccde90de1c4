"""Router of the handover dashboard: page config, shared state and footer, then the page.

`streamlit run app.py` runs this file as ``__main__``. A page file that Streamlit ran on its
own (see ``pages.common.page_setup``) runs this file by path, as Streamlit does.
"""

import logging
from pathlib import Path

import streamlit as st

from geo.map.assets import install_assets
from geo.server import asgi
from geo.story.wording import title
from geo.web import links
from pages import common

# Not resolve(): this module runs on every full rerun, and each symlink check is a system
# call after which the script thread waits for the GIL while the server sends files (about
# 20 ms a first load on the development machine, in a py-spy profile).
PAGES = Path(__file__).absolute().parent / "pages"

# Before st.App's lifespan logs the warm-up (geo.server.asgi), and for every session's run.
logging.basicConfig(level=logging.INFO)


def main() -> None:
    """Set up the page, run the page the URL names, then the footer."""
    common.init_language()  # the titles below are in it
    words = common.words()
    st.set_page_config(
        page_title=title(words),
        page_icon="🗺️",
        layout="wide",
    )
    install_assets()
    st.html(PAGES / "style.css")
    common.keep_history_to_pages()

    # The navigation comes before the data: with broken data each page shows the problems and
    # stops (pages.common.page_setup), under the app's own navigation. Were the script to stop
    # before st.navigation, Streamlit would fall back to listing the files of pages/.
    titles = {path: words._(name) for path, name in links.PAGES.items()}
    page = st.navigation([
        st.Page(PAGES / "map.py", title=titles[""], icon=":material/map:", default=True),
        st.Page(PAGES / "timeline.py", title=titles["timeline"], icon=":material/timeline:",
                url_path="timeline"),
        st.Page(PAGES / "events.py", title=titles["events"], icon=":material/table:",
                url_path="events"),
        st.Page(PAGES / "about.py", title=titles["about"], icon=":material/info:",
                url_path="about"),
    # Embedded in someone's article (?embed=true), a page shows itself only: no sidebar.
    ], position="hidden" if st.context.is_embedded else "sidebar")
    with common.routed():
        page.run()
    common.footer(common.dataset())  # loaded by the page already: it stops on broken data


if __name__ == "__main__":
    main()
else:
    # Imported, not run: `streamlit run app.py` finds this ASGI app in the file and serves it
    # with uvicorn, Streamlit's server with the app's own routes and middleware in front. The
    # sessions still run this file as __main__, the branch above.
    # folium's plugins, which streamlit-folium imports (a second on the development
    # machine), are imported with the server rather than by the first reader's run.
    # Not streamlit-folium itself: it registers its component only when first imported
    # inside a script run, and is never served otherwise.
    import folium.plugins  # noqa: F401

    # Its lifespan prepares every reader's first view before the server answers anything.
    base_path = st.get_option("server.baseUrlPath")
    app = st.App(__file__, routes=asgi.routes(base_path),
                 middleware=asgi.middleware(base_path=base_path), lifespan=asgi.lifespan)
