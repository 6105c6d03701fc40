"""See a PDF before printing it, save it, or print it through the system's print dialog.

Pages are drawn with QtPdf when the full PySide6 is installed, else with pypdfium2; with
neither, the PDF opens in the system's PDF viewer (QDesktopServices), which can print it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.fileio import write_bytes_atomic
from coursehub.i18n import _, ngettext
from coursehub.ui import settings as keys
from coursehub.ui.common import add_buttons, fit_to_screen, format_number, inform, show_error
from coursehub.ui.context import UiContext


def _render_qtpdf(data: bytes, dpi: int) -> list[QImage] | None:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QSize
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document.load(buffer)
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
        images.append(document.render(page, size))
    return images


def _render_pdfium(data: bytes, dpi: int) -> list[QImage] | None:
    try:
        import pypdfium2
    except ImportError:
        return None
    document = pypdfium2.PdfDocument(data)
    images = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=dpi / 72, prefer_bgrx=True)
            image = QImage(
                bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
            )
            images.append(image.copy())  # own the pixels before pdfium frees them
    finally:
        document.close()
    return images


def render_pages(data: bytes, dpi: int = 96) -> list[QImage] | None:
    """Every page as an image, or None when no PDF renderer is installed."""
    return _render_qtpdf(data, dpi) or _render_pdfium(data, dpi)


def open_in_viewer(data: bytes, filename: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="coursehub-"))
    path = folder / filename
    write_bytes_atomic(path, data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def print_pdf(parent: QWidget | None, data: bytes, title: str) -> bool:
    """Print through the system's print dialog; False when the person cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    pages = render_pages(data, dpi=min(printer.resolution(), 300))
    if pages is None:
        open_in_viewer(data, "coursehub.pdf")
        inform(parent, _("The PDF opened in your PDF viewer: print it from there."))
        return True
    paint_pages(printer, pages)
    return True


def paint_pages(device: object, pages: list[QImage]) -> None:
    painter = QPainter(device)  # type: ignore[call-overload]  # a QPrinter or QPdfWriter, both paint devices
    try:
        for number, image in enumerate(pages):
            if number:
                device.newPage()  # type: ignore[attr-defined]  # both have newPage()
            area = QRectF(painter.viewport())
            scaled = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, scaled.width(), scaled.height()), image)
    finally:
        painter.end()


class PdfPreviewDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        data: bytes,
        pages: int,
        title: str,
        filename: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.data, self.title, self.filename = ctx, data, title, filename
        self.setWindowTitle(title)
        self.images = render_pages(data, dpi=80)
        summary = QLabel(ngettext("{n} page", "{n} pages", pages).format(n=format_number(pages)))
        body: QWidget
        if self.images:
            column = QWidget()
            column_layout = QVBoxLayout(column)
            for number, image in enumerate(self.images, start=1):
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(image))
                label.setAccessibleName(_("Page {n}").format(n=number))
                label.setStyleSheet("background: white; border: 1px solid #c9ced6;")
                column_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            body = QScrollArea()
            body.setWidget(column)
            body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        else:
            body = QLabel(
                _("No PDF viewer is built in here; open the PDF in your PDF viewer to see and print it.")
            )
            body.setWordWrap(True)
        buttons = QHBoxLayout()
        add_buttons(
            buttons,
            [
                (_("&Print…"), self.print),
                (_("&Save as…"), self.save_as),
                (_("&Open in PDF viewer"), self.open_viewer),
                (_("&Close"), self.reject),
            ],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(body, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 980, 900)

    def print(self) -> None:
        print_pdf(self, self.data, self.title)

    def save_as(self) -> Path | None:
        folder = self.ctx.settings.get(keys.EXPORT_FOLDER) or str(Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the PDF"), str(Path(folder) / self.filename), _("PDF (*.pdf)")
        )
        if not chosen:
            return None
        try:
            write_bytes_atomic(Path(chosen), self.data)
        except OSError as error:
            show_error(
                self,
                CourseHubError(_("The PDF could not be saved: {reason}").format(reason=os_reason(error))),
            )
            return None
        self.ctx.settings.set(keys.EXPORT_FOLDER, str(Path(chosen).parent))
        self.ctx.status(_("Saved {path}").format(path=chosen))
        return Path(chosen)

    def open_viewer(self) -> None:
        open_in_viewer(self.data, self.filename)
