"""One language of the interface: its catalogue, its dates and numbers, its names."""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).parent / "locales"
# Each language as its readers name it, in the order the switch offers them; English first,
# the language the project writes in.
LANGUAGES: dict[str, str] = {"en": "English", "az": "Azərbaycanca", "hy": "Հայերեն",
                             "ru": "Русский"}
DEFAULT = "en"


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues; `Language._` translates it where it is shown.

    For messages defined apart from where they are shown (a table of labels, say).
    """
    return message


# Each language's name in English, for messages and labels ("Armenian: Karvachar"), which
# are translated where shown.
ENGLISH_NAMES: dict[str, str] = {"en": N_("English"), "az": N_("Azerbaijani"),
                                 "hy": N_("Armenian"), "ru": N_("Russian")}
# The Babel locale of each language: the project's English writes the day first (en_GB).
_BABEL_LOCALES = {"en": "en_GB", "az": "az", "hy": "hy", "ru": "ru"}


class Language:
    """The words, dates and numbers of one language.

    ``_`` and ``ngettext`` look a message up in the language's catalogue (English: the
    message itself) and fill its ``{named}`` placeholders; `scripts/catalogues.py` finds
    every message by these two names.
    """

    __slots__ = ("code", "_translations", "_locale")

    def __init__(self, code: str, translations: gettext.NullTranslations) -> None:
        self.code = code
        self._translations = translations
        self._locale = Locale.parse(_BABEL_LOCALES[code])

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def _(self, message: str, **values: object) -> str:
        """``message`` in this language, its placeholders filled from ``values``."""
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of a message for ``count`` (``{count}`` is filled in, grouped)."""
        text = self._translations.ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    @property
    def locale(self) -> Locale:
        """The language's Babel locale, for month and day names a library needs as lists."""
        return self._locale

    def long_date(self, day: date) -> str:
        """'21 Nov 2020', '21 нояб. 2020 г.': the day, the month's short name, the year."""
        return format_date(day, "medium", locale=self._locale)

    def short_date(self, day: date) -> str:
        """'21 Nov': for lines where the year is obvious."""
        return format_skeleton("MMMd", day, locale=self._locale)

    def month_year(self, day: date) -> str:
        """'Nov 2020': for a source known only to its month."""
        return format_skeleton("yMMM", day, locale=self._locale)

    def decimal(self, value: float) -> str:
        """A number with one decimal place at most: '7.5', '7,5'; '3' for a whole one."""
        return format_decimal(value, format="#,##0.#", locale=self._locale)

    def join(self, items: list[str]) -> str:
        """'Kalbajar, Aghdam and Lachin', 'Kalbajar, Aghdam и Lachin': a list in a sentence."""
        return format_list(list(items), locale=self._locale) if items else ""

    def number(self, value: float) -> str:
        """A whole number grouped as the language writes it: '4,246', '4 246'."""
        return format_decimal(value, format="#,##0", locale=self._locale)


@functools.lru_cache(maxsize=len(LANGUAGES))
def language(code: str) -> Language:
    """The language ``code`` (one of `LANGUAGES`), its catalogue compiled on first use.

    Compiled here rather than at build time, so a translator's edit to a .po file shows on
    the next start with nothing else to run. Fuzzy entries are left out: a translation a
    translator has not confirmed is not shown (`tests/test_catalogues.py` forbids them).
    """
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    if code == DEFAULT:
        return Language(code, gettext.NullTranslations())
    with open(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=_BABEL_LOCALES[code])
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Language(code, gettext.GNUTranslations(compiled))


ENGLISH = language(DEFAULT)


def parse_lang(value: str | None) -> str | None:
    """A link's ``lang`` as one of `LANGUAGES`, or None if it cannot be read.

    Only the exact codes: a link is written by the app, and a shared link must open in the
    same language for every reader.
    """
    value = (value or "").strip().lower()
    return value if value in LANGUAGES else None


def language_for_locale(locale: str | None) -> str:
    """The language to open in for a browser's locale ('ru-RU', 'hy', 'en-US'); else English."""
    if not locale:
        return DEFAULT
    code = locale.replace("_", "-").split("-")[0].strip().lower()
    return code if code in LANGUAGES else DEFAULT
