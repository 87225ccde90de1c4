"""Extract the interface's messages and merge them into every language's catalogue.

    python scripts/catalogues.py          # after changing interface text in the code
    python scripts/catalogues.py --check  # exit 1 if a catalogue is out of date (CI)

Messages are found by Babel in `geo/`, `pages/` and `app.py` where they are marked
``lang._("…")``, ``lang.ngettext("…", "…", n)`` or ``N_("…")`` (`geo.i18n`). They go into
``geo/i18n/messages.pot``; each ``geo/i18n/locales/<code>/LC_MESSAGES/messages.po`` then
gains the new messages (empty, for its translator) and loses the ones the code no longer
has. A new language: add it to `geo.i18n.LANGUAGES` and run this; its catalogue is created.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geo.i18n.language import _BABEL_LOCALES, DEFAULT, LANGUAGES, LOCALES_DIR  # noqa: E402

TEMPLATE = LOCALES_DIR.parent / "messages.pot"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
# Where the interface's text is: the core and the pages (the server's pages are in geo/).
SOURCES = ("geo", "pages", "app.py")
PROJECT = "handover-dashboard"


def extract() -> Catalog:
    """Every marked message in `SOURCES`, with the files it is in (no line numbers)."""
    catalog = Catalog(project=PROJECT, fuzzy=False)
    for source in SOURCES:
        path = ROOT / source
        found = (extract_from_dir(path, keywords=KEYWORDS, comment_tags=("Translators:",))
                 if path.is_dir() else _extract_file(path))
        for filename, _lineno, message, comments, context in found:
            where = (Path(source) / filename).as_posix() if path.is_dir() else source
            catalog.add(message, locations=[(where, None)], auto_comments=comments,
                        context=context)
    return catalog


def _extract_file(path: Path):
    with open(path, "rb") as file:
        from babel.messages.extract import extract
        for lineno, message, comments, context in extract(
                "python", file, keywords=KEYWORDS, comment_tags=("Translators:",)):
            yield path.name, lineno, message, comments, context


def render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=96, sort_output=True, omit_header=False,
             include_lineno=False)
    return out.getvalue()


def merged(code: str, template: Catalog) -> Catalog:
    """``code``'s catalogue updated to ``template``; new if it has none yet."""
    path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    if path.exists():
        with open(path, "rb") as file:
            catalog = read_po(file, locale=_BABEL_LOCALES[code])
    else:
        catalog = Catalog(locale=_BABEL_LOCALES[code], project=PROJECT, fuzzy=False)
    # No fuzzy matching: a guess from a similar message would be shown as if translated.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    return catalog


def _without_dates(text: bytes) -> bytes:
    """The catalogue without its creation and revision dates, which change on every run."""
    return b"\n".join(line for line in text.splitlines()
                      if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date')))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report catalogues that are out of date")
    check = parser.parse_args().check
    template = extract()
    outputs = {TEMPLATE: render(template)}
    for code in LANGUAGES:
        if code != DEFAULT:
            path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
            outputs[path] = render(merged(code, template))
    stale = [path for path, text in outputs.items()
             if not path.exists() or _without_dates(path.read_bytes()) != _without_dates(text)]
    for path in stale:
        name = path.relative_to(ROOT)
        if check:
            print(f"{name} is out of date: run python scripts/catalogues.py", file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(outputs[path])
            print(f"wrote {name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
