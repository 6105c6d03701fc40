"""Qt's own texts, dates and numbers in the language CourseHub speaks (used at start and
when the person switches language in the window)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from coursehub.paths import LOCALE_DIR

_qt_translator: QTranslator | None = None


QT_TRANSLATIONS = LOCALE_DIR / "sq" / "qt"  # ours: Qt ships no qtbase_sq (docs/desktop.md)


def apply_qt_language(app: QApplication) -> None:
    """Dates and numbers in the current language, and Qt's own dialogs and buttons (file,
    print, message boxes, context menus) translated: from Qt's translations where it ships
    one, from ours (resources/locale/sq/qt/qtbase_sq.ts) for Albanian.

    Open windows take the new locale too: a widget keeps the locale it was made with, so a
    date field would otherwise show Albanian month names after a switch to English."""
    global _qt_translator
    from coursehub.i18n import current_language
    from coursehub.ui.common import locale

    QLocale.setDefault(locale())
    for window in app.topLevelWidgets():
        window.setLocale(locale())
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    language = current_language()
    if language == "en":
        return
    translator = QTranslator(app)
    folders = (str(QT_TRANSLATIONS), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if any(translator.load(f"qtbase_{language}", folder) for folder in folders):
        app.installTranslator(translator)
        _qt_translator = translator
