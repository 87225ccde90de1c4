"""Streamlit glue shared by every page: the dataset, the view state and the language.

One source of truth: the selected date, district and language live in ``st.session_state``
under ``DATE_KEY``, ``DISTRICT_KEY`` and ``LANG_KEY`` and are mirrored in the URL as
``?date=&district=&lang=``. Widgets use keys of their own and copy into these in callbacks,
so the state survives pages that do not draw the widgets.
"""

from __future__ import annotations

import logging
import runpy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path

import streamlit as st

import geo
from geo.html import esc, md, script_json
from geo.i18n import LANGUAGES, Language, language, language_for_locale, parse_lang
from geo.web import prepared
from geo.web.links import parse_view, view_params

ROUTER = Path(__file__).absolute().parent.parent / "app.py"
# Read once per process: app.py writes it on every full run.
HISTORY_SCRIPT = (Path(__file__).absolute().parent / "history.js").read_text(encoding="utf-8")
HISTORY_KEY = "address_history"  # its container, hidden by pages/style.css
LANGUAGE_SCRIPT = (Path(__file__).absolute().parent / "language.js").read_text(encoding="utf-8")
SWITCH_KEY = "language_switch"
SWITCH_BOX = "language"  # the switch's container, in the header band (pages/style.css)
LANGUAGE_SCRIPT_KEY = "page_language"  # the script's container, hidden by pages/style.css

DATE_KEY = "date"
DISTRICT_KEY = "district"
LANG_KEY = "lang"  # a code of geo.i18n.LANGUAGES
_URL_READ_KEY = "_url_read"
_WARNINGS_KEY = "_url_warnings"
# True while app.py runs a page. A context variable, not session state: each script run
# has its own context, so the mark never outlives the run that set it.
_ROUTED: ContextVar[bool] = ContextVar("routed", default=False)

log = logging.getLogger(__name__)


def dataset() -> geo.Dataset:
    """The validated dataset, loaded once per process; on bad data, the problems and a stop.

    Broken data is not cached: every run reads the directory again, so a fix shows on reload.
    """
    data_dir = geo.data_dir_from_env()
    try:
        return prepared.dataset(str(data_dir))
    except geo.DataError as err:
        log.error("data in %s failed validation:\n%s", data_dir, err)
        st.error(words()._("The data in {folder}/ could not be loaded. Fix these problems and "
                           "reload ({command} lists them too):", folder=md(data_dir.name),
                           command="`python -m geo validate`"))
        st.text("\n".join(f"• {problem}" for problem in err.problems))
        st.stop()


def page_setup() -> geo.Dataset:
    """Start of every page: make sure the router runs, then the dataset and the view state.

    Every page reads the link here and warns about it here, so whichever page a link opens
    says what was wrong with it, not the next map page the reader happens to visit.
    """
    _require_router()
    data = dataset()
    init_view_state(data)
    language_switch()
    show_link_warnings()
    return data


@contextmanager
def routed() -> Iterator[None]:
    """Mark the page that app.py runs inside this block as routed."""
    token = _ROUTED.set(True)
    try:
        yield
    finally:
        _ROUTED.reset(token)


def _require_router() -> None:
    """Make a page that Streamlit ran on its own go through app.py's router.

    A folder named pages/ next to app.py is Streamlit's legacy multipage layout: until a
    session has called st.navigation, Streamlit runs a deep link such as /timeline on a
    freshly started server as pages/timeline.py alone, without app.py (so no page config,
    navigation or footer). The page then runs the router itself: st.navigation picks this
    same page from the URL and runs it, marked as routed, and from then on Streamlit ignores
    pages/ in every session (documented for st.navigation). This run then ends here, as the
    page has been drawn by the router.
    """
    if _ROUTED.get():
        return
    # Run as Streamlit runs it, by path: app.py imports this module, not the other way.
    runpy.run_path(str(ROUTER), run_name="__main__")
    st.stop()


def init_view_state(data: geo.Dataset) -> None:
    """Set the date and district from the URL once per session, warning about what was fixed.

    A link that names a view gets the corrected view back in the address at once: the map
    and timeline mirror the view on every run anyway, but /about?date=banana would keep the
    junk. A link without date or district keeps its plain address.
    """
    if st.session_state.get(_URL_READ_KEY):
        return
    # The language is already the session's (init_language, from this same link); only the
    # warning about a link's unreadable one comes from here.
    view = parse_view(st.query_params.to_dict(), data, default_lang=selected_lang())
    st.session_state[DATE_KEY] = view.date
    st.session_state[DISTRICT_KEY] = view.district
    st.session_state[_WARNINGS_KEY] = view.warnings
    st.session_state[_URL_READ_KEY] = True
    if DATE_KEY in st.query_params or DISTRICT_KEY in st.query_params:
        write_url()
    elif LANG_KEY in st.query_params:
        _write_lang()


def show_link_warnings() -> None:
    """Show, once, what was wrong with the link the viewer opened (as plain text)."""
    for warning in st.session_state.pop(_WARNINGS_KEY, []):
        st.warning(warning, icon="⚠️")


def init_language() -> None:
    """The viewer's language, once per session, before anything is drawn in it.

    app.py calls this before the navigation, whose titles are in it: the link's ``lang``,
    else the browser's (``st.context.locale``), else English. `init_view_state` then reads
    the same link again with the date and district, and warns about a ``lang`` it cannot
    read (`geo.web.links.parse_view`).
    """
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = (parse_lang(st.query_params.get(LANG_KEY))
                                      or language_for_locale(st.context.locale))


def language_switch() -> None:
    """The language switch of every page, and the page's language for screen readers.

    A compact select in the header band, top right (pages/style.css), so on a phone it
    takes no room from the map. Its name is in the language it is showing; the languages
    are named as their readers write them (`geo.i18n.LANGUAGES`). Embedded in an article
    it is left out: the frame has no header band, and the article's link names its
    language. pages/language.js keeps ``<html lang>`` and the names' own ``lang`` right.
    """
    code = selected_lang()
    if not st.context.is_embedded:
        # Set on every run: each page has a switch of its own (Streamlit tells widgets apart
        # by page), which would otherwise open in its first option.
        st.session_state[SWITCH_KEY] = code
        with st.container(key=SWITCH_BOX):
            st.selectbox(words()._("Language"), list(LANGUAGES), key=SWITCH_KEY,
                         format_func=LANGUAGES.__getitem__, on_change=_on_switch,
                         label_visibility="collapsed", filter_mode=None)
    names = {name: lang for lang, name in LANGUAGES.items()}
    with st.container(key=LANGUAGE_SCRIPT_KEY):
        st.html(f'<script data-lang="{esc(code)}" data-names="{esc(script_json(names))}">'
                f'{LANGUAGE_SCRIPT}</script>', unsafe_allow_javascript=True)


def _on_switch() -> None:
    st.session_state[LANG_KEY] = st.session_state[SWITCH_KEY]
    # The address names the language at once, on every page: a page that mirrors the view
    # (the map, the timeline) writes the rest of it when it runs.
    _write_lang()


def _write_lang() -> None:
    """Put the viewer's language in the address, leaving the rest of it as it is."""
    if st.query_params.get_all(LANG_KEY) != [selected_lang()]:
        st.query_params[LANG_KEY] = selected_lang()


def selected_date() -> date:
    """The date the viewer is looking at."""
    return st.session_state[DATE_KEY]


def selected_district() -> str | None:
    """The handover district the viewer selected, if any."""
    return st.session_state.get(DISTRICT_KEY)


def selected_lang() -> str:
    """The code of the language the viewer reads the dashboard in."""
    return st.session_state[LANG_KEY]


def words() -> Language:
    """The viewer's language: ``words()._("…")``, its dates and numbers (geo.i18n)."""
    return language(selected_lang())


def keep_history_to_pages() -> None:
    """Make a change of view replace the address, so that Back leaves the page.

    Streamlit writes every change of ``st.query_params`` as a new history entry, with no
    option to replace it; ``pages/history.js`` turns those that change only the query
    (every change of view), or every one when embedded, into replacements. Written on
    every page, in a container of its own that takes no space.
    """
    embedded = "true" if st.context.is_embedded else "false"
    with st.container(key=HISTORY_KEY):
        st.html(f'<script data-embedded="{embedded}">{HISTORY_SCRIPT}</script>',
                unsafe_allow_javascript=True)


def write_url() -> None:
    """Mirror the view state in the URL so the address bar is always a shareable link."""
    params = view_params(selected_date(), selected_district(), selected_lang())
    # Compare every value: to_dict() keeps only the last of a repeated key, which would
    # leave ?date=<junk>&date=2020-11-21 in the address bar.
    shown = {key: st.query_params.get_all(key) for key in st.query_params}
    if shown != {key: [value] for key, value in params.items()}:
        st.query_params.from_dict(params)


def footer(data: geo.Dataset) -> None:
    """Provenance under every page: how many sources, whose, and where the geometry is from."""
    publishers = ", ".join(sorted(set(data.sources["publisher"])))
    st.divider()
    st.caption(md(words().ngettext(
        "Every event, date and name cites one of {count} source ({publishers}). District "
        "outlines: Natural Earth, public domain. Full list with links and licences on the "
        "About page.",
        "Every event, date and name cites one of {count} sources ({publishers}). District "
        "outlines: Natural Earth, public domain. Full list with links and licences on the "
        "About page.",
        len(data.sources), publishers=publishers)))


if __name__ == "__main__":
    # Streamlit's legacy pages/ layout runs this file as the page /common on a fresh server:
    # hand it to the router, like every page, rather than leave a blank page.
    _require_router()
