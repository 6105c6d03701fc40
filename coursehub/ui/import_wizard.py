"""The import wizard: choose a file and the provider, pick the sheet, check and fix the
header mapping, preview every row with invalid cells highlighted and explained, then import
(in a worker thread, with progress and Cancel) and read the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.services.importing import ImportPreview, ImportReport, PreviewRow
from coursehub.ui import settings as keys
from coursehub.ui.common import fit_to_screen, format_number, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.help_window import IMPORTING_PAGE
from coursehub.ui.style import INVALID_BACKGROUND
from coursehub.ui.workers import run_task

_Index = QModelIndex | QPersistentModelIndex
PREVIEW_LIMIT = 5_000  # rows shown; every row is still checked


class PreviewModel(QAbstractTableModel):
    """The rows of the file as read, invalid cells highlighted with the reason as tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[PreviewRow] = []
        self.only_invalid = False
        self._shown: list[PreviewRow] = []

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self.headers = list(preview.headers) if preview else []
        self.rows = list(preview.rows) if preview else []
        self._shown = self._filter()
        self.endResetModel()

    def set_only_invalid(self, only: bool) -> None:
        self.beginResetModel()
        self.only_invalid = only
        self._shown = self._filter()
        self.endResetModel()

    def _filter(self) -> list[PreviewRow]:
        if not self.only_invalid:
            return self.rows
        return [r for r in self.rows if _row_problems(r)]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        width = max((len(r.cells) for r in self.rows), default=len(self.headers))
        return 0 if parent.isValid() else max(width, len(self.headers)) + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row = self._shown[index.row()]
        if index.column() == 0:
            return self._status_cell(row, role)
        position = index.column() - 1
        cell = row.cells[position] if position < len(row.cells) else None
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.problems:
                return QColor(INVALID_BACKGROUND)
            if row.kind == "header":
                return QColor("#e9edf2")
            if row.kind == "above":
                return QColor("#f3f3f3")
        if role == Qt.ItemDataRole.ToolTipRole and cell.problems:
            return "\n".join(cell.problems)
        return None

    def _status_cell(self, row: PreviewRow, role: int) -> Any:
        problems = _row_problems(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if row.kind == "header":
                return _("header")
            if row.kind in ("above", "blank"):
                return ""
            return "; ".join(problems) if problems else _("ok")
        if role == Qt.ItemDataRole.ForegroundRole and problems:
            return QColor("#9b1c1c")
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(problems)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self._shown[section].number) if 0 <= section < len(self._shown) else None
        if section == 0:
            return _("Check")
        return self.headers[section - 1] if section - 1 < len(self.headers) else ""


def _row_problems(row: PreviewRow) -> list[str]:
    found = list(row.problems)
    for cell in row.cells:
        found += [f"{cell.text or '∅'}: {p}" for p in cell.problems]
    return found


class _StepPage(QWizardPage):
    """A step of the import wizard: its title, the words under it, and the wizard it reads."""

    def __init__(self, wizard: ImportWizard, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)


class FilePage(_StepPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            _("Choose the course list"),
            _("A CSV, Excel (.xlsx) or LibreOffice (.ods) file from a provider."),
        )
        self.path = QLineEdit()
        name(self.path, _("File to import"))
        browse = QPushButton(_("&Browse…"))
        name(browse, _("Browse for the file"))
        browse.clicked.connect(self.browse)
        self.provider = QComboBox()
        self.provider.setEditable(not wizard.ctx.actor.organisation)
        name(self.provider, _("Provider whose list this is"))
        providers = sorted((p.name for p in wizard.ctx.services.catalogue.providers()), key=fold)
        organisation = wizard.ctx.actor.organisation
        self.provider.addItems([organisation] if organisation else providers)
        if not organisation:  # whose list it is must be chosen: a default imports into the wrong one
            self.provider.setCurrentIndex(-1)
            editor = self.provider.lineEdit()  # present: the combo is editable without an organisation
            if editor is not None:
                editor.setPlaceholderText(_("choose or type the provider"))
        self.cancel_missing = QCheckBox(_("Cancel this provider's courses that are no longer in the list"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        file_label = QLabel(_("&File:"))
        file_label.setBuddy(self.path)
        provider_label = QLabel(_("&Provider:"))
        provider_label.setBuddy(self.provider)
        form.addRow(file_label, row)
        form.addRow(provider_label, self.provider)
        form.addRow("", self.cancel_missing)
        self.path.textChanged.connect(self.completeChanged)
        self.provider.currentTextChanged.connect(self.completeChanged)

    def browse(self) -> None:
        folder = self.wiz.ctx.settings.get(keys.IMPORT_FOLDER)
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the course list"), folder, _("Spreadsheets (*.xlsx *.ods *.csv);;All files (*)")
        )
        if chosen:
            self.path.setText(chosen)
            self.wiz.ctx.settings.set(keys.IMPORT_FOLDER, str(Path(chosen).parent))

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file() and bool(self.provider.currentText().strip())

    def validatePage(self) -> bool:
        self.wiz.mapping = {}
        self.wiz.sheet = None
        return self.wiz.refresh_preview()


class MappingPage(_StepPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            _("Check the columns"),
            _(
                "CourseHub found the header row and matched each column to a field. Change "
                "a match where it is wrong; the choice is remembered for this provider."
            ),
        )
        self.sheet = QComboBox()
        name(self.sheet, _("Sheet"))
        self.sheet.activated.connect(self._sheet_chosen)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Column in the file"), _("Field in CourseHub")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(_("Column matches"))
        self.info = QLabel()  # what CourseHub found: plain text, not an error
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        self.notes = QLabel()  # what keeps the import from going on: red
        self.notes.setObjectName("problems")
        self.notes.setWordWrap(True)
        sheet_label = QLabel(_("&Sheet:"))
        sheet_label.setBuddy(self.sheet)
        top = QHBoxLayout()
        top.addWidget(sheet_label)
        top.addWidget(self.sheet, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.notes)

    def initializePage(self) -> None:
        preview = self.wiz.preview
        if preview is None:
            return
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(preview.sheet_names or [preview.sheet])
        self.sheet.setCurrentText(preview.sheet)
        self.sheet.setEnabled(len(preview.sheet_names) > 1)
        self.sheet.blockSignals(False)
        self.table.setRowCount(len(preview.headers))
        for row, header in enumerate(preview.headers):
            item = QLabel(header or _("(no header)"))
            self.table.setCellWidget(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(_("Field for column {header}").format(header=header))
            combo.addItem(_("(ignore this column)"), "")
            for field, label, required in preview.fields:
                combo.addItem(f"{label} *" if required else label, field)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(header, "")), 0))
            combo.activated.connect(self._mapping_changed)
            self.table.setCellWidget(row, 1, combo)
        info = list(preview.notes)
        if preview.unknown:
            info.append(
                _("Columns kept aside (not imported): {columns}.").format(columns=", ".join(preview.unknown))
            )
        if preview.header_row:
            info.insert(0, _("Header row: {n}.").format(n=preview.header_row))
        self.info.setText("\n".join(info))
        self.info.setVisible(bool(info))
        labels = {field: label for field, label, _required in preview.fields}
        missing = (
            _("Required fields with no column: {fields}.").format(
                fields=", ".join(labels.get(field, field) for field in preview.missing)
            )
            if preview.missing
            else ""
        )
        self.notes.setText(missing)
        self.notes.setVisible(bool(missing))

    def _sheet_chosen(self) -> None:
        self.wiz.sheet = self.sheet.currentText()
        self.wiz.mapping = {}
        if self.wiz.refresh_preview():
            self.initializePage()

    def current_mapping(self) -> dict[str, str]:
        preview = self.wiz.preview
        if preview is None:
            return {}
        mapping = {}
        for row, header in enumerate(preview.headers):
            combo = self.table.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and header:
                mapping[header] = combo.currentData() or "ignore"
        return mapping

    def _mapping_changed(self) -> None:
        self.wiz.mapping = self.current_mapping()
        if self.wiz.refresh_preview():
            self.initializePage()

    def isComplete(self) -> bool:
        preview = self.wiz.preview
        return preview is not None and bool(preview.headers) and not preview.missing


class PreviewPage(_StepPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            _("Check every row"),
            _(
                "Red cells cannot be imported; point at one to read why. Fix them in the file "
                "and choose Back, or import only the valid rows."
            ),
        )
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(_("Rows of the file"))
        self.view.horizontalHeader().setDefaultSectionSize(120)
        self.only_invalid = QCheckBox(_("Show only rows with &problems"))
        self.only_invalid.toggled.connect(self.model.set_only_invalid)
        self.skip_invalid = QCheckBox(_("Import all valid rows and &skip the invalid ones"))
        # Nothing is written before this page's own button, named for what it does.
        self.setCommitPage(True)  # its button is Import, and there is no way back afterwards
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_invalid)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.skip_invalid)
        self.skip_invalid.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        preview = self.wiz.preview
        self.model.set_preview(preview)
        self.view.setColumnWidth(0, 260)
        if preview is None:
            return
        self.summary.setText(
            _("{valid} rows can be imported, {invalid} have problems.").format(
                valid=format_number(preview.valid_rows), invalid=format_number(preview.invalid_rows)
            )
        )
        self.skip_invalid.setVisible(preview.invalid_rows > 0)
        self.skip_invalid.setChecked(False)

    def isComplete(self) -> bool:
        preview = self.wiz.preview
        if preview is None or preview.valid_rows == 0:
            return False
        return preview.invalid_rows == 0 or self.skip_invalid.isChecked()


class ReportPage(_StepPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, _("Import report"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("Import report"))
        self.done = False
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def initializePage(self) -> None:
        self.done = False
        self.text.setPlainText(_("Importing…"))
        # After the import only Close makes sense: Back and Cancel would suggest an undo.
        self.wiz.setButtonLayout([QWizard.WizardButton.Stretch, QWizard.WizardButton.FinishButton])
        self.wiz.start_import()

    def isComplete(self) -> bool:
        return self.done


class ImportWizard(QWizard):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.mapping: dict[str, str] = {}
        self.sheet: str | None = None
        self.setWindowTitle(_("Import a course list"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        for which, text in (
            (QWizard.WizardButton.BackButton, _("< &Back")),
            (QWizard.WizardButton.NextButton, _("&Next >")),
            (QWizard.WizardButton.FinishButton, _("&Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
            (QWizard.WizardButton.HelpButton, _("&Help")),
        ):
            self.setButtonText(which, text)
        # Help (and F1) open the guide's page on importing, with what to do for each row error.
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.helpRequested.connect(self.open_guide)
        QShortcut(QKeySequence("F1"), self, self.open_guide)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.report_page):
            self.addPage(page)
        fit_to_screen(self, 1000, 680)

    def open_guide(self) -> None:
        from coursehub.ui.help_window import open_guide

        open_guide(self, IMPORTING_PAGE)

    @property
    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    @property
    def provider(self) -> str:
        return self.file_page.provider.currentText().strip()

    def refresh_preview(self) -> bool:
        """Read the file again with the sheet and mapping chosen; False (after saying why) if
        the file cannot be read. Read in a worker: the busy cursor shows if it takes long."""
        try:
            self.preview = self.ctx.services.importing.preview_courses(
                self.path, self.provider, sheet=self.sheet, mapping=self.mapping or None, limit=PREVIEW_LIMIT
            )
        except CourseHubError as error:
            self.preview = None
            show_error(self, error, guide_page=IMPORTING_PAGE)
            return False
        return True

    def start_import(self) -> None:
        path, provider = self.path, self.provider
        sheet = self.sheet or (self.preview.sheet if self.preview else None)
        mapping = self.mapping or None
        skip = self.preview_page.skip_invalid.isChecked()
        cancel_missing = self.file_page.cancel_missing.isChecked()
        actor = self.ctx.actor
        total = (self.preview.valid_rows + self.preview.invalid_rows) if self.preview else 0

        def job(workspace: Any, progress: Any, cancelled: Any) -> ImportReport:
            return workspace.importing.import_courses(
                path,
                provider,
                sheet=sheet,
                mapping=mapping,
                skip_invalid=skip,
                cancel_missing=cancel_missing,
                actor=actor,
                progress=lambda done: progress(done, total),
                should_stop=cancelled,
            )

        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        run_task(
            self,
            self.ctx.workspace,
            _("Importing {file}…").format(file=path.name),
            job,
            self.show_report,
            self.show_failure,
        )

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.report_page.text.setHtml(report_html(report))
        self.report_page.done = True
        self.report_page.completeChanged.emit()
        self.ctx.data_changed()

    def show_failure(self, message: str) -> None:
        self.report_page.text.setPlainText(message + "\n\n" + _("Nothing was changed."))
        self.report_page.done = True
        self.report_page.completeChanged.emit()


def report_html(report: ImportReport) -> str:
    from html import escape

    if report.written:
        head = _("The list was imported.")
    elif report.error_count:
        head = _("Nothing was imported: the list has problems. Nothing was changed.")
    else:
        head = _("Nothing was written.")
    counts = [
        (_("added"), report.added),
        (_("updated"), report.updated),
        (_("unchanged"), report.unchanged),
        (_("missing from the list"), len(report.missing)),
        (_("skipped (invalid)"), report.skipped),
    ]
    rows = "".join(
        f"<tr><td>{escape(k)}</td><td align='right'><b>{format_number(v)}</b></td></tr>" for k, v in counts
    )
    parts = [
        f"<h3>{escape(head)}</h3>",
        f"<p>{escape(report.file)} · {escape(report.provider)}</p>",
        f"<table cellspacing='6'>{rows}</table>",
    ]
    if report.missing:
        title = (
            _("Cancelled because missing from the list")
            if report.cancelled
            else _("In the catalogue but missing from the list")
        )
        parts.append(f"<p><b>{escape(title)}:</b> {escape(', '.join(report.missing[:50]))}</p>")
    if report.errors:
        items = "".join(f"<li>{escape(str(e))}</li>" for e in report.errors[:200])
        parts.append("<p><b>" + escape(_("Problems")) + f":</b></p><ul>{items}</ul>")
    if report.warnings:
        parts.append("".join(f"<p style='color:#8a5a00'>{escape(w)}</p>" for w in report.warnings))
    return "".join(parts)
