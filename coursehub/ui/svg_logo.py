"""An SVG logo drawn as a PNG with Qt's SVG module (the services may not import Qt:
coursehub.app hands this function to services.letterhead)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def svg_to_png(data: bytes, pixels: int) -> bytes:
    """The SVG drawn `pixels` wide (height in proportion); ValueError if Qt cannot draw it."""
    renderer = QSvgRenderer(QByteArray(data))
    size = renderer.defaultSize()
    if not renderer.isValid() or size.width() <= 0 or size.height() <= 0:
        raise ValueError("not a drawable SVG")
    height = max(1, round(pixels * size.height() / size.width()))
    image = QImage(pixels, min(height, 4 * pixels), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the binding takes str, the stubs say bytes
    return bytes(buffer.data().data())
