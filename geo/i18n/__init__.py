"""The reader's language: the interface's gettext catalogues and Babel's dates and numbers.

The interface's English is in the code, marked ``lang._("…")`` or ``lang.ngettext(…)``;
`scripts/catalogues.py` extracts it with Babel into ``messages.pot`` and merges it into each
language's ``locales/<code>/LC_MESSAGES/messages.po``, which any .po editor opens. The
catalogues are compiled when first used (`language`). The data's own texts are translated in
``data/translations`` instead (`geo.dataset.translations`).
"""

from geo.i18n.language import (
    DEFAULT,
    ENGLISH,
    ENGLISH_NAMES,
    LANGUAGES,
    N_,
    Language,
    language,
    language_for_locale,
    parse_lang,
)

__all__ = ["DEFAULT", "ENGLISH", "ENGLISH_NAMES", "LANGUAGES", "Language", "N_", "language",
           "language_for_locale", "parse_lang"]
