"""Overlaps: findings grouped by kind (duplicate offers, venue, trainer and trainee clashes,
sessions on holidays); each opens the courses it names and can be acknowledged with a reason."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.findings import Finding, FindingKind
from coursehub.i18n import _, ngettext
from coursehub.ui.common import Button, button_box, format_date, format_number, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.output_actions import print_preview
from coursehub.ui.widgets import heading
from coursehub.ui.workers import run_task

FindingRole = Qt.ItemDataRole.UserRole


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


class OverlapsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Courses"), _("Dates"), _("Finding")])
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 190)
        self.tree.setAccessibleName(_("Findings"))
        self.tree.currentItemChanged.connect(self._show_detail)
        self.tree.itemActivated.connect(lambda item, _col: self.open_first_course(item))
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._open_link)
        name(self.detail, _("Finding details"))
        self.show_acknowledged = QCheckBox(_("Show &acknowledged findings too"))
        self.show_acknowledged.toggled.connect(self.reload)
        self.acknowledge_button = QPushButton(_("A&cknowledge…"))
        self.withdraw_button = QPushButton(_("&Withdraw acknowledgement"))
        self.refresh_button = QPushButton(_("&Check again"))
        for button, text in (
            (self.acknowledge_button, _("Acknowledge the finding")),
            (self.withdraw_button, _("Withdraw the acknowledgement")),
            (self.refresh_button, _("Check for overlaps again")),
        ):
            name(button, text)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.refresh_button.clicked.connect(self.reload)
        self.show_button = QPushButton(_("Show its courses in the &catalogue"))
        name(self.show_button, _("Show the courses of this finding in the catalogue"))
        self.show_button.clicked.connect(self.show_in_catalogue)
        self.print_button = QPushButton(_("&Print the committee report…"))
        name(self.print_button, _("Print the committee report"))
        self.print_button.clicked.connect(self.print_report)
        self.summary = QLabel()
        bar = QHBoxLayout()
        for widget in (
            self.refresh_button,
            self.show_acknowledged,
            self.acknowledge_button,
            self.withdraw_button,
            self.show_button,
            self.print_button,
        ):
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setSizes([760, 420])
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
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._update_buttons()
        self.reload()

    # Loading -------------------------------------------------------------------------
    def reload(self) -> None:
        include = self.show_acknowledged.isChecked()
        self.summary.setText(_("Checking…"))
        run_task(
            self,
            self.ctx.workspace,
            _("Looking for overlaps…"),
            lambda ws, _progress, _cancelled: ws.analysis.overlaps(include_acknowledged=include),
            self.set_findings,
            lambda message: show_error(self, CourseHubError(message)),
        )

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.tree.clear()
        groups: dict[FindingKind, list[Finding]] = {}
        for finding in findings:
            groups.setdefault(finding.kind, []).append(finding)
        for kind, members in groups.items():
            top = QTreeWidgetItem([f"{kind.label} ({format_number(len(members))})"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for finding in members:
                top.addChild(self._item(finding))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.summary.setText(
            ngettext("{n} finding", "{n} findings", len(findings)).format(n=format_number(len(findings)))
        )
        self._show_detail()

    def _item(self, finding: Finding) -> QTreeWidgetItem:
        first = format_date(finding.dates[0]) if finding.dates else ""
        dates = (
            first
            if len(finding.dates) < 2
            else _("{first} and {n} more").format(first=first, n=len(finding.dates) - 1)
        )
        item = QTreeWidgetItem(
            ["; ".join(c.title or c.code for c in finding.courses), dates, finding.message.split("\n")[0]]
        )
        item.setData(0, FindingRole, finding)
        item.setToolTip(0, finding.message)
        if finding.acknowledged is not None:
            for column in range(3):
                item.setForeground(column, Qt.GlobalColor.gray)
        return item

    # Detail and actions ---------------------------------------------------------------------
    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        finding: Any = item.data(0, FindingRole) if item is not None else None
        return finding if isinstance(finding, Finding) else None

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
        ref = finding.courses[position]
        try:
            course = self.ctx.workspace.catalogue.find_course(ref.provider, ref.code)
        except CourseHubError as error:
            show_error(self, error)
            return
        if course.id is not None:
            self.ctx.open_course(course.id)

    def open_first_course(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, FindingRole)
        if isinstance(finding, Finding) and finding.courses:
            self._open_ref(finding, 0)

    def acknowledge(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        dialog = ReasonDialog(finding, self)
        self.ctx.extras["reason_dialog"] = dialog
        if not dialog.exec():
            return
        try:
            self.ctx.workspace.analysis.acknowledge(finding, dialog.reason.toPlainText(), self.ctx.actor)
        except CourseHubError as error:
            show_error(self, error)
        self.reload()

    def withdraw(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        try:
            self.ctx.workspace.analysis.withdraw_acknowledgement(finding, self.ctx.actor)
        except CourseHubError as error:
            show_error(self, error)
        self.reload()

    def show_in_catalogue(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        ids = []
        for ref in finding.courses:
            try:
                course = self.ctx.workspace.catalogue.find_course(ref.provider, ref.code)
            except CourseHubError:
                continue  # a course removed since: the others still show
            if course.id is not None:
                ids.append(course.id)
        page = self.ctx.extras["window"].show_page("catalogue")
        page.show_only(ids, finding.kind.label)

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
