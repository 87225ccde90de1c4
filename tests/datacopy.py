"""The one way tests copy data/ and edit the copy: CSV rows as dicts, GeoJSON features.

Use the ``data_copy`` fixture (conftest) for a fresh copy per test, or ``copy_data`` with
``tmp_path_factory`` for one shared by a module. Edits keep the files' own format (header
first, ``\\n`` line ends, minimal quoting), so an unedited copy is byte-for-byte valid data.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from geo.dataset.translations import LANGUAGES, TRANSLATABLE

DATA = Path(__file__).resolve().parent.parent / "data"

Rows = list[dict[str, str]]


def copy_data(target: Path) -> Path:
    """Copy data/ to ``target`` (which must not exist yet) and return it."""
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> Rows:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: Rows) -> None:
    """Write ``rows`` with a header of the first row's keys."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, edit: Callable[[Rows], object]) -> None:
    """Rewrite a CSV file after ``edit`` changed its rows in place."""
    rows = read_rows(path)
    edit(rows)
    write_rows(path, rows)


def row(rows: Rows, key: str) -> dict[str, str]:
    """The one row whose first column (its id) is ``key``."""
    found = [r for r in rows if next(iter(r.values())) == key]
    assert len(found) == 1, f"{key!r} is not the id of exactly one row"
    return found[0]


def set_cells(path: Path, key: str, **values: str) -> None:
    """Set fields of the row whose id is ``key``."""
    edit_csv(path, lambda rows: row(rows, key).update(values))


def edit_features(path: Path, change: Callable[[list[dict]], object]) -> None:
    """Rewrite a GeoJSON FeatureCollection after ``change`` edited its features in place."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    change(collection["features"])
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def feature(features: list[dict], district_id: str) -> dict:
    """The feature of one district."""
    return next(f for f in features if f["properties"]["id"] == district_id)


def mirror_texts(data_dir: Path, file: str, *row_ids: str) -> None:
    """Give rows' English texts as their text in every translation (translations/<lang>.csv).

    For tests that plant text in the English files (hostile HTML, new events) and are not
    about translations: the copy stays complete, and the planted text reaches every language.
    """
    english = {next(iter(r.values())): r for r in read_rows(data_dir / file)}
    for lang, _ in LANGUAGES:
        path = data_dir / "translations" / f"{lang}.csv"
        rows = [r for r in read_rows(path) if not (r["file"] == file and r["id"] in row_ids)]
        for row_id in row_ids:
            for field in TRANSLATABLE[file]:
                text = english[row_id].get(field, "")
                if text and not (field == "title" and english[row_id].get("title_kind") ==
                                 "headline"):
                    rows.append({"file": file, "id": row_id, "field": field, "text": text})
        write_rows(path, rows)


def keep_translations(data_dir: Path, file: str, row_ids: set[str]) -> None:
    """Drop the translations of ``file``'s rows not in ``row_ids`` (rows a test removed)."""
    for lang, _ in LANGUAGES:
        path = data_dir / "translations" / f"{lang}.csv"
        write_rows(path, [r for r in read_rows(path)
                          if r["file"] != file or r["id"] in row_ids])


def own_texts(data_dir: Path = DATA) -> list[tuple[str, str]]:
    """(where, text) for every text in ``data_dir`` written in the project's words.

    Quoted headlines and URLs are the publishers'; Natural Earth's own label (`ne_name`) and
    the Armenian name column are kept as they are, and so are the glossary's terms (its
    language columns list words, the loaded ones included; its notes are ours).
    """
    texts = []
    for path in sorted(data_dir.glob("*.csv")):
        for row in read_rows(path):
            key = next(iter(row.values()))
            for field, value in row.items():
                quoted = field == "title" and row.get("title_kind") == "headline"
                term = path.name == "glossary.csv" and field in ("en", "az", "hy", "ru")
                if value and not quoted and not term and field != "url":
                    texts.append((f"{path.name} {key} {field}", value))
    for path in sorted(data_dir.glob("*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            for field, value in props.items():
                if isinstance(value, str) and field not in ("ne_name", "name_hy"):
                    texts.append((f"{path.name} {props.get('id')} {field}", value))
    return texts
