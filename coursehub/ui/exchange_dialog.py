"""Merge an exchange workbook from another office: first a dry run shows what each course
would become; conflicts (changed on both sides) get a choice per course; then the merge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.exchange import ExchangeReport, Verdict
from coursehub.ui import settings as keys
from coursehub.ui.common import Button, button_box, fit_to_screen, format_number, inform, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.workers import run_task

LEAVE, THEIRS, OURS = "", "theirs", "ours"


class ExchangeDialog(QDialog):
    """Shows a dry run's outcomes; `choices()` gives the side chosen for each conflict."""

    def __init__(self, report: ExchangeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(_("Merge {file}").format(file=report.file))
        counts = ", ".join(
            f"{verdict.label}: {format_number(report.count(verdict))}"
            for verdict in Verdict
            if report.count(verdict)
        )
        summary = QLabel(counts or _("The file holds no courses."))
        summary.setWordWrap(True)
        self.table = QTableWidget(len(report.outcomes), 4)
        self.table.setHorizontalHeaderLabels([_("Course"), _("Provider"), _("Result"), _("Differences")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("What the merge would do to each course"))
        self.combos: dict[tuple[str, str], QComboBox] = {}
        for row, outcome in enumerate(report.outcomes):
            differences = "; ".join(f"{d.field}: {d.ours} → {d.theirs}" for d in outcome.differences)
            for column, text in enumerate(
                (outcome.title or outcome.code, outcome.provider, outcome.verdict.label, differences)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if outcome.verdict is Verdict.CONFLICT:
                combo = QComboBox()
                combo.setAccessibleName(_("Which version to keep for {code}").format(code=outcome.code))
                combo.addItem(_("leave it for now"), LEAVE)
                combo.addItem(_("take theirs"), THEIRS)
                combo.addItem(_("keep ours"), OURS)
                self.combos[outcome.key] = combo
                self.table.setCellWidget(row, 2, combo)
        self.table.resizeColumnsToContents()
        buttons = button_box(Button.Ok | Button.Cancel)
        buttons.button(Button.Ok).setText(_("&Merge"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 560)

    def choices(self) -> dict[tuple[str, str], str]:
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}


def merge_exchange_file(parent: QWidget, ctx: UiContext, on_done: Any) -> None:
    """Choose the workbook, show the dry run, then merge with the choices made."""
    folder = ctx.settings.get(keys.IMPORT_FOLDER)
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose the exchange workbook"), folder, _("Excel (*.xlsx)")
    )
    if not chosen:
        return
    path = Path(chosen)
    ctx.settings.set(keys.IMPORT_FOLDER, str(path.parent))

    actor = ctx.actor  # read on the GUI thread; the workers only use it

    def fail(message: str) -> None:
        show_error(parent, CourseHubError(message))

    def merged(report: ExchangeReport) -> None:
        inform(
            parent,
            _("Merged {file}: {new} new, {changed} changed, {conflicts} conflicts left.").format(
                file=report.file,
                new=report.count(Verdict.NEW),
                changed=report.count(Verdict.CHANGED),
                conflicts=report.count(Verdict.CONFLICT),
            ),
        )
        on_done()

    def in_worker(busy: str, then: Callable[[ExchangeReport], None], **options: Any) -> None:
        """Read the workbook (dry_run=True) or merge it (take=choices) off the GUI thread."""
        run_task(
            parent,
            ctx.workspace,
            busy.format(file=path.name),
            lambda ws, _p, _c: ws.exchange.import_exchange(path, actor=actor, **options),
            then,
            fail,
        )

    def checked(report: ExchangeReport) -> None:
        dialog = ExchangeDialog(report, parent)
        ctx.dialogs.exchange = dialog
        if dialog.exec():
            in_worker(_("Merging {file}…"), merged, take=dialog.choices())

    in_worker(_("Reading {file}…"), checked, dry_run=True)
