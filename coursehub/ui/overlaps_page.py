"""Overlaps: findings grouped by kind (duplicate offers, venue, trainer and trainee clashes,
sessions on holidays); each opens the courses it names and can be acknowledged with a reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.findings import Finding, FindingKind
from coursehub.domain.text import fold
from coursehub.i18n import N_, _, ngettext
from coursehub.ui.common import Button, attempt, button_box, format_date, format_number, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.output_actions import print_preview
from coursehub.ui.widgets import column_title, heading, table_view
from coursehub.ui.workers import Task

FindingRole = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class ReasonDialog(QDialog):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Acknowledge a finding"))
        text = QLabel(
            _("Why does this need no action? The finding stays quiet until one of its courses changes.")
            + "\n\n"
            + finding.message
        )
        text.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("e.g. both needed: the waiting lists are full"))
        name(self.reason, _("Reason"))
        self.buttons = button_box(Button.Save | Button.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda: self.buttons.button(Button.Save).setEnabled(bool(self.reason.toPlainText().strip()))
        )
        self.buttons.button(Button.Save).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(520, 300)


def dates_text(finding: Finding) -> str:
    """The dates of a finding in one short cell: a duplicate's shared period as a range,
    one or two dates in full, more as their count and range."""
    dates = finding.dates
    if not dates:
        return ""
    if finding.kind in _PERIOD_KINDS and len(dates) == 2:
        return f"{format_date(dates[0])} – {format_date(dates[1])}"
    if len(dates) <= 2:
        return ", ".join(format_date(day) for day in dates)
    return ngettext("{n} day, {first} – {last}", "{n} days, {first} – {last}", len(dates)).format(
        n=format_number(len(dates)), first=format_date(dates[0]), last=format_date(dates[-1])
    )


_PERIOD_KINDS = (FindingKind.DUPLICATE_OFFER, FindingKind.POSSIBLE_DUPLICATE)
_KIND_ORDER = {kind: position for position, kind in enumerate(FindingKind)}


def _courses_text(finding: Finding) -> str:
    return "; ".join(c.title or c.code for c in finding.courses)


class FindingsModel(QAbstractTableModel):
    """The findings as a flat table, filtered by kind and sorted inside the model.

    Cells are written when the view asks for them (only the rows on screen), so a catalogue
    with hundreds of thousands of findings costs one list of references, not an item each."""

    HEADERS = (N_("Kind"), N_("Courses"), N_("Dates"), N_("Finding"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all: list[Finding] = []
        self.shown: list[Finding] = []
        self.kind: FindingKind | None = None
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.all = findings
        self.shown = self._filtered()
        self._sort_shown()
        self.endResetModel()

    def set_kind(self, kind: FindingKind | None) -> None:
        self.beginResetModel()
        self.kind = kind
        self.shown = self._filtered()
        self._sort_shown()
        self.endResetModel()

    def _filtered(self) -> list[Finding]:
        if self.kind is None:
            return list(self.all)
        return [finding for finding in self.all if finding.kind is self.kind]

    def counts(self) -> Counter[FindingKind]:
        return Counter(finding.kind for finding in self.all)

    def finding(self, row: int) -> Finding | None:
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = self.finding(index.row()) if index.isValid() else None
        if finding is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return finding.kind.label
            if column == 1:
                return _courses_text(finding)
            if column == 2:
                return dates_text(finding)
            return finding.message.split("\n")[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message
        if role == Qt.ItemDataRole.ForegroundRole and finding.acknowledged is not None:
            return QColor(Qt.GlobalColor.gray)
        if role == FindingRole:
            return finding
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        title = column_title(self.HEADERS, section, orientation, role)
        return None if title is None else _(title)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sorted_by = (column, order)
        self._sort_shown()
        self.layoutChanged.emit()

    def _sort_shown(self) -> None:
        if self._sorted_by is None:
            return
        column, order = self._sorted_by
        folded: dict[str, str] = {}  # titles repeat across findings: fold each once

        def fold_once(text: str) -> str:
            value = folded.get(text)
            if value is None:
                value = folded[text] = fold(text)
            return value

        keys: tuple[Callable[[Finding], Any], ...] = (
            lambda f: _KIND_ORDER[f.kind],
            lambda f: tuple(fold_once(c.title or c.code) for c in f.courses),
            lambda f: f.dates[:1],
            lambda f: (_KIND_ORDER[f.kind], fold_once(f.subject)),
        )
        self.shown.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)


class OverlapsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: Task | None = None
        self.model = FindingsModel(self)
        self.table = table_view(self.model, _("Findings"))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()
        kinds = max(metrics.horizontalAdvance(kind.label) for kind in FindingKind)
        self.table.setColumnWidth(0, kinds + 16)
        self.table.setColumnWidth(1, 250)
        self.table.setColumnWidth(2, metrics.horizontalAdvance("00.00.0000 – 00.00.0000") + 16)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.table.activated.connect(lambda index: self.open_first_course(index.row()))
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._open_link)
        name(self.detail, _("Finding details"))
        self.kind_filter = QComboBox()
        self.kind_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_filter.setMinimumContentsLength(16)
        name(self.kind_filter, _("Show findings of this kind"))
        self.kind_filter.currentIndexChanged.connect(self._kind_chosen)
        self.show_acknowledged = QCheckBox(_("Show &acknowledged findings too"))
        self.show_acknowledged.toggled.connect(self.reload)
        self.acknowledge_button = QPushButton(_("A&cknowledge…"))
        self.withdraw_button = QPushButton(_("&Withdraw acknowledgement"))
        self.refresh_button = QPushButton(_("&Check again"))
        self.cancel_button = QPushButton(_("Stop checking"))
        for button, text in (
            (self.acknowledge_button, _("Acknowledge the finding")),
            (self.withdraw_button, _("Withdraw the acknowledgement")),
            (self.refresh_button, _("Check for overlaps again")),
            (self.cancel_button, _("Stop the check for overlaps")),
        ):
            name(button, text)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.refresh_button.clicked.connect(self.reload)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the analysis is one step: a busy bar, with Stop beside it
        self.progress.setMaximumWidth(160)
        self.progress.setMinimumWidth(60)
        self.progress.setTextVisible(False)
        name(self.progress, _("Looking for overlaps…"))
        self.show_button = QPushButton(_("Show its courses in the &catalogue"))
        name(self.show_button, _("Show the courses of this finding in the catalogue"))
        self.show_button.clicked.connect(self.show_in_catalogue)
        self.print_button = QPushButton(_("&Print the committee report…"))
        name(self.print_button, _("Print the committee report"))
        self.print_button.clicked.connect(self.print_report)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        checking = QHBoxLayout()  # three short rows rather than one: the page fits 1024 px
        for widget in (self.refresh_button, self.progress, self.cancel_button, self.kind_filter):
            checking.addWidget(widget)
        checking.addWidget(self.summary, 1)
        showing = QHBoxLayout()
        showing.addWidget(self.show_acknowledged)
        showing.addStretch()
        showing.addWidget(self.print_button)
        acting = QHBoxLayout()
        for widget in (self.acknowledge_button, self.withdraw_button, self.show_button):
            acting.addWidget(widget)
        acting.addStretch()
        splitter = QSplitter(Qt.Orientation.Vertical)  # the table gets the whole width
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Overlaps"),
                _(
                    "Courses that duplicate each other, share a room, a trainer or a trainee at the same "
                    "time, or have sessions on public holidays. Double-click a finding to open its course."
                ),
            )
        )
        layout.addLayout(checking)
        layout.addLayout(showing)
        layout.addLayout(acting)
        layout.addWidget(splitter, 1)
        self._fill_kind_filter()
        self._set_checking(False)
        self._update_buttons()
        self.reload()

    @property
    def findings(self) -> list[Finding]:
        return self.model.all

    # Loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Check again in a worker thread; the page stays usable and shows the last findings."""
        if self.task is not None:
            self.task.cancel()
        include = self.show_acknowledged.isChecked()
        self.summary.setText(_("Checking…"))
        task = Task(
            self.ctx.workspace.for_worker_thread,
            lambda ws, _progress, _cancelled: ws.analysis.overlaps(include_acknowledged=include),
        )
        # Bound methods of this page: Qt drops the connections if the page is deleted while
        # the check runs (a language switch rebuilds every page), and the check is dropped too.
        task.signals.finished.connect(self._checked)
        task.signals.failed.connect(self._failed)
        task.signals.cancelled.connect(self._stopped)
        self.destroyed.connect(task.cancel)
        self.task = task
        self._set_checking(True)
        task.start()

    def cancel_check(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _set_checking(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.refresh_button.setEnabled(not running)

    def _from_current_task(self) -> bool:
        """True once, for the signal of the check still wanted (an older one is ignored)."""
        if self.task is None or self.sender() is not self.task.signals:
            return False
        self.task = None
        self._set_checking(False)
        return True

    def _checked(self, findings: list[Finding]) -> None:
        if self._from_current_task():
            self.set_findings(findings)

    def _failed(self, message: str) -> None:
        if self._from_current_task():
            self._show_summary()
            show_error(self, CourseHubError(message))

    def _stopped(self) -> None:
        if self._from_current_task():
            self.summary.setText(_("Check stopped; the list shows the last check."))

    def set_findings(self, findings: list[Finding]) -> None:
        current = self.current_finding()
        self.model.set_findings(findings)
        self._fill_kind_filter()
        self._show_summary()
        if current is not None:
            self._select(current.fingerprint)
        self._show_detail()

    def _select(self, fingerprint: str) -> None:
        for row, finding in enumerate(self.model.shown[:5000]):  # the neighbourhood people look at
            if finding.fingerprint == fingerprint:
                self.table.selectRow(row)
                return

    def _show_summary(self) -> None:
        total = len(self.model.all)
        self.summary.setText(ngettext("{n} finding", "{n} findings", total).format(n=format_number(total)))

    def _fill_kind_filter(self) -> None:
        counts = self.model.counts()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(_("All kinds ({n})").format(n=format_number(len(self.model.all))), None)
        for kind in FindingKind:
            if counts[kind] or kind is self.model.kind:
                self.kind_filter.addItem(f"{kind.label} ({format_number(counts[kind])})", kind.value)
        wanted = self.model.kind.value if self.model.kind is not None else None
        self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(wanted), 0))
        self.kind_filter.blockSignals(False)

    def _kind_chosen(self) -> None:
        value = self.kind_filter.currentData()
        self.model.set_kind(FindingKind(value) if value else None)
        self._show_detail()

    # Detail and actions ---------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        index = self.table.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        self.acknowledge_button.setEnabled(finding is not None and finding.acknowledged is None)
        self.withdraw_button.setEnabled(finding is not None and finding.acknowledged is not None)
        self.show_button.setEnabled(finding is not None)

    def _show_detail(self, *_args: object) -> None:
        self._update_buttons()
        finding = self.current_finding()
        if finding is None:
            self.detail.setHtml("<p>" + escape(_("Choose a finding to see its courses and dates.")) + "</p>")
            return
        courses = "".join(
            f"<li><a href='course:{i}'>{escape(c.title or c.code)}</a> — {escape(c.provider)}, "
            f"{escape(c.code)}</li>"
            for i, c in enumerate(finding.courses)
        )
        dates = ", ".join(format_date(d) for d in finding.dates[:40])
        if len(finding.dates) > 40:
            dates += " …"
        parts = [
            f"<h3>{escape(finding.kind.label)}</h3>",
            f"<p>{escape(finding.message).replace(chr(10), '<br>')}</p>",
            "<p><b>" + escape(_("Courses")) + f"</b></p><ul>{courses}</ul>",
        ]
        if finding.subject:
            parts.append("<p><b>" + escape(_("Shared")) + f":</b> {escape(finding.subject)}</p>")
        if dates:
            parts.append("<p><b>" + escape(_("Dates")) + f":</b> {escape(dates)}</p>")
        if finding.times:
            parts.append("<p><b>" + escape(_("Times")) + f":</b> {escape(', '.join(finding.times[:20]))}</p>")
        if finding.acknowledged is not None:
            ack = finding.acknowledged
            parts.append(
                "<p style='color:#555'>"
                + escape(
                    _("Acknowledged by {user} on {day}: {reason}").format(
                        user=ack.actor, day=format_date(ack.at.date()), reason=ack.reason
                    )
                )
                + "</p>"
            )
        self.detail.setHtml("".join(parts))

    def _open_link(self, url: QUrl) -> None:
        finding = self.current_finding()
        text = url.toString()
        if finding is None or not text.startswith("course:"):
            return
        self._open_ref(finding, int(text.split(":", 1)[1]))

    def _open_ref(self, finding: Finding, position: int) -> None:
        try:
            ids = self.ctx.course_ids([finding.courses[position]])
        except CourseHubError as error:
            show_error(self, error)
            return
        for course_id in ids:
            self.ctx.open_course(course_id)

    def open_first_course(self, row: int) -> None:
        finding = self.model.finding(row)
        if finding is not None and finding.courses:
            self._open_ref(finding, 0)

    def acknowledge(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        dialog = ReasonDialog(finding, self)
        self.ctx.dialogs.reason = dialog
        if not dialog.exec():
            return
        attempt(
            self,
            lambda: self.ctx.services.analysis.acknowledge(
                finding, dialog.reason.toPlainText(), self.ctx.actor
            ),
        )
        self.reload()

    def withdraw(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        attempt(self, lambda: self.ctx.services.analysis.withdraw_acknowledgement(finding, self.ctx.actor))
        self.reload()

    def show_in_catalogue(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        ids = []
        for ref in finding.courses:
            try:
                course = self.ctx.services.catalogue.find_course(ref.provider, ref.code)
            except CourseHubError:
                continue  # a course removed since: the others still show
            if course.id is not None:
                ids.append(course.id)
        self.ctx.show_courses(ids, finding.kind.label)

    def print_report(self) -> None:
        actor = self.ctx.actor
        print_preview(
            self,
            self.ctx,
            _("Preparing the committee report…"),
            lambda ws: ws.printing.committee_report(None, actor),
            _("Report for the coordination committee"),
            "committee-report.pdf",
        )
