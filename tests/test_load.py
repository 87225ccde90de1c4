"""geo.load on the real data/, and on broken copies of it (issue 2, item 8).

Every bad-input case breaks one thing in a copy of data/ (the data_copy fixture) and checks that
`geo.load` refuses it with a `geo.DataError` whose problem names the file, the row and the
field; a few are also run through `python -m geo validate`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from datacopy import edit_csv, edit_features, feature, mirror_texts, row, set_cells
from shapely.geometry import Point

import geo

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HANDOVER_IDS = ["kalbajar", "aghdam", "lachin"]
CONTEXT_IDS = ["fuzuli", "jabrayil", "zangilan", "qubadli", "shusha", "khojaly", "khojavend",
               "tartar", "khankendi"]
# A self-intersecting "bow-tie" near Kalbajar: valid GeoJSON, invalid polygon.
BOW_TIE = {"type": "Polygon",
           "coordinates": [[[46.0, 40.0], [46.1, 40.1], [46.1, 40.0], [46.0, 40.1], [46.0, 40.0]]]}


@pytest.fixture(scope="module")
def dataset() -> geo.Dataset:
    return geo.load(DATA)


# ---------------------------------------------------------------- helpers that break a copy


def drop_row(path: Path, key: str) -> None:
    edit_csv(path, lambda rows: rows.remove(row(rows, key)))


def append_copy_of_row(path: Path, key: str) -> None:
    edit_csv(path, lambda rows: rows.append(dict(row(rows, key))))


def drop_column(path: Path, column: str) -> None:
    def drop(rows: list[dict[str, str]]) -> None:
        for each in rows:
            del each[column]
    edit_csv(path, drop)


def cut_after(path: Path, marker: str) -> None:
    """Truncate the file right after the first occurrence of `marker`."""
    text = path.read_text(encoding="utf-8")
    assert marker in text
    path.write_text(text[: text.index(marker) + len(marker)], encoding="utf-8")


def cut_in_half(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def reencode(path: Path, encoding: str) -> None:
    # A character the encoding lacks becomes "?": the file is still not UTF-8 elsewhere.
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))


def set_geometry(district_id: str, geometry: dict | None) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        feature(features, district_id)["geometry"] = geometry
    return change


def set_property(district_id: str, name: str, value: object) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        feature(features, district_id)["properties"][name] = value
    return change


def move_points(district_id: str, move: Callable[[float, float], list[float]]
                ) -> Callable[[list[dict]], None]:
    """Rewrite every point of a district's polygon as ``move(x, y)``."""
    def change(features: list[dict]) -> None:
        geometry = feature(features, district_id)["geometry"]
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [
            ring for polygon in geometry["coordinates"] for ring in polygon]
        for ring in rings:
            ring[:] = [move(x, y) for x, y in ring]
    return change


def swap_coordinates(district_id: str) -> Callable[[list[dict]], None]:
    """Write a polygon's points as (latitude, longitude), a common mistake."""
    return move_points(district_id, lambda x, y: [y, x])


def shift_coordinates(district_id: str, degrees: float) -> Callable[[list[dict]], None]:
    """Move a polygon east by ``degrees``, out of the map's region."""
    return move_points(district_id, lambda x, y: [x + degrees, y])


def remove_geometry_key(district_id: str) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        del feature(features, district_id)["geometry"]
    return change


def remove_district(district_id: str) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        features.remove(feature(features, district_id))
    return change


def drop_waypoint_name(key: str) -> Callable[[list[dict]], None]:
    def change(features: list[dict]) -> None:
        del features[0]["properties"]["waypoints"][1][key]
    return change


def districts(d: Path) -> Path:
    return d / "districts.geojson"


# ---------------------------------------------------------------- the bad-input matrix

# Each case: how to break the copy, then the problem expected as
# (file, row, field, part of the message). Rows are CSV lines (header = row 1) or GeoJSON
# feature numbers; row and field are None when the whole file is at fault.
CASES = [
    # missing, empty, truncated files
    pytest.param(lambda d: (d / "events.csv").unlink(),
                 ("events.csv", None, None, "file is missing"), id="missing-events.csv"),
    pytest.param(lambda d: districts(d).unlink(),
                 ("districts.geojson", None, None, "file is missing"),
                 id="missing-districts.geojson"),
    pytest.param(lambda d: (d / "handovers.csv").write_text(""),
                 ("handovers.csv", None, None, "file is empty"), id="empty-handovers.csv"),
    pytest.param(lambda d: districts(d).write_text(" \n"),
                 ("districts.geojson", None, None, "file is empty"),
                 id="empty-districts.geojson"),
    pytest.param(lambda d: cut_after(d / "sources.csv", "licence\n"),
                 ("sources.csv", None, None, "has no data rows"), id="header-only-sources.csv"),
    pytest.param(lambda d: cut_after(d / "events.csv", "E17,2020-12-01,,day,Peace"),
                 ("events.csv", 18, None, "has 5 fields, expected 12"),
                 id="truncated-events.csv-mid-row"),
    pytest.param(lambda d: cut_after(d / "handovers.csv", '"A corridor about 5 km'),
                 ("handovers.csv", 4, None, "is not valid CSV"),
                 id="truncated-handovers.csv-inside-quotes"),
    pytest.param(lambda d: cut_in_half(districts(d)),
                 ("districts.geojson", None, None, "is not valid JSON"),
                 id="truncated-districts.geojson"),
    pytest.param(lambda d: cut_in_half(d / "basemap.geojson"),
                 ("basemap.geojson", None, None, "is it truncated?"),
                 id="truncated-basemap.geojson"),
    # encoding
    pytest.param(lambda d: reencode(d / "sources.csv", "cp1252"),
                 # Its first non-ASCII character ("©") is on line 2: the line is named.
                 ("sources.csv", 2, None, "is not UTF-8 text"), id="sources.csv-cp1252"),
    pytest.param(lambda d: reencode(districts(d), "utf-16"),
                 ("districts.geojson", 1, None, "is not UTF-8 text"),
                 id="districts.geojson-utf16"),
    # columns
    pytest.param(lambda d: drop_column(d / "events.csv", "lat"),
                 ("events.csv", 1, "lat", "column is missing"), id="events.csv-no-lat-column"),
    pytest.param(lambda d: drop_column(d / "handovers.csv", "deadline"),
                 ("handovers.csv", 1, "deadline", "column is missing"),
                 id="handovers.csv-no-deadline-column"),
    pytest.param(lambda d: cut_after(d / "events.csv", "E01,2020-09-27,,day,War breaks out,Large"
                                     "-scale fighting starts across the region"),
                 ("events.csv", 2, None, "has 6 fields, expected 12"),
                 id="events.csv-unquoted-comma-row"),
    # dates
    pytest.param(lambda d: set_cells(d / "events.csv", "E07", start="2020-13-01"),
                 ("events.csv", 8, "start", "'2020-13-01' is not a date (YYYY-MM-DD)"),
                 id="events.csv-month-13"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "kalbajar", deadline="15/11/2020"),
                 ("handovers.csv", 2, "deadline", "'15/11/2020' is not a date (YYYY-MM-DD)"),
                 id="handovers.csv-day-first-date"),
    pytest.param(lambda d: set_cells(d / "sources.csv", "S1", published="2020-11-5"),
                 ("sources.csv", 2, "published", "'2020-11-5' is not a date (YYYY-MM-DD)"),
                 id="sources.csv-one-digit-day"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "aghdam", deadline="20201120"),
                 ("handovers.csv", 3, "deadline", "'20201120' is not a date (YYYY-MM-DD)"),
                 id="handovers.csv-iso-basic-form"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E03", end="2020-11-09"),
                 ("events.csv", 4, "end", "2020-11-09 is before start 2020-11-10"),
                 id="events.csv-end-before-start"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "kalbajar",
                                     revised_deadline="2020-11-14"),
                 ("handovers.csv", 2, "revised_deadline",
                  "2020-11-14 is before revision_announced_on 2020-11-15"),
                 id="handovers.csv-revision-before-announcement"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "kalbajar", revision_announced_on=""),
                 ("handovers.csv", 2, "revision_announced_on", "must be given together"),
                 id="handovers.csv-revision-not-announced"),
    # coordinates and choices
    pytest.param(lambda d: set_cells(d / "events.csv", "E05", lat="91"),
                 ("events.csv", 6, "lat", "91 is out of range (-90 to 90)"),
                 id="events.csv-lat-91"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E05", lon="-181"),
                 ("events.csv", 6, "lon", "-181 is out of range (-180 to 180)"),
                 id="events.csv-lon--181"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E05", lat="40,178"),
                 ("events.csv", 6, "lat", "'40,178' is not a number"),
                 id="events.csv-lat-decimal-comma"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E09", geo_precision="precise"),
                 ("events.csv", 10, "geo_precision", "'precise' is not one of: exact"),
                 id="events.csv-unknown-geo_precision"),
    # A name in every interface language: Armenian readers see label_hy, never English.
    pytest.param(lambda d: edit_features(districts(d), set_property("aghdam", "label_hy", "")),
                 ("districts.geojson", 2, "label_hy", "is empty"),
                 id="districts.geojson-no-armenian-label"),
    pytest.param(lambda d: edit_features(d / "corridor.geojson", drop_waypoint_name("place_ru")),
                 ("corridor.geojson", 1, "waypoints", "point 2 (Sus) has no place_ru"),
                 id="corridor.geojson-waypoint-without-russian"),
    pytest.param(lambda d: edit_features(districts(d), set_property("kalbajar", "role", "held")),
                 ("districts.geojson", 1, "role", "'held' is not one of: handover, context"),
                 id="districts.geojson-unknown-role"),
    # ids
    pytest.param(lambda d: set_cells(d / "events.csv", "E08", district_id="kelbajar"),
                 ("events.csv", 9, "district_id",
                  "'kelbajar' is not a district in districts.geojson"),
                 id="events.csv-unknown-district"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "aghdam", district_id="agdam"),
                 ("handovers.csv", 3, "district_id",
                  "'agdam' is not a district in districts.geojson"),
                 id="handovers.csv-unknown-district"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "aghdam", district_id="fuzuli"),
                 ("handovers.csv", 3, "district_id", "'fuzuli' has role 'context'"),
                 id="handovers.csv-context-district"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E10", id="E09"),
                 ("events.csv", 11, "id", "'E09' appears 2 times"), id="events.csv-duplicate-id"),
    pytest.param(lambda d: append_copy_of_row(d / "handovers.csv", "lachin"),
                 ("handovers.csv", 4, "district_id", "'lachin' appears 2 times"),
                 id="handovers.csv-duplicate-district"),
    pytest.param(lambda d: edit_features(districts(d), set_property("jabrayil", "id", "fuzuli")),
                 ("districts.geojson", 5, "id", "'fuzuli' appears 2 times"),
                 id="districts.geojson-duplicate-id"),
    # Every polygon in the map's region; one with latitude and longitude swapped is named so,
    # in districts.geojson (not as events outside it, even where events are tagged with it).
    pytest.param(lambda d: edit_features(districts(d), swap_coordinates("qubadli")),
                 ("districts.geojson", 7, "geometry", "has latitude and longitude swapped"),
                 id="districts.geojson-swapped-untagged"),
    pytest.param(lambda d: edit_features(districts(d), swap_coordinates("kalbajar")),
                 ("districts.geojson", 1, "geometry", "has latitude and longitude swapped"),
                 id="districts.geojson-swapped-tagged"),
    pytest.param(lambda d: edit_features(districts(d), shift_coordinates("fuzuli", 10.0)),
                 ("districts.geojson", 4, "geometry", "lies outside the map's region"),
                 id="districts.geojson-outside-the-region"),
    pytest.param(lambda d: edit_features(d / "corridor.geojson", lambda features: features[0][
                     "geometry"].update(coordinates=[[y, x] for x, y in features[0][
                         "geometry"]["coordinates"]])),
                 ("corridor.geojson", 1, "geometry", "has latitude and longitude swapped"),
                 id="corridor.geojson-swapped"),
    # The story's periods (periods.csv): a date outside them would stretch the slider.
    pytest.param(lambda d: set_cells(d / "events.csv", "E18", start="2099-11-15"),
                 ("events.csv", 19, "start", "2099-11-15 is outside the story's periods"),
                 id="events.csv-date-outside-the-periods"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "lachin_corridor",
                                     returned_on="2024-08-26"),
                 ("handovers.csv", 5, "returned_on", "is outside the story's periods"),
                 id="handovers.csv-date-outside-the-periods"),
    pytest.param(lambda d: set_cells(d / "periods.csv", "P2", start="2020-12-01"),
                 ("periods.csv", 3, "start", "is not after the end of the period before"),
                 id="periods.csv-overlap"),
    pytest.param(lambda d: set_cells(d / "periods.csv", "P1", focus="2021-01-01"),
                 ("periods.csv", 2, "end", "is before focus"), id="periods.csv-focus-outside"),
    # The corridor: every point of its line a cited place, and its row says what it was part of.
    pytest.param(lambda d: edit_features(d / "corridor.geojson", lambda features: features[0][
                     "properties"]["waypoints"][1].update(sources="S99")),
                 ("corridor.geojson", 1, "waypoints", "point 2 (Sus) must cite sources"),
                 id="corridor.geojson-uncited-waypoint"),
    pytest.param(lambda d: edit_features(d / "corridor.geojson", lambda features: features[0][
                     "properties"]["waypoints"].pop()),
                 ("corridor.geojson", 1, "waypoints", "one place for each of the line's 4"),
                 id="corridor.geojson-waypoints-do-not-match-the-line"),
    pytest.param(lambda d: edit_features(d / "corridor.geojson", lambda features: features[0][
                     "properties"].update(within="kalbajar")),
                 ("handovers.csv", 5, "part_of",
                  "'lachin' is not the district corridor.geojson puts the corridor in"),
                 id="corridor-within-and-part-of-disagree"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "lachin_corridor", part_of=""),
                 ("handovers.csv", 5, "part_of", "names the district a corridor was part of"),
                 id="handovers.csv-corridor-without-its-district"),
    pytest.param(lambda d: set_cells(d / "sources.csv", "S13", id="S12"),
                 ("sources.csv", 14, "id", "'S12' appears 2 times"),
                 id="sources.csv-duplicate-id"),
    pytest.param(lambda d: set_cells(d / "events.csv", "E06", sources="S1;S99"),
                 ("events.csv", 7, "sources", "cites unknown source 'S99' (not in sources.csv)"),
                 id="events.csv-unknown-source"),
    pytest.param(lambda d: set_cells(d / "handovers.csv", "lachin", sources=""),
                 ("handovers.csv", 4, "sources", "is empty"), id="handovers.csv-no-source"),
    pytest.param(lambda d: edit_features(districts(d), set_property("lachin", "sources", "S3;S42")),
                 ("districts.geojson", 3, "sources", "cites unknown source 'S42'"),
                 id="districts.geojson-unknown-source"),
    pytest.param(lambda d: edit_features(districts(d), set_property("shusha", "sources", None)),
                 ("districts.geojson", 8, "sources", "is empty"),
                 id="districts.geojson-null-sources"),
    pytest.param(lambda d: edit_features(districts(d), set_property("shusha", "sources", ";")),
                 ("districts.geojson", 8, "sources", "lists no source id"),
                 id="districts.geojson-separator-only-sources"),
    # geometry
    pytest.param(lambda d: edit_features(districts(d), set_geometry(
                     "aghdam", {"type": "Polygon", "coordinates": []})),
                 ("districts.geojson", 2, "geometry", "is empty"),
                 id="districts.geojson-empty-geometry"),
    pytest.param(lambda d: edit_features(districts(d), set_geometry("kalbajar", BOW_TIE)),
                 ("districts.geojson", 1, "geometry", "is invalid: Self-intersection"),
                 id="districts.geojson-bow-tie"),
    pytest.param(lambda d: edit_features(districts(d), set_geometry("lachin", None)),
                 ("districts.geojson", 3, "geometry", "is missing"),
                 id="districts.geojson-null-geometry"),
    pytest.param(lambda d: edit_features(districts(d), remove_geometry_key("tartar")),
                 ("districts.geojson", 11, "geometry", "is missing"),
                 id="districts.geojson-no-geometry-key"),
    pytest.param(lambda d: edit_features(districts(d), set_geometry(
                     "aghdam", {"type": "Point", "coordinates": [46.93, 39.991]})),
                 ("districts.geojson", 2, "geometry", "is a Point, expected Polygon"),
                 id="districts.geojson-point-geometry"),
    pytest.param(lambda d: edit_features(districts(d), set_geometry(
                     "aghdam", {"type": "Polygon", "coordinates": [[[46.9, 39.9], [47, 40]]]})),
                 ("districts.geojson", 2, "geometry", "is not valid GeoJSON geometry"),
                 id="districts.geojson-two-point-ring"),
    pytest.param(lambda d: edit_features(d / "basemap.geojson",
                                         lambda fs: fs[0].update(geometry=BOW_TIE)),
                 ("basemap.geojson", 1, "geometry", "is invalid: Self-intersection"),
                 id="basemap.geojson-bow-tie"),
    pytest.param(lambda d: edit_features(districts(d),
                                         lambda fs: fs[3].update(properties="fuzuli")),
                 ("districts.geojson", 4, "properties", "is not a JSON object"),
                 id="districts.geojson-properties-not-object"),
    # handover districts must have a polygon and a schedule row
    pytest.param(lambda d: edit_features(districts(d), remove_district("lachin")),
                 ("handovers.csv", 4, "district_id",
                  "'lachin' is not a district in districts.geojson"),
                 id="handover-district-without-geometry"),
    pytest.param(lambda d: drop_row(d / "handovers.csv", "aghdam"),
                 ("handovers.csv", None, None, "has no row for handover district 'aghdam'"),
                 id="handover-district-without-handovers-row"),
    # links
    pytest.param(lambda d: set_cells(d / "sources.csv", "S5", url="javascript:alert(1)"),
                 ("sources.csv", 6, "url", "'javascript:alert(1)' is not an http(s) URL"),
                 id="sources.csv-javascript-url"),
    pytest.param(lambda d: set_cells(d / "sources.csv", "S5", url="data:text/html,<b>x</b>"),
                 ("sources.csv", 6, "url", "is not an http(s) URL"),
                 id="sources.csv-data-url"),
]

# Run through the command line too: one per kind of failure.
CLI_CASES = {"missing-events.csv", "truncated-districts.geojson", "sources.csv-cp1252",
             "events.csv-no-lat-column", "events.csv-month-13", "districts.geojson-bow-tie",
             "handover-district-without-geometry", "sources.csv-javascript-url"}


def expected_line(file: str, row: int | None, field: str | None, text: str) -> str:
    """How the problem starts when printed, e.g. 'data/events.csv row 8: start ...'."""
    where = f"data/{file}" if row is None else f"data/{file} row {row}"
    return f"{where}: {field + ' ' if field else ''}{text}"


def refusal(data_dir: Path) -> geo.DataError:
    with pytest.raises(geo.DataError) as caught:
        geo.load(data_dir)
    return caught.value


def assert_reports(error: geo.DataError, file: str, row: int | None, field: str | None,
                   text: str) -> None:
    found = [p for p in error.problems
             if (p.file, p.row, p.field) == (f"data/{file}", row, field) and text in p.message]
    wanted = expected_line(file, row, field, text)
    assert found, f"expected a problem like {wanted!r}, got:\n{error}"
    # The printed message names the file, the row and the field, in that order.
    assert any(str(p).startswith(expected_line(file, row, field, "")) for p in found)
    assert f"- {found[0]}" in str(error)


@pytest.mark.parametrize(("breakage", "expected"), CASES)
def test_broken_copy_is_refused(data_copy: Path, breakage, expected) -> None:
    breakage(data_copy)
    error = refusal(data_copy)
    assert_reports(error, *expected)
    assert error.problems, "a DataError always lists its problems"


@pytest.mark.slow  # a subprocess each; test_broken_copy_is_refused checks the same in-process
@pytest.mark.parametrize(("breakage", "expected"),
                         [case for case in CASES if case.id in CLI_CASES])
def test_cli_validate_refuses_broken_copy(data_copy: Path, breakage, expected) -> None:
    breakage(data_copy)
    result = run_validate(data_copy)
    assert result.returncode == 1
    assert expected_line(*expected) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def run_validate(data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HANDOVER_DATA_DIR"}
    return subprocess.run([sys.executable, "-m", "geo", "validate", "--data", str(data_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_issue_example_message_verbatim(data_copy: Path) -> None:
    set_cells(data_copy / "events.csv", "E06", start="2020-13-01")
    error = refusal(data_copy)
    assert "data/events.csv row 7: start '2020-13-01' is not a date (YYYY-MM-DD)" in [
        str(p) for p in error.problems]


def test_unchanged_copy_loads(data_copy: Path) -> None:
    """The helpers themselves break nothing: a rewritten but unchanged copy still loads."""
    for name in ("events.csv", "handovers.csv", "sources.csv"):
        edit_csv(data_copy / name, lambda rows: None)
    edit_features(districts(data_copy), lambda features: None)
    assert len(geo.load(data_copy).districts) == 13  # 12 districts and the corridor


def test_missing_basemap_is_allowed(data_copy: Path) -> None:
    """basemap.geojson is optional: without it the map shows only the districts."""
    (data_copy / "basemap.geojson").unlink()
    assert geo.load(data_copy).basemap is None


@pytest.mark.slow  # ends with `python -m geo validate` in a subprocess
def test_all_problems_reported_together(data_copy: Path) -> None:
    set_cells(data_copy / "events.csv", "E07", start="2020-13-01")
    set_cells(data_copy / "sources.csv", "S5", url="javascript:alert(1)")
    edit_features(districts(data_copy), set_geometry("kalbajar", BOW_TIE))
    drop_column(data_copy / "handovers.csv", "caveat")

    error = refusal(data_copy)

    expected = [("events.csv", 8, "start", "is not a date"),
                ("sources.csv", 6, "url", "is not an http(s) URL"),
                ("districts.geojson", 1, "geometry", "is invalid"),
                ("handovers.csv", 1, "caveat", "column is missing")]
    for problem in expected:
        assert_reports(error, *problem)
    assert str(error).startswith(f"{len(error.problems)} problems in the data:")
    assert len(error.problems) == 4, str(error)

    result = run_validate(data_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for problem in expected:
        assert expected_line(*problem[:3], "") in result.stderr


# ---------------------------------------------------------------- the real data


def test_counts(dataset: geo.Dataset) -> None:
    assert len(dataset.districts) == 13
    assert sorted(dataset.districts["id"]) == sorted(
        [*HANDOVER_IDS, *CONTEXT_IDS, "lachin_corridor"])
    # Schedule order; the corridor shares Lachin's deadline and follows it.
    assert list(dataset.handover_districts["id"]) == [*HANDOVER_IDS, "lachin_corridor"]
    assert set(dataset.districts.loc[dataset.districts["role"] == "context", "id"]) == set(
        CONTEXT_IDS)
    assert len(dataset.events) == 20
    assert set(dataset.events["id"]) == {f"E{n:02d}" for n in range(1, 21)}
    assert len(dataset.sources) == 30
    assert dataset.basemap is not None and len(dataset.basemap) == 5


def test_districts_join_handovers_one_to_one(dataset: geo.Dataset) -> None:
    frame = dataset.districts
    assert frame["id"].is_unique
    by_id = frame.set_index("id")
    assert by_id.loc["kalbajar", "controlled_since"] == date(1993, 4, 2)
    assert by_id.loc["kalbajar", "deadline"] == date(2020, 11, 15)
    assert by_id.loc["kalbajar", "revised_deadline"] == date(2020, 11, 25)
    assert by_id.loc["kalbajar", "revision_announced_on"] == date(2020, 11, 15)
    assert by_id.loc["kalbajar", "returned_on"] == date(2020, 11, 25)
    assert by_id.loc["aghdam", "deadline"] == by_id.loc["aghdam", "returned_on"] == date(
        2020, 11, 20)
    assert by_id.loc["aghdam", "revised_deadline"] is None
    assert by_id.loc["lachin", "deadline"] == by_id.loc["lachin", "returned_on"] == date(
        2020, 12, 1)
    assert by_id.loc["lachin", "controlled_since"] == date(1992, 5, 18)
    assert "corridor" in by_id.loc["lachin", "caveat"]
    # Both Azerbaijani figures for the area held: AzerTAg (S10) and Trend (S19).
    assert by_id.loc["aghdam", "handover_sources"] == ["S2", "S14", "S6", "S10", "S19"]
    # Context districts have no schedule: missing dates are None, never NaN.
    for column in ("controlled_since", "deadline", "revised_deadline",
                   "revision_announced_on", "returned_on"):
        assert all(value is None for value in by_id.loc[CONTEXT_IDS, column]), column
    assert set(by_id.loc[CONTEXT_IDS, "caveat"]) == {""}
    assert all(end is None or isinstance(end, date) for end in dataset.events["end"])
    # The join keeps the district's own sources apart from the handover row's.
    assert by_id.loc["kalbajar", "sources"] == ["S3", "S4"]
    assert "district_id" not in frame.columns


def test_district_columns_and_types(dataset: geo.Dataset) -> None:
    frame = dataset.districts
    assert isinstance(frame, gpd.GeoDataFrame)
    assert frame.crs.to_epsg() == 4326
    for column in ("id", "name_en", "name_az", "name_hy", "name_ru", "role", "area_km2",
                   "sources", "geometry", "controlled_since", "deadline", "revised_deadline",
                   "revision_announced_on", "returned_on", "caveat", "handover_sources"):
        assert column in frame.columns, column
    assert set(frame["role"]) == {"handover", "context", "corridor"}
    assert pd.api.types.is_float_dtype(frame["area_km2"])
    assert all(geom.geom_type in ("Polygon", "MultiPolygon") for geom in frame.geometry)
    assert all(isinstance(s, list) and s for s in frame["sources"])
    for column in ("controlled_since", "deadline", "returned_on"):
        values = dict(zip(dataset.handover_districts["id"], dataset.handover_districts[column],
                          strict=True))
        if column == "deadline":  # the corridor had none: the statement kept it out
            assert values.pop("lachin_corridor") is None
        assert all(type(value) is date for value in values.values()), column


def test_event_columns_and_types(dataset: geo.Dataset) -> None:
    events = dataset.events
    assert isinstance(events, gpd.GeoDataFrame)
    assert events.crs.to_epsg() == 4326
    assert all(type(day) is date for day in events["start"])
    assert all(day is None or type(day) is date for day in events["end"])
    assert list(events["start"]) == sorted(events["start"])
    assert set(events["time_precision"]) <= {"day", "span", "within"}
    assert set(events["geo_precision"]) <= {"exact", "approximate", "region"}
    assert all(isinstance(point, Point) for point in events.geometry)
    e03 = events.set_index("id").loc["E03"]
    assert (e03.geometry.x, e03.geometry.y) == (46.752, 39.815)  # lon, lat
    assert e03["end"] == date(2020, 11, 15)
    assert e03["district_id"] == "khankendi"
    assert pd.isna(events.set_index("id").loc["E01", "district_id"])
    for cited in events["sources"]:
        assert cited and set(cited) <= set(dataset.sources.index)


def test_sources_indexed_by_id(dataset: geo.Dataset) -> None:
    sources = dataset.sources
    assert list(sources.index) == [f"S{n}" for n in range(1, 31)]
    assert sources.loc["S1", "published"] == date(2020, 11, 15)
    assert sources.loc["S1", "published_precision"] == "day"
    assert sources.loc["S2", "published"] is None
    assert sources.loc["S2", "published_precision"] == "unknown"
    # Only the month of S9 is known: kept as its first day, with month precision.
    assert sources.loc["S9", "published"] == date(2020, 12, 1)
    assert sources.loc["S9", "published_precision"] == "month"
    assert all(url.startswith(("https://", "http://")) for url in sources["url"])
    assert all(sources["licence"].str.len() > 0)


def test_every_row_cites_an_existing_source(dataset: geo.Dataset) -> None:
    known = set(dataset.sources.index)
    for column, frame in (("sources", dataset.districts), ("handover_sources",
                                                            dataset.handover_districts)):
        for cited in frame[column]:
            assert cited and set(cited) <= known


def test_html_in_text_is_kept_verbatim(data_copy: Path) -> None:
    title = '<b>Protests</b> & <script>alert("x")</script>'
    summary = "Text with `backticks`, ${injection} and <img src=x onerror=alert(1)>"
    set_cells(data_copy / "events.csv", "E05", title=title)
    set_cells(data_copy / "events.csv", "E05", summary=summary)
    mirror_texts(data_copy, "events.csv", "E05")
    set_cells(data_copy / "sources.csv", "S1", title="<i>The Moscow Times</i>")
    edit_features(districts(data_copy), set_property("kalbajar", "name_en", "Kalbajar <br>"))

    dataset = geo.load(data_copy)

    event = dataset.events.set_index("id").loc["E05"]
    assert event["title"] == title
    assert event["summary"] == summary
    assert dataset.sources.loc["S1", "title"] == "<i>The Moscow Times</i>"
    assert dataset.districts.set_index("id").loc["kalbajar", "name_en"] == "Kalbajar <br>"


def test_data_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HANDOVER_DATA_DIR", raising=False)
    assert geo.data_dir_from_env() == DATA
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(tmp_path))
    assert geo.data_dir_from_env() == tmp_path
    assert geo.data_dir_from_env(DATA) == DATA  # an explicit directory wins


def test_load_without_argument_reads_env_dir(monkeypatch: pytest.MonkeyPatch,
                                             data_copy: Path) -> None:
    (data_copy / "events.csv").unlink()
    monkeypatch.setenv("HANDOVER_DATA_DIR", str(data_copy))
    error = refusal(None)
    assert_reports(error, "events.csv", None, None, "file is missing")


def test_a_swapped_polygon_is_blamed_not_the_events_tagged_with_it(data_copy: Path) -> None:
    edit_features(districts(data_copy), swap_coordinates("kalbajar"))
    error = refusal(data_copy)
    assert [str(p) for p in error.problems] == [
        "data/districts.geojson row 1: geometry has latitude and longitude swapped: GeoJSON "
        "gives longitude first, then latitude"]
