"""Providers (add, edit, see their courses and how fresh their list is) and the holiday
calendar with the office's corrections (extra closures, a holiday on another date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import HolidayAdjustment, Provider, ProviderKind
from coursehub.domain.text import fold
from coursehub.domain.validation import provider_problems
from coursehub.i18n import _
from coursehub.services.auth import Policy
from coursehub.ui.catalogue_model import STALE_AFTER
from coursehub.ui.common import (
    Button,
    add_buttons,
    attempt,
    button_box,
    confirm,
    date_display_format,
    format_date,
    labelled_form,
    lay_out_form_dialog,
    name,
    show_error,
    to_date,
)
from coursehub.ui.context import UiContext
from coursehub.ui.widgets import RowRole, RowsModel, fit_columns, heading, table_view

NO_END_DATE = QDate(2000, 1, 1)  # the licence date field's "no end date recorded"


class ProviderDialog(QDialog):
    def __init__(
        self, provider: Provider | None, parent: QWidget | None = None, *, may_edit_licence: bool = True
    ) -> None:
        super().__init__(parent)
        self.original = provider
        self.setWindowTitle(_("New provider") if provider is None else _("Edit provider"))
        self.name_edit = QLineEdit(provider.name if provider else "")
        self.kind = QComboBox()
        for kind in ProviderKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(list(ProviderKind).index(provider.kind if provider else ProviderKind.NGO))
        self.licence = QLineEdit(provider.licence_number if provider else "")
        self.contact = QLineEdit(provider.contact if provider else "")
        self.issuer = QLineEdit(provider.licence_issuer if provider else "")
        self.valid_until = QDateEdit()
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat(date_display_format())
        self.valid_until.setMinimumDate(NO_END_DATE)
        self.valid_until.setSpecialValueText(_("no end date"))
        until = provider.licence_valid_until if provider else None
        self.valid_until.setDate(QDate(until.year, until.month, until.day) if until else NO_END_DATE)
        for field in (self.licence, self.issuer, self.valid_until):
            # the office checks licences: a coordinator sees their own but cannot change it
            field.setEnabled(may_edit_licence)
        form = labelled_form(
            (
                (_("&Name:"), self.name_edit),
                (_("&Kind:"), self.kind),
                (_("&Licence number:"), self.licence),
                (_("Licence &issuer:"), self.issuer),
                (_("Licence &valid until:"), self.valid_until),
                (_("&Contact:"), self.contact),
            )
        )
        self.problems, self.buttons = lay_out_form_dialog(self, form)
        for signal in (self.name_edit.textChanged, self.licence.textChanged, self.kind.currentIndexChanged):
            signal.connect(self.validate)
        self.validate()
        self.resize(480, 280)

    def provider(self) -> Provider:
        base = self.original or Provider(name="")
        return replace(
            base,
            name=self.name_edit.text().strip(),
            kind=ProviderKind(self.kind.currentData()),
            licence_number=self.licence.text().strip(),
            contact=self.contact.text().strip(),
            licence_issuer=self.issuer.text().strip(),
            licence_valid_until=None
            if self.valid_until.date() == NO_END_DATE
            else to_date(self.valid_until.date()),
        )

    def validate(self) -> None:
        problems = provider_problems(self.provider())
        self.problems.setText("\n".join(f"• {p.message}" for p in problems))
        self.buttons.button(Button.Save).setEnabled(not problems)


class HolidayDialog(QDialog):
    """Add a day off, or move a listed holiday to its real date (a decree, Bajram)."""

    def __init__(self, listed: dict[date, str], parent: QWidget | None = None, year: int = 2027) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Correct the holiday calendar"))
        self.mode = QComboBox()
        self.mode.addItem(_("Add a day off"), "add")
        self.mode.addItem(_("Move a listed holiday to another date"), "move")
        self.mode.addItem(_("A listed holiday is a working day"), "cancel")
        self.listed = QComboBox()
        for day, title in sorted(listed.items()):
            self.listed.addItem(f"{format_date(day)} — {title}", day)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(date_display_format())
        self.day.setDate(QDate(year, 1, 1))
        self.title = QLineEdit()
        form = labelled_form(
            (
                (_("&What:"), self.mode),
                (_("&Listed holiday:"), self.listed),
                (_("&Date:"), self.day),
                (_("&Name:"), self.title),
            )
        )
        self.buttons = button_box(Button.Save | Button.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.mode.currentIndexChanged.connect(self._update)
        self.listed.currentIndexChanged.connect(self._update)
        self.title.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        mode = self.mode.currentData()
        self.listed.setEnabled(mode != "add")
        self.day.setEnabled(mode != "cancel")
        self.title.setEnabled(mode == "add")
        if mode != "add" and self.listed.currentData() is not None:
            self.title.setText(self.listed.currentText().split(" — ", 1)[-1])
        ready = bool(self.title.text().strip()) if mode == "add" else self.listed.currentData() is not None
        self.buttons.button(Button.Save).setEnabled(ready)

    def adjustments(self) -> list[HolidayAdjustment]:
        mode, title = self.mode.currentData(), self.title.text().strip()
        day = to_date(self.day.date())
        if mode == "add":
            return [HolidayAdjustment(day, title, closed=True)]
        listed: date = self.listed.currentData()
        if mode == "cancel":
            return [HolidayAdjustment(listed, title, closed=False)]
        return [HolidayAdjustment(listed, title, closed=False), HolidayAdjustment(day, title, closed=True)]


class ProvidersPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue = ctx.services.catalogue
        self._list_dates: dict[str, date | None] = {}
        self._course_counts: dict[str, int] = {}
        self.providers = RowsModel(
            [_("Provider"), _("Kind"), _("Licence"), _("Contact"), _("Courses"), _("List updated")],
            [
                lambda p: p.name,
                lambda p: p.kind.label,
                _licence_text,
                lambda p: p.contact,
                lambda p: self._course_counts.get(p.name, 0),
                self._updated_text,
            ],
            self,
            colour=self._provider_colour,
        )
        self.provider_table = table_view(self.providers, _("Providers"))
        self.provider_table.doubleClicked.connect(lambda _i: self.edit_provider())
        buttons = QHBoxLayout()
        add_buttons(
            buttons,
            [
                (_("&New provider…"), self.new_provider),
                (_("&Edit provider…"), self.edit_provider),
                (_("&Show its courses"), self.show_courses),
            ],
        )
        buttons.addStretch()

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.today().year)
        name(self.year, _("Year of the holiday calendar"))
        self.year.valueChanged.connect(self.reload_holidays)
        self.holidays = RowsModel(
            [_("Date"), _("Holiday"), _("Source")],
            [lambda h: format_date(h[0]), lambda h: h[1], lambda h: h[2]],
            self,
        )
        self.holiday_table = table_view(self.holidays, _("Public holidays"))
        self.holiday_table.setSortingEnabled(False)
        holiday_buttons = QHBoxLayout()
        year_label = QLabel(_("&Year:"))
        year_label.setBuddy(self.year)
        holiday_buttons.addWidget(year_label)
        holiday_buttons.addWidget(self.year)
        add_buttons(
            holiday_buttons,
            [
                (_("&Correct the calendar…"), self.correct_holidays),
                (_("&Remove correction"), self.remove_correction),
            ],
        )
        holiday_buttons.addStretch()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(
            heading(
                _("Providers"),
                _(
                    "Employment Office, public training centres and NGOs. Orange: the provider's list has "
                    "not been updated for six months."
                ),
            )
        )
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.provider_table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(
            heading(
                _("Public holidays"),
                _(
                    "No session is held on these days. The Bajram dates are estimates until the government "
                    "decides: correct them here, and add days off the government decrees."
                ),
            )
        )
        bottom_layout.addLayout(holiday_buttons)
        bottom_layout.addWidget(self.holiday_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.reload()

    # Providers ------------------------------------------------------------------------
    def _updated_text(self, provider: Provider) -> str:
        day = self._list_dates.get(provider.name)
        return format_date(day) if day else _("never")

    def _provider_colour(self, provider: Provider) -> QColor | None:
        day = self._list_dates.get(provider.name)
        if day is not None and self.ctx.today() - day > STALE_AFTER:
            return QColor("#fde9d4")
        return None

    def reload(self) -> None:
        self._list_dates = self.catalogue.provider_list_dates()
        counts: dict[str, int] = {}
        for course in self.ctx.courses():
            counts[course.provider] = counts.get(course.provider, 0) + 1
        self._course_counts = counts
        self.providers.set_items(sorted(self.catalogue.providers(), key=lambda p: fold(p.name)))
        fit_columns(self.provider_table)
        self.reload_holidays()

    def current_provider(self) -> Provider | None:
        index = self.provider_table.currentIndex()
        return self.providers.data(index, RowRole) if index.isValid() else None

    def new_provider(self) -> None:
        self._edit(None)

    def edit_provider(self) -> None:
        provider = self.current_provider()
        if provider is not None:
            self._edit(provider)

    def _edit(self, provider: Provider | None) -> None:
        dialog = ProviderDialog(provider, self, may_edit_licence=Policy.is_staff(self.ctx.actor))
        if not dialog.exec():
            return
        attempt(self, lambda: self.catalogue.save_provider(dialog.provider(), self.ctx.actor))
        self.reload()
        self.ctx.data_changed()

    def show_courses(self) -> None:
        provider = self.current_provider()
        if provider is None:
            return
        self.ctx.show_provider_courses(provider.name)

    # Holidays -----------------------------------------------------------------------
    def reload_holidays(self) -> None:
        year = self.year.value()
        calendar = self.catalogue.holiday_calendar()
        corrected = {a.day: a for a in calendar.adjustments}
        rows = [
            (day, title, _("corrected by the office") if day in corrected else _("official calendar"))
            for day, title in calendar.between(date(year, 1, 1), date(year, 12, 31)).items()
        ]
        rows += [
            (a.day, a.name, _("working day (corrected by the office)"))
            for a in corrected.values()
            if not a.closed and a.day.year == year
        ]
        self.holidays.set_items(sorted(rows))
        fit_columns(self.holiday_table)

    def correct_holidays(self) -> None:
        year = self.year.value()
        listed = self.catalogue.holiday_calendar().between(date(year, 1, 1), date(year, 12, 31))
        dialog = HolidayDialog(listed, self, year)
        if not dialog.exec():
            return
        try:
            for adjustment in dialog.adjustments():
                self.catalogue.save_holiday_adjustment(adjustment, self.ctx.actor)
        except CourseHubError as error:
            show_error(self, error)
        self.reload_holidays()
        self.ctx.data_changed()

    def remove_correction(self) -> None:
        index = self.holiday_table.currentIndex()
        if not index.isValid():
            return
        day, title, _source = self.holidays.data(index, RowRole)
        corrected = {a.day for a in self.catalogue.holiday_calendar().adjustments}
        if day not in corrected:
            show_error(
                self,
                CourseHubError(
                    _("This day comes from the official calendar; there is no correction to remove.")
                ),
            )
            return
        if confirm(
            self,
            _("Remove the office's correction for {day} ({name})?").format(day=format_date(day), name=title),
        ):
            try:
                self.catalogue.remove_holiday_adjustment(day, self.ctx.actor)
            except CourseHubError as error:
                show_error(self, error)
            self.reload_holidays()
            self.ctx.data_changed()

    def set_year(self, year: int) -> None:
        self.year.setValue(year)


def _licence_text(provider: Provider) -> str:
    """The number, and the last valid day where one is recorded."""
    if provider.licence_valid_until is None:
        return provider.licence_number
    return _("{number} (until {day})").format(
        number=provider.licence_number or "—", day=format_date(provider.licence_valid_until)
    )
