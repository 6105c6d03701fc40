"""The main window: a side navigation between the screens, menus with shortcuts, a status
bar with counts, the language switch, and the window's remembered size and layout.

Screens are built the first time they are shown, so the window opens fast; switching the
language builds them again in the new language (every text comes from `_()`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.people import Actor
from coursehub.i18n import _, current_language, set_language
from coursehub.services.workspace import Workspace
from coursehub.ui import settings as keys
from coursehub.ui.actions import (
    ACTIONS,
    EDITING_ACTIONS,
    MENU_ACTIONS,
    MENUS,
    ActionId,
    ActionSpec,
    with_keys,
)
from coursehub.ui.common import fit_to_screen, format_number, inform
from coursehub.ui.context import UiContext
from coursehub.ui.help_window import give_tooltips
from coursehub.ui.pages import PageId, PageSpec, available_pages
from coursehub.ui.settings import Settings
from coursehub.ui.workers import close_thread_workspaces

if TYPE_CHECKING:  # pages are imported when first shown
    from coursehub.domain.model import Course
    from coursehub.ui.catalogue_page import CataloguePage

PageT = TypeVar("PageT", bound=QWidget)


def user_label_text(actor: Actor) -> str:
    """Who is signed in, for the status bar: their full name when the account has one."""
    if actor.display_name:
        return _("{name} ({user}, {role})").format(
            name=actor.display_name, user=actor.username, role=actor.role.label
        )
    return _("{user} ({role})").format(user=actor.username, role=actor.role.label)


class MainWindow(QMainWindow):
    def __init__(
        self, workspace: Workspace, settings: Settings | None = None, *, ctx: UiContext | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings: Settings = settings or Settings()
        self.undo_stack: QUndoStack = QUndoStack(self)
        self.ctx = ctx or UiContext(workspace, self.settings, self.undo_stack)
        self.ctx.undo_stack = self.undo_stack
        self.ctx.open_course = self.open_course
        self.ctx.show_page = self.show_page
        self.ctx.show_courses = self.show_courses
        self.ctx.show_provider_courses = self.show_provider_courses
        self.ctx.loaded_courses = self._loaded_courses
        self.ctx.data_changed = self.data_changed
        self._store_counts: tuple[int, int] | None = None  # providers, needs: read on changes only
        self.ctx.status = lambda text: self.statusBar().showMessage(text, 5000)
        self.pages: dict[PageId, QWidget] = {}
        self._stale_pages: set[PageId] = set()  # others' changes not yet read (live refresh)
        self._painted = False
        self.specs: list[PageSpec] = available_pages()
        self.actions_by_id: dict[ActionId, QAction] = {}
        self._build()
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1280, 800, share=0.95)
        self.show_page(self.specs[min(max(self.settings.get(keys.LAST_PAGE), 0), len(self.specs) - 1)].id)

    # Building ------------------------------------------------------------------------------
    def _build(self) -> None:
        where = self.workspace.path
        if self.workspace.is_demo:  # never taken for the real catalogue
            self.setWindowTitle(_("CourseHub — DEMO catalogue, made-up courses — {path}").format(path=where))
        elif where:
            self.setWindowTitle(_("CourseHub — {path}").format(path=where))
        else:
            self.setWindowTitle(_("CourseHub — vocational courses, Durrës and Elbasan"))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Screens"))
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.id.value)
            item.setToolTip(_(spec.title) + f" ({spec.shortcut})")
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(lambda row: self.show_page(self.specs[row].id))
        # Long screen names wrap onto two lines: the pages keep the width on a 1024 px screen.
        self.navigation.setWordWrap(True)
        self.navigation.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.navigation.setFixedWidth(min(self.navigation.sizeHintForColumn(0) + 24, 180))
        self.navigation.setVisible(self.settings.get(keys.SIDEBAR_SHOWN))
        body = QWidget()  # the side list keeps its width; the screen takes the rest
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        from coursehub.ui.database_problems import ReadOnlyBanner

        self.read_only_banner = ReadOnlyBanner(self.workspace)
        self.read_only_banner.write_access_gained.connect(self._write_access_gained)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(body, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        self._apply_write_access()

    def _apply_write_access(self) -> None:
        """Read-only: the actions that change the database are switched off (the banner says why)."""
        writable = not self.workspace.read_only
        for action_id in EDITING_ACTIONS:
            if action_id in self.actions_by_id:
                self.actions_by_id[action_id].setEnabled(writable)
        for page in self.pages.values():
            if hasattr(page, "_update_buttons"):
                page._update_buttons()

    def _write_access_gained(self) -> None:
        self._apply_write_access()
        self.refresh()  # the other copy may have saved changes meanwhile
        self.statusBar().showMessage(_("This copy can save changes again."), 8000)

    def _create_action(self, spec: ActionSpec) -> QAction:
        """The QAction of a registered command (`ui/actions.py`), in the current language."""
        text = _(spec.text)
        action = spec.make(self, text) if spec.make is not None else QAction(text, self)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(self.style().standardIcon(spec.icon))
        keys_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(with_keys(_(spec.tooltip), keys_text))
        action.setStatusTip(_(spec.tooltip))
        if spec.checked is not None:
            action.setCheckable(True)
            action.setChecked(spec.checked(self))
        if (handler := spec.handler) is not None:
            action.triggered.connect(lambda _checked=False: handler(self))
        return action

    def _build_menus(self) -> None:
        """The menus, from the registry: a command of a screen missing in this build is left out."""
        for old in self.actions_by_id.values():  # a rebuild (language switch) makes them anew
            old.deleteLater()
        shown_pages = {spec.id for spec in self.specs}
        self.actions_by_id = {
            spec.id: self._create_action(spec)
            for spec in ACTIONS
            if spec.id in MENU_ACTIONS and (spec.page is None or spec.page in shown_pages)
        }
        bar = self.menuBar()
        bar.clear()
        for menu_spec in MENUS:
            menu = bar.addMenu(_(menu_spec.title))
            for entry in menu_spec.entries:
                if entry is None:
                    menu.addSeparator()
                elif entry in self.actions_by_id:
                    menu.addAction(self.actions_by_id[entry])

    def import_courses(self) -> None:
        from coursehub.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        self.ctx.dialogs.import_wizard = wizard
        wizard.exec()
        if wizard.report is not None and wizard.report.written:
            self.refresh()

    def merge_exchange(self) -> None:
        from coursehub.ui.exchange_dialog import merge_exchange_file

        merge_exchange_file(self, self.ctx, self.refresh)

    def switch_user(self) -> None:
        """Hand the program to another person without closing it (their role applies at once)."""
        from coursehub.ui.login_dialog import LoginDialog

        if self.ctx.services.people.auth.needs_setup():
            self._set_up_accounts()
            return
        dialog = LoginDialog(self.workspace, self)
        self.ctx.dialogs.login = dialog
        if dialog.exec() and dialog.actor is not None:
            self.ctx.actor = dialog.actor
            self.settings.set(keys.LAST_USER, dialog.actor.username)
            self.undo_stack.clear()  # one person's undo steps are not another's
            self.retranslate()

    def manage_users(self) -> None:
        from coursehub.domain.errors import CourseHubError, PermissionDenied
        from coursehub.domain.people import Role
        from coursehub.ui.common import show_error
        from coursehub.ui.users_dialog import UsersDialog

        if self.ctx.services.people.auth.needs_setup():
            self._set_up_accounts()
            return
        if self.ctx.actor.role is not Role.ADMINISTRATOR or self.ctx.actor.user_id is None:
            error: CourseHubError = PermissionDenied(_("Only an administrator manages user accounts."))
            show_error(self, error)
            return
        dialog = UsersDialog(self.ctx, self)
        self.ctx.dialogs.users = dialog
        dialog.exec()

    def edit_letterhead(self) -> None:
        from coursehub.ui.letterhead_dialog import open_letterhead_dialog

        open_letterhead_dialog(self, self.ctx)

    def import_needs(self) -> None:
        from coursehub.ui.needs_page import NeedsPage

        self.page_of(NeedsPage).import_needs()

    def print_calendar(self) -> None:
        from coursehub.ui.calendar_page import CalendarPage

        self.page_of(CalendarPage).print_weeks(1)

    def backup_now(self) -> None:
        from datetime import date
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from coursehub.domain.errors import CourseHubError
        from coursehub.ui.common import show_error

        folder = self.settings.get(keys.EXPORT_FOLDER) or str(Path.home())
        suggested = Path(folder) / f"coursehub-backup-{date.today():%Y%m%d}.db"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save a backup"), str(suggested), _("CourseHub database (*.db)")
        )
        if not chosen:
            return
        self.settings.set(keys.EXPORT_FOLDER, str(Path(chosen).parent))
        try:
            path = self.ctx.services.backups.backup_to(Path(chosen))
        except CourseHubError as error:
            show_error(self, error)
            return
        inform(self, _("A backup was saved to {path}.").format(path=path))

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Counts"))
        self.user_label = QLabel()
        self.user_label.setAccessibleName(_("Signed in as"))
        self.demo_label = QLabel(_("DEMO catalogue: made-up courses, not your data"))
        self.demo_label.setObjectName("demo")
        self.demo_label.setVisible(self.workspace.is_demo)
        self.statusBar().addPermanentWidget(self.demo_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)
        from coursehub.ui.server_link import ServerLink

        if not hasattr(self, "server_link"):  # kept across a rebuild (language switch)
            self.server_link = ServerLink(self.workspace, self.live_refresh, self)
            self.ctx.connection_lost = self.server_link.connection_lost
        self.statusBar().addPermanentWidget(self.server_link.indicator)
        self.server_link.indicator.show()

    # Screens ------------------------------------------------------------------------------
    def page(self, page_id: PageId) -> QWidget:
        page = self.pages.get(page_id)
        if page is None:
            spec = next(s for s in self.specs if s.id is page_id)
            page = getattr(import_module(spec.module), spec.cls)(self.ctx)
            give_tooltips(page)
            if hasattr(page, "restore_state"):
                page.restore_state()
            if hasattr(page, "counts_changed"):
                page.counts_changed.connect(self.update_counts)
            self.pages[page_id] = page
            self.stack.addWidget(page)
        return page

    def show_page(self, page_id: PageId) -> QWidget:
        page = self.page(page_id)
        self.stack.setCurrentWidget(page)
        row = next(i for i, s in enumerate(self.specs) if s.id is page_id)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        self._reload_if_stale(page_id)
        if hasattr(page, "on_shown"):
            page.on_shown()
        if self._painted:
            self.update_counts()
        else:  # the first paint comes first; counting providers and needs can follow it
            QTimer.singleShot(0, self.update_counts)
            self._painted = True
        return page

    def toggle_sidebar(self) -> None:
        """Hide or show the list of screens (the View menu and Ctrl+1…7 still switch)."""
        shown = not self.navigation.isVisible()
        self.navigation.setVisible(shown)
        self.actions_by_id[ActionId.SIDEBAR].setChecked(shown)
        self.settings.set(keys.SIDEBAR_SHOWN, shown)

    def current_page(self) -> PageId:
        return self.specs[max(self.navigation.currentRow(), 0)].id

    def page_of(self, page_class: type[PageT]) -> PageT:
        """The page of this class, shown (and built on first use): a typed way to reach a page."""
        spec = next(s for s in self.specs if s.is_of(page_class))
        page = self.show_page(spec.id)
        if not isinstance(page, page_class):
            raise TypeError(f"page {spec.id} is a {type(page).__name__}, not a {page_class.__name__}")
        return page

    def catalogue_page(self) -> CataloguePage:
        from coursehub.ui.catalogue_page import CataloguePage

        return self.page_of(CataloguePage)

    def built_catalogue(self) -> CataloguePage | None:
        """The catalogue screen if it has been built, without building or showing it."""
        page = self.pages.get(PageId.CATALOGUE)
        if page is None:
            return None
        from coursehub.ui.catalogue_page import CataloguePage

        return page if isinstance(page, CataloguePage) else None

    def _set_up_accounts(self) -> None:
        from coursehub.ui.trainees_page import TraineesPage

        self.page_of(TraineesPage).set_up_accounts()

    def focus_search(self) -> None:
        page = self.catalogue_page()
        page.search.setFocus()
        page.search.selectAll()

    def open_course(self, course_id: int) -> None:
        self.catalogue_page().select_course(course_id)

    def show_courses(self, ids: list[int], title: str) -> None:
        self.catalogue_page().show_only(ids, title)

    def show_provider_courses(self, provider: str) -> None:
        page = self.catalogue_page()
        page.reset_filters()
        page.provider.setCurrentIndex(max(page.provider.findData(provider), 0))

    def _loaded_courses(self) -> list[Course] | None:
        page = self.built_catalogue()
        return page.model.all_courses() if page is not None and page.model.total else None

    def refresh(self) -> None:
        self._store_counts = None
        for page in self.pages.values():
            if hasattr(page, "reload"):
                page.reload()
        self.update_counts()

    def update_counts(self) -> None:
        catalogue_page = self.built_catalogue()
        if catalogue_page is not None:
            model = catalogue_page.model
            shown, total = model.rowCount(), model.total
        else:
            total = self.ctx.services.catalogue.count()
            shown = total
        if self._store_counts is None:
            self._store_counts = (
                len(self.ctx.services.catalogue.providers()),
                len(self.ctx.services.catalogue.needs()),
            )
        providers, needs = self._store_counts
        counts = _("Courses: {shown} of {total} · Providers: {providers} · Needs: {needs}")
        self.count_label.setText(
            counts.format(
                shown=format_number(shown),
                total=format_number(total),
                providers=format_number(providers),
                needs=format_number(needs),
            )
        )
        actor = self.ctx.actor
        if actor.user_id is None and self.ctx.services.people.auth.needs_setup():
            self.user_label.setText(_("No user accounts yet"))  # nobody is signed in: say so plainly
        else:
            self.user_label.setText(user_label_text(actor))

    def live_refresh(self, screens: set[PageId] | None = None) -> None:
        """Another user saved something: the shown screen is read again now, keeping its
        selection and scroll position (an open dialog keeps its own copy); the other built
        screens showing it are read again when next shown."""
        for page_id, page in self.pages.items():
            if hasattr(page, "reload") and (screens is None or page_id in screens):
                self._stale_pages.add(page_id)
        self._reload_if_stale(self.current_page())
        self.data_changed()

    def _reload_if_stale(self, page_id: PageId) -> None:
        if page_id not in self._stale_pages or page_id not in self.pages:
            return
        from coursehub.ui.server_link import reload_keeping_place

        self._stale_pages.discard(page_id)
        in_background, self.ctx.load_in_background = self.ctx.load_in_background, False
        try:
            reload_keeping_place(self.pages[page_id])
        finally:
            self.ctx.load_in_background = in_background

    def connect_to_server(self) -> None:
        """Ask for a server and its login, then work on it (the file stays as it was)."""
        from coursehub.ui.server_link import ConnectDialog

        dialog = ConnectDialog(self.settings, self)
        self.ctx.dialogs.connect = dialog
        if dialog.exec() and dialog.workspace is not None:
            self.switch_workspace(dialog.workspace)
        self.ctx.dialogs.connect = None

    def switch_workspace(self, workspace: Workspace) -> None:
        """Show another database (a server once connected), logged in as its connection's user."""
        old = self.workspace
        self.workspace = self.ctx.workspace = workspace
        self.ctx.actor = workspace.actor or self.ctx.actor
        self.undo_stack.clear()  # its steps belong to the other database
        self.server_link.attach(workspace)
        self.retranslate()  # builds every screen again over the new database
        close_thread_workspaces(old)
        old.close()

    def data_changed(self) -> None:
        """Something was saved: count providers and needs again on the next update."""
        self._store_counts = None
        self.update_counts()

    # Language -----------------------------------------------------------------------------
    def switch_language(self, language: str) -> None:
        if language == current_language():
            self._build_menus()
            return
        set_language(language)
        self.settings.set(keys.LANGUAGE, language)
        from PySide6.QtWidgets import QApplication

        from coursehub.ui.language import apply_qt_language

        apply_qt_language(cast(QApplication, QApplication.instance()))  # ours is a QApplication
        self.retranslate()
        from coursehub.ui.help_window import open_guide_window

        if (guide := open_guide_window()) is not None:
            guide.retranslate()

    def retranslate(self) -> None:
        """Build every screen again in the current language, keeping where the person was."""
        current = self.current_page()
        search = ""
        if (catalogue := self.built_catalogue()) is not None:
            search = catalogue.search.text()
        for page in self.pages.values():
            if hasattr(page, "save_state"):
                page.save_state()
            page.deleteLater()
        self.pages.clear()
        self._stale_pages.clear()  # every screen is built afresh
        self.statusBar().removeWidget(self.demo_label)
        self.statusBar().removeWidget(self.count_label)
        self.statusBar().removeWidget(self.user_label)
        self.statusBar().removeWidget(self.server_link.indicator)
        self._build()
        self.show_page(current)
        if search:
            self.catalogue_page().search.setText(search)
            self.show_page(current)

    # Help and closing ---------------------------------------------------------------------
    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every menu command with a shortcut, then the keys inside screens."""
        rows = [
            (
                action.text().replace("&", ""),
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for action in self.actions_by_id.values()
            if not action.shortcut().isEmpty()
        ]
        rows += [
            (_("Week calendar: previous or next week"), "Alt+Left, Alt+Right, Page Up, Page Down"),
            (_("Search boxes: go down into the results"), "Down"),
            (_("Filter lists: open the list of choices"), "Down, Alt+Down"),
            (_("Tables: open the chosen row"), "Enter"),
        ]
        return rows

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem

        from coursehub.ui.common import Button, button_box

        rows = self.shortcut_rows()
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Keyboard shortcuts"))
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([_("Command"), _("Keys")])
        table.setAccessibleName(_("Keyboard shortcuts"))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys_text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys_text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = button_box(Button.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        fit_to_screen(dialog, 620, 560)
        self.ctx.dialogs.shortcuts = dialog
        dialog.exec()

    def open_guide(self, page: str = "index.md") -> None:
        from coursehub.ui.help_window import open_guide

        open_guide(self, page)

    def help_on_screen(self) -> None:
        """F1: the guide's page about the screen in front of the person."""
        from coursehub.ui.help_window import PAGE_FOR_SCREEN

        self.open_guide(PAGE_FOR_SCREEN.get(self.current_page(), "index.md"))

    def open_doc(self, relative: str) -> None:
        """Open the README or the docs folder shipped with the program, in the system's viewer."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from coursehub.paths import PROJECT_DIR

        target = PROJECT_DIR / relative
        if not target.exists() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            inform(self, _("The documentation could not be opened here: {path}").format(path=target))

    def about(self) -> None:
        from coursehub import __version__

        inform(
            self,
            _("CourseHub {version}").format(version=__version__),
            _(
                "Coordinates vocational courses of the Employment Office, the public training centres "
                "and NGOs in the Durrës and Elbasan qarks."
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.server_link.stop()
        close_thread_workspaces(self.workspace)
        for page in self.pages.values():
            if hasattr(page, "save_state"):
                page.save_state()
        self.settings.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(keys.LAST_PAGE, max(self.navigation.currentRow(), 0))
        self.settings.sync()
        super().closeEvent(event)
