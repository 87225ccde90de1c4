"""The Docker image built and run for real, where a Docker engine and the base image are.

scripts/check_image.sh builds the image and checks what a host relies on (healthy, the page
and its health endpoint served, not root, a read-only root filesystem, a clean stop); this
test runs it, then opens the map of a container of that image in Chromium. Without a running
engine, or without the base image (which cannot be pulled on a machine without Docker Hub),
it skips and says which; it never starts an engine itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import free_port, map_frame, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_image.sh"
TAG = "handover-dashboard:test"
BASE = re.search(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), re.M).group(1)


def docker(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def engine() -> None:
    if not shutil.which("docker"):
        pytest.skip("no docker client installed")
    if docker("info").returncode != 0:
        pytest.skip("no Docker engine running (docker info fails)")
    if docker("image", "inspect", BASE).returncode != 0:
        pytest.skip(f"the base image {BASE} is not on this engine (docker pull {BASE})")
    if not shutil.which("curl"):
        pytest.skip("scripts/check_image.sh needs curl (apt-get install curl)")


@pytest.mark.slow
@pytest.mark.browser
def test_the_image_builds_runs_and_passes_the_hosts_checks(engine, page):
    checked = subprocess.run(["sh", str(SCRIPT), TAG], cwd=ROOT, capture_output=True,
                             text=True, timeout=900,
                             env={**os.environ, "CHECK_PORT": str(free_port())})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for check in ("healthy", "serves the page", "not root", "read-only", "SIGTERM"):
        assert check in checked.stdout, checked.stdout

    # The map painted from a container of the image (read-only, as the script ran it).
    port = free_port()
    started = docker("run", "-d", "--rm", "--read-only", "-p", f"127.0.0.1:{port}:8501",
                     "-e", "HANDOVER_TILES=none", TAG)
    assert started.returncode == 0, started.stderr
    container = started.stdout.strip()
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, timeout=120)
        page.goto(url + "/?date=2020-11-21&district=kalbajar")
        assert map_frame(page, timeout=120_000).locator("path.leaflet-interactive").count() > 0
    finally:
        docker("rm", "-f", container)
