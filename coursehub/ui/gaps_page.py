"""Gaps: labour-market demand against the seats on offer, as a table and a bar chart, with
shares of demand and seats, and places or months without courses."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.findings import GapRow
from coursehub.i18n import _
from coursehub.services.analysis import GapReport, main_year
from coursehub.ui.common import format_number, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.output_actions import print_preview
from coursehub.ui.style import ACCENT, ALBANIAN_RED
from coursehub.ui.widgets import RowRole, RowsModel, fit_headers, heading, table_view
from coursehub.ui.workers import run_task

SUPPLY_COLOUR = "#2a9d8f"


class GapChart(QWidget):
    """Demand (outline) and seats (filled) per needs row, the largest unmet demand first."""

    ROW = 26.0
    LABEL = 250.0

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GapRow] = []
        self.setAccessibleName(_("Chart of demand against seats"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: list[GapRow]) -> None:
        self.rows = sorted(rows, key=lambda r: -r.gap)
        self.setMinimumHeight(int(40 + self.ROW * len(self.rows)))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, int(40 + self.ROW * max(len(self.rows), 3)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No needs rows to compare."))
            return
        largest = max(max(r.demand, r.supply) for r in self.rows) or 1
        span = max(self.width() - self.LABEL - 70, 50)
        self._legend(painter)
        for i, row in enumerate(self.rows):
            y = 30 + i * self.ROW
            label = f"{row.occupation} {row.occupation_title} · {row.area}"
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(4, y, self.LABEL - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(self.LABEL - 8)),
            )
            demand_w = span * row.demand / largest
            supply_w = span * row.supply / largest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(SUPPLY_COLOUR))
            painter.drawRect(QRectF(self.LABEL, y + 6, supply_w, self.ROW - 12))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QColor(ALBANIAN_RED if row.gap > 0 else ACCENT))
            painter.drawRect(QRectF(self.LABEL, y + 3, demand_w, self.ROW - 6))
            gap = f"+{format_number(row.gap)}" if row.gap > 0 else format_number(row.gap)
            painter.drawText(
                QRectF(self.LABEL + max(demand_w, supply_w) + 6, y, 70, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                gap,
            )
        painter.end()

    def _legend(self, painter: QPainter) -> None:
        demand, seats = _("demand (outline)"), _("seats on offer (filled); number = gap")
        metrics = painter.fontMetrics()
        needed = 20 + metrics.horizontalAdvance(demand) + 8 + 24 + 20 + metrics.horizontalAdvance(seats) + 8
        x = self.LABEL if self.LABEL + needed <= self.width() else 4.0  # a narrow chart: the key moves left
        painter.setPen(QColor(ALBANIAN_RED))
        painter.drawRect(QRectF(x, 8, 14, 12))
        painter.setPen(QColor("#222222"))
        width = metrics.horizontalAdvance(demand) + 8
        painter.drawText(QRectF(x + 20, 4, width, 20), Qt.AlignmentFlag.AlignVCenter, demand)
        x += 20 + width + 24
        painter.fillRect(QRectF(x, 8, 14, 12), QColor(SUPPLY_COLOUR))
        painter.drawText(
            QRectF(x + 20, 4, metrics.horizontalAdvance(seats) + 8, 20), Qt.AlignmentFlag.AlignVCenter, seats
        )


class GapsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: GapReport | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(main_year(ctx.courses(), ctx.today()))
        name(self.year, _("Year"))
        self.year.valueChanged.connect(self.reload)
        year_label = QLabel(_("&Year:"))
        year_label.setBuddy(self.year)
        self.open_button = QPushButton(_("&Show the courses counted"))
        name(self.open_button, _("Show the courses counted for the chosen row"))
        self.open_button.clicked.connect(self.show_counted)

        self.gaps = RowsModel(
            [
                _("ISCO"),
                _("Occupation"),
                _("Area"),
                _("Period"),
                _("Demand"),
                _("Seats"),
                _("Gap"),
                _("Courses"),
            ],
            [
                lambda r: r.occupation,
                lambda r: r.occupation_title,
                lambda r: r.area,
                lambda r: r.period,
                lambda r: r.demand,
                lambda r: r.supply,
                lambda r: r.gap,
                lambda r: len(r.courses),
            ],
            self,
            colour=lambda r: QColor("#fde2e2") if r.gap > 0 else QColor("#e3f4ef"),
        )
        self.table = table_view(self.gaps, _("Gaps"))
        self.table.doubleClicked.connect(lambda _i: self.show_counted())
        for column, width in enumerate((55, 230, 120, 80, 80, 70, 85)):
            self.table.setColumnWidth(column, width)
        self.chart = GapChart()
        chart_box = QScrollArea()  # a long chart scrolls instead of squeezing the table
        chart_box.setWidget(self.chart)
        chart_box.setWidgetResizable(True)
        chart_box.setFrameShape(QFrame.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.table.setMinimumHeight(8 * self.table.verticalHeader().defaultSectionSize())

        self.shares = RowsModel(
            [_("ISCO"), _("Occupation"), _("Demand"), _("Seats"), _("Share of demand"), _("Share of seats")],
            [
                lambda r: r.occupation,
                lambda r: r.occupation_title,
                lambda r: r.demand,
                lambda r: r.seats,
                lambda r: f"{format_number(100 * r.demand_share, 1)} %",
                lambda r: f"{format_number(100 * r.seat_share, 1)} %",
            ],
            self,
            sort_keys={4: lambda r: r.demand_share, 5: lambda r: r.seat_share},
        )
        self.coverage = QListWidget()
        self.coverage.setAccessibleName(_("Places and months without courses"))
        tabs = QTabWidget()
        tabs.addTab(splitter, _("Gaps per needs row"))
        self.shares_table = table_view(self.shares, _("Shares of demand and seats"))
        tabs.addTab(self.shares_table, _("Shares"))
        tabs.addTab(self.coverage, _("Coverage"))
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.open_button)
        self.print_button = QPushButton(_("&Print the committee report…"))
        name(self.print_button, _("Print the committee report"))
        self.print_button.clicked.connect(self.print_report)
        bar.addWidget(self.print_button)
        bar.addWidget(self.summary, 1)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Gaps"),
                _(
                    "Demand from the needs list against the seats of live courses in the same occupation, "
                    "area and period. Red: unmet demand; green: more seats than demand."
                ),
            )
        )
        layout.addLayout(bar)
        layout.addWidget(tabs, 1)
        self.reload()

    def reload(self) -> None:
        year = self.year.value()
        run_task(
            self,
            self.ctx.workspace,
            _("Comparing needs with courses…"),
            lambda ws, _progress, _cancelled: ws.analysis.gaps(year),
            self.set_report,
            lambda message: show_error(self, CourseHubError(message)),
        )

    def set_report(self, report: GapReport) -> None:
        self.report = report
        self.gaps.set_items(list(report.rows))
        fit_headers(self.table)
        fit_headers(self.shares_table)
        self.chart.set_rows(list(report.rows))
        self.shares.set_items(list(report.shares))
        self.coverage.clear()
        self.coverage.addItems([gap.message for gap in report.coverage])
        unmet = sum(r.gap for r in report.rows if r.gap > 0)
        self.summary.setText(
            _("Unmet demand: {n} places in {rows} rows").format(
                n=format_number(unmet), rows=format_number(sum(1 for r in report.rows if r.gap > 0))
            )
        )

    def show_counted(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row: GapRow = self.gaps.data(index, RowRole)
        try:
            ids = self.ctx.course_ids(row.courses)
        except CourseHubError as error:
            show_error(self, error)
            return
        if not ids:
            show_error(self, CourseHubError(_("No course counts for this row: the whole demand is unmet.")))
            return
        title = _("Courses counted for {isco} in {area}").format(isco=row.occupation, area=row.area)
        self.ctx.show_courses(ids, title)

    def print_report(self) -> None:
        year, actor = self.year.value(), self.ctx.actor
        print_preview(
            self,
            self.ctx,
            _("Preparing the committee report…"),
            lambda ws: ws.printing.committee_report(year, actor),
            _("Report for the coordination committee"),
            f"committee-report-{year}.pdf",
        )
