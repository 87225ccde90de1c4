"""Every sentence about a status is written in geo/story/status.py, and no reader sees a code.

The live page, its details panel, the timeline and the export all take their words for a
status from `geo.story.status`; a module that wrote its own would drift from it (as the
export's "Held by Armenian forces since" and the timeline's "moved 15 Nov → 25 Nov" had).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATUS_MODULE = ROOT / "geo" / "story" / "status.py"
# The fixed parts of the sentences that geo.story.status writes.
STATUS_WORDING = re.compile(
    r"held by armenian forces|handover agreed|returned to azerbaijan|returned on|"
    r"pending, deadline|extended from|moved from|days? overdue|days? to go|due today|"
    r"no handover agreed", re.IGNORECASE)
STATUS_CODES = {"held", "pending", "returned"}


def python_strings(source: str) -> list[str]:
    """The string literals of a module, without its docstrings."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]


def script_strings(source: str) -> list[str]:
    """The string literals of a script (both map scripts use double quotes only)."""
    return re.findall(r'"([^"\n]*)"', source)


def status_wording(strings: list[str]) -> list[str]:
    return [text for text in strings if STATUS_WORDING.search(text)]


def modules() -> list[Path]:
    return [path for path in [*sorted((ROOT / "geo").rglob("*.py")),
                              *sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]
            if path != STATUS_MODULE]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_geo_story_status_words_a_status(path):
    assert status_wording(python_strings(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", sorted((ROOT / "geo").rglob("*.js")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_map_scripts_word_no_status_and_show_no_status_code(path):
    strings = script_strings(path.read_text(encoding="utf-8"))
    assert status_wording(strings) == []
    assert not STATUS_CODES & set(strings)


def test_the_check_finds_a_status_worded_elsewhere():
    planted = 'LABEL = "Returned to Azerbaijan"\ndef f(d):\n    return f"returned on {d}"\n'
    assert status_wording(python_strings(planted)) == ["Returned to Azerbaijan", "returned on "]
    assert STATUS_CODES & set(script_strings('el("small", "pending");'))


def test_the_status_module_writes_these_words():
    assert len(status_wording(python_strings(STATUS_MODULE.read_text(encoding="utf-8")))) >= 8
