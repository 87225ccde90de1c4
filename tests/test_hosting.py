"""Hosting files say what the README says: Docker image, Community Cloud layout, public config.

There is no Docker engine here, so the Dockerfile is read, not built; its health check command
is run for real against a Streamlit server.
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import free_port, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
HEALTH_URL = "http://localhost:8501/_stcore/health"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def only(keyword: str) -> str:
    found = [args for key, args in instructions() if key == keyword]
    assert found, f"Dockerfile has no {keyword}"
    return found[-1]


def index_of(predicate) -> int:
    return next(i for i, item in enumerate(instructions()) if predicate(*item))


def healthcheck_command() -> list[str]:
    args = only("HEALTHCHECK")
    return json.loads(args[args.index("CMD") + 3:].strip())


# --- Dockerfile ---------------------------------------------------------------------------

def test_slim_python_base():
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", only("FROM"))


def test_installs_requirements_and_leaflet_before_dropping_root():
    user = index_of(lambda key, args: key == "USER")
    pip = index_of(lambda key, args: key == "RUN" and "pip install -r requirements.txt" in args)
    leaflet = index_of(lambda key, args: key == "RUN" and "install_leaflet()" in args)
    assert pip < leaflet < user


def test_runs_as_a_non_root_user():
    user = only("USER")
    assert user.split(":")[0] not in ("root", "0")
    created = [args for key, args in instructions() if key == "RUN" and "useradd" in args]
    assert created and user in created[0].split()
    cmd = index_of(lambda key, args: key == "CMD")
    assert index_of(lambda key, args: key == "USER") < cmd


def test_serves_streamlit_on_all_interfaces_port_8501():
    assert only("EXPOSE").split() == ["8501"]
    cmd = json.loads(only("CMD"))
    assert cmd[:3] == ["streamlit", "run", "app.py"]
    assert "--server.address=0.0.0.0" in cmd
    assert "--server.port=8501" in cmd


def test_healthcheck_asks_streamlit_health_with_python():
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"]
    assert HEALTH_URL in command[2]
    assert "curl" not in only("HEALTHCHECK") and "wget" not in only("HEALTHCHECK")


@pytest.mark.slow  # a real server and two subprocesses
def test_healthcheck_command_works(tmp_path):
    """The HEALTHCHECK's own command, pointed at a live server and at a dead port."""
    command = healthcheck_command()
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url:
        port = url.rsplit(":", 1)[1]
        live = [sys.executable, "-c", command[2].replace(":8501/", f":{port}/")]
        assert subprocess.run(live, timeout=30).returncode == 0
    dead = [sys.executable, "-c", command[2].replace(":8501/", f":{free_port()}/")]
    assert subprocess.run(dead, timeout=30, capture_output=True).returncode != 0


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore drops ``path`` or a folder above it (no '!' rules are used)."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatch(prefix, pattern) or fnmatch.fnmatch(prefix, pattern.lstrip("*/"))
               for prefix in prefixes for pattern in patterns)


def test_dockerignore_keeps_the_app_and_drops_the_rest():
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert not any(p.startswith("!") for p in patterns)
    for needed in ("app.py", "requirements.txt", "geo/dataset/load.py", "pages/map.py",
                   "geo/export/templates/export.html.j2", "geo/export/templates/export.js",
                   "data/events.csv", ".streamlit/config.toml"):
        assert not ignored(needed, patterns), needed
    for dropped in (".git/HEAD", "test-artifacts/x.png", "static/vendor/leaflet/leaflet.js",
                    "tests/test_export.py", "geo/__pycache__/load.cpython-311.pyc"):
        assert ignored(dropped, patterns), dropped


# --- Streamlit Community Cloud and public config ------------------------------------------

def test_community_cloud_layout():
    """Community Cloud needs the entry script, requirements and config at the repository root."""
    assert (ROOT / "app.py").is_file()
    assert (ROOT / ".streamlit" / "config.toml").is_file()
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert re.search(r"^streamlit\b", requirements, re.MULTILINE)
    for dev_only in ("pytest", "playwright", "ruff"):
        assert dev_only not in requirements


@pytest.fixture(scope="module")
def config() -> dict:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as handle:
        return tomllib.load(handle)


def test_config_for_public_deployment(config):
    assert config["browser"]["gatherUsageStats"] is False
    # Set, so that no start asks the network for the server's address (test_network_faults).
    assert config["browser"]["serverAddress"] == "localhost"
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"


def test_config_options_exist_in_this_streamlit(config):
    """A misspelt option is silently ignored by Streamlit; check each against its list."""
    from streamlit import config as st_config

    known = set(st_config.get_config_options())
    for section, options in config.items():
        for name in options:
            assert f"{section}.{name}" in known, f"{section}.{name}"


# --- README -------------------------------------------------------------------------------

def test_readme_describes_these_files():
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md is not written yet")
    text = readme.read_text()
    for phrase in ("docker build", "8501", "/_stcore/health", "ip_hash",
                   "deploy/nginx.conf.example", "python -m geo export", "Community Cloud"):
        assert phrase in text, phrase
