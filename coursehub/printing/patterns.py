"""Drawing a provider's pattern and outline with ReportLab (see domain.provider_style)."""

from __future__ import annotations

from typing import Any

from coursehub.domain.provider_style import Outline, Pattern, ProviderLook
from coursehub.printing.styles import colour

_STEP = 3.2  # points between hatch lines: visible on paper, light enough to read text over
_DASHES = {Outline.SOLID: [], Outline.DASHED: [3, 1.6], Outline.DOTTED: [0.8, 1.2]}


def draw_pattern(canvas: Any, x: float, y: float, width: float, height: float, look: ProviderLook) -> None:
    """The provider's pattern in edge colour over the rectangle (nothing for SOLID)."""
    if look.pattern is Pattern.SOLID or width <= 0 or height <= 0:
        return
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.setStrokeColor(colour(look.edge))
    canvas.setFillColor(colour(look.edge))
    canvas.setLineWidth(0.45)
    lines = _lines(look.pattern, x, y, width, height)
    if lines:
        # The operators canvas.line writes, with the numbers written to 0.001 pt here:
        # ReportLab's general formatting of each line's four numbers cost more than the
        # rest of a calendar block.
        canvas.addLiteral(
            "\n".join(f"n {_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l S" for x1, y1, x2, y2 in lines)
        )
    if look.pattern is Pattern.DOTS:
        row = 0
        yy = y + _STEP / 2
        while yy < y + height:
            xx = x + (_STEP / 2 if row % 2 else _STEP)
            while xx < x + width:
                canvas.circle(xx, yy, 0.45, stroke=0, fill=1)
                xx += _STEP
            yy += _STEP
            row += 1
    canvas.restoreState()


def _lines(pattern: Pattern, x: float, y: float, width: float, height: float) -> list[tuple[float, ...]]:
    lines: list[tuple[float, ...]] = []
    span = width + height
    if pattern in (Pattern.HORIZONTAL, Pattern.CROSS):
        lines += [(x, y + d, x + width, y + d) for d in _steps(height)]
    if pattern in (Pattern.VERTICAL, Pattern.CROSS):
        lines += [(x + d, y, x + d, y + height) for d in _steps(width)]
    if pattern in (Pattern.FDIAG, Pattern.DIAGCROSS):
        lines += [(x + d - height, y, x + d, y + height) for d in _steps(span)]
    if pattern in (Pattern.BDIAG, Pattern.DIAGCROSS):
        lines += [(x + d, y, x + d - height, y + height) for d in _steps(span)]
    return lines


def _n(value: float) -> str:
    """A coordinate for a PDF path: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _steps(length: float) -> list[float]:
    count = int(length // _STEP) + 1
    return [_STEP * (n + 0.5) for n in range(count)]


def set_outline(canvas: Any, look: ProviderLook) -> None:
    """Stroke colour and dash of the provider's outline."""
    canvas.setStrokeColor(colour(look.edge))
    canvas.setDash(_DASHES[look.outline])
