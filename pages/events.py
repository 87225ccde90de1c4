"""Events: every event in a table with filters, downloads, and a way to the map at its date."""

import streamlit as st

from geo.html import md
from geo.story.details import outline_notes
from geo.story.status import story_range
from geo.story.wording import long_date, when_label
from geo.web import downloads
from geo.web.links import view_params
from pages import common

TABLE_KEY = "events_table"
LINK_DOMAIN = r"https?://(?:www\.)?([^/]+)"  # a source link shows as its site's name

data = common.page_setup()
first, last = story_range(data)
districts = downloads.district_choices(data)

st.title("Events")
st.caption("Every event in the dataset, with its sources. Filter, search, download, or select a "
           "row to see it on the map.")

by_category, by_district, by_dates, by_text = st.columns([3, 2, 3, 3])
categories = by_category.multiselect(
    "Category", sorted(set(data.events["category"])), key="events_categories",
    placeholder="All categories")
district = by_district.selectbox(
    "District", [None, *districts], key="events_district",
    format_func=lambda d: "All districts" if d is None else districts[d])
dates = by_dates.date_input("Dates", (first, last), min_value=first, max_value=last,
                            key="events_dates", format="DD/MM/YYYY")
text = by_text.text_input("Search", key="events_text",
                          placeholder="A word in the title or summary")
# While a range is being picked the widget holds one date: use it as the start.
start, end = (list(dates) + [None, None])[:2] if isinstance(dates, tuple) else (dates, dates)

shown = downloads.filter_events(data.events, categories, district, start, end, text)
counts = shown["category"].value_counts()
st.markdown(f"**{len(shown)}** of {len(data.events)} events" + (
    ": " + ", ".join(f"{md(c)} {n}" for c, n in counts.items()) if len(shown) else ""))

table = downloads.events_table(shown, data)
sources = {c: st.column_config.LinkColumn(f"Source {c.rsplit('_', 1)[1]}",
                                          display_text=LINK_DOMAIN)
           for c in table.columns if c.startswith("source_")}
picked = st.dataframe(
    table, key=TABLE_KEY, on_select="rerun", selection_mode="single-row", hide_index=True,
    placeholder="",
    column_config={
        "id": st.column_config.TextColumn("Id", width="small"),
        "start": st.column_config.DateColumn("Start", format="D MMM YYYY"),
        "end": st.column_config.DateColumn("End", format="D MMM YYYY"),
        "title": st.column_config.TextColumn("Event", width="medium"),
        "category": "Category",
        "district": "District",
        "time_precision": st.column_config.TextColumn(
            "Date precision", help="day: on that date; span: lasted from start to end; "
                                   "within: on some day between start and end"),
        "geo_precision": st.column_config.TextColumn(
            "Place precision", help="exact: the place itself; approximate: nearby; "
                                    "region: somewhere in the wider area"),
        "summary": st.column_config.TextColumn("Summary", width="large"),
        **sources,
    })

rows = [r for r in picked.selection.rows if r < len(table)]
if rows:
    event = table.iloc[rows[0]]
    day = event["start"]
    with st.container(border=True):
        st.markdown(f"**{md(event['title'])}** · "
                    f"{md(when_label(day, event['end'], event['time_precision']))}")
        st.markdown(md(event["summary"]))
        # As on the map's details panel and in the export: a place outside its district's
        # drawn outline says so, so the map is not read as contradicting the table.
        if note := outline_notes(data).get(event["id"]):
            st.caption(md(note))
        if st.button(f"Show the map on {long_date(day)}", icon=":material/map:",
                     key="events_to_map"):
            st.session_state[common.DATE_KEY] = day
            common.write_url()
            st.switch_page("pages/map.py",
                           query_params=view_params(day, common.selected_district()))
else:
    st.caption("Select a row to open the map at that event's date.")

st.header("Download")
st.caption("Dates are ISO (YYYY-MM-DD). The events CSV has the columns of events.csv, so it "
           "can be loaded as data again; coordinates are WGS 84 longitude/latitude.")
csv_col, events_col, districts_col = st.columns(3)
# A download needs no rerun: the file is already prepared.
geojson = {"mime": "application/geo+json", "on_click": "ignore", "icon": ":material/download:"}
csv_col.download_button(
    f"{len(shown)} events, CSV", downloads.events_csv(shown, data.sources),
    file_name="events.csv", mime="text/csv", on_click="ignore", icon=":material/download:")
events_col.download_button(
    f"{len(shown)} events, GeoJSON", downloads.events_geojson(shown, data.sources),
    file_name="events.geojson", **geojson)
districts_col.download_button(
    "Districts, GeoJSON", downloads.districts_geojson(data.districts),
    file_name="districts.geojson", **geojson,
    help="Every district polygon with its names and, for the handover districts, the "
         "deadlines, return date and caveat")
