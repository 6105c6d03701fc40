"""The weekly course calendar for notice boards: A4 landscape, Monday to Saturday by hour
(and Sunday in a week where a course meets on it), one page per ISO week; the layout comes
from coursehub.scheduling.week. Each session is a block coloured by provider; sessions at the same
time sit side by side in columns, and every block carries a number that the key under the
grid explains in full, so even a crowded hour stays readable. Public holidays are shaded
and named; sessions that fall on them are drawn as outlines (not held)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, time
from functools import cache, lru_cache, partial
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, CourseStatus, Weekday
from coursehub.domain.provider_style import Outline, Pattern, ProviderLook, provider_look
from coursehub.i18n import _
from coursehub.printing.blocks import para
from coursehub.printing.document import Bookmark, Imprint, RenderedPdf, format_date, render
from coursehub.printing.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD
from coursehub.printing.markup import esc
from coursehub.printing.patterns import draw_pattern, set_outline
from coursehub.printing.recorded import forget_recordings, recording, stamp
from coursehub.printing.styles import (
    HOLIDAY_FILL,
    HOLIDAY_INK,
    INK,
    LANDSCAPE,
    LIGHT_RULE,
    MUTED,
    RULE,
    WHITE,
    colour,
    stylesheet,
    table_style,
)
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.week import Block, WeekPlan, hour_range, place_in_columns, plan_weeks

_GRID_MIN, _GRID_MAX = 270.0, 380.0  # points; the rest holds the title, legend and key
_TEXT_MIN_WIDTH = 34.0  # narrower blocks carry their number and title turned sideways
_KEY_MARGIN = 8.0  # points kept free under the key (tables' paddings round up)
_BAND, _BAND_NARROW = 6.0, 3.5  # the patterned band at a block's left edge
_colour = cache(colour)  # a few colours, asked for on every block
_provider_look = lru_cache(maxsize=1024)(provider_look)  # a hash of the name, for every block


def week_calendar(
    courses: Sequence[Course],
    calendar: HolidayCalendar,
    first_monday: date,
    weeks: int,
    imprint: Imprint,
    scope: str = "",
) -> RenderedPdf:
    """The calendar PDF; `scope` says which filters were applied (printed under the title)."""
    providers = sorted({c.provider for c in courses if c.is_live}, key=albanian_key)
    plans = plan_weeks(courses, calendar, first_monday, weeks, providers)
    first, last = hour_range(plans)
    story: list[Any] = []
    for number, plan in enumerate(plans):
        if number:
            from reportlab.platypus import PageBreak

            story.append(PageBreak())
        story += _week_page(plan, first, last, scope)
    return render(story, LANDSCAPE, imprint, title=_("Weekly course calendar"))


def clear_printing_caches() -> None:
    """Forget the layouts and drawings kept between calendars (in this thread): the next
    calendar costs what the first one in a fresh process does. For benchmarks and tests."""
    _block_lines.cache_clear()
    _sideways_lines.cache_clear()
    _rounded.cache_clear()
    _kept_here.__dict__.clear()
    forget_recordings()


def _week_page(plan: WeekPlan, first: int, last: int, scope: str) -> list[Any]:
    from reportlab.platypus import PageBreak, Spacer

    width, height = LANDSCAPE.frame()[2:]
    year, week, _day = plan.monday.isocalendar()
    heading = _("Week {week}, {year}: {start} – {end}").format(
        week=week, year=year, start=format_date(plan.monday), end=format_date(plan.last_day)
    )
    header = [
        Bookmark(heading),
        _kept(esc(_("Weekly course calendar").upper()), "kicker"),
        para(heading, "h1"),
    ]
    if scope:
        header.append(_kept(esc(scope), "note"))
    header_h = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in header) + 10
    key_parts = _Key(plan, width)
    key = _Measured(key_parts.parts(0, len(plan.courses), with_legend=True), width, height)
    key_h = key.height + 4
    # The grid takes what the key leaves, within limits.
    grid_h = min(_GRID_MAX, max(_GRID_MIN, height - header_h - key_h - _KEY_MARGIN))
    grid = WeekGrid(plan, first, last, width, grid_h)
    room = height - header_h - grid_h - 2
    page = [*header, Spacer(1, 4), grid, Spacer(1, 6)]
    if key_h <= room:
        return [*page, key]
    # The key keeps its readable size (7 pt) and goes on over the next page.
    fits = key_parts.entries_that_fit(room)
    continued = _("Week {week}, {year}: key (continued)").format(week=week, year=year)
    return [
        *page,
        *key_parts.parts(0, fits, with_legend=True, holidays=False),
        PageBreak(),
        para(continued, "h2_open"),
        *key_parts.parts(fits, len(plan.courses), with_legend=False),
    ]


class _Key:
    """A week's key, its pieces made once: the legend of providers, an entry per course
    (numbered as on the grid) and the line of public holidays. The page puts them together
    more than once (to measure how much fits, then to print), and re-parsing and
    re-wrapping the same entries each time cost more than the rest of the page."""

    def __init__(self, plan: WeekPlan, width: float) -> None:
        self.plan, self.width = plan, width
        if not plan.courses:
            return
        self.legend = _legend(plan, width)
        skipped = _skipped_days(plan)
        self.entries = [_key_entry(n, c, skipped.get(c.key, ())) for n, c in enumerate(plan.courses, start=1)]
        self.holidays: Any = None
        if plan.holidays:
            names = "; ".join(f"{format_date(day)} {esc(name)}" for day, name in plan.holidays.items())
            self.holidays = _kept(
                f"<font color='{HOLIDAY_INK}'><b>{esc(_('Public holidays'))}:</b> {names}</font>", "key"
            )

    def parts(self, start: int, stop: int, *, with_legend: bool, holidays: bool = True) -> list[Any]:
        """The legend (if asked) and entries start..stop-1 in three columns."""
        from reportlab.platypus import Table

        if not self.plan.courses:
            return [para(_("No courses this week."), "body")]
        columns = 3
        column_w = self.width / columns
        entries = self.entries[start:stop]
        per_column = -(-len(entries) // columns)
        grid = [
            [
                entries[col * per_column + row] if col * per_column + row < len(entries) else ""
                for col in range(columns)
            ]
            for row in range(per_column)
        ]
        parts: list[Any] = [self.legend] if with_legend else []
        if grid:
            parts.append(Table(grid, colWidths=[column_w] * columns, style=_key_style()))
        if self.holidays is not None and holidays:
            parts.append(self.holidays)
        return parts

    def entries_that_fit(self, room: float) -> int:
        """How many entries (with the legend) fit in `room` points: a binary search."""
        low, high = 0, len(self.plan.courses)
        while low < high:
            middle = (low + high + 1) // 2
            parts = self.parts(0, middle, with_legend=True, holidays=False)
            if sum(part.wrap(self.width, room)[1] for part in parts) + 4 <= room:
                low = middle
            else:
                high = middle - 1
        return low


@cache
def _key_style() -> Any:
    return table_style(
        "facts",
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, LIGHT_RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, LIGHT_RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    )


def _skipped_days(plan: WeekPlan) -> dict[Any, list[date]]:
    """Per course key, the days of this week its sessions fall on a holiday."""
    days: dict[Any, set[date]] = {}
    for block in plan.blocks:
        if block.holiday:
            days.setdefault(block.course.key, set()).add(block.day)
    return {key: sorted(found) for key, found in days.items()}


def _key_entry(number: int, course: Course, skipped: Sequence[date]) -> Any:
    parts = [f"<b>{number}. {esc(course.title)}</b> ({esc(course.code)})", esc(course.provider)]
    if course.status is CourseStatus.PLANNED:
        planned = _("planned, not yet open")
        parts.insert(1, f"<i>{esc(planned)}</i>")
    if course.venue:
        parts.append(esc(course.venue))
    if skipped:
        days = ", ".join(f"{d:%d.%m}" for d in skipped)
        note = esc(_("not held on {days} (holiday)").format(days=days))
        parts.append(f"<font color='{HOLIDAY_INK}'>{note}</font>")
    return _kept(" · ".join(parts), "key")


_MAX_KEPT = 2048  # paragraphs kept: a year's key entries, legends and headings
# Per thread: a Paragraph being drawn holds its canvas, so two printouts made at once in two
# threads must not share one.
_kept_here = threading.local()


def _kept(raw_markup: str, style: str) -> Any:
    """The Paragraph of `raw_markup` (built by our code, values escaped) in `style`, made
    once: the same course's entry, the same provider and the same heading come back week
    after week."""
    kept: dict[tuple[str, str], Any] | None = getattr(_kept_here, "paragraphs", None)
    if kept is None:
        kept = _kept_here.paragraphs = {}
    found = kept.get((raw_markup, style))
    if found is None:
        if len(kept) >= _MAX_KEPT:
            kept.clear()
        found = kept[(raw_markup, style)] = _WrappedOnce(raw_markup, stylesheet()[style])
    return found


def _legend(plan: WeekPlan, width: float) -> Any:
    from reportlab.platypus import Table

    seen = sorted({b.course.provider for b in plan.blocks}, key=albanian_key)
    cells: list[Any] = []
    per_row = 4
    swatch = 11.0
    for position, provider in enumerate(seen):
        row, col = divmod(position, per_row)
        cells.append((row, col * 2, _Swatch(provider_look(provider), swatch)))
        cells.append((row, col * 2 + 1, _kept(esc(provider), "key")))
    if any(b.course.status is CourseStatus.PLANNED for b in plan.blocks):
        row, col = divmod(len(seen), per_row)
        sample = ProviderLook(WHITE, MUTED, Pattern.SOLID, Outline.SOLID)
        cells.append((row, col * 2, _Swatch(sample, swatch)))
        cells.append((row, col * 2 + 1, _kept(esc(_("white: planned, not yet open for enrolment")), "key")))
        seen = [*seen, ""]
    rows = max(1, -(-len(seen) // per_row))
    grid: list[list[Any]] = [["" for _c in range(per_row * 2)] for _r in range(rows)]
    for row, col, value in cells:
        grid[row][col] = value
    widths = [swatch + 3, width / per_row - swatch - 3] * per_row
    style = table_style(
        "facts",
        ("LINEABOVE", (0, 0), (-1, 0), 0, "#ffffff"),
        ("LINEBELOW", (0, 0), (-1, -1), 0, "#ffffff"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    )
    return Table(grid, colWidths=widths, rowHeights=[swatch + 4] * rows, style=style, hAlign="LEFT")


class _WrappedOnce(Paragraph):
    """A Paragraph that keeps its lines for the width it was last wrapped to: a table asks
    each cell for its size when it is measured and again when it is drawn, and a kept
    paragraph is asked again every week it appears (its lines do not depend on the height
    offered)."""

    _wrapped_to: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width != self._wrapped_to:
            super().wrap(available_width, available_height)
            self._wrapped_to = available_width
        return self.width, self.height


class _Swatch(Flowable):
    """A provider's fill, pattern and outline, as its blocks show them."""

    def __init__(self, look: ProviderLook, size: float) -> None:
        super().__init__()
        self.look, self.width, self.height = look, size, size

    def draw(self) -> None:
        art = recording(("swatch", self.look, self.width), partial(_swatch_art, self.look, self.width))
        stamp(self.canv, 0, 0, art)


class _Measured(Flowable):
    """Flowables laid out once, at a width known in advance: the page measures the key to
    size the grid, and laying the key out a second time would double its cost."""

    def __init__(self, parts: list[Any], width: float, height: float) -> None:
        super().__init__()
        self.parts = parts
        self.sizes = [part.wrap(width, height) for part in parts]
        self.width = width
        self.height = sum(h for _w, h in self.sizes)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        for part, (_w, h) in zip(self.parts, self.sizes, strict=True):
            top -= h
            part.drawOn(self.canv, 0, top)


class WeekGrid(Flowable):
    """Monday to Saturday (and Sunday when a course meets on it) by hour, drawn straight on
    the canvas."""

    _AXIS = 30.0
    _HEAD = 26.0

    def __init__(self, plan: WeekPlan, first_hour: int, last_hour: int, width: float, height: float) -> None:
        super().__init__()
        self.plan, self.first_hour, self.last_hour = plan, first_hour, last_hour
        self.width, self.height = width, height
        if plan.holidays:  # room for the holiday's name in two lines under the day
            self._HEAD = 42.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    # Geometry -------------------------------------------------------------------
    @property
    def day_width(self) -> float:
        return (self.width - self._AXIS) / self.plan.days_shown

    def _y(self, moment: time) -> float:
        hours = moment.hour + moment.minute / 60 - self.first_hour
        span = self.last_hour - self.first_hour
        body = self.height - self._HEAD
        return body - body * hours / span

    def _x(self, day_index: int) -> float:
        return self._AXIS + day_index * self.day_width

    # Drawing --------------------------------------------------------------------
    def draw(self) -> None:
        canvas = self.canv
        self._draw_days(canvas)
        self._draw_hours(canvas)
        # Blocks never overlap (sessions at the same time sit side by side), so the shapes go
        # first and all their text follows in one text object.
        lines: list[_Line] = []
        for day_index, day in enumerate(self.plan.days):
            # Sessions on a holiday are not held: the shaded column and the key say so.
            held = [block for block in self.plan.blocks_on(day) if not block.holiday]
            for placed in place_in_columns(held):
                lines += self._draw_block(canvas, placed.block, day_index, placed.column, placed.columns)
        canvas.setFillColor(_colour(INK))
        _draw_lines(canvas, lines)
        canvas.setStrokeColor(_colour(RULE))
        canvas.setLineWidth(0.8)
        canvas.rect(self._AXIS, 0, self.width - self._AXIS, self.height, stroke=1, fill=0)

    def _draw_days(self, canvas: Any) -> None:
        body = self.height - self._HEAD
        for day_index, day in enumerate(self.plan.days):
            x = self._x(day_index)
            holiday = self.plan.holidays.get(day)
            if holiday:
                canvas.setFillColor(_colour(HOLIDAY_FILL))
                canvas.rect(x, 0, self.day_width, self.height, stroke=0, fill=1)
            canvas.setFillColor(_colour(HOLIDAY_INK if holiday else "#1d4e89"))
            canvas.setFont(SANS_BOLD, 9)
            label = f"{Weekday(day_index).label} {day:%d.%m}"
            canvas.drawCentredString(x + self.day_width / 2, self.height - 14, label)
            if holiday:
                canvas.setFont(CONDENSED, 7)
                for line, text in enumerate(_wrapped(holiday, self.day_width - 6, CONDENSED, 7, lines=3)):
                    canvas.drawCentredString(x + self.day_width / 2, self.height - 23 - line * 7.6, text)
            canvas.setStrokeColor(_colour(RULE))
            canvas.setLineWidth(0.5)
            canvas.line(x, 0, x, self.height)
        canvas.line(self._AXIS, body, self.width, body)

    def _draw_hours(self, canvas: Any) -> None:
        canvas.setFont(SANS, 7)
        for hour in range(self.first_hour, self.last_hour + 1):
            y = self._y(time(hour % 24))
            if hour == 24:
                y = 0
            canvas.setFillColor(_colour(MUTED))
            canvas.drawRightString(self._AXIS - 4, y - 2.5, f"{hour:02d}:00")
            if self.first_hour < hour < self.last_hour:
                canvas.setStrokeColor(_colour(LIGHT_RULE))
                canvas.setLineWidth(0.3)
                canvas.line(self._AXIS, y, self.width, y)

    def _draw_block(
        self, canvas: Any, block: Block, day_index: int, column: int, columns: int
    ) -> list[_Line]:
        """Draws the block's shape; returns its lines of text, placed."""
        slot = self.day_width / columns
        x = self._x(day_index) + column * slot + 1.5
        width = slot - 3
        top, bottom = self._y(block.start), self._y(block.end)
        height = top - bottom - 1.5
        y = bottom + 0.75
        look = _provider_look(block.course.provider)
        band = _BAND_NARROW if width < _TEXT_MIN_WIDTH else _BAND
        planned = block.course.status is CourseStatus.PLANNED
        stamp(canvas, x, y, _block_shape(look, planned, width, height, band))
        if width < _TEXT_MIN_WIDTH:
            return _sideways_text(block, x + band, y, width - band, height)
        return _block_text(block, x + band + 1.5, y, width - band - 3, height)


# A line of text placed on the grid: x, y, text, font, size, turned 90 degrees or not.
_Line = tuple[float, float, str, str, float, bool]
_SIDEWAYS_SIZE = 6.5


def _draw_lines(canvas: Any, lines: Sequence[_Line]) -> None:
    """Every line in one text object (one BT ... ET for the whole grid, not one per line);
    a line turned 90 degrees gets its own text matrix instead of a saved, moved and rotated
    canvas."""
    if not lines:
        return
    text = canvas.beginText()
    current = None
    for x, y, line, font, size, turned in lines:
        if (font, size) != current:
            text.setFont(font, size)
            current = (font, size)
        if turned:
            text.setTextTransform(0, 1, -1, 0, x, y)
        else:
            text.setTextOrigin(x, y)
        text.textOut(line)
    canvas.drawText(text)


def _sideways_text(block: Block, x: float, y: float, width: float, height: float) -> list[_Line]:
    """Number and title turned 90 degrees, reading upwards, in as many lines as fit; a
    block too short for its number and start time sideways (a one-hour session in a
    crowded column) gets them upright and small instead, never cut."""
    lines = _sideways_lines(block.number, block.start, block.course.title, width, height)
    if lines is None:
        return _upright_label(block, x, y, width, height)
    size = _SIDEWAYS_SIZE
    count = max(1, min(3, int((width - 2) // (size + 1))))
    # Turned 90 degrees: glyphs sit left of each baseline, later lines to the right.
    left = x + width / 2 - ((count - 1) * (size + 1) - size) / 2
    return [
        (left + n * (size + 1), y + 3, text, font, size, True) for n, (text, font, size) in enumerate(lines)
    ]


def _upright_label(block: Block, x: float, y: float, width: float, height: float) -> list[_Line]:
    """The number over the start time, upright, at the largest size (5-6.5 pt) that fits."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    start = f"{block.start:%H:%M}"
    size = _SIDEWAYS_SIZE
    while size > 5 and stringWidth(start, CONDENSED_BOLD, size) > width - 1:
        size -= 0.25
    top = y + height - size - 1
    middle = x + width / 2
    number = str(block.number)
    lines = [
        (middle - stringWidth(number, CONDENSED_BOLD, size) / 2, top, number, CONDENSED_BOLD, size, False)
    ]
    if height >= 2 * size + 3:
        lines.append(
            (
                middle - stringWidth(start, CONDENSED, size) / 2,
                top - size - 0.5,
                start,
                CONDENSED,
                size,
                False,
            )
        )
    return lines


def _block_text(block: Block, x: float, y: float, width: float, height: float) -> list[_Line]:
    """Number and times, the title, the venue, the provider: as many as fit, in that order
    of importance (provider dropped first, then venue, then the title shortened)."""
    course = block.course
    lines = _block_lines(
        block.number, block.start, block.end, course.title, course.venue, course.provider, width, height - 3
    )
    top = y + height - 1.5
    placed: list[_Line] = []
    for text, font, size in lines:
        top -= size + 1
        placed.append((x, top + 1.5, text, font, size, False))
    return placed


@lru_cache(maxsize=8192)
def _sideways_lines(
    number: int, start: time, title: str, width: float, height: float
) -> tuple[tuple[str, str, float], ...] | None:
    """The sideways label and title lines of a block, or None when the block is too short
    for its number and start time sideways (they are then drawn upright)."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = _SIDEWAYS_SIZE
    label = f"{number} · {start:%H:%M}"
    if stringWidth(label, CONDENSED_BOLD, size) > height - 6:
        return None
    count = max(1, min(3, int((width - 2) // (size + 1))))
    wrapped = simpleSplit(title, CONDENSED, size, height - 6)
    shown = wrapped[: count - 1]
    if len(wrapped) > len(shown) and shown:
        shown[-1] = _fit_text(shown[-1] + "…", height - 6, CONDENSED, size)
    head = (_fit_text(label, height - 6, CONDENSED_BOLD, size), CONDENSED_BOLD, size)
    return (head, *((text, CONDENSED, size) for text in shown))


def _block_shape(look: ProviderLook, planned: bool, width: float, height: float, band: float) -> str:
    """A block's fill, patterned band and outline as PDF operators at the origin, from
    recordings: the band's pattern (the costly part) depends on the provider and the
    block's height only, so it is recorded once for every width."""
    # A planned course (not yet open for enrolment) is white inside its provider's band
    # and outline; the key marks it "planned".
    fill = WHITE if planned else look.fill
    parts = [recording(("fill", fill, width, height), partial(_block_fill, fill, width, height))]
    # The pattern in a band at the left edge, and the outline, tell providers apart in
    # black and white; the text keeps a plain background.
    if look.pattern is not Pattern.SOLID:
        parts.append(
            recording(
                ("band", look, band, height),
                partial(draw_pattern, x=0, y=0, width=band, height=height, look=look),
            )
        )
    parts.append(
        recording(
            ("outline", look.edge, look.outline, width, height), partial(_block_outline, look, width, height)
        )
    )
    return "\n".join(parts)


def _block_fill(fill: str, width: float, height: float, canvas: Any) -> None:
    canvas.setFillColor(colour(fill))
    canvas.drawPath(_rounded(width, height), stroke=0, fill=1)


def _block_outline(look: ProviderLook, width: float, height: float, canvas: Any) -> None:
    set_outline(canvas, look)
    canvas.setLineWidth(0.9)
    canvas.drawPath(_rounded(width, height), stroke=1, fill=0)


@lru_cache(maxsize=1024)
def _rounded(width: float, height: float) -> Any:
    """The block's rounded rectangle at the origin, worked out once for its fill and its
    outline (canvas.roundRect would work out the corners' curves for each)."""
    from reportlab.pdfgen.pathobject import PDFPathObject

    path = PDFPathObject()
    path.roundRect(0, 0, width, height, 2)
    return path


def _swatch_art(look: ProviderLook, size: float, canvas: Any) -> None:
    canvas.setFillColor(_colour(look.fill))
    canvas.rect(0, 0, size, size, stroke=0, fill=1)
    draw_pattern(canvas, 0, 0, size, size, look)
    set_outline(canvas, look)
    canvas.setLineWidth(0.9)
    canvas.rect(0, 0, size, size, stroke=1, fill=0)


_HEAD = (CONDENSED_BOLD, 6.5)
_TITLE = (CONDENSED_BOLD, 7.0)
_TEXT = (CONDENSED, 6.3)


@lru_cache(maxsize=8192)
def _block_lines(
    number: int, start: time, end: time, title: str, venue: str, provider: str, width: float, height: float
) -> tuple[tuple[str, str, float], ...]:
    """The lines a block of `width` x `height` shows, laid out once per distinct block: the
    same course at the same time and size comes back every week."""

    def split(text: str, look: tuple[str, float]) -> list[tuple[str, str, float]]:
        return [(line, *look) for line in _split_words(text, look[0], look[1], width)] if text else []

    head = [(text, *_HEAD) for text in _head_lines(number, start, end, width)]
    title_lines = split(title, _TITLE)
    venue_lines, provider_lines = split(venue, _TEXT), split(provider, _TEXT)
    for candidate in (
        head + title_lines + venue_lines + provider_lines,
        head + title_lines + venue_lines,
        head + title_lines,
    ):
        if _height(candidate) <= height:
            return tuple(candidate)
    room = int((height - _height(head)) // (_TITLE[1] + 1))
    if room <= 0:
        return tuple(head) if _height(head) <= height else ()
    kept = title_lines[:room]
    last_text = _fit_text(kept[-1][0] + "…", width, *_TITLE)
    return (*head, *kept[:-1], (last_text, *_TITLE))


def _split_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` within `width`; a word longer than the line is broken with a hyphen
    rather than running into the next block."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut] + "-", font, size) > width:
                cut -= 1
            lines.append(line[:cut] + "-")
            line = line[cut:]
        lines.append(line)
    return lines


def _head_lines(number: int, start: time, end: time, width: float) -> list[str]:
    """Number and times on one line, or on two where the block is narrow: the times are
    never cut."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    times = f"{start:%H:%M}–{end:%H:%M}"
    whole = f"{number} · {times}"
    if stringWidth(whole, *_HEAD) <= width:
        return [whole]
    if stringWidth(times, *_HEAD) <= width:
        return [str(number), times]
    return [f"{number} · {start:%H:%M}", f"–{end:%H:%M}"]


def _wrapped(text: str, width: float, font: str, size: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width`, the last shortened only if it must be."""
    from reportlab.lib.utils import simpleSplit

    split = simpleSplit(text, font, size, width)
    if len(split) <= lines:
        return split
    return [*split[: lines - 1], _fit_text(" ".join(split[lines - 1 :]), width, font, size)]


def _height(lines: Sequence[tuple[str, str, float]]) -> float:
    return sum(size + 1 for _text, _font, size in lines)


def _fit_text(text: str, width: float, font: str, size: float) -> str:
    """`text`, or its longest start that fits `width` with an ellipsis (binary search)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[: max(1, low)].rstrip() + "…"
