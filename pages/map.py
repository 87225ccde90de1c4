"""The map: slide through the handover dates, click a district, share the view."""

import functools
import time
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

import geo
from geo.html import md
from geo.map.live import map_from, tiles_by_default
from geo.map.payload import first_view
from geo.map.step import STEP_ATTRIBUTE
from geo.map.style import PLAY_SECONDS_PER_DAY
from geo.story.details import district_at
from geo.story.status import jump_date, step_day, story_day, story_days
from geo.web import prepared
from geo.web.links import embed_snippet, embed_url, picture_name, view_url
from geo.web.page_view import PageView
from geo.web.panels import legend_html
from pages import common

SLIDER_KEY = "date_slider"
# The slider's input, which the map follows as it moves (geo/map/map.js): Streamlit marks a
# keyed widget with the class st-key-<key>.
SLIDER_INPUT = f".st-key-{SLIDER_KEY} input[type=range]"
# The view the map draws first, kept for the session (per language: see map_view): the
# map's arguments then stay the same on every rerun, and it follows the slider and the
# steps from there.
FIRST_VIEW_KEY = "_map_first_view"
SELECT_KEY = "district_select"
PERIOD_KEY = "period"
MAP_KEY = "map"
PLAY_KEY = "playing"
ARMED_KEY = "_play_timer_armed"
TILES_KEY = "tiles"
SHARE_KEY = "share_open"
DOWNLOAD_KEY = "download_picture"
LABELS_LANG_KEY = "_map_labels_lang"  # the language the page's widgets were last drawn in
TAPS_KEY = "_map_taps"  # districts chosen on the map so far
SCROLLED_KEY = "_scrolled_taps"  # the tap count the details were last scrolled into view for
DATE_ANCHOR = "map-date"  # the date heading over the map: where "Back to the map" leads

data = common.page_setup()
# Language-free, so computed once here; what is shown in words comes from geo.web.prepared
# per language (period titles, place names, day labels), looked up on each run.
days = story_days(data)
first_day, last_day = days[0], days[-1]
period_focus = dict(zip(data.periods["id"], data.periods["focus"], strict=True))
handover_ids = list(data.handover_districts["id"])


def set_date(day: date) -> None:
    """Move the view to ``day`` (the nearest day the story covers); widgets follow."""
    day = story_day(data, day)
    st.session_state[common.DATE_KEY] = day
    st.session_state[SLIDER_KEY] = day


def set_district(district: str | None) -> None:
    st.session_state[common.DISTRICT_KEY] = district
    st.session_state[SELECT_KEY] = district


def stop_playing() -> None:
    st.session_state[PLAY_KEY] = None


def on_slider() -> None:
    if st.session_state.get(PLAY_KEY):
        # While playing the slider is disabled and moved by the clock, so a value from the
        # browser now is an echo of an earlier day, sent before the browser had the next
        # one (a rerun queued behind a faster one): not a reader's move, so play goes on.
        return
    stop_playing()
    set_date(st.session_state[SLIDER_KEY])


def on_step(steps: int) -> None:
    stop_playing()
    set_date(step_day(data, common.selected_date(), steps))


def on_period(period: str) -> None:
    """Go to the period's focus day (periods.csv)."""
    stop_playing()
    set_date(period_focus[period])


def on_jump(forward: bool) -> None:
    stop_playing()
    day = jump_date(data, common.selected_date(), forward)
    if day is not None:
        set_date(day)


def on_select() -> None:
    set_district(st.session_state[SELECT_KEY])


def map_key() -> str:
    """The map's key, per language.

    streamlit-folium draws a frame's map only once, so a map in another language is a
    frame of its own.
    """
    return f"{MAP_KEY}_{common.selected_lang()}"


def on_map_click() -> None:
    clicked = (st.session_state.get(map_key()) or {}).get("last_object_clicked")
    if clicked:
        district = district_at(data, clicked["lat"], clicked["lng"])
        if district is not None:
            set_district(district)
            st.session_state[TAPS_KEY] = st.session_state.get(TAPS_KEY, 0) + 1


def on_play() -> None:
    if st.session_state.get(PLAY_KEY):
        stop_playing()
        return
    start = common.selected_date()
    if start >= last_day:
        start = first_day
    set_date(start)
    st.session_state[PLAY_KEY] = (start, time.monotonic())


def advance_playback() -> None:
    """While playing, put the date where the clock says; stop at the end.

    The date is derived from the time since play started (one day per
    PLAY_SECONDS_PER_DAY), so a slow rerun skips a day rather than drifting.
    """
    start, started_at = st.session_state[PLAY_KEY]
    day = step_day(data, start, int((time.monotonic() - started_at) / PLAY_SECONDS_PER_DAY))
    set_date(day)
    if day >= last_day:
        stop_playing()


def sync_widgets() -> None:
    """Widget state follows the shared state (it may have changed on another page)."""
    if st.session_state.get(SLIDER_KEY) != common.selected_date():
        st.session_state[SLIDER_KEY] = common.selected_date()
    if st.session_state.get(SELECT_KEY) != common.selected_district():
        st.session_state[SELECT_KEY] = common.selected_district()


def keep_widgets_across_languages() -> None:
    """Keep the widgets' values when the viewer changes language.

    To Streamlit, a widget whose label or options are in words is another widget in another
    language, which would open at its default (the slider at the first day): its value is
    handed on. Only then, not on every step: a value set from here is pushed to the
    browser, over a slider the reader may be dragging.
    """
    code = common.selected_lang()
    if st.session_state.get(LABELS_LANG_KEY, code) != code:
        for key in (SLIDER_KEY, SELECT_KEY, TILES_KEY):
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    st.session_state[LABELS_LANG_KEY] = code


def legend() -> None:
    st.markdown(legend_html(common.words()), unsafe_allow_html=True)


def details_panel(view: PageView, data_dir: str) -> None:
    _ = common.words()._
    names = prepared.place_names(data_dir, common.selected_lang())
    choose = _("— choose —")
    st.selectbox(_("District details"), [None, *handover_ids], key=SELECT_KEY,
                 on_change=on_select, format_func=lambda d: choose if d is None else names[d],
                 help=_("Or click a district on the map."))
    if view.details_html is None:
        st.caption(_("Click a coloured district on the map, or choose one above."))
        return
    st.markdown(view.details_html, unsafe_allow_html=True)


def download_picture(data_dir: str, day: date) -> None:
    """The view as a picture for print, slides and posts, drawn only when it is asked for.

    The button hands Streamlit a function, which it calls on a click, in a thread of its
    own: a slider step only registers the function again.
    """
    district = common.selected_district()
    _ = common.words()._
    st.download_button(
        _("Download this view (PNG)"), key=DOWNLOAD_KEY, icon=":material/download:",
        data=functools.partial(prepared.print_picture, data_dir, day, district,
                               common.selected_lang()),
        file_name=picture_name(day, district, common.selected_lang()), mime="image/png",
        on_click="ignore",
        help=_("The map of this date and selection with its summary, legend and sources, "
               "2400×1260 pixels."))


def share_panel(day: date) -> None:
    """The link to this view, and an iframe of it in Streamlit's embed mode for articles."""
    base = st.context.url or ""
    district = common.selected_district()
    code = common.selected_lang()
    words = common.words()
    st.caption(words._("Link to this view"))
    st.code(view_url(base, day, district, code), language=None, wrap_lines=True)
    st.caption(words._("Embed this view in a web page (the map, the date controls and the "
                       "summary, without the sidebar)"))
    title = words._("Map of the handover of Kalbajar, Aghdam and Lachin, {date}",
                    date=words.long_date(day))
    st.code(embed_snippet(embed_url(base, day, district, code), title), language="html",
            wrap_lines=True)


def period_buttons() -> None:
    """The story's periods (periods.csv), a button each.

    One action from the handovers of November 2020 to the corridor's in August 2022 and
    back. Outside the fragment: a slider step need not draw them again.
    """
    words = common.words()
    titles = prepared.period_titles(str(geo.data_dir_from_env()), words.code)
    # One row, even on a phone: pages/style.css lets a long title wrap inside its button.
    with st.container(horizontal=True, wrap=False, gap="small", key=PERIOD_KEY):
        for period, title in titles.items():
            st.button(title, key=f"period_{period}", on_click=on_period, args=(period,),
                      help=words._("Go to {date}", date=words.long_date(period_focus[period])))


def date_controls(data_dir: str) -> None:
    _ = common.words()._
    # A horizontal container never stacks, so on a phone this stays one row of icon
    # buttons (pages/style.css hides their labels there, keeping them as names).
    with st.container(horizontal=True, wrap=False, gap="small", key="date_buttons"):
        st.button(_("Previous day"), icon=":material/chevron_left:", on_click=on_step,
                  args=(-1,), help=_("One day back"), width="stretch",
                  disabled=common.selected_date() <= first_day)
        st.button(_("Next day"), icon=":material/chevron_right:", on_click=on_step, args=(1,),
                  help=_("One day on"), width="stretch",
                  disabled=common.selected_date() >= last_day)
        st.button(_("Previous event"), icon=":material/skip_previous:", on_click=on_jump,
                  args=(False,), help=_("Previous date with an event or a deadline"),
                  width="stretch")
        st.button(_("Next event"), icon=":material/skip_next:", on_click=on_jump, args=(True,),
                  help=_("Next date with an event or a deadline"), width="stretch")
        playing = bool(st.session_state.get(PLAY_KEY))
        st.button(_("Pause") if playing else _("Play"), on_click=on_play, key="play",
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  help=_("Advance one day per second"), width="stretch")
    # Each day's label is looked up, not formatted: the slider formats every option twice
    # on each step.
    labels = prepared.day_labels(data_dir, common.selected_lang())
    st.select_slider(_("Date"), options=days, key=SLIDER_KEY, on_change=on_slider,
                     format_func=labels.__getitem__, disabled=bool(st.session_state.get(PLAY_KEY)),
                     label_visibility="collapsed")


def map_view() -> None:
    if st.session_state.get(PLAY_KEY):
        advance_playback()
    if bool(st.session_state.get(PLAY_KEY)) != st.session_state[ARMED_KEY]:
        st.rerun()  # a full run re-arms or disarms the fragment's timer
    sync_widgets()
    day = common.selected_date()
    data_dir = str(geo.data_dir_from_env())
    code = common.selected_lang()
    _ = common.words()._
    view = prepared.page_view(data_dir, day, common.selected_district(), code)
    date_controls(data_dir)
    st.header(md(prepared.day_labels(data_dir, code)[day]), anchor=DATE_ANCHOR)
    # The map follows this line's step (geo.map.step): written before the map, it
    # reaches the map frame with the first of the step's messages.
    st.markdown(view.summary_html, unsafe_allow_html=True,
                help=_("This line is the map's text alternative."))
    map_col, side_col = st.columns([3, 2], gap="medium")
    with map_col:
        layers = prepared.base_layers(data_dir, st.session_state[TILES_KEY], code)
        # The same arguments on every rerun, so Streamlit sends the browser a reference to
        # the map it has, not the map again. A map in another language (map_key) first
        # draws the view of the day it is made on.
        if st.session_state.get(FIRST_VIEW_KEY, (None,))[0] != code:
            st.session_state[FIRST_VIEW_KEY] = (code, first_view(
                data, day, common.selected_district(),
                follow={"slider": SLIDER_INPUT, "step": STEP_ATTRIBUTE}))
        st_folium(map_from(layers, st.session_state[FIRST_VIEW_KEY][1]), key=map_key(),
                  height=560, use_container_width=True,
                  returned_objects=["last_object_clicked"],
                  # st_folium renders the map itself as well; the second, full-page
                  # render that render=True adds is unused output (same arguments).
                  render=False, on_change=on_map_click)
        legend()
        download_picture(data_dir, day)
    with side_col, st.container(key="district_details"):
        details_panel(view, data_dir)
        if common.selected_district() is not None:
            with st.container(key="back_to_map"):
                back = md(_("Back to the map"))
                st.markdown(f"[↑ {back}](#{DATE_ANCHOR})")
    # Its contents are written only while it is open: the code blocks are costly to draw
    # (syntax highlighting) and most viewers never open it.
    share = st.expander(_("Share this view"), key=SHARE_KEY, on_change="rerun")
    if share.open:
        with share:
            share_panel(day)
    # The list of every event is written once, under the fragment; a step sends only the
    # style that shows those up to its date.
    st.html(view.events_css)
    show_tapped_details()
    common.write_url()


def show_tapped_details() -> None:
    """After a tap on the map, bring the details into view where they sit under the map.

    Only on a phone-sized screen (where Streamlit stacks the columns); the tap count makes
    each tap's script new, so it runs again.
    """
    taps = st.session_state.get(TAPS_KEY, 0)
    if taps and st.session_state.get(SCROLLED_KEY) != taps:
        st.session_state[SCROLLED_KEY] = taps
        st.html(f"""<script>/* tap {taps} */
            if (window.matchMedia("(max-width: 640px)").matches) {{
              document.querySelector(".st-key-district_details")
                ?.scrollIntoView({{behavior: "smooth", block: "start"}});
            }}</script>""", unsafe_allow_javascript=True)


st.session_state.setdefault(PLAY_KEY, None)
st.session_state.setdefault(TILES_KEY, tiles_by_default())
keep_widgets_across_languages()
# Embedded in an article (?embed=true): the article has its own headline, and there is no
# sidebar, so the tiles stay as configured.
words = common.words()
if not st.context.is_embedded:
    with st.container(key="map_intro"):
        st.title(words._("Handover of three districts"))
        st.caption(words._("Kalbajar, Aghdam, Lachin and the Lachin corridor after the "
                           "ceasefire of 10 November 2020. Move through the dates; click a "
                           "district for its details."))
    st.sidebar.toggle(words._("Online map tiles (OpenStreetMap)"), key=TILES_KEY,
                      help=words._("Off: no request leaves this site; country outlines are "
                                   "drawn instead."))
period_buttons()
st.session_state[ARMED_KEY] = bool(st.session_state[PLAY_KEY])
st.fragment(map_view, run_every=PLAY_SECONDS_PER_DAY if st.session_state[ARMED_KEY] else None)()
events_heading = md(words._("Events up to this date, newest first"))
st.markdown(f"### {events_heading}\n\n"
            + prepared.event_list(str(geo.data_dir_from_env()), words.code),
            unsafe_allow_html=True)
