"""One translation catalogue (gettext) for the GUI, the printouts and the command line.

Source strings are English; Albanian lives in resources/locale/sq/LC_MESSAGES/*.po, compiled
to .mo by `python -m coursehub.i18n_build`. Every .mo file found in that folder is loaded,
so each part of the program may keep its own .po file.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager

from coursehub.paths import LOCALE_DIR

LANGUAGES = ("sq", "en")
DEFAULT_LANGUAGE = "sq"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _load(language: str) -> gettext.NullTranslations:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if language == "en" or not folder.is_dir():
        return chain
    for mo in sorted(folder.glob("*.mo")):
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        translations.add_fallback(chain)
        chain = translations
    return chain


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` ("sq" or "en")."""
    global _current, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    _current = _load(language)
    _language = language


@contextmanager
def language_for_document(language: str) -> Iterator[None]:
    """Switch to `language` while one document (e.g. an English certificate) is made, then
    back. The switch is process-wide: call it where no other thread is drawing text."""
    before = _language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def current_language() -> str:
    return _language


def language_from_environment() -> str:
    value = os.environ.get("COURSEHUB_LANG", "").strip().lower()[:2]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now."""
    return message
