"""The week grid painted by hand, as the printout lays it out: Monday to Saturday by hour
(and Sunday in a week where a course meets on it), blocks coloured by provider, side by side
when they overlap, holidays shaded and named.

The layout (which days, sessions, numbers and columns) comes from coursehub.scheduling.week,
which the printed calendar uses too, so the screen and the notice board always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from coursehub.domain.model import Course, CourseStatus, Weekday
from coursehub.domain.provider_style import Pattern, provider_look
from coursehub.i18n import _
from coursehub.scheduling.week import WORKING_DAYS, Block, WeekPlan, hour_range, place_in_columns
from coursehub.services.printing import HOLIDAY_FILL, HOLIDAY_INK
from coursehub.ui.common import format_date
from coursehub.ui.style import ACCENT

# The providers' patterns (domain.provider_style) as Qt draws them: the same names.
_QT_PATTERNS = {
    Pattern.FDIAG: Qt.BrushStyle.FDiagPattern,
    Pattern.BDIAG: Qt.BrushStyle.BDiagPattern,
    Pattern.HORIZONTAL: Qt.BrushStyle.HorPattern,
    Pattern.VERTICAL: Qt.BrushStyle.VerPattern,
    Pattern.CROSS: Qt.BrushStyle.CrossPattern,
    Pattern.DIAGCROSS: Qt.BrushStyle.DiagCrossPattern,
    Pattern.DOTS: Qt.BrushStyle.Dense6Pattern,
}

HEADER = 46.0
HOURS_WIDTH = 52.0


@dataclass(frozen=True)
class PlacedBlock:
    rect: QRectF
    block: Block


class WeekView(QWidget):
    course_clicked = Signal(int)
    week_step = Signal(int)  # -1 / +1: the keyboard asks for the previous or next week

    def __init__(self) -> None:
        super().__init__()
        self.plan: WeekPlan | None = None
        self.providers: list[str] = []
        self.first_hour, self.last_hour = 8, 17
        self.placed: list[PlacedBlock] = []
        self.setMinimumSize(640, 300)  # with the key under it, the page fits a 1024x768 screen
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Week calendar"))

    def sizeHint(self) -> QSize:
        return QSize(1000, 620)

    def set_plan(self, plan: WeekPlan, providers: list[str]) -> None:
        self.plan = plan
        self.providers = providers
        self.first_hour, self.last_hour = hour_range([plan])
        self.setAccessibleDescription(
            _("{n} sessions in the week of {day}").format(n=len(plan.blocks), day=format_date(plan.monday))
        )
        self.update()

    # Geometry -------------------------------------------------------------------------
    def _day_width(self) -> float:
        days = self.plan.days_shown if self.plan is not None else WORKING_DAYS
        return (self.width() - HOURS_WIDTH - 1) / days

    def _hour_height(self) -> float:
        return (self.height() - HEADER - 1) / max(self.last_hour - self.first_hour, 1)

    def _y(self, moment: time) -> float:
        hours = moment.hour + moment.minute / 60 - self.first_hour
        return HEADER + hours * self._hour_height()

    # Painting -------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.plan is None:
            return
        self._paint_days(painter)
        self._paint_hours(painter)
        self._paint_blocks(painter)
        painter.end()

    def _paint_days(self, painter: QPainter) -> None:
        assert self.plan is not None
        width = self._day_width()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        labels = _day_labels(painter, self.plan.days, width - 4)
        for offset, day in enumerate(self.plan.days):
            x = HOURS_WIDTH + offset * width
            holiday = self.plan.holidays.get(day)
            if holiday:
                painter.fillRect(QRectF(x, 0, width, self.height()), QColor(HOLIDAY_FILL))
            painter.setPen(QColor(ACCENT))
            painter.setFont(bold)
            painter.drawText(QRectF(x, 2, width, 20), Qt.AlignmentFlag.AlignCenter, labels[offset])
            painter.setFont(self.font())
            if holiday:
                painter.setPen(QColor(HOLIDAY_INK))
                painter.drawText(
                    QRectF(x + 2, 22, width - 4, 22),
                    Qt.AlignmentFlag.AlignCenter,
                    painter.fontMetrics().elidedText(holiday, Qt.TextElideMode.ElideRight, int(width - 4)),
                )
            painter.setPen(QPen(QColor("#c9ced6")))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _paint_hours(self, painter: QPainter) -> None:
        painter.setPen(QPen(QColor("#c9ced6")))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))
        for hour in range(self.first_hour, self.last_hour + 1):
            y = self._y(time(hour) if hour < 24 else time(23, 59))
            painter.setPen(QPen(QColor("#e3e6eb")))
            painter.drawLine(QPointF(HOURS_WIDTH, y), QPointF(self.width(), y))
            if hour < self.last_hour:
                painter.setPen(QColor("#555555"))
                painter.drawText(
                    QRectF(0, y + 2, HOURS_WIDTH - 6, 16),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    f"{hour:02d}:00",
                )

    def _paint_blocks(self, painter: QPainter) -> None:
        assert self.plan is not None
        self.placed = []
        width = self._day_width()
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() - 1, 7))
        for offset, day in enumerate(self.plan.days):
            for placed in place_in_columns(self.plan.blocks_on(day)):
                block, column, columns = placed.block, placed.column, placed.columns
                lane = (width - 6) / columns
                rect = QRectF(
                    HOURS_WIDTH + offset * width + 3 + column * lane,
                    self._y(block.start) + 1,
                    lane - 2,
                    self._y(block.end) - self._y(block.start) - 2,
                )
                self.placed.append(PlacedBlock(rect, block))
                look = provider_look(block.course.provider)  # as on the printed calendar
                held = block.holiday is None
                planned = block.course.status is CourseStatus.PLANNED
                line = Qt.PenStyle.SolidLine if held else Qt.PenStyle.DashLine
                painter.setPen(QPen(QColor(look.edge), 1.2, line))
                fill = QColor("#ffffff" if planned else look.fill)
                painter.setBrush(fill if held else Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, 4, 4)
                if held and look.pattern is not Pattern.SOLID:
                    band = QRectF(rect.left() + 1, rect.top() + 1, 5, rect.height() - 2)
                    painter.fillRect(band, QBrush(QColor(look.edge), _QT_PATTERNS[look.pattern]))
                painter.setPen(QColor("#111111") if held else QColor(HOLIDAY_INK))
                painter.setFont(small)
                if rect.width() >= 70:
                    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
                    painter.drawText(rect.adjusted(4, 2, -3, -2), flags, self._block_text(block))
                else:
                    self._paint_number(painter, rect, block.number, small)
        painter.setFont(self.font())

    @staticmethod
    def _paint_number(painter: QPainter, rect: QRectF, number: int, font: QFont) -> None:
        """A narrow block shows its whole number (the key under the grid names the course):
        the font shrinks until every digit fits, never wrapped to one digit per line."""
        text = str(number)
        painter.setFont(fitted_font(text, rect.width() - 2, font))
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip
        painter.drawText(rect.adjusted(0, 2, 0, 0), flags, text)

    @staticmethod
    def _block_text(block: Block) -> str:
        course = block.course
        times = f"{block.start:%H:%M}–{block.end:%H:%M}"
        lines = [f"{block.number}. {course.title}", times, course.venue]
        if block.holiday:
            lines.insert(1, _("not held: {holiday}").format(holiday=block.holiday))
        return "\n".join(line for line in lines if line)

    # Interaction ------------------------------------------------------------------------
    def block_at(self, point: QPointF) -> Block | None:
        for placed in reversed(self.placed):
            if placed.rect.contains(point):
                return placed.block
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_PageDown: 1, Qt.Key.Key_Right: 1}
        step = steps.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        self.week_step.emit(step)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None and block.course.id is not None:
            self.course_clicked.emit(block.course.id)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]  # a ToolTip event is a QHelpEvent
            block = self.block_at(QPointF(help_event.pos()))
            if block is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(help_event.globalPos(), describe(block.course, block), self)
            return True
        return super().event(event)


def fitted_font(text: str, width: float, font: QFont, smallest: float = 5.0) -> QFont:
    """`font`, made smaller (down to `smallest` points) until `text` fits `width` pixels."""
    fitted = QFont(font)
    size = fitted.pointSizeF()
    while size > smallest and QFontMetricsF(fitted).horizontalAdvance(text) > width:
        size -= 0.5
        fitted.setPointSizeF(size)
    return fitted


def _day_labels(painter: QPainter, days: tuple[date, ...], width: float) -> list[str]:
    """Weekday and date for each column, in the longest form that fits every column."""
    forms = (
        lambda day: f"{Weekday(day.weekday()).label} {format_date(day)}",
        lambda day: f"{Weekday(day.weekday()).short_label} {day:%d.%m}",
    )
    metrics = painter.fontMetrics()
    for form in forms:
        labels = [form(day) for day in days]
        if all(metrics.horizontalAdvance(label) <= width for label in labels):
            return labels
    return [Weekday(day.weekday()).short_label for day in days]


def describe(course: Course, block: Block) -> str:
    lines = [
        course.title,
        course.provider,
        f"{block.start:%H:%M}–{block.end:%H:%M}",
        course.venue,
        course.trainer,
    ]
    if block.holiday:
        lines.append(_("Not held: {holiday}").format(holiday=block.holiday))
    return "\n".join(line for line in lines if line)
