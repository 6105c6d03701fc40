"""A damaged database offers its backups; a share is explained; read-only shows a banner."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from coursehub.ui.actions import ActionId
from coursehub.ui.pages import PageId
from tests.conftest import DEMO_YEAR
from tests.files import PAGE, digest, folder_digests

pytestmark = pytest.mark.ui


@pytest.fixture
def damaged_db(db_path: Path, cheap_passwords: None) -> Path:
    """A demo database with one good automatic backup, then random bytes over a page."""
    from coursehub.services.backup import BackupService
    from coursehub.services.demo import load_demo
    from coursehub.services.workspace import Workspace

    workspace = Workspace.open(db_path)
    load_demo(workspace.store, DEMO_YEAR)
    BackupService(workspace.store, db_path, lambda: datetime(DEMO_YEAR, 3, 1, 9)).auto_backup()
    workspace.close()
    rng = random.Random(3)
    data = bytearray(db_path.read_bytes())
    page = rng.randrange(1, len(data) // PAGE)
    data[page * PAGE : page * PAGE + 64] = rng.randbytes(64)
    db_path.write_bytes(bytes(data))
    return db_path


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The message boxes the dialogs would show (modal boxes would wait for a click)."""
    shown: list[str] = []
    for helper in ("inform", "warn", "show_error"):
        monkeypatch.setattr(
            f"coursehub.ui.database_problems.{helper}",
            lambda _parent, text, detail="", guide_page=None, helper=helper: shown.append(
                f"{helper}: {getattr(text, 'message', text)} {detail}"
            ),
        )
    return shown


def damage_error(path: Path):
    from coursehub.domain.safety import DatabaseDamaged
    from coursehub.services.workspace import Workspace

    with pytest.raises(DatabaseDamaged) as caught:
        Workspace.open(path)
    return caught.value


def click_later(qtbot, button_name: str) -> None:
    """Press a button of the dialog that is about to run modally."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        getattr(dialog, button_name).click()

    QTimer.singleShot(0, press)


def test_damaged_database_dialog_says_what_happened_and_touches_nothing(qtbot, damaged_db, messages):
    from coursehub.ui.database_problems import DamagedDatabaseDialog

    before, backups_before = digest(damaged_db), folder_digests(damaged_db.parent / "backups")
    error = damage_error(damaged_db)
    dialog = DamagedDatabaseDialog(error)
    qtbot.addWidget(dialog)
    text = dialog.explanation.text()
    assert str(damaged_db) in text and "has not changed this file" in text
    assert error.latest_backup is not None and error.latest_backup.name in text
    assert "coursehub --db" not in text  # the GUI offers a button, not a command to type
    assert dialog.restore_button.isEnabled() and dialog.restore_button.isDefault()
    dialog.close_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.restored is None
    assert digest(damaged_db) == before
    assert folder_digests(damaged_db.parent / "backups") == backups_before
    assert messages == []


def test_restore_this_backup_keeps_the_damaged_file_aside_and_opens_the_backup(qtbot, damaged_db, messages):
    from coursehub.ui.database_problems import open_workspace

    damaged = digest(damaged_db)
    latest = damage_error(damaged_db).latest_backup
    click_later(qtbot, "restore_button")
    workspace = open_workspace(damaged_db)
    assert workspace is not None
    try:
        assert workspace.catalogue.count() == 44 and not workspace.read_only
    finally:
        workspace.close()
    kept = [p for p in (damaged_db.parent / "backups").glob("*-damaged-*.db")]
    assert len(kept) == 1 and digest(kept[0]) == damaged  # kept aside, byte for byte
    assert latest is not None and latest.exists()
    assert len(messages) == 1 and latest.name in messages[0] and kept[0].name in messages[0]


def test_choose_another_backup_restores_the_file_chosen(qtbot, damaged_db, messages, monkeypatch, tmp_path):
    from coursehub.ui.database_problems import DamagedDatabaseDialog

    error = damage_error(damaged_db)
    assert error.latest_backup is not None
    elsewhere = tmp_path / "usb" / "office-copy.db"
    elsewhere.parent.mkdir()
    shutil.copy(error.latest_backup, elsewhere)
    offered: list[str] = []

    def choose(_parent, _title, folder, _filter):
        offered.append(folder)
        return str(elsewhere), ""

    monkeypatch.setattr("coursehub.ui.database_problems.QFileDialog.getOpenFileName", choose)
    dialog = DamagedDatabaseDialog(error)
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert offered == [str(damaged_db.parent / "backups")]  # the dialog starts in the backups folder
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.restored is not None and dialog.restored.restored_from == elsewhere
    assert "office-copy.db" in messages[0]


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(
    qtbot, damaged_db, messages, monkeypatch, tmp_path
):
    from coursehub.ui.database_problems import DamagedDatabaseDialog

    before = digest(damaged_db)
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_text("shopping list", encoding="utf-8")
    monkeypatch.setattr(
        "coursehub.ui.database_problems.QFileDialog.getOpenFileName", lambda *_args: (str(not_a_backup), "")
    )
    dialog = DamagedDatabaseDialog(damage_error(damaged_db))
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert dialog.restored is None and dialog.result() != QDialog.DialogCode.Accepted
    assert len(messages) == 1 and messages[0].startswith("show_error") and "notes.db" in messages[0]
    assert digest(damaged_db) == before


def test_without_a_backup_restore_is_not_offered(qtbot, db_path, messages):
    from coursehub.ui.database_problems import DamagedDatabaseDialog

    db_path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    dialog = DamagedDatabaseDialog(damage_error(db_path))
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled() and dialog.close_button.isDefault()
    assert "No good backup" in dialog.explanation.text()


def test_a_database_on_a_network_share_is_explained_without_a_restore(qapp, tmp_path, messages):
    from coursehub.domain.safety import DatabaseOnNetworkShare
    from coursehub.ui.database_problems import open_workspace

    path = tmp_path / "coursehub.db"

    def on_share(_path: Path):
        raise DatabaseOnNetworkShare(
            "The database is on a network share (cifs: //office/data).", path, "//office/data"
        )

    assert open_workspace(path, opener=on_share) is None
    assert len(messages) == 1 and messages[0].startswith("warn") and "//office/data" in messages[0]
    assert not path.exists()


def window_on(workspace, qtbot, tmp_path: Path):
    from PySide6.QtGui import QUndoStack

    from coursehub.ui.context import UiContext
    from coursehub.ui.main_window import MainWindow
    from coursehub.ui.settings import Settings

    settings = Settings(tmp_path / "second-copy.ini")
    ctx = UiContext(workspace, settings, QUndoStack())
    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.count_label.text()))  # counted after the first paint
    return window


def test_read_only_second_copy_shows_a_banner_and_can_try_again(qtbot, workspace, tmp_path):
    from coursehub.services.workspace import Workspace
    from coursehub.ui.actions import EDITING_ACTIONS

    second = Workspace.open(workspace.path)
    try:
        window = window_on(second, qtbot, tmp_path)
        banner, page = window.read_only_banner, window.show_page(PageId.CATALOGUE)
        assert banner.isVisible() and banner.try_again.isVisible()
        assert "another copy of CourseHub" in banner.message.text()
        assert not any(window.actions_by_id[k].isEnabled() for k in EDITING_ACTIONS)
        assert not page.buttons[ActionId.NEW_COURSE].isEnabled()

        banner.try_again.click()  # the first copy still writes
        assert banner.isVisible() and "still open" in banner.message.text()

        workspace.close()
        banner.try_again.click()
        assert not banner.isVisible() and not second.read_only
        assert all(window.actions_by_id[k].isEnabled() for k in EDITING_ACTIONS)
        assert page.buttons[ActionId.NEW_COURSE].isEnabled()
    finally:
        second.close()


def test_a_database_from_a_newer_program_opens_read_only_with_a_banner(
    qtbot, db_path, tmp_path, cheap_passwords
):
    from coursehub.services.workspace import Workspace

    Workspace.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.close()
    workspace = Workspace.open(db_path)
    try:
        window = window_on(workspace, qtbot, tmp_path)
        banner = window.read_only_banner
        assert workspace.read_only and banner.isVisible()
        assert "newer version of CourseHub" in banner.message.text()
        assert not banner.try_again.isVisible()  # trying again cannot help here
        assert not window.actions_by_id[ActionId.NEW_COURSE].isEnabled()
    finally:
        workspace.close()


def test_a_writable_database_shows_no_banner(window):
    assert not window.read_only_banner.isVisible()
    assert window.actions_by_id[ActionId.NEW_COURSE].isEnabled()
