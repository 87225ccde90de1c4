"""Events: every event in a table with filters, downloads, and a way to the map at its date."""

import streamlit as st

from geo.html import md
from geo.story.details import events_in, outline_notes
from geo.story.status import story_range
from geo.story.wording import category_label, when_label
from geo.web import downloads
from geo.web.links import view_params
from pages import common

TABLE_KEY = "events_table"
LINK_DOMAIN = r"https?://(?:www\.)?([^/]+)"  # a source link shows as its site's name

data = common.page_setup()
words = common.words()
_ = words._
first, last = story_range(data)
districts = downloads.district_choices(data, words)
# Titles and summaries in the reader's language: shown, searched and selected in it.
events = events_in(data.events, data, words)

st.title(_("Events"))
st.caption(_("Every event in the dataset, with its sources. Filter, search, download, or "
             "select a row to see it on the map."))

by_category, by_district, by_dates, by_text = st.columns([3, 2, 3, 3])
categories = by_category.multiselect(
    _("Category"), sorted(set(events["category"]), key=lambda c: category_label(c, words)),
    key="events_categories",
    format_func=lambda c: category_label(c, words), placeholder=_("All categories"))
district = by_district.selectbox(
    _("District"), [None, *districts], key="events_district",
    format_func=lambda d: _("All districts") if d is None else districts[d])
dates = by_dates.date_input(_("Dates"), (first, last), min_value=first, max_value=last,
                            key="events_dates", format="DD/MM/YYYY")
text = by_text.text_input(_("Search"), key="events_text",
                          placeholder=_("A word in the title or summary"))
# While a range is being picked the widget holds one date: use it as the start.
start, end = (list(dates) + [None, None])[:2] if isinstance(dates, tuple) else (dates, dates)

shown = downloads.filter_events(events, categories, district, start, end, text)
counts = shown["category"].value_counts()
found = words.ngettext("**{shown}** of {count} event", "**{shown}** of {count} events",
                       len(events), shown=words.number(len(shown)))
# Translators: "20 of 20 events" and, after the colon, each category with its count.
st.markdown(_("{found}: {categories}", found=found, categories=", ".join(
    f"{md(category_label(c, words))} {words.number(n)}" for c, n in counts.items()))
    if len(shown) else found)

table = downloads.events_table(shown, data, words)
sources = {c: st.column_config.LinkColumn(_("Source {number}", number=c.rsplit("_", 1)[1]),
                                          display_text=LINK_DOMAIN)
           for c in table.columns if c.startswith("source_")}
# ISO dates: a date column is drawn by the browser, which would name months in English.
picked = st.dataframe(
    table, key=TABLE_KEY, on_select="rerun", selection_mode="single-row", hide_index=True,
    placeholder="",
    column_config={
        "id": st.column_config.TextColumn(_("Id"), width="small"),
        "start": st.column_config.DateColumn(_("Start"), format="iso8601"),
        "end": st.column_config.DateColumn(_("End"), format="iso8601"),
        "title": st.column_config.TextColumn(_("Event"), width="medium"),
        "category": _("Category"),
        "district": _("District"),
        "time_precision": st.column_config.TextColumn(
            _("Date precision"),
            # Translators: day, span and within as the table's cells word them.
            help=_("day: on that date; span: lasted from start to end; within: on some day "
                   "between start and end")),
        "geo_precision": st.column_config.TextColumn(
            _("Place precision"),
            # Translators: exact, approximate and region as the table's cells word them.
            help=_("exact: the place itself; approximate: nearby; region: somewhere in the "
                   "wider area")),
        "summary": st.column_config.TextColumn(_("Summary"), width="large"),
        **sources,
    })

rows = [r for r in picked.selection.rows if r < len(table)]
if rows:
    event = shown.iloc[rows[0]]
    day = event["start"]
    with st.container(border=True):
        st.markdown(f"**{md(event['title'])}** · "
                    f"{md(when_label(day, event['end'], event['time_precision'], words))}")
        st.markdown(md(event["summary"]))
        # As on the map's details panel and in the export: a place outside its district's
        # drawn outline says so, so the map is not read as contradicting the table.
        if note := outline_notes(data, words).get(event["id"]):
            st.caption(md(note))
        if st.button(_("Show the map on {date}", date=words.long_date(day)),
                     icon=":material/map:", key="events_to_map"):
            st.session_state[common.DATE_KEY] = day
            common.write_url()
            st.switch_page("pages/map.py", query_params=view_params(
                day, common.selected_district(), common.selected_lang()))
else:
    st.caption(_("Select a row to open the map at that event's date."))

st.header(_("Download"))
st.caption(_("The files are data, as the dataset has them: English texts and column names, "
             "ISO dates (YYYY-MM-DD). The events CSV has the columns of events.csv, so it can "
             "be loaded as data again; coordinates are WGS 84 longitude/latitude."))
csv_col, events_col, districts_col = st.columns(3)
# The data's own rows (English), in the order and selection shown.
chosen = data.events.loc[shown.index]
# A download needs no rerun: the file is already prepared.
geojson = {"mime": "application/geo+json", "on_click": "ignore", "icon": ":material/download:"}
csv_col.download_button(
    words.ngettext("{count} event, CSV", "{count} events, CSV", len(shown)),
    downloads.events_csv(chosen, data.sources),
    file_name="events.csv", mime="text/csv", on_click="ignore", icon=":material/download:")
events_col.download_button(
    words.ngettext("{count} event, GeoJSON", "{count} events, GeoJSON", len(shown)),
    downloads.events_geojson(chosen, data.sources), file_name="events.geojson", **geojson)
districts_col.download_button(
    _("Districts, GeoJSON"), downloads.districts_geojson(data.districts),
    file_name="districts.geojson", **geojson,
    help=_("Every district polygon with its names and, for the handover districts, the "
           "deadlines, return date and caveat"))
