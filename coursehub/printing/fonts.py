"""The TrueType fonts every printout embeds (DejaVu Sans: full Albanian and wide Latin,
Greek and Cyrillic coverage), registered with ReportLab once, on first use."""

from __future__ import annotations

from functools import cache

from coursehub.paths import FONTS_DIR

SANS = "CourseHubSans"
SANS_BOLD = "CourseHubSans-Bold"
CONDENSED = "CourseHubSansCondensed"
CONDENSED_BOLD = "CourseHubSansCondensed-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}


@cache
def register_fonts() -> None:
    """Register the fonts and their bold variants (so <b> works in Paragraph markup)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    for regular, bold in ((SANS, SANS_BOLD), (CONDENSED, CONDENSED_BOLD)):
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, regular)
        addMapping(regular, 1, 1, bold)
