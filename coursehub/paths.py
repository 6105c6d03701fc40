"""Where the shipped resources live (next to the package in a checkout or editable install)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RESOURCES_DIR = PROJECT_DIR / "resources"
REFERENCE_DIR = RESOURCES_DIR / "reference"
LOCALE_DIR = RESOURCES_DIR / "locale"
FONTS_DIR = RESOURCES_DIR / "fonts"
ICONS_DIR = RESOURCES_DIR / "icons"
# The user guide (Markdown) and its screenshots: ship docs/guide and docs/screenshots.
GUIDE_DIR = PROJECT_DIR / "docs" / "guide"
MIGRATIONS_DIR = PROJECT_DIR / "db" / "migrations"
