"""Checking a logo before it is stored: a real PNG image of sensible size (Pillow, which
ReportLab itself uses to draw PNGs). An SVG logo arrives here already drawn as PNG."""

from __future__ import annotations

import io
import warnings

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MIN_SIDE = 16


def png_problem(data: bytes) -> str | None:
    """Why `data` cannot be a logo (in plain words, untranslated detail), or None."""
    from PIL import Image

    from coursehub.i18n import _

    if len(data) > MAX_BYTES:
        return _("the file is larger than 2 MB")
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _("it is not a PNG or SVG image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        return _("the PNG image is damaged or cannot be read")
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        return _("the image is {width} x {height} pixels; use 16 to 4000 pixels on each side").format(
            width=width, height=height
        )
    return None
