"""The events page's logic: filter the events, tabulate them, and export them and the districts.

The table is for reading, in the reader's language; the exports are data: text (CSV,
GeoJSON) with ISO dates and the data's own (English) texts and column names. The events CSV
has the columns of events.csv, so a filtered download can be loaded back as data, plus
``source_urls``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection, Sequence
from datetime import date

import pandas as pd
from shapely.geometry import mapping

from geo.dataset.load import EVENT_COLUMNS, HANDOVER_COLUMNS, NAME_LANGUAGES, Dataset, place_names
from geo.i18n import ENGLISH, N_, Language
from geo.story.wording import category_label

# Fields searched by the free-text filter.
SEARCHED = ("id", "title", "summary", "category", "district_id")
# The precisions in words, for the table (data/README.md defines them).
# Translators: how exactly an event's date is known, a value in the Events table.
TIME_PRECISION_LABELS = {"day": N_("day"), "span": N_("span"), "within": N_("within")}
# Translators: how exactly an event's place is known, a value in the Events table.
GEO_PRECISION_LABELS = {"exact": N_("exact"), "approximate": N_("approximate"),
                        "region": N_("region")}


def filter_events(events: pd.DataFrame, categories: Collection[str] | None = None,
                  district: str | None = None, start: date | None = None,
                  end: date | None = None, text: str = "") -> pd.DataFrame:
    """The events that pass every filter given; None or empty means no filter.

    An event passes the date filter when its days (``start`` to ``end``, or just ``start``)
    overlap ``start`` to ``end``; the text filter is a case-insensitive substring match on
    id, title, summary, category and district id: give ``events`` in the reader's language
    (`geo.story.details.events_in`) to search the words they read.
    """
    keep = pd.Series(True, index=events.index)
    if categories:
        keep &= events["category"].isin(list(categories))
    if district:
        keep &= events["district_id"] == district
    last_days = [s if e is None else e for s, e in zip(events["start"], events["end"],
                                                       strict=True)]
    if start is not None:
        keep &= pd.Series([d >= start for d in last_days], index=events.index)
    if end is not None:
        keep &= events["start"] <= end
    needle = text.strip().casefold()
    if needle:
        fields = events[list(SEARCHED)].fillna("").astype(str)
        haystack = fields.agg(" ".join, axis=1).str.casefold()
        keep &= haystack.str.contains(needle, regex=False)
    return events[keep]


def district_choices(dataset: Dataset, lang: Language = ENGLISH) -> dict[str, str]:
    """District ids that events name, with names in ``lang``: handover districts first."""
    named = set(dataset.events["district_id"].dropna())
    names = place_names(dataset.districts, lang.code)
    order = list(dataset.handover_districts["id"]) + sorted(named, key=lambda d: names.get(d, d))
    return {d: names.get(d, d) for d in dict.fromkeys(order) if d in named}


def events_table(events: pd.DataFrame, dataset: Dataset,
                 lang: Language = ENGLISH) -> pd.DataFrame:
    """The events as a table for reading: district names, and one link column per source.

    Categories, precisions and district names are in ``lang``; titles and summaries as given
    (`geo.story.details.events_in` puts them in a language).
    """
    names = place_names(dataset.districts, lang.code)
    width = max((len(s) for s in events["sources"]), default=0)
    table = pd.DataFrame({
        "id": events["id"],
        "start": events["start"],
        "end": events["end"],
        "title": events["title"],
        "category": [category_label(c, lang) for c in events["category"]],
        "district": [names.get(d, d) if isinstance(d, str) else "" for d in events["district_id"]],
        "time_precision": [lang._(TIME_PRECISION_LABELS[p]) for p in events["time_precision"]],
        "geo_precision": [lang._(GEO_PRECISION_LABELS[p]) for p in events["geo_precision"]],
        "summary": events["summary"],
    })
    for n in range(width):
        table[f"source_{n + 1}"] = [_url(ids[n], dataset.sources) if n < len(ids) else None
                                    for ids in events["sources"]]
    return table.reset_index(drop=True)


def events_csv(events: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """The events as CSV in the events.csv format, plus ``source_urls`` if sources are given."""
    out = io.StringIO()
    columns = [*EVENT_COLUMNS, *(["source_urls"] if sources is not None else [])]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for _, event in events.iterrows():
        point = event["geometry"]
        row = {c: _text(event.get(c)) for c in EVENT_COLUMNS}
        if point is not None:
            row.update(lat=_text(point.y), lon=_text(point.x))
        row["sources"] = ";".join(event["sources"])
        if sources is not None:
            row["source_urls"] = ";".join(_url(s, sources) or "" for s in event["sources"])
        writer.writerow(row)
    return out.getvalue()


def events_geojson(events: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """The events as a GeoJSON FeatureCollection of points (properties as in events.csv)."""
    features = []
    for _, event in events.iterrows():
        props = {c: _json(event.get(c)) for c in EVENT_COLUMNS if c not in ("lat", "lon")}
        props["sources"] = list(event["sources"])
        if sources is not None:
            props["source_urls"] = [_url(s, sources) for s in event["sources"]]
        features.append(_feature(event["geometry"], props))
    return _collection(features)


def districts_geojson(districts: pd.DataFrame) -> str:
    """The districts with their handover data (empty for context districts) as GeoJSON."""
    handover = [c if c != "sources" else "handover_sources" for c in HANDOVER_COLUMNS
                if c != "district_id"]
    columns = ["id", *(f"name_{code}" for code, _ in NAME_LANGUAGES), "role", "area_km2",
               "sources", *handover]
    features = [_feature(row["geometry"], {c: _json(row.get(c)) for c in columns})
                for _, row in districts.iterrows()]
    return _collection(features)


def _url(source_id: str, sources: pd.DataFrame) -> str | None:
    return sources.at[source_id, "url"] if source_id in sources.index else None


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    if _missing(value):
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _json(value: object) -> object:
    """A JSON-ready value: ISO dates, lists for source lists, None for gaps."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    if _missing(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def _feature(geometry: object, properties: dict) -> dict:
    return {"type": "Feature", "geometry": mapping(geometry) if geometry is not None else None,
            "properties": properties}


def _collection(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1)
