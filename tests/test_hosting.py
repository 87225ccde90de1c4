"""Hosting files say what the README says: Docker image, Community Cloud layout, public config.

There is no Docker engine here, so the Dockerfile is read, not built; its command and health
check, docker/entrypoint.sh, run for real: with a stand-in `streamlit` and `python` that
record their arguments, and against a Streamlit server that the script started.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ARTIFACTS, free_port, stop, wait_for_health
from datacopy import copy_data, set_cells

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
# What a host may set for the container; a test sets its own.
HOST_VARIABLES = ("STREAMLIT_SERVER_PORT", "STREAMLIT_SERVER_ADDRESS", "PORT",
                  "HANDOVER_DATA_DIR")


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


def in_image(path: Path) -> str:
    """Where a file of the repository is in the image (COPY . . into the WORKDIR)."""
    return f"{only('WORKDIR')}/{path.relative_to(ROOT)}"


# --- Dockerfile ---------------------------------------------------------------------------

def test_slim_python_base_of_a_named_debian_release():
    # python:3.11-slim alone moves to the next Debian release when Docker's images do.
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim-[a-z]+", only("FROM"))


def test_installs_requirements_and_assets_before_dropping_root():
    user = index_of(lambda key, args: key == "USER")
    pip = index_of(lambda key, args: key == "RUN" and "pip install -r requirements.txt" in args)
    assets = index_of(lambda key, args: key == "RUN" and "install_assets()" in args)
    assert pip < assets < user


def test_the_build_step_that_installs_the_assets_runs():
    """Its Python, run here (it writes static/vendor/, as the app does at every start)."""
    step = next(args for key, args in instructions() if key == "RUN" and "install_assets" in args)
    words = shlex.split(step)
    assert words[:2] == ["python", "-c"]
    exec(compile(words[2], "Dockerfile", "exec"), {})
    assert words[3:] == ["&&", "python", "-m", "geo", "validate"]


def test_runs_as_a_non_root_user():
    user = only("USER")
    assert user.split(":")[0] not in ("root", "0")
    created = [args for key, args in instructions() if key == "RUN" and "useradd" in args]
    assert created and user in created[0].split()
    cmd = index_of(lambda key, args: key == "CMD")
    assert index_of(lambda key, args: key == "USER") < cmd


def test_runs_the_entrypoint_and_checks_health_with_it():
    assert only("EXPOSE").split() == ["8501"]
    assert json.loads(only("CMD")) == [in_image(ENTRYPOINT)]
    assert healthcheck_command() == [in_image(ENTRYPOINT), "health"]
    assert os.access(ENTRYPOINT, os.X_OK)
    assert "curl" not in only("HEALTHCHECK") and "wget" not in only("HEALTHCHECK")


# --- docker/entrypoint.sh -------------------------------------------------------------------

def host_env(bin_dir: Path | None = None, **variables: str) -> dict[str, str]:
    """This environment without a host's variables, plus ``variables``; ``bin_dir`` first on
    PATH, then this Python's, so `streamlit` and `python` are the ones the tests run with."""
    env = {name: value for name, value in os.environ.items() if name not in HOST_VARIABLES}
    path = [str(Path(sys.executable).parent), env["PATH"]]
    env["PATH"] = os.pathsep.join([str(bin_dir), *path] if bin_dir else path)
    return {**env, **variables}


@pytest.fixture
def stand_ins(tmp_path) -> Path:
    """A folder with `streamlit` and `python` that record where and how they were run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # streamlit: its working directory, then each argument, one a line.
    (bin_dir / "streamlit").write_text(
        '#!/bin/sh\nprintf "%s\\n" "$PWD" "$@" > "$RECORD"\n')
    # python: its first and last argument (a -c script is long), one line per call.
    (bin_dir / "python").write_text(
        '#!/bin/sh\neval "last=\\${$#}"\necho "$1 $last" >> "$RECORD"\n')
    for stand_in in bin_dir.iterdir():
        stand_in.chmod(0o755)
    return bin_dir


def run_entrypoint(bin_dir: Path, *args: str, **variables: str) -> list[str]:
    """Run docker/entrypoint.sh from elsewhere with the stand-ins; what they recorded."""
    record = bin_dir / "record.txt"
    record.unlink(missing_ok=True)
    env = host_env(bin_dir, RECORD=str(record), **variables)
    subprocess.run([str(ENTRYPOINT), *args], cwd=bin_dir, env=env, check=True, timeout=30)
    return record.read_text().splitlines()


@pytest.mark.parametrize(("variables", "port", "address"), [
    ({}, "8501", "0.0.0.0"),
    ({"PORT": "8080"}, "8080", "0.0.0.0"),  # a platform's port (Cloud Run, Heroku, ...)
    ({"STREAMLIT_SERVER_PORT": "9000", "PORT": "8080"}, "9000", "0.0.0.0"),
    ({"PORT": ""}, "8501", "0.0.0.0"),
    ({"STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}, "8501", "127.0.0.1"),
])
def test_entrypoint_serves_on_the_port_and_address_of_the_environment(
        stand_ins, variables, port, address):
    where, *args = run_entrypoint(stand_ins, **variables)
    assert Path(where).resolve() == ROOT  # where app.py and .streamlit/ are
    assert args == ["run", "app.py", f"--server.port={port}", f"--server.address={address}"]


@pytest.mark.parametrize(("variables", "url"), [
    ({}, "http://localhost:8501/_stcore/health"),
    ({"PORT": "8080"}, "http://localhost:8080/_stcore/health"),
    ({"STREAMLIT_SERVER_PORT": "9000", "PORT": "8080"}, "http://localhost:9000/_stcore/health"),
    ({"STREAMLIT_SERVER_ADDRESS": "::"}, "http://localhost:8501/_stcore/health"),
    ({"STREAMLIT_SERVER_ADDRESS": "10.0.0.5"}, "http://10.0.0.5:8501/_stcore/health"),
    ({"STREAMLIT_SERVER_ADDRESS": "fd00::5"}, "http://[fd00::5]:8501/_stcore/health"),
])
def test_health_check_validates_the_data_then_asks_the_port_served(stand_ins, variables, url):
    assert run_entrypoint(stand_ins, "health", **variables) == ["-m validate", f"-c {url}"]


@pytest.mark.slow  # a real server, started as the image starts it, and four health checks
def test_health_check_needs_the_server_and_valid_data(tmp_path):
    """Healthy while the server answers and the data it would load validates; a broken data
    mount is unhealthy, although Streamlit's own health endpoint still answers ok."""
    port = free_port()
    data = copy_data(tmp_path / "data")
    # A platform's PORT, and loopback only, here.
    env = host_env(PORT=str(port), STREAMLIT_SERVER_ADDRESS="127.0.0.1",
                   HANDOVER_DATA_DIR=str(data), HANDOVER_TILES="none")

    def health(**variables: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(ENTRYPOINT), "health"], env={**env, **variables},
                              capture_output=True, text=True, timeout=60)

    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / f"server-{port}.log", "w") as log:
        server = subprocess.Popen([str(ENTRYPOINT)], env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            wait_for_health(f"http://127.0.0.1:{port}", server)
            assert health().returncode == 0
            # A proxy for outgoing requests is not the way to the container's own port.
            dead = f"http://127.0.0.1:{free_port()}"
            assert health(HTTP_PROXY=dead, http_proxy=dead).returncode == 0

            set_cells(data / "events.csv", "E03", start="2020-13-45")
            broken = health()
            assert broken.returncode != 0
            assert "events.csv row 4: start '2020-13-45' is not a date" in broken.stderr
            wait_for_health(f"http://127.0.0.1:{port}", server)  # Streamlit's own says ok
        finally:
            stop(server)
    assert health(HANDOVER_DATA_DIR=str(ROOT / "data")).returncode != 0  # no server


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
                   "data/events.csv", ".streamlit/config.toml", "docker/entrypoint.sh"):
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
                   "deploy/nginx.conf.example", "python -m geo export", "Community Cloud",
                   "scripts/check_image.sh", "compose.yaml", "deploy/k8s", "docs/hosting.md"):
        assert phrase in text, phrase
    assert len(text.splitlines()) < 200  # the details go to docs/


def test_hosting_doc_names_files_that_exist():
    text = (ROOT / "docs" / "hosting.md").read_text()
    named = set(re.findall(r"`((?:deploy|docker|scripts|tests|geo)/[\w./-]+|compose\.yaml)[` ]",
                           text))
    assert {"compose.yaml", "deploy/k8s/", "scripts/check_image.sh",
            "geo/server/stream_limit.py"} <= named
    for path in named:
        assert (ROOT / path).exists(), path
