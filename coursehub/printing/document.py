"""Turning a story of flowables into a PDF: page template, running header, and a footer
with "printed on ... by ..." and "page N of M" (M known only once every page is laid out,
so the canvas keeps each page's state and draws the footers when the document ends)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from coursehub import __version__
from coursehub.i18n import _
from coursehub.printing.fonts import SANS, SANS_BOLD, register_fonts
from coursehub.printing.styles import ACCENT, LIGHT_RULE, MUTED, PageSpec, colour


@dataclass(frozen=True, slots=True)
class Imprint:
    """Who printed what and when: shown in every footer and in the PDF's properties.

    invariant=True makes ReportLab write byte-identical files (tests, golden files).
    """

    printed_by: str
    printed_on: datetime
    invariant: bool = False


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    pages: int


def format_date(value: Any) -> str:
    return f"{value:%d.%m.%Y}"


def render(
    story: Sequence[Any], spec: PageSpec, imprint: Imprint, *, title: str, running_title: str = ""
) -> RenderedPdf:
    """Lay out `story` on A4 pages of `spec`; `running_title` heads pages 2 onwards."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=spec.size,
        title=title,
        author=imprint.printed_by,
        creator=f"CourseHub {__version__}",
        producer="CourseHub",
        subject=title,
        invariant=int(imprint.invariant),
        leftMargin=spec.left,
        rightMargin=spec.right,
        topMargin=spec.top,
        bottomMargin=spec.bottom,
        initialFontName=SANS,
    )
    x, y, width, height = spec.frame()
    frame = Frame(
        x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body"
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=spec.size)])
    footer = _Footer(spec, imprint, running_title)
    pages: list[int] = []
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, footer=footer, pages=pages))
    return RenderedPdf(buffer.getvalue(), pages[0] if pages else 0)


@dataclass(frozen=True, slots=True)
class _Footer:
    spec: PageSpec
    imprint: Imprint
    running_title: str

    def draw(self, canvas: Any, page: int, total: int) -> None:
        from reportlab.lib.units import mm

        width, height = self.spec.size
        left, right = self.spec.left * mm, width - self.spec.right * mm
        base = self.spec.bottom * mm - 9 * mm
        canvas.saveState()
        canvas.setStrokeColor(colour(LIGHT_RULE))
        canvas.setLineWidth(0.5)
        canvas.line(left, base + 10, right, base + 10)
        canvas.setFont(SANS, 7)
        canvas.setFillColor(colour(MUTED))
        canvas.drawString(
            left,
            base,
            _("Printed on {when} by {who} · CourseHub").format(
                when=f"{self.imprint.printed_on:%d.%m.%Y %H:%M}", who=self.imprint.printed_by
            ),
        )
        canvas.setFont(SANS_BOLD, 7.5)
        canvas.drawRightString(right, base, _("Page {page} of {total}").format(page=page, total=total))
        if page > 1 and self.running_title:
            top = height - self.spec.top * mm + 4 * mm
            canvas.setFont(SANS, 7.5)
            canvas.setFillColor(colour(ACCENT))
            canvas.drawString(left, top, _clip(canvas, self.running_title, right - left))
        canvas.restoreState()


def _clip(canvas: Any, text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` in the canvas's current font."""
    if canvas.stringWidth(text) <= width:
        return text
    while text and canvas.stringWidth(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):
    """A canvas that holds every page until the end, then stamps "page N of M"."""

    def __init__(self, *args: Any, footer: _Footer, pages: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages_out = pages
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._footer.draw(self, number, total)
            super().showPage()
        self._pages_out.append(total)
        super().save()
