"""Turning a story of flowables into a PDF: page template, running header, and a footer
with "printed on ... by ..." and "page N of M" (M known only once every page is laid out,
so the canvas keeps each page's state and draws the footers when the document ends).

Every PDF carries its language (/Lang, for screen readers and hyphenation), its title
(shown by viewers instead of the file name) and bookmarks: a `Bookmark` flowable marks a
section or week; the canvas writes the outline when the pages are written out, because a
page held back has no page object to point at yet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from coursehub import __version__
from coursehub.domain.letterhead import Letterhead
from coursehub.i18n import _, current_language
from coursehub.printing.fonts import SANS, SANS_BOLD, register_fonts
from coursehub.printing.styles import ACCENT, INK, LIGHT_RULE, MUTED, PageSpec, colour


@dataclass(frozen=True, slots=True)
class Imprint:
    """Who printed what and when: shown in every footer and in the PDF's properties.

    invariant=True makes ReportLab write byte-identical files (tests, golden files).
    """

    printed_by: str
    printed_on: datetime
    invariant: bool = False
    # The office's letterhead at the top of every page, and (on a provider's own sheets and
    # certificates) that provider's logo at the top right; nothing is drawn when unset.
    letterhead: Letterhead | None = None
    provider_logo: bytes = b""


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
        lang=_PDF_LANGUAGE.get(current_language(), current_language()),
        displayDocTitle=1,
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


_PDF_LANGUAGE = {"sq": "sq-AL", "en": "en"}


class Bookmark(Flowable):
    """A place in the PDF's outline (bookmarks panel): `level` 0 for a section or a week,
    1 for a part of one. Takes no room on the page."""

    def __init__(self, title: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.level = title, level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        add = getattr(self.canv, "add_bookmark", None)
        if add is not None:
            add(self.title, self.level)


class CanvasMark(Flowable):
    """A text that takes no room in the flow: subclasses act on the canvas in drawOn, which
    knows the page and the position (draw, which knows neither, does nothing)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class RunningTitle(CanvasMark):
    """Names the part that follows (a municipality in the booklet) in the running header:
    a page shows the part it starts with, or the part carried over from the page before."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        setter = getattr(canvas, "set_running_part", None)
        if setter is not None:
            setter(self.text, y)


@dataclass(frozen=True, slots=True)
class _Footer:
    spec: PageSpec
    imprint: Imprint
    running_title: str

    def frame_top(self) -> float:
        _x, y, _width, height = self.spec.frame()
        return y + height

    def draw(self, canvas: Any, page: int, total: int, part: str | None = None) -> None:
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
        if self.has_header_band:
            self._draw_header_band(canvas, page, part)
        elif page > 1 and self.running_title:
            top = height - self.spec.top * mm + 4 * mm
            canvas.setFont(SANS, 7.5)
            canvas.setFillColor(colour(ACCENT))
            if part:
                canvas.setFont(SANS_BOLD, 9)
                canvas.drawRightString(right, top, _clip(canvas, part, (right - left) / 2))
                canvas.setFont(SANS, 7.5)
                room = right - left - canvas.stringWidth(part, SANS_BOLD, 9) - 12
            else:
                room = right - left
            canvas.drawString(left, top, _clip(canvas, self.running_title, room))
        canvas.restoreState()

    @property
    def has_header_band(self) -> bool:
        letterhead = self.imprint.letterhead
        return bool(self.imprint.provider_logo or (letterhead is not None and not letterhead.is_empty))

    def _draw_header_band(self, canvas: Any, page: int, part: str | None) -> None:
        """The letterhead in the top margin: the office's logo, name and address on the left,
        the provider's logo on the right, and (from page 2) the running title between them."""
        from reportlab.lib.units import mm

        width, height = self.spec.size
        left, right = self.spec.left * mm, width - self.spec.right * mm
        top, bottom = height - 3 * mm, height - self.spec.top * mm + 2.5 * mm
        band = top - bottom
        letterhead = self.imprint.letterhead or Letterhead()
        x = left
        if letterhead.logo_png:
            x += _draw_logo(canvas, letterhead.logo_png, x, bottom, band) + 2.5 * mm
        if self.imprint.provider_logo:
            right -= (
                _draw_logo(canvas, self.imprint.provider_logo, right, bottom, band, align_right=True)
                + 2.5 * mm
            )
        name_size, address_size = (9.0, 7.0) if band >= 9 * mm else (8.0, 6.5)
        text_room = (right - x) * (0.55 if page > 1 and self.running_title else 1.0)
        if letterhead.name:
            canvas.setFont(SANS_BOLD, name_size)
            canvas.setFillColor(colour(INK))
            canvas.drawString(x, top - name_size, _clip(canvas, letterhead.name, text_room))
        if letterhead.address:
            canvas.setFont(SANS, address_size)
            canvas.setFillColor(colour(MUTED))
            address = " · ".join(line.strip() for line in letterhead.address.splitlines() if line.strip())
            canvas.drawString(x, top - name_size - address_size - 2, _clip(canvas, address, text_room))
        if page > 1 and self.running_title:
            title = f"{self.running_title} · {part}" if part else self.running_title
            canvas.setFont(SANS, 7.5)
            canvas.setFillColor(colour(ACCENT))
            used = max(
                (canvas.stringWidth(t, SANS_BOLD, name_size) for t in (letterhead.name,) if t), default=0
            )
            room = right - x - min(used, text_room) - 6 * mm
            canvas.drawRightString(right, bottom + 1, _clip(canvas, title, max(room, 20 * mm)))
        canvas.setStrokeColor(colour(LIGHT_RULE))
        canvas.setLineWidth(0.4)
        canvas.line(left, bottom - 1.2 * mm, width - self.spec.right * mm, bottom - 1.2 * mm)


def _draw_logo(
    canvas: Any, png: bytes, x: float, y: float, height: float, *, align_right: bool = False
) -> float:
    """Draw a logo `height` tall (at most three times as wide) at x (its right edge if
    align_right); returns the width it took. A logo that cannot be drawn takes none."""
    try:
        reader = _image(png)
        pixel_width, pixel_height = reader.getSize()
    except (OSError, ValueError):
        return 0.0
    drawn_width = min(height * pixel_width / max(1, pixel_height), 3 * height)
    drawn_height = min(height, drawn_width * pixel_height / max(1, pixel_width))
    left = x - drawn_width if align_right else x
    canvas.drawImage(reader, left, y, drawn_width, drawn_height, mask="auto", preserveAspectRatio=True)
    return drawn_width


LOGO_PIXELS = 240  # a logo is drawn at most 15 mm tall: 240 pixels are about 400 dpi


@lru_cache(maxsize=8)
def _image(png: bytes) -> Any:
    """The logo scaled down once to what the band shows, so that each document embeds (and
    each page refers to) a small image instead of the full file."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(io.BytesIO(png)) as original:
        image = original.convert("RGBA")
    image.thumbnail((LOGO_PIXELS * 3, LOGO_PIXELS))
    return ImageReader(image)


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
        self._bookmarks: list[tuple[int, str, int]] = []  # (page index, title, level)
        self._part: str | None = None  # the running part in force (carried across pages)
        self._page_part: str | None = None  # the part this page's header names

    def set_running_part(self, text: str, y: float) -> None:
        if self._page_part is None:
            at_top = y >= self._footer.frame_top() - 1
            self._page_part = text if at_top or self._part is None else self._part
        self._part = text

    def add_bookmark(self, title: str, level: int) -> None:
        previous = self._bookmarks[-1][2] if self._bookmarks else -1
        self._bookmarks.append((len(self._saved_pages), title, min(level, previous + 1)))

    def showPage(self) -> None:
        if self._page_part is None:
            self._page_part = self._part
        self._saved_pages.append(dict(self.__dict__))
        self._page_part = None
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        marks = self._bookmarks
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._footer.draw(self, number, total, self._page_part)
            for index, (page, title, level) in enumerate(marks):
                if page == number - 1:
                    key = f"section-{index}"
                    self.bookmarkPage(key, fit="Fit")
                    self.addOutlineEntry(title, key, level=level)
            super().showPage()
        if marks:
            self.showOutline()
        self._pages_out.append(total)
        super().save()
