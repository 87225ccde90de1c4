"""The picture of a view (geo.map.picture): its size, and what it shows where, read from pixels.

Each district is found in the picture through the map's own axes (longitude and latitude to
pixels), and its pixels are compared with the colours of geo.map.style.
"""

from __future__ import annotations

import io
import threading
import unicodedata
import warnings
from collections import Counter
from datetime import date

import numpy as np
import pytest
import shapely
from PIL import Image

import geo
from geo.dataset.load import place_name
from geo.i18n import LANGUAGES, language
from geo.map.picture import (
    BASE_DPI,
    FONT,
    PRINT_SCALE,
    SIZE_INCHES,
    picture_figure,
    preview_png,
)
from geo.map.style import STATUS_COLOURS
from geo.story.status import status_on
from geo.web.links import picture_name

WIDTH, HEIGHT = 1200, 630
AGREEMENT = date(2020, 11, 10)


@pytest.fixture(scope="module")
def data() -> geo.Dataset:
    return geo.load()


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def picture(data, day, selected=None) -> np.ndarray:
    png = preview_png(data, day, selected)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.size == (WIDTH, HEIGHT)
    return np.asarray(image.convert("RGB"))


@pytest.fixture(scope="module")
def to_pixels(data):
    """Longitude and latitude to the picture's pixels (from the bottom), through its map's axes.

    The map's frame is the same on every day and selection.
    """
    figure = picture_figure(data, AGREEMENT)
    figure.canvas.draw()
    return figure.axes[0].transData


def pixels_in(data, to_pixels, district: str, shape=None) -> np.ndarray:
    """The picture's pixel positions (x, y from the top) inside a district's outline.

    ``shape`` overrides the outline (a part of it).
    """
    outline = shape if shape is not None else \
        data.districts.geometry[data.districts["id"] == district].iloc[0]
    west, south, east, north = outline.bounds
    (left, bottom), (right, top) = to_pixels.transform([(west, south), (east, north)])
    xs, ys = np.meshgrid(np.arange(int(left), int(right) + 1),
                         np.arange(int(bottom), int(top) + 1))
    lon, lat = to_pixels.inverted().transform(np.column_stack([xs.ravel(), ys.ravel()])).T
    inside = shapely.contains_xy(outline, lon, lat)
    return np.column_stack([xs.ravel()[inside], HEIGHT - 1 - ys.ravel()[inside]])


def colour_share(image: np.ndarray, where: np.ndarray, hex_colour: str) -> float:
    """The share of the pixels at ``where`` that have exactly ``hex_colour``."""
    found = image[where[:, 1], where[:, 0]]
    return float(np.all(found == rgb(hex_colour), axis=1).mean())


def main_colour(image: np.ndarray, where: np.ndarray) -> tuple[int, int, int]:
    found = image[where[:, 1], where[:, 0]]
    return Counter(map(tuple, found)).most_common(1)[0][0]


def status_of(data, district: str, day: date) -> str:
    return next(s.status for s in status_on(data, day) if s.id == district)


def test_the_picture_is_a_1200_by_630_png_and_twice_that_for_print(data):
    assert SIZE_INCHES[0] * BASE_DPI == WIDTH and SIZE_INCHES[1] * BASE_DPI == HEIGHT
    picture(data, date(2020, 11, 21), "kalbajar")
    large = Image.open(io.BytesIO(preview_png(data, date(2020, 11, 21), "kalbajar",
                                              scale=PRINT_SCALE)))
    assert large.format == "PNG" and large.size == (2400, 1260)


@pytest.mark.parametrize(("district", "before", "after"), [
    ("kalbajar", date(2020, 11, 21), date(2020, 11, 26)),  # pending, then returned
    ("aghdam", date(2020, 11, 1), date(2020, 11, 19)),  # held, then pending
])
def test_a_district_is_filled_with_its_status_colour_on_each_day(data, to_pixels, district,
                                                                 before, after):
    where = pixels_in(data, to_pixels, district)
    assert len(where) > 1000
    seen = []
    for day in (before, after):
        status = status_of(data, district, day)
        colour = STATUS_COLOURS[status]
        image = picture(data, day)
        assert main_colour(image, where) == rgb(colour)
        assert colour_share(image, where, colour) > 0.8
        seen.append(status)
    assert seen[0] != seen[1]


def test_lachin_outside_the_corridor_has_its_own_colour(data, to_pixels):
    """The corridor is drawn over Lachin; the rest of the district shows Lachin's status."""
    corridor = data.districts.geometry[data.districts["id"] == "lachin_corridor"].iloc[0]
    lachin = data.districts.geometry[data.districts["id"] == "lachin"].iloc[0]
    where = pixels_in(data, to_pixels, "lachin", lachin.difference(corridor.buffer(0.02)))
    day = date(2020, 12, 2)
    assert status_of(data, "lachin", day) == "returned"
    assert colour_share(picture(data, day), where, STATUS_COLOURS["returned"]) > 0.8


@pytest.mark.parametrize(("day", "hatched"), [
    (date(2020, 11, 5), False),  # before the agreement: part of Lachin, held
    (date(2020, 12, 2), True),  # Lachin returned, the corridor kept apart
    (date(2021, 6, 1), True),  # between the story's periods: still under peacekeepers
    (date(2022, 8, 25), True),
    (date(2022, 8, 30), False),  # handed over on 26 Aug 2022
    (date(2022, 9, 1), False),
])
def test_the_corridor_is_hatched_exactly_while_under_peacekeepers(data, to_pixels, day,
                                                                  hatched):
    assert (status_of(data, "lachin_corridor", day) == "peacekeepers") == hatched
    corridor = data.districts.geometry[data.districts["id"] == "lachin_corridor"].iloc[0]
    where = pixels_in(data, to_pixels, "lachin_corridor", corridor.buffer(-0.005))
    share = colour_share(picture(data, day), where, STATUS_COLOURS["peacekeepers"])
    assert share > 0.2 if hatched else share == 0


def test_the_selected_district_gets_a_black_outline(data, to_pixels):
    day = date(2020, 11, 21)
    kalbajar = data.districts.geometry[data.districts["id"] == "kalbajar"].iloc[0]
    # A band along the district's boundary, about two pixels wide each side.
    band = pixels_in(data, to_pixels, "kalbajar", kalbajar.boundary.buffer(0.004))
    plain, chosen = picture(data, day), picture(data, day, "kalbajar")
    assert colour_share(plain, band, "#000000") < 0.05
    assert colour_share(chosen, band, "#000000") > 0.3
    # Nothing else is outlined: Aghdam's band stays as it was.
    aghdam = data.districts.geometry[data.districts["id"] == "aghdam"].iloc[0]
    own = aghdam.boundary.difference(kalbajar.buffer(0.03))  # the border they share aside
    other = pixels_in(data, to_pixels, "aghdam", own.buffer(0.004))
    assert colour_share(chosen, other, "#000000") == colour_share(plain, other, "#000000")


def test_renders_from_several_threads_give_the_same_picture(data):
    day = date(2020, 11, 25)
    expected = preview_png(data, day, "lachin")
    results = []
    threads = [threading.Thread(target=lambda: results.append(preview_png(data, day, "lachin")))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 3


def test_the_file_name_carries_the_date_and_district():
    assert picture_name(date(2020, 11, 21), "kalbajar") == "handover-2020-11-21-kalbajar.png"
    assert picture_name(date(2022, 8, 26), "lachin_corridor") == \
        "handover-2022-08-26-lachin-corridor.png"
    assert picture_name(date(2020, 11, 10), None) == "handover-2020-11-10.png"


def test_the_file_name_carries_the_language_other_than_english():
    day = date(2020, 11, 21)
    assert picture_name(day, "kalbajar", "ru") == "handover-2020-11-21-kalbajar-ru.png"
    assert picture_name(day, None, "hy") == "handover-2020-11-21-hy.png"
    assert picture_name(day, "kalbajar", "en") == picture_name(day, "kalbajar")
    with pytest.raises(ValueError):
        picture_name(day, None, "../x")


# --- every language's script -------------------------------------------------------------

# The script of each language's own letters, as Unicode names them.
SCRIPTS = {"en": "LATIN", "az": "LATIN", "hy": "ARMENIAN", "ru": "CYRILLIC"}


def drawn_with_missing_glyphs(figure) -> tuple[list[str], list[str]]:
    """The figure's texts, and matplotlib's warnings of glyphs its font lacks, drawing it."""
    texts = [text.get_text() for text in figure.findobj(match=lambda a: hasattr(a, "get_text"))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # not once per glyph and process: every time
        figure.canvas.draw()
    return texts, [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_a_missing_glyph_is_caught_by_the_check_below():
    """The check sees a character the font lacks (a Han character), so its silence counts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, "\u6f22", fontfamily=FONT)
    assert drawn_with_missing_glyphs(figure)[1]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_is_drawn_with_no_missing_glyph(data, code):
    lang = language(code)
    figure = picture_figure(data, date(2020, 11, 21), "kalbajar", lang)
    texts, missing = drawn_with_missing_glyphs(figure)
    assert missing == []
    words = " ".join(texts)
    # The language's own letters are drawn: its names and its date.
    assert lang.long_date(date(2020, 11, 21)) in words
    for record in data.handover_records:
        if record["role"] == "handover":
            assert place_name(record, code) in words
    assert any(unicodedata.name(c, "").startswith(SCRIPTS[code]) for c in words
               if c.isalpha() and not c.isascii()) or code == "en"


def test_each_language_is_another_picture(data):
    pictures = {preview_png(data, date(2020, 11, 21), "kalbajar", lang=language(code))
                for code in LANGUAGES}
    assert len(pictures) == len(LANGUAGES)
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pictures)
