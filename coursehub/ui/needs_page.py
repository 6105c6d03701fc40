"""Labour-market needs: what the Employment Office says employers need, by occupation, area
and period, with the seats the catalogue offers against each row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Need
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.services.importing import ImportReport
from coursehub.ui import settings as keys
from coursehub.ui.common import format_number, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.import_wizard import report_html
from coursehub.ui.pages import PageId
from coursehub.ui.widgets import RowsModel, fit_headers, heading, search_box, table_view
from coursehub.ui.workers import run_task


class NeedsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue = ctx.services.catalogue
        self.reference = ctx.workspace.reference
        self._all: list[Need] = []
        self.model = RowsModel(
            [_("ISCO"), _("Occupation"), _("Area"), _("Period"), _("Demand"), _("Source")],
            [
                lambda n: n.occupation,
                lambda n: self.reference.occupation_title(n.occupation) or n.occupation_title,
                lambda n: str(n.area),
                lambda n: str(n.period),
                lambda n: n.demand,
                lambda n: n.source,
            ],
            self,
            sort_keys={3: lambda n: n.period.start},
        )
        self.table = table_view(self.model, _("Labour-market needs"))
        for column, width in enumerate((60, 320, 160, 110, 80)):
            self.table.setColumnWidth(column, width)
        self.search = search_box(_("Filter by occupation, area or source…"), _("Filter needs"), self._filter)
        search_label = QLabel(_("&Filter:"))
        search_label.setBuddy(self.search)
        self.total = QLabel()
        self.gaps_button = QPushButton(_("See the &gaps against these needs"))
        name(self.gaps_button, _("See the gaps against these needs"))
        self.gaps_button.clicked.connect(lambda: ctx.show_page(PageId.GAPS))
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 1)
        self.import_button = QPushButton(_("&Import needs…"))
        name(self.import_button, _("Import labour-market needs from a file"))
        self.import_button.clicked.connect(self.import_needs)
        bar.addWidget(self.import_button)
        bar.addWidget(self.gaps_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Labour-market needs"),
                _(
                    "Demand per occupation (ISCO), area and period, as reported by the Employment Office. "
                    "A qark row counts the courses of all its municipalities."
                ),
            )
        )
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self.reload()

    def reload(self) -> None:
        self._all = self.catalogue.needs()
        self._filter()

    def _filter(self) -> None:
        words = fold(self.search.text()).split()
        shown = [n for n in self._all if all(w in self._text(n) for w in words)]
        self.model.set_items(shown)
        fit_headers(self.table)
        self.total.setText(
            _("{shown} of {total} rows · total demand {demand}").format(
                shown=format_number(len(shown)),
                total=format_number(len(self._all)),
                demand=format_number(sum(n.demand for n in shown)),
            )
        )

    def _text(self, need: Need) -> str:
        return fold(
            f"{need.occupation} {self.reference.occupation_title(need.occupation)} "
            f"{need.occupation_title} {need.area} {need.period} {need.source}"
        )

    def import_needs(self) -> None:
        """Choose a file, import it in a worker; offer to skip invalid rows if there are any."""
        folder = self.ctx.settings.get(keys.IMPORT_FOLDER)
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the labour-market needs file"),
            folder,
            _("Spreadsheets (*.xlsx *.ods *.csv);;All files (*)"),
        )
        if chosen:
            self.ctx.settings.set(keys.IMPORT_FOLDER, str(Path(chosen).parent))
            self._run_import(Path(chosen), skip_invalid=False)

    def _run_import(self, path: Path, *, skip_invalid: bool) -> None:
        actor = self.ctx.actor
        run_task(
            self,
            self.ctx.workspace,
            _("Importing {file}…").format(file=path.name),
            lambda ws, _p, _c: ws.importing.import_needs(path, skip_invalid=skip_invalid, actor=actor),
            lambda report: self._imported(path, report),
            lambda message: show_error(self, CourseHubError(message)),
        )

    def _imported(self, path: Path, report: ImportReport) -> None:
        self.last_report = report
        if report.written:
            self.reload()
            self.ctx.data_changed()
        dialog = QMessageBox(self)
        dialog.setWindowTitle(_("Import report"))
        dialog.setTextFormat(Qt.TextFormat.RichText)
        dialog.setText(report_html(report))
        if not report.written and report.error_count and report.added + report.updated + report.unchanged:
            skip = dialog.addButton(_("Import the valid rows"), QMessageBox.ButtonRole.AcceptRole)
            dialog.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
            self.ctx.dialogs.import_report = dialog
            dialog.exec()
            if dialog.clickedButton() is skip:
                self._run_import(path, skip_invalid=True)
            return
        dialog.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
        self.ctx.dialogs.import_report = dialog
        dialog.exec()
