"""The map of one view as a picture: a PNG for link previews, downloads, print and the export.

Drawn on the server with geopandas' own plotting on a matplotlib Agg canvas (no pyplot, no
display), from the same status view as the live map: the colours, dashes and hatching of
`geo.map.style`, every sentence from `geo.story`. The map sits on the left, on the country
outlines; on the right the date, the summary line (`geo.story.details.summary_line`), the
legend and the attribution. 1200×630 at ``scale=1`` (the size link previews ask for),
twice that for print (`PRINT_SCALE`). Text is set in DejaVu Sans, which matplotlib ships.

Rendering takes a few hundred milliseconds and matplotlib is not thread-safe, so every
render holds one process-wide lock; callers on an event loop run it in a worker thread.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from datetime import date

import geopandas as gpd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo.dataset.load import Dataset, place_name
from geo.i18n import ENGLISH, Language
from geo.map.style import (
    BASEMAP_FILL,
    BASEMAP_LINE,
    CONTEXT_COLOUR,
    CONTEXT_DASH,
    CORRIDOR_DASH,
    HATCHED,
    STATUS_COLOURS,
    STATUS_DASH,
    hatch_note,
)
from geo.story.details import summary_line
from geo.story.status import STATUSES, DistrictStatus, status_label, status_on

# 12 × 6.3 inches at 100 dpi: 1200 × 630 pixels, the Open Graph image size.
SIZE_INCHES = (12.0, 6.3)
BASE_DPI = 100
# Print and slides: 2400 × 1260 pixels, the same picture with twice the detail.
PRINT_SCALE = 2
FONT = "DejaVu Sans"
# Figure coordinates (0 to 1) of the map and of the text panel beside it.
MAP_BOX = (0.0, 0.0, 0.6, 1.0)
PANEL_LEFT, PANEL_RIGHT = 0.625, 0.975
# A legend swatch's width and height, and where its words start, in figure coordinates.
SWATCH = (0.022, 0.032)
SWATCH_GAP = 0.035
# Around the handover districts, a margin of this share of their extent: enough for
# their neighbours' edges to say where they lie.
MARGIN = 0.08
BACKGROUND = "#ffffff"
TEXT_COLOUR = "#1a1a1a"
MUTED = "#555555"
SELECTED_COLOUR = "#000000"
OUTLINE_COLOUR = "#222222"  # the corridor's dashed outline, as on the live map
# Line widths in points (they scale with the picture). Districts part with a thin white
# line; the selected one is drawn over everything with a heavy black outline.
EDGE_WIDTH = 1.0
SELECTED_WIDTH = 4.0
HATCH = "///"
HATCH_WIDTH = 3.0

# Reentrant: `preview_png` holds it across building and saving the figure.
_RENDER_LOCK = threading.RLock()


def preview_png(dataset: Dataset, day: date, selected: str | None = None,
                scale: float = 1, lang: Language = ENGLISH) -> bytes:
    """The PNG of the map on ``day`` with ``selected`` outlined: 1200×630 times ``scale``.

    Its words and names are in ``lang``.
    """
    buffer = io.BytesIO()
    with _RENDER_LOCK:
        figure = picture_figure(dataset, day, selected, lang)
        figure.savefig(buffer, format="png", dpi=BASE_DPI * scale, facecolor=BACKGROUND,
                       metadata={"Software": None})
    return buffer.getvalue()


def picture_figure(dataset: Dataset, day: date, selected: str | None = None,
                   lang: Language = ENGLISH) -> Figure:
    """The picture as a matplotlib figure; its map is ``figure.axes[0]``, in degrees."""
    statuses = status_on(dataset, day, lang)
    with _RENDER_LOCK:  # geopandas' plotting goes through matplotlib's shared state too
        figure = Figure(figsize=SIZE_INCHES, dpi=BASE_DPI, facecolor=BACKGROUND)
        FigureCanvasAgg(figure)
        ax = figure.add_axes(MAP_BOX)
        _draw_map(ax, dataset, {s.id: s for s in statuses}, selected, lang)
        _draw_panel(figure, summary_line(statuses, day, selected, lang), day, selected,
                    len(dataset.sources), lang)
    return figure


# --- the map --------------------------------------------------------------------------------

def _draw_map(ax: Axes, dataset: Dataset, statuses: dict[str, DistrictStatus],
              selected: str | None, lang: Language) -> None:
    ax.set_axis_off()
    ax.set_facecolor(BACKGROUND)
    districts = dataset.districts
    if dataset.basemap is not None:
        dataset.basemap.plot(ax=ax, facecolor=BASEMAP_FILL, edgecolor=BASEMAP_LINE,
                             linewidth=0.8)
    context = districts[districts["role"] == "context"]
    context.plot(ax=ax, facecolor="none", edgecolor=CONTEXT_COLOUR, linewidth=0.8,
                 linestyle=_dashes(CONTEXT_DASH))
    handover = districts[districts["role"] == "handover"]
    for district_id, geometry in zip(handover["id"], handover.geometry, strict=True):
        status = statuses[district_id].status
        _shape(geometry).plot(ax=ax, facecolor=STATUS_COLOURS[status], edgecolor=BACKGROUND,
                              linewidth=EDGE_WIDTH, linestyle=_dashes(STATUS_DASH[status]))
    corridors = districts[districts["role"] == "corridor"]
    for corridor, geometry in zip(corridors["id"], corridors.geometry, strict=True):
        _draw_corridor(ax, _shape(geometry), statuses[corridor])
    _draw_labels(ax, districts, lang)
    if selected is not None:
        outline = districts.geometry[districts["id"] == selected]
        dash = CORRIDOR_DASH if statuses[selected].part_of else STATUS_DASH[
            statuses[selected].status]
        outline.plot(ax=ax, facecolor="none", edgecolor=SELECTED_COLOUR,
                     linewidth=SELECTED_WIDTH, linestyle=_dashes(dash), zorder=5)
    _frame(ax, dataset)


def _draw_corridor(ax: Axes, shape: gpd.GeoSeries, status: DistrictStatus) -> None:
    """Hatched in its status colour while kept apart (as on the live map), else an outline.

    Before the agreement, and once handed over, it shares its district's colour, which
    shows through; only its dashed outline says where it lies.
    """
    if status.status in HATCHED:
        shape.plot(ax=ax, facecolor=BACKGROUND, edgecolor=OUTLINE_COLOUR, linewidth=1.2,
                   linestyle=_dashes(CORRIDOR_DASH), hatch=HATCH,
                   hatchcolor=STATUS_COLOURS[status.status], hatch_linewidth=HATCH_WIDTH)
    else:
        shape.plot(ax=ax, facecolor="none", edgecolor=OUTLINE_COLOUR, linewidth=1.2,
                   linestyle=_dashes(CORRIDOR_DASH))


def _draw_labels(ax: Axes, districts: gpd.GeoDataFrame, lang: Language) -> None:
    """District names, as on the live map: the handover districts in bold, the others grey.

    The corridor is named in the summary and the legend, not on the map.
    """
    halo = [patheffects.withStroke(linewidth=3, foreground=BACKGROUND)]
    for record, point in zip(districts.to_dict("records"), districts.representative_point(),
                             strict=True):
        name, role = place_name(record, lang.code), record["role"]
        if role == "corridor":
            continue
        handover = role == "handover"
        ax.annotate(name, (point.x, point.y), ha="center", va="center", fontfamily=FONT,
                    fontsize=12 if handover else 8.5,
                    fontweight="bold" if handover else "normal",
                    color=TEXT_COLOUR if handover else MUTED, path_effects=halo,
                    annotation_clip=True, zorder=6)


def _frame(ax: Axes, dataset: Dataset) -> None:
    """Show the handover districts with a margin, at the scale of their latitude.

    The view widens in one direction until it has the map box's shape, so the map fills it.
    """
    west, south, east, north = dataset.handover_districts.total_bounds
    pad = MARGIN * max(east - west, north - south)
    west, south, east, north = west - pad, south - pad, east + pad, north + pad
    stretch = 1 / math.cos(math.radians((south + north) / 2))  # a degree north, in east's
    box = (MAP_BOX[3] * SIZE_INCHES[1]) / (MAP_BOX[2] * SIZE_INCHES[0])  # height / width
    width, height = east - west, (north - south) * stretch
    if height < box * width:
        grow = (box * width - height) / stretch / 2
        south, north = south - grow, north + grow
    else:
        grow = (height / box - width) / 2
        west, east = west - grow, east + grow
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(stretch)


def _shape(geometry) -> gpd.GeoSeries:
    return gpd.GeoSeries([geometry])


def _dashes(dash: str | None) -> str | tuple[int, tuple[float, ...]]:
    """A dash pattern of `geo.map.style` ('6 4', in pixels on the live map) for matplotlib."""
    if not dash:
        return "solid"
    return (0, tuple(float(step) * 0.75 for step in dash.split()))  # pixels to points


# --- the text beside it ---------------------------------------------------------------------

def _draw_panel(figure: Figure, summary: str, day: date, selected: str | None,
                sources: int, lang: Language) -> None:
    """The date, the summary, the legend and the attribution, top to bottom."""
    _ = lang._
    text = {"fontfamily": FONT, "color": TEXT_COLOUR, "transform": figure.transFigure,
            "ha": "left", "va": "top"}
    figure.text(PANEL_LEFT, 0.95, _("Handover of Kalbajar, Aghdam and Lachin"), fontsize=11,
                **{**text, "color": MUTED})
    figure.text(PANEL_LEFT, 0.9, lang.long_date(day), fontsize=30, fontweight="bold", **text)
    y = 0.79
    lines = _wrap(summary, 12.5, PANEL_RIGHT - PANEL_LEFT)
    figure.text(PANEL_LEFT, y, "\n".join(lines), fontsize=12.5, linespacing=1.35, **text)
    y -= len(lines) * _line_height(12.5, 1.35) + 0.04
    entries = [(_swatch(status), status_label(status, lang) + hatch_note(status, lang))
               for status in STATUSES]
    entries.append((_line_swatch(CONTEXT_COLOUR, CONTEXT_DASH, 1.2),
                    _("Grey dotted outline: neighbouring district")))
    if selected is not None:
        entries.append((_line_swatch(SELECTED_COLOUR, None, SELECTED_WIDTH),
                        _("Heavy black outline: the selected district")))
    for swatch, label in entries:
        lines = _wrap(label, 11, PANEL_RIGHT - PANEL_LEFT - SWATCH_GAP)
        height = len(lines) * _line_height(11, 1.2)
        swatch.set_xy((PANEL_LEFT, y - SWATCH[1]))
        swatch.set_transform(figure.transFigure)
        figure.patches.append(swatch)
        figure.text(PANEL_LEFT + SWATCH_GAP, y, "\n".join(lines), fontsize=11,
                    linespacing=1.2, **text)
        y -= max(height, SWATCH[1]) + 0.018
    attribution = _("Outlines: Natural Earth (public domain). Every date and name cites one "
                    "of {count} sources, listed with their licences on the About page.",
                    count=lang.number(sources))
    figure.text(PANEL_LEFT, 0.04, "\n".join(_wrap(attribution, 9, PANEL_RIGHT - PANEL_LEFT)),
                fontsize=9, linespacing=1.3, **{**text, "color": MUTED, "va": "bottom"})


def _wrap(words: str, points: float, width: float) -> list[str]:
    """``words`` in lines that fit ``width`` (a share of the figure's) at ``points`` size.

    DejaVu Sans averages a little over half an em per character of English text.
    """
    return textwrap.wrap(words, int(width * SIZE_INCHES[0] * 72 / (points * 0.56)))


def _line_height(points: float, spacing: float) -> float:
    """A line of ``points`` type at ``spacing``, as a share of the figure's height."""
    return points * spacing / 72 / SIZE_INCHES[1]


def _swatch(status: str) -> Rectangle:
    """A status's swatch in the legend, filled and hatched as the map draws it."""
    hatched = status in HATCHED
    swatch = Rectangle((0, 0), *SWATCH, facecolor=BACKGROUND if hatched else
                       STATUS_COLOURS[status], edgecolor="#333333", linewidth=1.0,
                       linestyle=_dashes(STATUS_DASH[status]), hatch=HATCH if hatched else None)
    if hatched:
        swatch.set_hatchcolor(STATUS_COLOURS[status])
        swatch.set_hatch_linewidth(HATCH_WIDTH)
    return swatch


def _line_swatch(colour: str, dash: str | None, width: float) -> Rectangle:
    """An outline-only swatch: how the map draws a neighbour or the selection."""
    return Rectangle((0, 0), *SWATCH, facecolor="none", edgecolor=colour, linewidth=width,
                     linestyle=_dashes(dash))
