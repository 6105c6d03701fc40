"""The first-start screen on an empty database, and the demo catalogue in its own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.run_program import main_window_shown, run_program_and_close

# The first-start screen shows for an empty database file, and the demo is a file of its own.
pytestmark = pytest.mark.sqlite_only("the first-start screen and the demo catalogue are about database files")


@pytest.fixture(autouse=True)
def no_screen_left_open(qapp):
    """A first-start screen left open would be a visible window for the next test."""
    yield
    from PySide6.QtWidgets import QApplication

    from coursehub.ui.first_start import FirstStartDialog
    from coursehub.ui.help_window import open_guide_window

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FirstStartDialog):
            widget.close()
    if (guide := open_guide_window()) is not None:
        guide.close()


@pytest.fixture
def empty_workspace(db_path: Path, cheap_passwords: None):
    from coursehub.services.workspace import Workspace

    opened = Workspace.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def empty_window(qtbot, empty_workspace, settings, qapp):
    from PySide6.QtGui import QUndoStack

    from coursehub.ui.context import UiContext
    from coursehub.ui.main_window import MainWindow

    ctx = UiContext(empty_workspace, settings, QUndoStack())
    shown = MainWindow(empty_workspace, settings, ctx=ctx)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def course_count(path: Path) -> int:
    from coursehub.services.workspace import Workspace

    opened = Workspace.open(path, read_only=True)
    try:
        return opened.catalogue.count()
    finally:
        opened.close()


def test_an_empty_database_shows_the_first_start_screen_and_is_not_filled(qapp, db_path, monkeypatch):
    import coursehub.ui.first_start as first_start

    offered: list[first_start.FirstStartDialog] = []
    offer = first_start.offer_first_start
    monkeypatch.setattr(first_start, "offer_first_start", lambda window: offered.append(offer(window)))
    shown: list[bool] = []
    look = lambda: shown.extend(d.isVisible() for d in offered)  # noqa: E731
    assert run_program_and_close(monkeypatch, look, ready=lambda: bool(offered), db_path=db_path) == 0
    assert shown == [True]
    assert set(offered[0].buttons) == {"demo", "import", "server"}
    assert course_count(db_path) == 0  # no demo courses mixed into the real database


def test_demo_on_the_command_line_opens_the_demo_file_not_the_database(qapp, db_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from coursehub.ui.main_window import MainWindow

    demo = tmp_path / "data" / "demo.db"
    monkeypatch.setenv("COURSEHUB_DEMO_DB", str(demo))
    titles: list[str] = []

    def look() -> None:
        titles.extend(
            w.windowTitle()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()
        )

    assert run_program_and_close(monkeypatch, look, ready=main_window_shown, db_path=db_path, demo=True) == 0
    assert any("DEMO" in title and str(demo) in title for title in titles)
    assert course_count(demo) > 0
    assert not db_path.exists() or course_count(db_path) == 0


def test_the_demo_choice_switches_to_the_demo_file(empty_window, db_path, tmp_path, monkeypatch, qtbot):
    from coursehub.ui.first_start import offer_first_start

    demo = tmp_path / "demo.db"
    monkeypatch.setenv("COURSEHUB_DEMO_DB", str(demo))
    dialog = offer_first_start(empty_window)
    assert dialog.isVisible()
    dialog.buttons["demo"].click()
    qtbot.waitUntil(lambda: empty_window.workspace.is_demo, timeout=10_000)
    assert not dialog.isVisible()
    assert empty_window.workspace.path == demo
    assert empty_window.workspace.catalogue.count() > 0
    assert "DEMO" in empty_window.windowTitle()
    assert empty_window.demo_label.isVisibleTo(empty_window)
    assert course_count(db_path) == 0


def test_a_real_database_shows_no_demo_notice(empty_window):
    assert not empty_window.workspace.is_demo
    assert not empty_window.demo_label.isVisibleTo(empty_window)
    assert "DEMO" not in empty_window.windowTitle()


def test_a_cancelled_import_brings_the_first_start_screen_back(empty_window, monkeypatch, qtbot):
    from PySide6.QtWidgets import QDialog

    from coursehub.ui.first_start import offer_first_start
    from coursehub.ui.import_wizard import ImportWizard

    opened: list[QDialog] = []

    def cancel(wizard: ImportWizard) -> int:
        opened.append(wizard)
        return 0

    monkeypatch.setattr(ImportWizard, "exec", cancel)
    first = offer_first_start(empty_window)
    first.buttons["import"].click()
    assert len(opened) == 1  # the existing import wizard
    again = empty_window.ctx.dialogs.first_start
    assert again is not first and again.isVisible()


def test_the_server_choice_opens_the_connect_dialog(empty_window, monkeypatch):
    from coursehub.ui.first_start import offer_first_start
    from coursehub.ui.server_link import ConnectDialog

    opened: list[ConnectDialog] = []
    monkeypatch.setattr(ConnectDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    first = offer_first_start(empty_window)
    first.buttons["server"].click()
    assert len(opened) == 1
    assert empty_window.ctx.dialogs.first_start.isVisible()  # nothing connected: offered again


def test_the_guide_opens_at_the_first_start_page_beside_the_screen(empty_window):
    from coursehub.ui.first_start import offer_first_start
    from coursehub.ui.help_window import open_guide_window

    dialog = offer_first_start(empty_window)
    dialog.guide.click()
    guide = open_guide_window()
    assert guide is not None and guide.isVisible()
    assert guide.current_file() == "first-start.md"
    assert dialog.isVisible()


def test_an_empty_catalogue_is_a_choice(empty_window):
    from coursehub.ui.first_start import offer_first_start

    dialog = offer_first_start(empty_window)
    dialog.empty.click()
    assert not dialog.isVisible()
    assert empty_window.ctx.dialogs.first_start is dialog  # not offered again this session
    assert empty_window.workspace.catalogue.count() == 0
