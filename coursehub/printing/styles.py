"""Styles and page templates as data: the look of every printout is decided here.

Each printout asks for styles by name; sizes are in points, margins in millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from coursehub.domain.provider_style import PALETTE, provider_look
from coursehub.printing.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts

# Colours as hex so they stay plain data; `colour()` turns them into ReportLab colours.
INK = "#1f2933"
MUTED = "#616e7c"
RULE = "#9aa5b1"
LIGHT_RULE = "#cbd2d9"
ACCENT = "#1d4e89"  # table headings, titles: a calm institutional blue
ZEBRA = "#f2f5f8"
HOLIDAY_FILL = "#fde8e4"
PLANNED_INK = "#6b7280"  # planned courses: grey, dashed, "planned" (not yet open)
PLANNED_FILL = "#f7f7f5"
HOLIDAY_INK = "#a1331d"
WHITE = "#ffffff"

# The providers' colours live in domain.provider_style (derived from the provider's name,
# with a pattern and outline for black-and-white printers); these stay for index-based callers.
PROVIDER_FILLS = tuple(fill for fill, _edge in PALETTE)
PROVIDER_EDGES = tuple(edge for _fill, edge in PALETTE)

_H2: dict[str, Any] = {
    "fontName": SANS_BOLD,
    "fontSize": 11,
    "leading": 14,
    "textColor": INK,
    "spaceBefore": 8,
    "spaceAfter": 3,
}

PARAGRAPH_STYLES: dict[str, dict[str, Any]] = {
    "kicker": {"fontName": SANS_BOLD, "fontSize": 8.5, "leading": 11, "textColor": ACCENT},
    "title": {"fontName": SANS_BOLD, "fontSize": 17, "leading": 21, "textColor": INK, "spaceAfter": 3},
    "subtitle": {"fontName": SANS, "fontSize": 10, "leading": 13, "textColor": MUTED, "spaceAfter": 6},
    "h1": {
        "fontName": SANS_BOLD,
        "fontSize": 14,
        "leading": 18,
        "textColor": ACCENT,
        "spaceBefore": 10,
        "spaceAfter": 4,
        "keepWithNext": 1,
    },
    "h2": {**_H2, "keepWithNext": 1},
    # A heading that may stay at the foot of a page above a long table that splits anyway.
    "h2_open": _H2,
    "body": {"fontName": SANS, "fontSize": 9, "leading": 12, "textColor": INK},
    "note": {"fontName": SANS, "fontSize": 7.5, "leading": 9.5, "textColor": MUTED},
    "label": {"fontName": SANS_BOLD, "fontSize": 7.5, "leading": 9.5, "textColor": MUTED},
    "value": {"fontName": SANS, "fontSize": 9, "leading": 11.5, "textColor": INK},
    "value_bold": {"fontName": SANS_BOLD, "fontSize": 9, "leading": 11.5, "textColor": INK},
    "cell": {"fontName": SANS, "fontSize": 8.5, "leading": 10.5, "textColor": INK},
    "cell_right": {"fontName": SANS, "fontSize": 8.5, "leading": 10.5, "textColor": INK, "alignment": 2},
    "cell_small": {"fontName": CONDENSED, "fontSize": 7, "leading": 8.5, "textColor": INK},
    "head": {"fontName": SANS_BOLD, "fontSize": 8, "leading": 10, "textColor": WHITE},
    "head_small": {
        "fontName": CONDENSED_BOLD,
        "fontSize": 7,
        "leading": 8.5,
        "textColor": WHITE,
        "alignment": 1,
    },
    "head_holiday": {
        "fontName": CONDENSED_BOLD,
        "fontSize": 7,
        "leading": 8.5,
        "textColor": HOLIDAY_INK,
        "alignment": 1,
    },
    "block_title": {"fontName": CONDENSED_BOLD, "fontSize": 7, "leading": 8, "textColor": INK},
    "block_text": {"fontName": CONDENSED, "fontSize": 6.3, "leading": 7.2, "textColor": INK},
    "key": {"fontName": CONDENSED, "fontSize": 7.2, "leading": 8.8, "textColor": INK},  # >= 7 pt
    "card_title": {"fontName": SANS_BOLD, "fontSize": 10, "leading": 12.5, "textColor": INK},
}

# Table looks: ReportLab TableStyle commands with colours by name (see `table_style`).
TABLE_LOOKS: dict[str, list[tuple[Any, ...]]] = {
    "grid": [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LIGHT_RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("INNERGRID", (0, 1), (-1, -1), 0.3, LIGHT_RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ],
    "facts": [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, LIGHT_RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ],
}


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page template: paper, orientation and margins (mm)."""

    landscape: bool = False
    top: float = 16
    right: float = 15
    bottom: float = 18
    left: float = 15

    @property
    def size(self) -> tuple[float, float]:
        from reportlab.lib.pagesizes import A4, landscape

        return landscape(A4) if self.landscape else A4

    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the content frame in points."""
        from reportlab.lib.units import mm

        width, height = self.size
        return (
            self.left * mm,
            self.bottom * mm,
            width - (self.left + self.right) * mm,
            height - (self.top + self.bottom) * mm,
        )


PORTRAIT = PageSpec()
LANDSCAPE = PageSpec(landscape=True, top=12, right=12, bottom=14, left=12)


def colour(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


@cache
def stylesheet() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    return {name: ParagraphStyle(name, **_with_colours(spec)) for name, spec in PARAGRAPH_STYLES.items()}


def _with_colours(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: colour(v) if k == "textColor" else v for k, v in spec.items()}


def table_style(look: str, *extra: tuple[Any, ...]) -> Any:
    """A TableStyle from a named look plus extra commands; colour strings become colours."""
    from reportlab.platypus import TableStyle

    # Plain-string cells (even empty ones) would otherwise set Helvetica.
    commands: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), SANS)]
    for command in (*TABLE_LOOKS[look], *extra):
        commands.append(tuple(colour(v) if isinstance(v, str) and v.startswith("#") else v for v in command))
    return TableStyle(commands)


def provider_colours(provider: str | int) -> tuple[str, str]:
    """Fill and edge colour of a provider, derived from its name (the same on every printout
    and screen; see domain.provider_style); an int picks from the palette by position."""
    if isinstance(provider, str):
        look = provider_look(provider)
        return look.fill, look.edge
    return PROVIDER_FILLS[provider % len(PROVIDER_FILLS)], PROVIDER_EDGES[provider % len(PROVIDER_EDGES)]
