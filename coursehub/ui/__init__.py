"""The desktop program (PySide6). The only package that imports Qt."""

from coursehub.ui.qt_fixes import protect_singletons

protect_singletons()  # before any Qt call: see qt_fixes for the PySide6 6.12 bugs it guards against
