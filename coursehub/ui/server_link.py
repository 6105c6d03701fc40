"""Working on a CourseHub server from the window: the "Connect to a server" dialog, the
status-bar indicator of the open database, live refresh and automatic reconnection.

The listener (services, through the Workspace) hears another user's change in its own
thread; a queued signal brings it to the GUI thread, where the affected screens are read
again keeping the selection, the scroll position and whatever is being typed (an open
course dialog holds its own copy and is not touched). When the connection drops the
indicator says so and a timer reconnects; nothing typed is lost (a failed save keeps the
course dialog open with the error).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.server_connection import PasswordKeyring, ServerDetails, connect_workspace
from coursehub.services.workspace import Workspace
from coursehub.ui import settings as keys
from coursehub.ui.common import Button, error_text, lay_out_form_dialog
from coursehub.ui.pages import PageId
from coursehub.ui.settings import Settings
from coursehub.ui.workers import Task, close_thread_workspaces

# The screens showing each table the server announces (db/migrations/postgres/live_refresh.sql);
# a table not listed here refreshes every screen.
SCREENS_BY_TABLE: dict[str, set[PageId]] = {
    "courses": {
        PageId.CATALOGUE,
        PageId.CALENDAR,
        PageId.OVERLAPS,
        PageId.GAPS,
        PageId.TRAINEES,
        PageId.PROVIDERS,
    },
    "enrolments": {PageId.CATALOGUE, PageId.TRAINEES, PageId.OVERLAPS},
    "trade_waits": {PageId.TRAINEES},
    "providers": {PageId.CATALOGUE, PageId.PROVIDERS, PageId.GAPS},
    "needs": {PageId.NEEDS, PageId.GAPS},
    "holiday_adjustments": {PageId.CALENDAR, PageId.PROVIDERS, PageId.OVERLAPS},
    "finding_acknowledgements": {PageId.OVERLAPS, PageId.GAPS},
}
REFRESH_DELAY_MS = 250  # changes arriving together are shown in one refresh
HEALTH_CHECK_MS = 1000
RECONNECT_EVERY_MS = 3000


def remembered_details(settings: Settings) -> ServerDetails:
    return ServerDetails(
        host=settings.get(keys.SERVER_HOST),
        port=settings.get(keys.SERVER_PORT),
        database=settings.get(keys.SERVER_DATABASE),
        user=settings.get(keys.SERVER_USER),
        tls_required=settings.get(keys.SERVER_TLS_REQUIRED),
    )


def remember_details(settings: Settings, details: ServerDetails) -> None:
    """Everything but the password (that goes to the keyring, and only when asked)."""
    settings.set(keys.SERVER_HOST, details.host)
    settings.set(keys.SERVER_PORT, details.port)
    settings.set(keys.SERVER_DATABASE, details.database)
    settings.set(keys.SERVER_USER, details.user)
    settings.set(keys.SERVER_TLS_REQUIRED, details.tls_required)
    settings.sync()


class ConnectDialog(QDialog):
    """Asks for the server and the login; `workspace` is the opened server once accepted.
    A refused login or an unreachable server leaves the dialog open, fields kept."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        keyring: PasswordKeyring | None = None,
        opener: Callable[[ServerDetails, str | None], Workspace] = connect_workspace,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Connect to a server"))
        self.settings = settings
        self.keyring = keyring or PasswordKeyring()
        self.opener = opener
        self.workspace: Workspace | None = None
        remembered = remembered_details(settings)
        self.host = QLineEdit(remembered.host)
        self.host.setPlaceholderText(_("e.g. server.local"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(remembered.port)
        self.port.setGroupSeparatorShown(False)
        self.database = QLineEdit(remembered.database)
        self.user = QLineEdit(remembered.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QCheckBox(_("Require an encrypted connection (TLS)"))
        self.tls.setChecked(remembered.tls_required)
        self.remember = QCheckBox(_("Keep the password in this computer's keyring"))
        if self.keyring.available():
            self.remember.setChecked(settings.get(keys.SERVER_KEEP_PASSWORD))
            kept = self.keyring.get(remembered) if self.remember.isChecked() else None
            self.password.setText(kept or "")
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("This computer has no keyring: type the password each time."))
            self.remember.setText(_("Keep the password: this computer has no keyring"))
        form = QFormLayout()
        for label, widget in (
            (_("&Server:"), self.host),
            (_("&Port:"), self.port),
            (_("&Database:"), self.database),
            (_("&User:"), self.user),
            (_("Pass&word:"), self.password),
        ):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow("", self.tls)
        form.addRow("", self.remember)
        self.problems, self.buttons = lay_out_form_dialog(self, form)
        self.problems.setAccessibleName(_("Why the connection failed"))
        self.problems.setVisible(False)
        self.buttons.button(Button.Save).setText(_("&Connect"))
        self.setMinimumWidth(540)
        (self.password if remembered.user else self.host).setFocus()

    def details(self) -> ServerDetails:
        return ServerDetails(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            tls_required=self.tls.isChecked(),
        )

    def accept(self) -> None:
        details = self.details()
        missing = details.missing()
        if missing:
            self.show_problem(_("Fill in: {fields}.").format(fields=", ".join(missing)))
            return
        try:
            self.workspace = self.opener(details, self.password.text())
        except CourseHubError as error:
            self.show_problem(error_text(error))
            return
        remember_details(self.settings, details)
        self._keep_password(details)
        super().accept()

    def _keep_password(self, details: ServerDetails) -> None:
        keep = self.remember.isEnabled() and self.remember.isChecked()
        self.settings.set(keys.SERVER_KEEP_PASSWORD, keep)
        if keep and self.password.text():
            self.keyring.set(details, self.password.text())
        elif self.remember.isEnabled():
            self.keyring.delete(details)

    def show_problem(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(True)


def database_label(workspace: Workspace) -> str:
    """The status bar's name of the open database: the file name or "server db@host"."""
    if workspace.on_server:
        return _("server {database}").format(database=workspace.server_label)
    path = workspace.path
    return Path(str(path)).name if path is not None else _("database in memory")


class ServerLink(QObject):
    """The indicator, the listener and reconnection for one window."""

    heard = Signal(str, object)  # table, course ids (from the listener's thread, queued)

    def __init__(
        self,
        workspace: Workspace,
        refresh: Callable[[set[PageId] | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.refresh = refresh
        self.workspace = workspace
        self.indicator = QLabel()
        self.indicator.setAccessibleName(_("Open database"))
        self.indicator.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.listener: Any = None
        self.reconnecting: Task | None = None  # the attempt running in a worker, if any
        self.connected = True
        self.heard_tables: set[str] = set()
        self.heard.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self.refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self.refresh_timer.timeout.connect(self._refresh_now)
        self.health = QTimer(self, interval=HEALTH_CHECK_MS)
        self.health.timeout.connect(self._check_health)
        self.reconnect_timer = QTimer(self, interval=RECONNECT_EVERY_MS)
        self.reconnect_timer.timeout.connect(self.try_reconnect)
        self.attach(workspace)

    def attach(self, workspace: Workspace) -> None:
        self.stop()
        self.workspace = workspace
        self.connected = True
        if workspace.on_server:
            self._listen()
            self.health.start()
        self._show_state()

    def _listen(self) -> None:
        self.listener = self.workspace.listen_for_changes(
            lambda table, courses: self.heard.emit(table, courses)
        )

    def _collect(self, table: str, _courses: object) -> None:
        if self.listener is None:  # stopped (the window closed): a late notification is dropped
            return
        self.heard_tables.add(table)
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()

    def _refresh_now(self) -> None:
        tables, self.heard_tables = self.heard_tables, set()
        if self.connected:
            self.refresh(screens_showing(tables))

    def _check_health(self) -> None:
        if self.connected and self.listener is not None and not self.listener.alive:
            self.connection_lost()

    def connection_lost(self) -> None:
        """The network or the server dropped us: say so and keep trying to reconnect."""
        if not self.workspace.on_server or not self.connected:
            return
        self.connected = False
        self._show_state()
        self.reconnect_timer.start()

    def try_reconnect(self) -> None:
        """One attempt, in a worker thread: connecting waits for the network (up to the
        connect timeout), which must never freeze the window. The notice stays red until
        it succeeds; the timer tries again meanwhile."""
        if self.reconnecting is not None or self.connected:
            return
        workspace, listener = self.workspace, self.listener
        self.listener = None

        def reconnect(_worker: Workspace, _progress: object, _cancelled: object) -> Any:
            if listener is not None:
                listener.stop()
            workspace.reconnect()
            return workspace.listen_for_changes(lambda table, courses: self.heard.emit(table, courses))

        task = Task(lambda: workspace, reconnect, lambda _workspace: None)
        task.log_crashes = False
        task.signals.finished.connect(partial(self._reconnected, workspace))
        task.signals.failed.connect(self._reconnect_failed)
        task.signals.cancelled.connect(partial(_stop_listener_of, task))  # the window closed meanwhile
        self.reconnecting = task.start(_reconnect_pool())

    def _reconnected(self, workspace: Workspace, listener: Any) -> None:
        self.reconnecting = None
        if workspace is not self.workspace:  # the window moved to another database meanwhile
            if listener is not None:
                listener.stop()
            return
        self.listener = listener
        self.connected = True
        self.reconnect_timer.stop()
        self._show_state()
        close_thread_workspaces(workspace)  # the workers' connections died with the network
        self.refresh(None)  # whatever others saved while we were away

    def _reconnect_failed(self, _message: str) -> None:
        self.reconnecting = None  # still down: the timer tries again

    def _show_state(self) -> None:
        name = database_label(self.workspace)
        if not self.workspace.on_server:
            text, tip, style = name, _("A database file on this computer."), ""
        elif self.connected:
            text = _("{database} · connected").format(database=name)
            tip = _("Connected to the server: changes by others appear within seconds.")
            style = ""
        else:
            text = _("{database} · connection lost, reconnecting…").format(database=name)
            tip = _(
                "The connection to the server was lost. CourseHub reconnects by itself; what you "
                "are typing stays in its window. Check the network if this lasts."
            )
            style = "color: white; background: #b3261e; padding: 0 6px;"
        self.indicator.setText(text)
        self.indicator.setToolTip(tip)
        self.indicator.setStyleSheet(style)

    def stop(self) -> None:
        self.health.stop()
        self.reconnect_timer.stop()
        self.refresh_timer.stop()  # a refresh heard before the window closed must not run after
        self.heard_tables.clear()
        if self.reconnecting is not None:
            self.reconnecting.cancel()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None


def _stop_listener_of(task: Task) -> None:
    if task.result is not None:
        task.result.stop()


_pool: QThreadPool | None = None


def _reconnect_pool() -> QThreadPool:
    """One thread for reconnecting, so an attempt never waits behind an import or a query."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(1)
    return _pool


def screens_showing(tables: set[str]) -> set[PageId] | None:
    """The screen keys to read again for these changed tables (None: every screen)."""
    screens: set[PageId] = set()
    for table in tables:
        if table not in SCREENS_BY_TABLE:
            return None
        screens |= SCREENS_BY_TABLE[table]
    return screens


def reload_keeping_place(page: QWidget) -> None:
    """Read a screen again keeping each list's current row (by its first column's text) and
    scroll position; typed search texts and filters are the page's own and stay."""
    views = page.findChildren(QAbstractItemView)
    kept = [
        (view, _current_text(view), view.verticalScrollBar().value(), view.horizontalScrollBar().value())
        for view in views
    ]
    page.reload()  # type: ignore[attr-defined]  # only pages with reload() are passed
    for view, current, vertical, horizontal in kept:
        if not shiboken6.isValid(view):  # deleted while the reload's query ran (workers.query)
            continue
        if current is not None and _current_text(view) != current:
            _select_text(view, current)
        view.verticalScrollBar().setValue(vertical)
        view.horizontalScrollBar().setValue(horizontal)


def _current_text(view: QAbstractItemView) -> str | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    return str(index.siblingAtColumn(0).data() or "")


def _select_text(view: QAbstractItemView, text: str) -> None:
    model = view.model()
    if model is None:
        return
    found = model.match(
        model.index(0, 0, QModelIndex()), Qt.ItemDataRole.DisplayRole, text, 1, Qt.MatchFlag.MatchExactly
    )
    if found:
        view.setCurrentIndex(found[0])
