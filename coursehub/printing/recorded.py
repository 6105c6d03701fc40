"""Drawings recorded once and stamped many times.

A calendar draws the same shapes over and over: a provider's block of the same size every
week, the same swatch in every legend. Drawing one means formatting every coordinate of its
pattern lines, dots and rounded corners into PDF operators, which (without ReportLab's C
accelerator) costs more than everything else on the page. A shape made only of paths and
colours (no text, no images: nothing that belongs to one document) is drawn once at the
origin on a scratch canvas, and its operators are stamped wherever it is needed, moved
into place and wrapped in save/restore: the page shows exactly the same shape.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable
from typing import Any

_MAX_RECORDINGS = 2048  # distinct shapes kept: a year of calendar weeks needs a few hundred
_recordings: dict[Hashable, str] = {}


def recording(key: Hashable, draw: Callable[[Any], None]) -> str:
    """The PDF operators `draw(canvas)` emits on a fresh canvas, recorded once per `key`.

    `draw` may use paths, lines, colours, dashes and line widths only: text would need the
    document's font subsets.
    """
    found = _recordings.get(key)
    if found is None:
        from reportlab.pdfgen.canvas import Canvas

        scratch = Canvas(io.BytesIO())
        draw(scratch)
        found = scratch.getCurrentPageContent()
        if len(_recordings) >= _MAX_RECORDINGS:
            _recordings.clear()
        _recordings[key] = found
    return found


def stamp(canvas: Any, x: float, y: float, operators: str) -> None:
    """Draw recorded `operators` with their origin at (x, y), leaving the canvas's state as
    it was (the operators run inside q ... Q)."""
    from reportlab.lib.rl_accel import fp_str

    canvas.addLiteral(f"q 1 0 0 1 {fp_str(x, y)} cm\n{operators}\nQ")


def forget_recordings() -> None:
    """Drop every recording (the next printout records its shapes afresh)."""
    _recordings.clear()
