"""`python -m geo` run as a user runs it: a subprocess in the repository root."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from datacopy import edit_features, feature

import geo
from geo.dataset.load import place_name
from geo.i18n import language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
COUNTS = ("days_to_deadline", "days_overdue", "days_since_return")
# Each test starts `python -m geo` (about a second of imports).
pytestmark = pytest.mark.slow


def geo_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m geo ARGS`; HANDOVER_DATA_DIR comes only from `env`."""
    base = {k: v for k, v in os.environ.items() if k != "HANDOVER_DATA_DIR"}
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT,
                          env={**base, **(env or {})}, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def broken(data_copy: Path) -> Path:
    """A copy of data/ whose events.csv is missing."""
    (data_copy / "events.csv").unlink()
    return data_copy


def test_validate_ok() -> None:
    result = geo_cli("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == ["ok: 12 districts (3 handover), 1 corridor, 20 events, 30 sources, "
                     "76 texts in az, hy, ru; 53 glossary terms"]
    assert result.stderr == ""


def test_status_json() -> None:
    result = geo_cli("status", "--date", "2020-11-21", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    by_id = {row["id"]: row for row in rows}
    assert [row["id"] for row in rows] == ["kalbajar", "aghdam", "lachin", "lachin_corridor"]
    for row in rows:
        assert set(COUNTS) | {"id", "name", "status", "deadline", "returned_on"} <= row.keys()
    assert {k: by_id["kalbajar"][k] for k in ("name", "status", "deadline", "returned_on",
                                               *COUNTS)} == {
        "name": "Kalbajar", "status": "pending", "deadline": "2020-11-25", "returned_on": None,
        "days_to_deadline": 4, "days_overdue": None, "days_since_return": None}
    assert {k: by_id["aghdam"][k] for k in ("status", "deadline", "returned_on", *COUNTS)} == {
        "status": "returned", "deadline": "2020-11-20", "returned_on": "2020-11-20",
        "days_to_deadline": None, "days_overdue": None, "days_since_return": 1}
    assert by_id["lachin"]["days_to_deadline"] == 10


@pytest.mark.parametrize(("day", "expected"), [
    ("2020-11-09", {"kalbajar": ("held", None), "aghdam": ("held", None),
                    "lachin": ("held", None), "lachin_corridor": ("held", None)}),
    ("2020-11-14", {"kalbajar": ("pending", "2020-11-15"), "aghdam": ("pending", "2020-11-20"),
                    "lachin": ("pending", "2020-12-01"),
                    "lachin_corridor": ("peacekeepers", None)}),
    ("2020-12-02", {"kalbajar": ("returned", "2020-11-25"), "aghdam": ("returned", "2020-11-20"),
                    "lachin": ("returned", "2020-12-01"),
                    "lachin_corridor": ("peacekeepers", None)}),
])
def test_status_json_on_other_days(day: str, expected: dict) -> None:
    result = geo_cli("status", "--date", day, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["id"]: (row["status"], row["deadline"]) for row in rows} == expected
    if day == "2020-11-09":
        assert all(row[k] is None for row in rows for k in ("returned_on", *COUNTS))


def test_status_says_each_district_s_status_in_the_app_s_words() -> None:
    result = geo_cli("status", "--date", "2020-11-21")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Kalbajar: Handover agreed, pending (4 days to go)",
        "Aghdam: Returned to Azerbaijan on 20 Nov 2020 (1 day ago)",
        "Lachin: Handover agreed, pending (10 days to go)",
        "Lachin corridor: Under Russian peacekeepers since 10 Nov 2020",
    ]


def test_status_reaches_the_corridor_s_handover() -> None:
    kept = geo_cli("status", "--date", "2021-06-01").stdout.splitlines()
    assert ("Lachin: Returned to Azerbaijan on 1 Dec 2020, except the corridor "
            "(182 days ago)") in kept
    assert "Lachin corridor: Under Russian peacekeepers since 10 Nov 2020" in kept
    handed = geo_cli("status", "--date", "2022-08-26").stdout.splitlines()
    assert handed[-1].startswith("Lachin corridor: Returned to Azerbaijan on 26 Aug 2022 (")


@pytest.mark.parametrize("code", ["en", "az", "hy", "ru"])
def test_status_in_a_language_says_it_as_the_app_does(code: str) -> None:
    lang = language(code)
    result = geo_cli("status", "--date", "2020-11-21", "--lang", code)
    assert result.returncode == 0, result.stderr
    expected = [f"{s.name}: {s.details}" for s in geo.status_on(geo.load(), date(2020, 11, 21),
                                                                 lang)]
    assert result.stdout.splitlines() == expected
    names = [line.split(":")[0] for line in expected]
    assert names == [place_name(r, code) for r in geo.load().handover_records]
    rows = json.loads(geo_cli("status", "--date", "2020-11-21", "--json", "--lang",
                              code).stdout)
    assert [row["name"] for row in rows] == names


@pytest.mark.parametrize("bad", ["fr", "RU", "ru-RU", "", "<script>", "english"])
@pytest.mark.parametrize("command", [("status", "--date", "2020-11-21"),
                                     ("export", "--out", "never-written.html")])
def test_an_unknown_language_is_refused_with_the_codes(bad: str, command) -> None:
    result = geo_cli(*command, "--lang", bad)
    assert result.returncode == 2 and result.stdout == ""
    assert "is not a language of the dashboard; one of: en (English), az (Azərbaycanca), " \
           "hy (Հայերեն), ru (Русский)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (ROOT / "never-written.html").exists()


# 20201121 and 2020-W47-6 are ISO 8601, and date.fromisoformat reads them; the CLI takes the
# one documented form, as links and data files do.
@pytest.mark.parametrize("bad", ["2020-13-01", "21/11/2020", "tomorrow", "", "20201121",
                                 "2020-W47-6", "２０２０-11-21"])
def test_bad_date_is_refused_without_traceback(bad: str) -> None:
    result = geo_cli("status", "--date", bad)
    assert result.returncode != 0
    assert "is not a date (YYYY-MM-DD)" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_env_var_points_at_broken_data(broken: Path) -> None:
    result = geo_cli("validate", env={"HANDOVER_DATA_DIR": str(broken)})
    assert result.returncode == 1
    assert "events.csv: file is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""

    status = geo_cli("status", "--date", "2020-11-21", env={"HANDOVER_DATA_DIR": str(broken)})
    assert status.returncode == 1
    assert "events.csv: file is missing" in status.stderr


def test_env_var_data_is_the_data_shown(data_copy: Path) -> None:
    edit_features(data_copy / "districts.geojson",
                  lambda features: feature(features, "kalbajar")["properties"].update(
                      name_en="Karvachar"))
    result = geo_cli("status", "--date", "2020-11-21", "--json",
                     env={"HANDOVER_DATA_DIR": str(data_copy)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["name"] == "Karvachar"


def test_data_option_wins_over_env_var(broken: Path) -> None:
    result = geo_cli("validate", "--data", str(DATA), env={"HANDOVER_DATA_DIR": str(broken)})
    assert result.returncode == 0, result.stderr
    result = geo_cli("validate", "--data", str(broken))
    assert result.returncode == 1
    assert "events.csv: file is missing" in result.stderr


def test_nonexistent_data_dir(tmp_path: Path) -> None:
    result = geo_cli("validate", "--data", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    for name in ("sources.csv", "districts.geojson", "handovers.csv", "events.csv"):
        assert f"{name}: file is missing" in result.stderr
    assert "Traceback" not in result.stderr
