"""Where the shipped resources live.

In a checkout or editable install they sit next to the package; in the packaged program
(PyInstaller, packaging/build.py) they sit in the bundle folder `sys._MEIPASS`, laid out the
same way (resources/, docs/guide, docs/screenshots, db/migrations).
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FROZEN = bool(getattr(sys, "frozen", False))
PROJECT_DIR = Path(getattr(sys, "_MEIPASS", PACKAGE_DIR.parent)).resolve() if FROZEN else PACKAGE_DIR.parent
RESOURCES_DIR = PROJECT_DIR / "resources"
REFERENCE_DIR = RESOURCES_DIR / "reference"
LOCALE_DIR = RESOURCES_DIR / "locale"
FONTS_DIR = RESOURCES_DIR / "fonts"
ICONS_DIR = RESOURCES_DIR / "icons"
# The user guide (Markdown) and its screenshots: ship docs/guide and docs/screenshots.
GUIDE_DIR = PROJECT_DIR / "docs" / "guide"
MIGRATIONS_DIR = PROJECT_DIR / "db" / "migrations"
