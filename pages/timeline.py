"""Timeline: each handover district's phases and deadlines, and the events, on one time axis."""

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from geo.html import md
from geo.map.style import STATUS_COLOURS, category_colour
from geo.story import timeline
from geo.story.status import period_of, status_label, status_on
from pages import common

CHART_KEY = "timeline_chart"
WINDOW_KEY = "timeline_window"
PICK = "pick"  # the chart's click selection on event points
MARK = "#c0392b"  # the selected-date rule

data = common.page_setup()
words = common.words()
_ = words._


def _pick_date() -> None:
    """A click on an event point makes its start date the selected date everywhere."""
    picked = st.session_state[CHART_KEY]["selection"].get(PICK, [])
    day = timeline.picked_date(picked, data.events)
    if day is not None:
        st.session_state[common.DATE_KEY] = day
        common.write_url()


def _utc(day: date) -> alt.DateTime:
    """Midnight UTC of a day, for the chart's UTC time scale."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _chart(first: date, last: date, day: date) -> alt.VConcatChart:
    # A UTC scale, so a day never shifts with the viewer's time zone; set on one layer per
    # view, which the other layers share. A day of margin each side keeps edge points whole.
    margin = timedelta(days=1)
    scale = alt.Scale(type="utc", domain=[_utc(first - margin), _utc(last + margin)])
    axis = alt.Axis(format="%-d %b", title=None, grid=True)

    def x(field: str, scaled: bool = False) -> alt.X:
        return alt.X(f"{field}:T", axis=axis, **({"scale": scale} if scaled else {}))

    selected = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(day)],
                                       "label": [words.long_date(day)]}))
    rule = selected.mark_rule(color=MARK, strokeWidth=2).encode(
        x=x("date"), tooltip=[alt.Tooltip("label:N", title=_("Selected date"))])

    phases = timeline.phases(data, words)
    rows = alt.Y("district:N", sort=list(dict.fromkeys(phases["district"])), title=None)
    status_scale = alt.Scale(domain=[status_label(s, words) for s in STATUS_COLOURS],
                             range=list(STATUS_COLOURS.values()))
    bars = alt.Chart(phases).mark_bar(height=22, clip=True).encode(
        x=x("start", scaled=True), x2="end:T", y=rows,
        color=alt.Color("label:N", scale=status_scale, legend=alt.Legend(title=None,
                                                                         orient="top")),
        tooltip=[alt.Tooltip("district:N", title=_("District")),
                 alt.Tooltip("label:N", title=_("Status")),
                 alt.Tooltip("period:N", title=_("Period"))])
    markers = timeline.deadline_markers(data, words)
    tips = [alt.Tooltip("district:N", title=_("District")),
            alt.Tooltip("note:N", title=_("Deadline"))]
    deadline = alt.Chart(markers).encode(x=x("date"), y=rows, tooltip=tips)
    current = deadline.transform_filter("datum.kind != 'original'").mark_point(
        shape="triangle-down", size=170, filled=True, color="black", yOffset=-14, clip=True)
    superseded = deadline.transform_filter("datum.kind == 'original'").mark_point(
        shape="triangle-down", size=170, filled=False, color="black", strokeWidth=1.5,
        yOffset=-14, clip=True)
    moved = alt.Chart(markers[markers["kind"] == "revised"]).encode(y=rows, tooltip=tips)
    move_line = moved.mark_rule(strokeDash=[4, 3], color="black", yOffset=-14, clip=True).encode(
        x=x("replaces"), x2="date:T")
    move_text = moved.mark_text(align="left", dx=4, dy=22, fontSize=11, clip=True).encode(
        x=x("replaces"), text="change:N")
    top = alt.layer(bars, rule, move_line, superseded, current, move_text).properties(
        # Translators: keep the triangles; the chart draws its deadlines with them.
        height=150, title=_("Handover districts: ▽ original deadline, ▼ deadline in force"))

    points = timeline.event_points(data, words)
    # Coloured by category, named in words (``kind``): the colours follow the data's codes.
    kinds = dict(sorted(zip(points["category"], points["kind"], strict=True)))
    colour = alt.Color("kind:N", legend=alt.Legend(title=_("Event category"), orient="bottom"),
                       scale=alt.Scale(domain=list(kinds.values()),
                                       range=[category_colour(c) for c in kinds]))
    lane = alt.Y("level:O", axis=None)
    tooltip = [alt.Tooltip("when:N", title=_("Date")), alt.Tooltip("title:N", title=_("Event")),
               alt.Tooltip("kind:N", title=_("Category")),
               alt.Tooltip("cited:N", title=_("Sources"))]
    events = alt.Chart(points).encode(y=lane, color=colour, tooltip=tooltip)
    spans = events.mark_rule(strokeWidth=3, opacity=0.45, clip=True).encode(
        x=x("start", scaled=True), x2="end:T")
    pick = alt.selection_point(name=PICK, fields=["id"], on="click")
    dots = events.mark_circle(size=110, opacity=0.95, stroke="white", clip=True).encode(
        x=x("start")).add_params(pick)
    lane_height = 18 * (int(points["level"].max()) + 1) + 10 if len(points) else 30
    # The rule goes under the points: on top, it would catch clicks on the selected day's events.
    bottom = alt.layer(rule, spans, dots).properties(
        height=lane_height, title=_("Events: click one to select its date"))
    # The axis's month names in the reader's language: the browser draws them.
    return alt.vconcat(top, bottom, spacing=12).resolve_scale(
        color="independent", x="independent").configure(locale=timeline.chart_locale(words))


st.title(_("Timeline"))
st.caption(_("Each handover district's status over time, the deadlines and how one moved, and "
             "the events reported along the way. The red line is the selected date, shared "
             "with the map."))
common.write_url()
day = common.selected_date()

views = timeline.windows(data, words)
# The view opens on the selected date's period; the reader may pick another.
st.session_state.setdefault(WINDOW_KEY, period_of(data, day) or timeline.WHOLE)
shown = st.segmented_control(_("Show"), list(views), key=WINDOW_KEY,
                             format_func=lambda view: md(views[view][0])) or timeline.WHOLE
first, last = views[shown][1:]
if not first <= day <= last:
    st.info(_("The selected date, {date}, is outside this view: choose its period or the "
              "whole story to see it.", date=words.long_date(day)), icon=":material/info:")
st.altair_chart(_chart(first, last, day), key=CHART_KEY, on_select=_pick_date,
                selection_mode=PICK, width="stretch")

st.header(_("On {date}", date=words.long_date(day)))
for status in status_on(data, day, words):
    st.markdown(f"- **{md(status.name)}**: {md(status.timeline)}")
