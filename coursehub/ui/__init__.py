"""The desktop program (PySide6). The only package that imports Qt."""

from coursehub.ui.qt_fixes import protect_none

protect_none()  # before any Qt call: see qt_fixes for the PySide6 6.12 bug it guards against
