"""Load and validate a data directory into a `Dataset`; nothing is returned half-loaded."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, partial
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.dataset.placement import LOCAL_CRS, metres_outside, placement_problem
from geo.dataset.problems import DataError, Problem
from geo.dataset.readers import FieldCheck, read_csv, read_json
from geo.dataset.translations import LANGUAGES, english_texts, read_glossary, read_translations
from geo.i18n import ENGLISH_NAMES

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DATA_DIR_ENV = "HANDOVER_DATA_DIR"

SOURCE_COLUMNS = ("id", "title", "title_kind", "publisher", "published", "published_precision",
                  "url", "licence")
HANDOVER_COLUMNS = ("district_id", "controlled_since", "deadline", "revised_deadline",
                    "revision_announced_on", "returned_on", "caveat", "part_of", "return_note",
                    "sources")
EVENT_COLUMNS = ("id", "start", "end", "time_precision", "title", "summary", "category",
                 "lat", "lon", "geo_precision", "district_id", "sources")
FIGURE_COLUMNS = ("id", "topic", "claim", "according_to", "reported_on", "sources")
PERIOD_COLUMNS = ("id", "start", "end", "focus", "title", "sources")
PROVENANCE_FIELDS = ("ne_iso_3166_2", "ne_name", "ne_correction")
# Every district is named in these languages (column ``name_<code>``), in the order shown.
NAME_LANGUAGES = tuple(ENGLISH_NAMES.items())
# Armenian names exist only where an Armenian name was in use.
OPTIONAL_NAMES = ("hy",)
# The column that names a place in each interface language (geo.i18n). In Armenian it is
# the Armenian form of the name the other languages use (Kalbajar: Քելբաջար); the Armenian
# name in use (name_hy: Karvachar) goes beside it, as in every language (data/README.md).
LABEL_COLUMNS = {"en": "name_en", "az": "name_az", "hy": "label_hy", "ru": "name_ru"}


# A corridor's waypoints in words, per interface language: "waypoints" is English.
WAYPOINT_COLUMNS = {code: "waypoints" if code == "en" else f"waypoints_{code}"
                    for code in LABEL_COLUMNS}


def place_name(record: Mapping, lang: str) -> str:
    """A district's or corridor's name in the interface language ``lang``."""
    return record[LABEL_COLUMNS[lang]]


def place_names(districts: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each district's or corridor's name (`place_name`) by its id, in ``lang``."""
    return dict(zip(districts["id"], districts[LABEL_COLUMNS[lang]], strict=True))


def waypoint_names(record: Mapping, lang: str) -> str:
    """The places a corridor is drawn through, in ``lang``; '' for a district."""
    return record[WAYPOINT_COLUMNS[lang]]


# The map's region, as (west, south, east, north) in degrees: the South Caucasus around the
# districts. Every district and corridor lies in it; a polygon outside it is a mistake that
# would take the map's view off-screen, most often latitude and longitude swapped.
MAP_REGION = (43.0, 38.0, 50.0, 42.5)
HANDOVER_DATES = ("controlled_since", "deadline", "revised_deadline", "revision_announced_on",
                  "returned_on")
ROLES = ("handover", "context")
# What is handed over: the districts, and an area of one kept out of its district's handover
# (corridor.geojson), which has its own row in handovers.csv.
HANDED_OVER = ("handover", "corridor")
# day: on that date; span: lasted from start to end; within: some day between start and end.
TIME_PRECISIONS = ("day", "span", "within")
GEO_PRECISIONS = ("exact", "approximate", "region")
# headline: the title exactly as published (shown in quotes); description: our own words.
TITLE_KINDS = ("headline", "description")
# day: published is YYYY-MM-DD; month: only YYYY-MM is known; unknown: no date (a page that
# changes, such as Wikipedia, or a date that could not be confirmed).
PUBLISHED_PRECISIONS = ("day", "month", "unknown")
# returns: people coming back to their homes, kept apart from those driven from them.
FIGURE_TOPICS = ("losses", "displacement", "returns")


@dataclass(frozen=True)
class Dataset:
    """Everything the dashboard shows, validated and joined.

    - ``districts``: one row per district polygon (EPSG:4326) with its names, ``role``,
      ``area_km2``, ``sources`` and the Natural Earth provenance fields (may be empty);
      handover districts also carry the columns of handovers.csv (dates as
      ``datetime.date``, ``handover_sources``, ``caveat``).
    - ``events``: one point per event, ``sources`` as a list of ids, sorted by start.
    - ``sources``: sources.csv, indexed by id.
    - ``periods``: periods.csv, the spans of time the story covers, in order; every date of
      the story (events, handover dates, figures) lies in one of them.

    A missing date is always None (never NaN): context districts' handover dates, an
    event's ``end``, a source's ``published``.
    - ``basemap``: country outlines for the no-tiles mode, or None if the file is absent.
    - ``figures``: figures.csv (reported losses, displacement and returns, each attributed), or None
      if the file is absent.
    - ``translations``: every data text written in the project's words, in every language,
      keyed (lang, file, row id, field), English (``en``) included; read it with `text`.
    - ``glossary``: glossary.csv, each term in every language with why, or None if absent.
    """

    districts: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    sources: pd.DataFrame
    basemap: gpd.GeoDataFrame | None
    periods: pd.DataFrame
    figures: pd.DataFrame | None = None
    translations: Mapping[tuple[str, str, str, str], str] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))
    glossary: pd.DataFrame | None = None

    def text(self, lang: str, file: str, row_id: str, field: str) -> str:
        """A data text in ``lang`` (``en``, ``az``, ``hy`` or ``ru``).

        ``text("az", "events.csv", "E13", "title")``; "" for a field with no English text (an
        empty caveat). Data with a translation missing is not loaded, so there is no fallback.
        """
        if lang not in ("en", *(code for code, _ in LANGUAGES)):
            raise KeyError(f"no data texts in language {lang!r}")
        return self.translations.get((lang, file, row_id, field), "")

    # Derived tables are computed once per Dataset, not on every slider step. Callers
    # must not modify them (copy first), as they would the frames above.
    @cached_property
    def handover_districts(self) -> gpd.GeoDataFrame:
        """The districts that were handed over and the corridor, in schedule order."""
        held = self.districts[self.districts["role"].isin(HANDED_OVER)]
        # A corridor, which had no deadline, follows the districts.
        return held.sort_values(["deadline", "id"], na_position="last")

    @cached_property
    def event_distances(self) -> pd.DataFrame:
        """Metres from each event (rows, by id) to each handover district (columns).

        Measured in UTM zone 38N, which covers the region (42-48° E) with metre units.
        """
        districts = self.handover_districts.set_index("id").to_crs(LOCAL_CRS).geometry
        events = self.events.set_index("id").to_crs(LOCAL_CRS).geometry
        return pd.DataFrame({district: events.distance(polygon)
                             for district, polygon in districts.items()})

    @cached_property
    def period_spans(self) -> tuple[tuple[str, date, date], ...]:
        """``periods`` as (id, start, end), looked up on every slider step."""
        return tuple(zip(self.periods["id"], self.periods["start"], self.periods["end"],
                         strict=True))

    @cached_property
    def period_days(self) -> tuple[date, ...]:
        """Every day of the periods, in order (see `geo.story.status.story_days`)."""
        return tuple(start + timedelta(days=i) for _, start, end in self.period_spans
                     for i in range((end - start).days + 1))

    @cached_property
    def handover_records(self) -> list[dict]:
        """``handover_districts`` as plain dicts, for per-date computations."""
        return self.handover_districts.drop(columns="geometry").to_dict("records")


def data_dir_from_env(explicit: str | Path | None = None) -> Path:
    """The data directory: ``explicit``, else $HANDOVER_DATA_DIR, else the bundled data/."""
    chosen = explicit or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(chosen)


def load(data_dir: str | Path | None = None) -> Dataset:
    """Read, validate and join a data directory.

    Raises `DataError` listing every problem found (file, row, field, what is wrong).
    """
    root = data_dir_from_env(data_dir)
    problems: list[Problem] = []
    sources = _sources(root, problems)
    known = set(sources.index) if sources is not None else None
    periods = _periods(root, known, problems)
    spans = [(p["start"], p["end"]) for p in periods if p["start"] and p["end"]]
    districts = _districts(root, known, problems)
    corridors = []
    if districts:  # a corridor lies in a district: without them, nothing to check it against
        corridors = _corridors(root, known, {d["id"]: d["role"] for d in districts}, problems)
    # The district each corridor lies in, which its row in handovers.csv must name too.
    within = {corridor["id"]: corridor.pop("within") for corridor in corridors}
    districts += corridors
    district_roles = {d["id"]: d["role"] for d in districts}
    handovers = _handovers(root, known, district_roles, within, spans, problems)
    outlines = {d["id"]: d["geometry"] for d in districts}
    events = _events(root, known, outlines, spans, problems)
    basemap = _basemap(root, problems)
    figures = _figures(root, known, spans, problems)
    label_of = partial(_label, root)
    translations = read_translations(root, *english_texts(root, label_of), label_of, problems)
    glossary = read_glossary(root, label_of, problems)
    if problems or sources is None:
        raise DataError(problems)

    frame = gpd.GeoDataFrame(districts, geometry="geometry", crs="EPSG:4326")
    joined = frame.merge(pd.DataFrame(handovers, columns=list(HANDOVER_COLUMNS)).rename(
        columns={"sources": "handover_sources"}), how="left", left_on="id",
        right_on="district_id", validate="one_to_one").drop(columns="district_id")
    # The left join gives context districts NaN for the handover columns.
    for column in HANDOVER_DATES:
        joined[column] = joined[column].astype(object).where(joined[column].notna(), None)
    joined["caveat"] = joined["caveat"].fillna("")
    joined["return_note"] = joined["return_note"].fillna("")
    joined["part_of"] = joined["part_of"].astype(object).where(joined["part_of"].notna(), None)
    joined["part_kept_until"] = _part_kept_until(joined)
    event_frame = gpd.GeoDataFrame(events, geometry="geometry", crs="EPSG:4326")
    event_frame = event_frame.sort_values(["start", "id"], ignore_index=True)
    return Dataset(districts=joined, events=event_frame, sources=sources, basemap=basemap,
                   figures=figures, periods=pd.DataFrame(periods, columns=list(PERIOD_COLUMNS)),
                   translations=MappingProxyType(translations), glossary=glossary)


def _part_kept_until(districts: pd.DataFrame) -> list[date | None]:
    """For each district, the day its corridor was handed over in turn (`date.max` if never).

    None for a district without a corridor: until that day, the district's handover left
    part of it out.
    """
    kept = {part_of: returned or date.max for part_of, returned in
            zip(districts["part_of"], districts["returned_on"], strict=True) if part_of}
    return [kept.get(district) for district in districts["id"]]


def _sources(root: Path, problems: list[Problem]) -> pd.DataFrame | None:
    name = "sources.csv"
    label = _label(root, name)
    rows = read_csv(root / name, label, SOURCE_COLUMNS, problems)
    records = []
    for line, record in rows:
        check = FieldCheck(label, line, record, problems)
        precision = check.choice("published_precision", PUBLISHED_PRECISIONS)
        records.append({"id": check.text("id"), "title": check.text("title"),
                        "title_kind": check.choice("title_kind", TITLE_KINDS),
                        "publisher": check.text("publisher"),
                        "published": _published(check, precision),
                        "published_precision": precision,
                        "url": check.url("url"), "licence": check.text("licence")})
    _duplicates(label, [(line, r["id"]) for (line, _), r in zip(rows, records, strict=True)],
                problems)
    if not records:
        return None
    return pd.DataFrame(records).set_index("id", drop=False)


def _published(check: FieldCheck, precision: str | None) -> date | None:
    """The publication date in the form its precision asks for (a month as its 1st day)."""
    if precision == "day":
        return check.date("published")
    if precision == "month":
        return check.month("published")
    if precision == "unknown" and check.text("published", required=False):
        check.fail("published", "must be empty when published_precision is 'unknown'")
    return None


def _districts(root: Path, known: set[str] | None, problems: list[Problem]) -> list[dict]:
    name = "districts.geojson"
    label = _label(root, name)
    collection = read_json(root / name, label, problems)
    features = _features(collection, label, problems)
    districts = []
    for number, feature in features:
        check = FieldCheck(label, number, _properties(feature, label, number, problems), problems)
        district = {
            "id": check.text("id"),
            **{f"name_{code}": check.text(f"name_{code}", required=code not in OPTIONAL_NAMES)
               for code, _ in NAME_LANGUAGES},
            "label_hy": check.text("label_hy"),
            "role": check.choice("role", ROLES),
            "area_km2": check.number("area_km2", 0.01, 1e6),
            "sources": check.sources("sources", known),
            # Optional provenance: the Natural Earth code and label, and why it was changed.
            **{field: check.text(field, required=False) for field in PROVENANCE_FIELDS},
            # A corridor's places (corridor.geojson), in each language.
            **{column: "" for column in WAYPOINT_COLUMNS.values()},
            "geometry": _in_region(_polygon(feature.get("geometry"), check), check),
        }
        districts.append(district)
    _duplicates(label, [(n, d["id"]) for (n, _), d in zip(features, districts, strict=True)],
                problems)
    return districts


def _corridors(root: Path, known: set[str] | None, roles: dict[str, str],
               problems: list[Problem]) -> list[dict]:
    """Optional: areas kept out of their district's handover, drawn from cited waypoints.

    Each is a line through its waypoints, widened to ``width_km``: an approximate outline,
    which the dashboard says wherever it shows one.
    """
    name = "corridor.geojson"
    label = _label(root, name)
    if not (root / name).exists():
        return []
    corridors = []
    for number, feature in _features(read_json(root / name, label, problems), label, problems):
        props = _properties(feature, label, number, problems)
        check = FieldCheck(label, number, props, problems)
        corridor = {
            "id": check.text("id"),
            **{f"name_{code}": check.text(f"name_{code}", required=code not in OPTIONAL_NAMES)
               for code, _ in NAME_LANGUAGES},
            "label_hy": check.text("label_hy"),
            "role": "corridor",
            "sources": check.sources("sources", known),
            **{field: "" for field in PROVENANCE_FIELDS},
        }
        corridor["within"] = check.text("within")
        if roles and corridor["within"] and roles.get(corridor["within"]) != "handover":
            check.fail("within", f"{corridor['within']!r} is not a handover district in "
                                 "districts.geojson")
        width = check.number("width_km", 0.1, 50)
        line = _waypoint_line(feature.get("geometry"), props.get("waypoints"), known, check)
        if line is not None and _in_region(line[0], check) is None:
            line = None
        corridor.update({column: line[1][code] if line else ""
                         for code, column in WAYPOINT_COLUMNS.items()})
        if line is None or width is None:
            corridor["geometry"], corridor["area_km2"] = None, None
        else:
            local = gpd.GeoSeries([line[0]], crs="EPSG:4326").to_crs(LOCAL_CRS)
            outline = local.buffer(width * 500)  # half the width on each side of the road
            corridor["area_km2"] = round(float(outline.area.iloc[0]) / 1e6, 1)
            corridor["geometry"] = outline.to_crs("EPSG:4326").iloc[0]
        corridors.append(corridor)
    return corridors


def _waypoint_line(geometry: object, waypoints: object, known: set[str] | None,
                   check: FieldCheck) -> tuple[BaseGeometry, dict[str, str]] | None:
    """The road line and its places in words per language, if every vertex is cited.

    Every waypoint names its place in each interface language (``place``, ``place_az``, …).
    """
    try:
        line = shape(geometry) if isinstance(geometry, dict) else None
    except Exception:  # shapely raises several types for malformed GeoJSON
        line = None
    if line is None or line.geom_type != "LineString" or len(line.coords) < 2:
        check.fail("geometry", "must be a LineString through two or more waypoints")
        return None
    if not isinstance(waypoints, list) or len(waypoints) != len(line.coords):
        check.fail("waypoints", f"must list one place for each of the line's "
                                f"{len(line.coords)} points, in order")
        return None
    places: dict[str, list[str]] = {code: [] for code in WAYPOINT_COLUMNS}
    for number, point in enumerate(waypoints, start=1):
        if not isinstance(point, dict) or not str(point.get("place", "")).strip():
            check.fail("waypoints", f"point {number} has no place")
            return None
        keys = {code: "place" if code == "en" else f"place_{code}" for code in places}
        missing = [key for key in keys.values() if not str(point.get(key, "")).strip()]
        if missing:
            check.fail("waypoints", f"point {number} ({point['place']}) has no "
                                    f"{', '.join(missing)}")
            return None
        cited = [s.strip() for s in str(point.get("sources", "")).split(";") if s.strip()]
        if not cited or (known is not None and not set(cited) <= known):
            check.fail("waypoints", f"point {number} ({point['place']}) must cite sources "
                                    "listed in sources.csv")
            return None
        for code, key in keys.items():
            places[code].append(str(point[key]).strip())
    return line, {code: ", ".join(names) for code, names in places.items()}


def _handovers(root: Path, known: set[str] | None, roles: dict[str, str],
               within: dict[str, str], spans: list[tuple[date, date]],
               problems: list[Problem]) -> list[dict]:
    name = "handovers.csv"
    label = _label(root, name)
    rows = read_csv(root / name, label, HANDOVER_COLUMNS, problems)
    handovers = []
    for line, record in rows:
        check = FieldCheck(label, line, record, problems)
        corridor = bool(record.get("part_of", "").strip())
        row = {
            "district_id": check.text("district_id"),
            "controlled_since": check.date("controlled_since"),
            # A corridor was kept out of the handover: no deadline applied to it.
            "deadline": check.date("deadline", required=not corridor),
            "revised_deadline": check.date("revised_deadline", required=False),
            "revision_announced_on": check.date("revision_announced_on", required=False),
            "returned_on": check.date("returned_on", required=False),
            "caveat": check.text("caveat", required=False),
            "part_of": check.text("part_of", required=False) or None,
            "return_note": check.text("return_note", required=False),
            "sources": check.sources("sources", known),
        }
        district = row["district_id"]
        if roles and district and district not in roles:
            check.fail("district_id", f"{district!r} is not a district in districts.geojson "
                                      "or corridor.geojson")
        elif roles.get(district) == "context":
            check.fail("district_id", f"{district!r} has role 'context', not 'handover'")
        part_of = row["part_of"]
        if corridor and row["deadline"] is not None:
            check.fail("deadline", "must be empty for a corridor, which had none")
        if (roles.get(district) == "corridor") != bool(part_of):
            check.fail("part_of", "names the district a corridor was part of, for corridors only")
        elif part_of and roles.get(part_of) != "handover":
            check.fail("part_of", f"{part_of!r} is not a handover district")
        elif part_of and within.get(district, part_of) != part_of:
            check.fail("part_of", f"{part_of!r} is not the district corridor.geojson puts the "
                                  f"corridor in ({within[district]!r})")
        if bool(record["revised_deadline"]) != bool(record["revision_announced_on"]):
            check.fail("revision_announced_on",
                       "and revised_deadline must be given together or not at all")
        _order(check, row, "controlled_since", "deadline")
        _order(check, row, "revision_announced_on", "revised_deadline")
        _in_periods(check, row, spans, "deadline", "revised_deadline", "revision_announced_on",
                    "returned_on")
        handovers.append(row)
    _duplicates(label, [(line, h["district_id"]) for (line, _), h in
                        zip(rows, handovers, strict=True)], problems, field="district_id")
    if rows:
        listed = {h["district_id"] for h in handovers}
        for district, role in roles.items():
            if role in HANDED_OVER and district not in listed:
                problems.append(Problem(label, f"has no row for handover district {district!r}"))
    return handovers


def _events(root: Path, known: set[str] | None, districts: dict[str, BaseGeometry | None],
            spans: list[tuple[date, date]], problems: list[Problem]) -> list[dict]:
    """Events; a marker tagged with a district must lie in it (see geo.dataset.placement)."""
    name = "events.csv"
    label = _label(root, name)
    rows = read_csv(root / name, label, EVENT_COLUMNS, problems)
    events = []
    for line, record in rows:
        check = FieldCheck(label, line, record, problems)
        event = {
            "id": check.text("id"),
            "start": check.date("start"),
            "end": check.date("end", required=False),
            "time_precision": check.choice("time_precision", TIME_PRECISIONS),
            "title": check.text("title"),
            "summary": check.text("summary"),
            "category": check.text("category"),
            "geo_precision": check.choice("geo_precision", GEO_PRECISIONS),
            "district_id": check.text("district_id", required=False) or None,
            "sources": check.sources("sources", known),
        }
        lat = check.number("lat", -90, 90)
        lon = check.number("lon", -180, 180)
        event["geometry"] = Point(lon, lat) if lat is not None and lon is not None else None
        district = event["district_id"]
        if districts and district and district not in districts:
            check.fail("district_id", f"{district!r} is not a district in districts.geojson")
        elif district and districts.get(district) is not None and event["geometry"] is not None:
            where = placement_problem(event["geo_precision"],
                                      metres_outside(event["geometry"], districts[district]),
                                      district)
            if where:
                check.fail("district_id", where)
        _order(check, event, "start", "end")
        _in_periods(check, event, spans, "start", "end")
        events.append(event)
    _duplicates(label, [(line, e["id"]) for (line, _), e in zip(rows, events, strict=True)],
                problems)
    return events


def _figures(root: Path, known: set[str] | None, spans: list[tuple[date, date]],
             problems: list[Problem]) -> pd.DataFrame | None:
    """Optional: reported figures, each with who gives it; without the file, no figures."""
    name = "figures.csv"
    label = _label(root, name)
    if not (root / name).exists():
        return None
    rows = read_csv(root / name, label, FIGURE_COLUMNS, problems)
    figures = []
    for line, record in rows:
        check = FieldCheck(label, line, record, problems)
        figure = {"id": check.text("id"), "topic": check.choice("topic", FIGURE_TOPICS),
                  "claim": check.text("claim"), "according_to": check.text("according_to"),
                  "reported_on": check.date("reported_on", required=False),
                  "sources": check.sources("sources", known)}
        _in_periods(check, figure, spans, "reported_on")
        figures.append(figure)
    _duplicates(label, [(line, f["id"]) for (line, _), f in zip(rows, figures, strict=True)],
                problems)
    return pd.DataFrame(figures, columns=list(FIGURE_COLUMNS))


def _periods(root: Path, known: set[str] | None, problems: list[Problem]) -> list[dict]:
    """The story's periods: in order, not overlapping, each with its focus inside it."""
    name = "periods.csv"
    label = _label(root, name)
    rows = read_csv(root / name, label, PERIOD_COLUMNS, problems)
    periods = []
    for line, record in rows:
        check = FieldCheck(label, line, record, problems)
        period = {"id": check.text("id"), "start": check.date("start"), "end": check.date("end"),
                  "focus": check.date("focus"), "title": check.text("title"),
                  "sources": check.sources("sources", known)}
        _order(check, period, "start", "end")
        _order(check, period, "start", "focus")
        _order(check, period, "focus", "end")
        if periods and period["start"] and periods[-1]["end"] and \
                period["start"] <= periods[-1]["end"]:
            check.fail("start", f"{period['start']} is not after the end of the period before, "
                                f"{periods[-1]['end']}")
        periods.append(period)
    if not rows and (root / name).exists():
        problems.append(Problem(label, "has no periods: the story needs at least one"))
    _duplicates(label, [(line, p["id"]) for (line, _), p in zip(rows, periods, strict=True)],
                problems)
    return periods


def _basemap(root: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    """Optional: without it the no-tiles map shows only the districts."""
    name = "basemap.geojson"
    label = _label(root, name)
    if not (root / name).exists():
        return None
    features = _features(read_json(root / name, label, problems), label, problems)
    shapes = []
    for number, feature in features:
        check = FieldCheck(label, number, _properties(feature, label, number, problems), problems)
        shapes.append({"iso_a2": check.text("iso_a2", required=False),
                       "geometry": _polygon(feature.get("geometry"), check)})
    if not shapes:
        return None
    return gpd.GeoDataFrame(shapes, geometry="geometry", crs="EPSG:4326")


def _label(root: Path, name: str) -> str:
    """How messages name a file: with its folder, as in 'data/events.csv'."""
    return f"{root.name}/{name}"


def _features(collection: object, label: str, problems: list[Problem]) -> list[tuple[int, dict]]:
    """(1-based number, feature) pairs of a FeatureCollection."""
    if collection is None:
        return []
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list) or collection.get("type") != "FeatureCollection":
        problems.append(Problem(label, "is not a GeoJSON FeatureCollection"))
        return []
    if not features:
        problems.append(Problem(label, "has no features"))
    numbered = []
    for number, feature in enumerate(features, start=1):
        if isinstance(feature, dict):
            numbered.append((number, feature))
        else:
            problems.append(Problem(label, "is not a GeoJSON Feature", row=number))
    return numbered


def _properties(feature: dict, label: str, number: int, problems: list[Problem]) -> dict:
    """A feature's properties object; anything else is reported and read as no properties."""
    props = feature.get("properties")
    if props is None or isinstance(props, dict):
        return props or {}
    problems.append(Problem(label, "is not a JSON object", row=number, field="properties"))
    return {}


def _polygon(geometry: object, check: FieldCheck) -> BaseGeometry | None:
    """A valid, non-empty (Multi)Polygon in longitude/latitude, or None after a problem."""
    if geometry is None:
        check.fail("geometry", "is missing")
        return None
    try:
        geom = shape(geometry)
    except Exception as err:  # shapely raises several types for malformed GeoJSON
        check.fail("geometry", f"is not valid GeoJSON geometry ({err})")
        return None
    if geom.is_empty:
        check.fail("geometry", "is empty")
        return None
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        check.fail("geometry", f"is a {geom.geom_type}, expected Polygon or MultiPolygon")
        return None
    if not geom.is_valid:
        check.fail("geometry", f"is invalid: {explain_validity(geom)}")
        return None
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        check.fail("geometry", "has coordinates outside longitude/latitude range")
        return None
    return geom


def _in_periods(check: FieldCheck, row: dict, spans: list[tuple[date, date]],
                *fields: str) -> None:
    """Every date of the story lies in one of its periods (periods.csv).

    A date outside them is a typo (2099 for 2009) or a period not declared yet.
    """
    if not spans:
        return
    for field in fields:
        day = row[field]
        if day is not None and not any(start <= day <= end for start, end in spans):
            allowed = "; ".join(f"{start} – {end}" for start, end in spans)
            check.fail(field, f"{day} is outside the story's periods in periods.csv ({allowed})")


def _in_region(geom: BaseGeometry | None, check: FieldCheck) -> BaseGeometry | None:
    """``geom`` if it lies in MAP_REGION, else None after a problem that says why."""
    if geom is None:
        return None
    west, south, east, north = MAP_REGION
    minx, miny, maxx, maxy = geom.bounds
    if west <= minx and maxx <= east and south <= miny and maxy <= north:
        return geom
    if west <= miny and maxy <= east and south <= minx and maxx <= north:
        check.fail("geometry", "has latitude and longitude swapped: GeoJSON gives longitude "
                               "first, then latitude")
    else:
        check.fail("geometry", f"lies outside the map's region (longitude {west}–{east}, "
                               f"latitude {south}–{north})")
    return None


def _order(check: FieldCheck, row: dict, first: str, second: str) -> None:
    if row[first] and row[second] and row[second] < row[first]:
        check.fail(second, f"{row[second]} is before {first} {row[first]}")


def _duplicates(label: str, ids: list[tuple[int, str]], problems: list[Problem],
                field: str = "id") -> None:
    counts = Counter(value for _, value in ids if value)
    for line, value in ids:
        if counts[value] > 1:
            problems.append(Problem(label, f"{value!r} appears {counts[value]} times",
                                    row=line, field=field))
