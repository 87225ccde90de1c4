"""The code's layout holds: no import circles, no Streamlit in geo/, no JavaScript in Python
strings in geo/."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("geo", "pages", "app")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, known: set[str]) -> set[str]:
    """The project modules that ``path`` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in OURS and name in known}
    return found


def import_graph(paths: list[Path]) -> dict[str, set[str]]:
    known = {module_name(path) for path in paths}
    return {module_name(path): imports(path, known) - {module_name(path)} for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with one way round."""
    found = []
    for start in graph:
        seen, stack = set(), [(start, [start])]
        while stack:
            node, route = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    found.append(route)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*route, nxt]))
    return found


def project_files() -> list[Path]:
    return [*sorted((ROOT / "geo").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
            ROOT / "app.py"]


def test_no_import_circles():
    assert cycles(import_graph(project_files())) == []


def test_the_cycle_check_finds_a_circle(tmp_path):
    graph = {"geo.a": {"geo.b"}, "geo.b": {"geo.c"}, "geo.c": {"geo.a"}, "geo.d": set()}
    assert ["geo.a", "geo.b", "geo.c"] in cycles(graph)
    assert not any(route[0] == "geo.d" for route in cycles(graph))


# What JavaScript looks like in a string: a function, a statement on the DOM or on Leaflet.
JAVASCRIPT = re.compile(r"\bfunction\s*\(|\bdocument\.\w|\bwindow\.\w|\bL\.\w+\(|=>\s*\{")


def test_geo_keeps_no_javascript_in_python_strings():
    found = []
    for path in sorted((ROOT / "geo").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    JAVASCRIPT.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
    assert JAVASCRIPT.search('"(function () { L.geoJSON(x); })"')  # the check would see one


def test_scripts_and_styles_are_files_beside_their_modules():
    assert (ROOT / "geo" / "map" / "map.js").is_file()
    assert (ROOT / "geo" / "map" / "map.css").is_file()
    assert (ROOT / "geo" / "export" / "templates" / "export.js").is_file()


def streamlit_imports(source: str) -> list[int]:
    """The lines of ``source`` that import Streamlit (or a module of it), at any depth."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                 else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [])
        if any(name.split(".")[0] in ("streamlit", "streamlit_folium") for name in names):
            lines.append(node.lineno)
    return lines


def test_geo_imports_no_streamlit():
    """geo/ is the core, plain functions that pages/ and the server call (docs/architecture.md)."""
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "geo").rglob("*.py"))
             for line in streamlit_imports(path.read_text(encoding="utf-8"))]
    assert found == []
    assert streamlit_imports("def f():\n    from streamlit.runtime import x\n") == [2]


def test_importing_all_of_geo_loads_no_streamlit():
    modules = [module_name(path) for path in sorted((ROOT / "geo").rglob("*.py"))
               if path.name != "__main__.py"]
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
