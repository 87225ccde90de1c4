"""The `python -m geo` command line: validate the data, print status on a date, export.

``status`` and ``export`` take ``--lang`` (English by default): their sentences, names and
dates are then in that language. ``validate`` reports to the data's maintainers, in English.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from geo.dataset.load import Dataset, load
from geo.dataset.problems import DataError
from geo.dataset.readers import iso_date
from geo.i18n import DEFAULT, LANGUAGES, Language, language
from geo.story.status import status_on
from geo.web.links import public_url


def _day(text: str) -> date:
    day = iso_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")
    return day


def _language(text: str) -> Language:
    """Exactly one of the codes, as a link's ``lang`` is read by the app."""
    if text not in LANGUAGES:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a language of the dashboard; one of: "
            + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items()))
    return language(text)


def _http_url(text: str) -> str:
    if public_url(text) is None:
        raise argparse.ArgumentTypeError("must be an http(s) address, such as "
                                         "https://example.org/handover/")
    return text.strip()


def _validate(dataset: Dataset, _args: argparse.Namespace) -> None:
    roles = dataset.districts["role"]
    corridors = int((roles == "corridor").sum())
    print(f"ok: {int((roles != 'corridor').sum())} districts "
          f"({int((roles == 'handover').sum())} handover), "
          f"{corridors} corridor{'s' if corridors != 1 else ''}, "
          f"{len(dataset.events)} events, {len(dataset.sources)} sources, "
          f"{_translated(dataset)}")


def _translated(dataset: Dataset) -> str:
    """'75 texts in az, hy, ru; 53 glossary terms': what the translations cover."""
    langs = sorted({lang for lang, *_ in dataset.translations if lang != "en"})
    texts = sum(1 for lang, *_ in dataset.translations if lang == "en")
    terms = "no glossary" if dataset.glossary is None else f"{len(dataset.glossary)} glossary terms"
    return f"{texts} texts in {', '.join(langs)}; {terms}"


def _status(dataset: Dataset, args: argparse.Namespace) -> None:
    statuses = status_on(dataset, args.date, args.lang)
    if args.json:
        print(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=2))
        return
    for s in statuses:
        print(f"{s.name}: {s.details}")


def _export(dataset: Dataset, args: argparse.Namespace) -> None:
    # Imported here: the other commands need neither Leaflet's files nor the page template.
    from geo.export.page import preview_path, write_export

    page = write_export(dataset, args.out, args.public_url, args.lang)
    for path in (page, preview_path(page)):
        print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per task."""
    top = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    data_help = "data directory (default: $HANDOVER_DATA_DIR or data/)"
    lang_option = {"type": _language, "default": language(DEFAULT), "metavar": "CODE",
                   "help": f"the language of its text: {', '.join(LANGUAGES)} (default: "
                           f"{DEFAULT})"}

    validate = commands.add_parser("validate", help="check every data file")
    validate.add_argument("--data", help=data_help)
    validate.set_defaults(run=_validate)

    status = commands.add_parser("status", help="each handover district's status on a date")
    status.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD")
    status.add_argument("--data", help=data_help)
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.add_argument("--lang", **lang_option)
    status.set_defaults(run=_status)

    export = commands.add_parser(
        "export", help="write the map as one self-contained HTML file (no server, no network)")
    export.add_argument("--out", type=Path, required=True,
                        help="file to write, e.g. site/index.html")
    export.add_argument("--data", help=data_help)
    export.add_argument("--public-url", type=_http_url,
                        help="the http(s) address the file will be published at: its link "
                             "previews then name the picture beside it by its full address")
    export.add_argument("--lang", **lang_option)
    export.set_defaults(run=_export)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 when the data is invalid (problems on stderr)."""
    args = parser().parse_args(argv)
    try:
        dataset = load(args.data)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    args.run(dataset, args)
    return 0
