"""The week calendar screen: navigation by week, filters, a legend, click a block to open
its course."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.model import Course
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.scheduling.week import plan_weeks
from coursehub.services.course_filter import CourseFilter
from coursehub.services.printing import provider_colours
from coursehub.ui.common import date_display_format, format_date, name, to_date, to_qdate
from coursehub.ui.context import UiContext
from coursehub.ui.output_actions import menu_button, print_preview
from coursehub.ui.week_view import WeekView
from coursehub.ui.widgets import arrows_open_list, heading


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class CalendarPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue = ctx.workspace.catalogue
        self.courses: list[Course] = []
        self.monday = monday_of(ctx.today())
        self.view = WeekView()
        self.view.course_clicked.connect(ctx.open_course)
        self.view.week_step.connect(lambda step: self.show_week(self.monday + timedelta(weeks=step)))

        self.previous = QPushButton(_("◀ &Previous week"))
        self.previous.setShortcut(QKeySequence("Alt+Left"))
        self.this_week = QPushButton(_("&This week"))
        self.next = QPushButton(_("&Next week ▶"))
        self.next.setShortcut(QKeySequence("Alt+Right"))
        self.jump = QDateEdit()
        self.jump.setCalendarPopup(True)
        self.jump.setDisplayFormat(date_display_format())
        for widget, label in (
            (self.previous, _("Previous week")),
            (self.this_week, _("This week")),
            (self.next, _("Next week")),
            (self.jump, _("Go to the week of this date")),
        ):
            name(widget, label)
        self.previous.clicked.connect(lambda: self.show_week(self.monday - timedelta(weeks=1)))
        self.next.clicked.connect(lambda: self.show_week(self.monday + timedelta(weeks=1)))
        self.this_week.clicked.connect(lambda: self.show_week(monday_of(ctx.today())))
        self.jump.dateChanged.connect(lambda value: self.show_week(monday_of(to_date(value))))

        self.municipality = QComboBox()
        self.provider = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("venue, trainer or title…"))
        self.text.setClearButtonEnabled(True)
        name(self.municipality, _("Municipality filter"))
        name(self.provider, _("Provider filter"))
        name(self.text, _("Text filter"))
        for combo in (self.municipality, self.provider):  # long names must not widen the window
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        arrows_open_list(self.municipality, self.provider)
        self.municipality.currentIndexChanged.connect(self.redraw)
        self.provider.currentIndexChanged.connect(self.redraw)
        self.text.textChanged.connect(self.redraw)

        navigation = QHBoxLayout()
        for widget in (self.previous, self.this_week, self.next):
            navigation.addWidget(widget)
        go_label = QLabel(_("&Go to:"))
        go_label.setBuddy(self.jump)
        navigation.addWidget(go_label)
        navigation.addWidget(self.jump)
        navigation.addStretch()
        self.week_label = QLabel()
        self.week_label.setObjectName("pageTitle")
        self.week_label.setWordWrap(True)
        navigation.addWidget(
            menu_button(
                _("P&rint…"),
                [
                    (_("This week"), lambda: self.print_weeks(1)),
                    (_("This week and the next three"), lambda: self.print_weeks(4)),
                ],
            )
        )
        filters = QHBoxLayout()
        filter_widgets: tuple[tuple[str, QWidget], ...] = (
            (_("&Municipality:"), self.municipality),
            (_("Pro&vider:"), self.provider),
            (_("&Show only:"), self.text),
        )
        for text, field in filter_widgets:
            caption = QLabel(text)
            caption.setBuddy(field)
            filters.addWidget(caption)
            filters.addWidget(field, 1)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(_("Provider colours"))
        self.key = QListWidget()  # the key: the number on each block, and its course
        self.key.setAccessibleName(_("Key: the courses of the week by number"))
        self.key.setToolTip(_("Double-click a course to open it"))
        self.key.itemActivated.connect(self._open_key_item)
        grid_and_key = QSplitter(Qt.Orientation.Vertical)
        grid_and_key.addWidget(self.view)
        grid_and_key.addWidget(self.key)
        grid_and_key.setStretchFactor(0, 4)
        grid_and_key.setStretchFactor(1, 1)
        grid_and_key.setChildrenCollapsible(False)
        self.key.setMinimumHeight(80)  # three lines of the key at least
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Week calendar"),
                _(
                    "The same grid as the printed calendar. Dashed blocks fall on a public holiday and "
                    "are not held. Click a block to open its course."
                ),
            )
        )
        layout.addLayout(navigation)
        layout.addWidget(self.week_label)  # a row of its own: the navigation row stays narrow
        layout.addLayout(filters)
        layout.addWidget(grid_and_key, 1)
        layout.addWidget(self.legend)
        self.reload()

    def reload(self) -> None:
        self.courses = [c for c in self.ctx.courses() if c.is_live]
        self.calendar = self.catalogue.holiday_calendar()
        self.providers = sorted({c.provider for c in self.courses}, key=str.casefold)
        towns = sorted({c.municipality for c in self.courses}, key=fold)
        for combo, everything, values in (
            (self.municipality, _("All municipalities"), towns),
            (self.provider, _("All providers"), self.providers),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        if not self._has_sessions(self.monday):
            self.monday = self._first_busy_week()
        self.show_week(self.monday)

    def _has_sessions(self, monday: date) -> bool:
        sunday = monday + timedelta(days=6)
        return any(c.start <= sunday and monday <= c.end for c in self.courses)

    def _first_busy_week(self) -> date:
        """This week when courses run in it, else the next week that has some, else the first."""
        today = self.ctx.today()
        upcoming = sorted(c.start for c in self.courses if c.end >= today)
        if self._has_sessions(monday_of(today)) or not self.courses:
            return monday_of(today)
        return monday_of(upcoming[0] if upcoming else min(c.start for c in self.courses))

    def filtered(self) -> list[Course]:
        town, provider = self.municipality.currentData(), self.provider.currentData()
        words = fold(self.text.text()).split()
        shown = []
        for course in self.courses:
            if (town and course.municipality != town) or (provider and course.provider != provider):
                continue
            if words:
                text = fold(f"{course.venue} {course.trainer} {course.title} {course.code}")
                if not all(w in text for w in words):
                    continue
            shown.append(course)
        return shown

    def show_week(self, monday: date) -> None:
        self.monday = monday
        self.jump.blockSignals(True)
        self.jump.setDate(to_qdate(monday))
        self.jump.blockSignals(False)
        self.redraw()

    def redraw(self) -> None:
        sunday = self.monday + timedelta(days=6)
        running = [c for c in self.filtered() if c.start <= sunday and self.monday <= c.end]
        plan = plan_weeks(running, self.calendar, self.monday, 1, self.providers)[0]
        self.plan = plan
        self.view.set_plan(plan, self.providers)
        iso = self.monday.isocalendar()
        self.week_label.setText(
            _("Week {week}: {first} – {last}").format(
                week=iso.week,
                first=format_date(self.monday),
                last=format_date(plan.last_day),
            )
        )
        self._fill_key(plan.courses)
        shown = {c.provider for c in plan.courses}
        swatches = []
        for provider in self.providers:
            if provider in shown:
                fill, edge = provider_colours(provider)
                swatches.append(
                    f"<span style='background:{fill};border:1px solid {edge}'>&nbsp;&nbsp;&nbsp;"
                    f"</span>&nbsp;{escape(provider)}"
                )
        self.legend.setText("&nbsp;&nbsp; ".join(swatches) or escape(_("No sessions this week.")))

    def _fill_key(self, courses: tuple[Course, ...]) -> None:
        """Number n on the grid is courses[n - 1], as on the printed calendar's key."""
        self.key.clear()
        for number, course in enumerate(courses, start=1):
            where = ", ".join(part for part in (course.venue, course.municipality) if part)
            item = QListWidgetItem(f"{number}. {course.title} — {course.provider} ({course.code}) · {where}")
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(provider_colours(course.provider)[0]))
            item.setData(Qt.ItemDataRole.UserRole, course.id)
            self.key.addItem(item)

    def _open_key_item(self, item: QListWidgetItem) -> None:
        course_id = item.data(Qt.ItemDataRole.UserRole)
        if course_id is not None:
            self.ctx.open_course(int(course_id))

    def print_weeks(self, weeks: int) -> None:
        iso = self.monday.isocalendar()
        chosen = CourseFilter(
            municipality=self.municipality.currentData() or None,
            provider=self.provider.currentData() or None,
            live_only=True,
        )
        actor = self.ctx.actor
        print_preview(
            self,
            self.ctx,
            _("Preparing the calendar…"),
            lambda ws: ws.printing.week_calendar(iso.year, iso.week, weeks, chosen, actor),
            _("Weekly course calendar"),
            f"calendar-{iso.year}-W{iso.week:02d}.pdf",
        )
