"""Where the data comes from, for the About page: sources, figures, geometry labels, precision.

Facts are read from the data itself (sources.csv, the Natural Earth labels kept in
districts.geojson), so the page stays true when the data changes. The words are in the
reader's language (`geo.i18n`), the data's texts in it too where the data translates them
(`Dataset.text`); a quoted headline stays as published.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import pandas as pd

from geo.dataset.load import GEO_PRECISIONS, NAME_LANGUAGES, TIME_PRECISIONS, Dataset
from geo.html import esc, md, safe_url
from geo.i18n import DEFAULT, ENGLISH, ENGLISH_NAMES, N_, Language
from geo.story.wording import published_label, source_title

# Characters left as they are in a Markdown link target; anything else is %-encoded, so a
# URL can never close the link early or inject markup.
_URL_SAFE = "/:?&=#%@+,;~!$*-._"


def label_fixes(districts: pd.DataFrame) -> pd.DataFrame:
    """Districts whose Natural Earth label was corrected, with the recorded correction.

    Columns ``id``, ``name_en``, ``name_az``, ``ne_iso_3166_2``, ``ne_correction``; empty
    for data without corrections.
    """
    fixed = districts[districts["ne_correction"].fillna("") != ""]
    return fixed[["id", "name_en", "name_az", "ne_iso_3166_2", "ne_correction"]]


def label_fixes_html(districts: pd.DataFrame) -> str:
    """The corrected labels as an HTML list; '' for none.

    Each correction is the build script's record, in English, and marked so (``lang="en"``)
    for a screen reader on a page in another language; the Azerbaijani name is marked too.
    """
    items = "".join(
        f'<li lang="en"><b>{esc(fix.name_en)}</b> (<span lang="az">{esc(fix.name_az)}</span>, '
        f"{esc(fix.ne_iso_3166_2)}): {esc(fix.ne_correction)}.</li>"
        for fix in label_fixes(districts).itertuples())
    return f'<ul class="label-fixes">{items}</ul>' if items else ""


def vertex_range(districts: pd.DataFrame) -> tuple[int, int]:
    """Fewest and most outline vertices of a district polygon (all rings counted)."""
    counts = [_vertices(geom) for geom in districts.geometry]
    return min(counts), max(counts)


def precision_counts(events: pd.DataFrame) -> dict[str, dict[str, int]]:
    """How many events have each time precision and each place precision."""
    return {
        "time_precision": {p: int((events["time_precision"] == p).sum()) for p in
                           TIME_PRECISIONS},
        "geo_precision": {p: int((events["geo_precision"] == p).sum()) for p in GEO_PRECISIONS},
    }


def md_link(url: str, text: object) -> str:
    """A Markdown link with escaped text; plain escaped text if the URL is not http(s)."""
    href = safe_url(str(url))
    if href is None:
        return md(text)
    return f"[{md(text)}]({quote(href, safe=_URL_SAFE)})"


def sources_in(dataset: Dataset, lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The sources as records, a title of our own words in ``lang`` (a headline as published).

    English is the data's own text, as loaded (as `geo.story.details.events_in`). Records,
    not rows: a row of text and a missing date would come back as NaN.
    """
    records = dataset.sources.to_dict("records")
    if lang.code == DEFAULT:
        return records
    for source in records:
        if source["title_kind"] != "headline":
            source["title"] = dataset.text(lang.code, "sources.csv", source["id"], "title")
    return records


def source_line(source: Mapping[str, Any], lang: Language = ENGLISH) -> str:
    """One source as a Markdown line: id, title (linked), publisher, date, licence."""
    when = (published_label(source["published"], source["published_precision"], lang)
            or lang._("undated"))
    title = source_title(source["title"], source["title_kind"])
    source_id = f"**{md(source['id'])}**"
    # Translators: one source in the About page's list; only "licence:" is words.
    return lang._("{id} · {title} · {publisher}, {date} · licence: {licence}", id=source_id,
                  title=md_link(source["url"], title), publisher=md(source["publisher"]),
                  date=when, licence=md(source["licence"]))


FIGURE_HEADINGS = {"losses": N_("Deaths"), "displacement": N_("People driven from their homes"),
                   "returns": N_("People returning to their homes")}


def figure_lines(figures: pd.DataFrame | None, dataset: Dataset | None = None,
                 lang: Language = ENGLISH) -> dict[str, list[str]]:
    """Reported figures as Markdown lines by heading, each saying who gives it and when.

    In ``lang``, with the claims and their givers from ``dataset``'s translations (English:
    the figures' own texts).
    """
    lines: dict[str, list[str]] = {}
    if figures is None:
        return lines

    def text(figure, field: str) -> str:
        own = getattr(figure, field)
        return own if dataset is None else dataset.text(lang.code, "figures.csv", figure.id,
                                                        field)

    for figure in figures.itertuples():
        heading = (lang._(FIGURE_HEADINGS[figure.topic]) if figure.topic in FIGURE_HEADINGS
                   else str(figure.topic))
        giver = md(text(figure, "according_to"))
        # The giver, never the dashboard's own voice: every figure is someone's claim.
        said = (lang._("According to {giver}", giver=giver) if figure.reported_on is None else
                lang._("According to {giver}, {date}", giver=giver,
                       date=lang.long_date(figure.reported_on)))
        lines.setdefault(heading, []).append(
            f"{md(text(figure, 'claim'))} *{said}* ({md('; '.join(figure.sources))})")
    return lines


def names_table_html(districts: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The districts' names as an HTML table, a column per language, headed in ``lang``.

    Every name is marked with its language, so that a screen reader pronounces each in its
    own (st.dataframe has no way to mark a cell's language).
    """
    codes = [code for code, _ in NAME_LANGUAGES]
    # Headings aligned with their names (a browser centres them).
    head = "".join(f'<th scope="col" style="text-align:start">'
                   f"{esc(lang._(ENGLISH_NAMES[code]))}</th>" for code in codes)
    rows = "".join(
        "<tr>" + "".join(f'<td lang="{code}">{esc(record[f"name_{code}"] or "")}</td>'
                         for code in codes) + "</tr>"
        for record in districts.to_dict("records"))
    return (f'<table class="names-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _vertices(geom: object) -> int:
    polygons = getattr(geom, "geoms", [geom])
    return sum(len(p.exterior.coords) - 1 + sum(len(r.coords) - 1 for r in p.interiors)
               for p in polygons)
