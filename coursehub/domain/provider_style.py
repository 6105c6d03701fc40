"""How a provider looks on the week calendar, on screen and on paper: a fill, an edge
colour, a pattern and an outline, all derived from the provider's name.

Derived from the name (not from the provider's place in today's list), so a provider keeps
its look whatever the filter, the week or the data, in every printout and on every screen.
The pattern and the outline keep providers apart on a black-and-white printer, where the
soft fills all turn the same pale grey. The ui draws patterns with Qt's brush styles of the
same names (Qt.BrushStyle.FDiagPattern ...); the printouts with ReportLab lines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from coursehub.domain.text import fold

# Soft fills that keep dark text readable, each with a darker edge of the same hue.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#cfe3f7", "#3f7fbf"),
    ("#fde2b8", "#c98a1c"),
    ("#d4edc9", "#4f9a3a"),
    ("#f6d0dc", "#b64b6e"),
    ("#e1d7f2", "#7a5cb8"),
    ("#c9ece8", "#2f9a8f"),
    ("#f9f0b0", "#a89410"),
    ("#e8d6c4", "#8d6440"),
    ("#d9dde3", "#66707c"),
    ("#f3c9b9", "#c0603c"),
    ("#c5d8c0", "#5a8452"),
    ("#dccbe6", "#8a5aa3"),
)


class Pattern(StrEnum):
    """Named as Qt's brush styles, so the screen can draw the same (FDiagPattern ...)."""

    SOLID = "solid"
    FDIAG = "fdiag"  # lines rising to the right
    BDIAG = "bdiag"  # lines falling to the right
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"
    CROSS = "cross"
    DIAGCROSS = "diagcross"
    DOTS = "dots"


class Outline(StrEnum):
    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"


@dataclass(frozen=True, slots=True)
class ProviderLook:
    fill: str  # "#rrggbb"
    edge: str
    pattern: Pattern
    outline: Outline


def provider_look(provider: str) -> ProviderLook:
    """The provider's look; the same name (whatever its case or accents) gives the same look."""
    digest = hashlib.sha256(fold(provider).encode("utf-8")).digest()
    fill, edge = PALETTE[digest[0] % len(PALETTE)]
    patterns = tuple(Pattern)
    outlines = tuple(Outline)
    return ProviderLook(fill, edge, patterns[digest[1] % len(patterns)], outlines[digest[2] % len(outlines)])
