"""The pinned requirement files: every package hashed, the dev set at the app's versions."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.M)


def pins(name: str) -> dict[str, str]:
    return {package.lower(): version for package, version in PIN.findall((ROOT / name).read_text())}


def test_every_pinned_package_has_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        # A requirement is its pin, then its hashes, one per line continued with a backslash.
        text = (ROOT / name).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        pinned = [entry for entry in entries if PIN.match(entry)]
        # Every pin is an entry (a package may have two, for two Python versions).
        assert len(pinned) == len(PIN.findall(text)) > 10
        for entry in pinned:
            assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_the_dev_set_installs_the_apps_versions():
    app, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {package: dev.get(package) for package in app} == app
    for tool in ("pytest", "playwright", "ruff", "kubernetes-validate"):
        assert tool in dev and tool not in app
