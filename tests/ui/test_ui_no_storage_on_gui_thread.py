"""No screen waits on the database on the GUI thread: every query goes through a worker
(`ui.workers.query`), with the busy cursor once it has taken 300 ms."""

from __future__ import annotations

import threading
import time
import traceback

import pytest

from coursehub.ui.pages import PageId
from tests.ui.conftest import (
    administrator_and_a_trainee,
    import_wizard_on,
    log_in_when_asked,
    wait_for_workers,
    write_course_list,
)


class GuiThreadCalls:
    """Wraps the GUI workspace's store: remembers where each read or write was asked for on
    the GUI thread (worker threads open their own store, which is not wrapped)."""

    def __init__(self, store) -> None:
        self.where: list[str] = []
        for method in ("read", "write"):
            setattr(store, method, self._recorded(getattr(store, method)))

    def _recorded(self, method):
        def call(*args, **kwargs):
            if threading.current_thread() is threading.main_thread():
                frames = [f for f in traceback.extract_stack() if "/coursehub/" in f.filename]
                self.where.append(" <- ".join(f"{f.name}:{f.lineno}" for f in reversed(frames[-4:])))
            return method(*args, **kwargs)

        return call


@pytest.fixture
def accounts_and_a_trainee(workspace):
    from coursehub.domain.people import Role
    from coursehub.domain.users import User

    admin = administrator_and_a_trainee(workspace)
    workspace.people.auth.add_user(admin, User("vera", Role.VIEWER), "viewer-password")
    return admin


def test_the_recorder_sees_a_query_made_on_the_gui_thread(workspace):
    calls = GuiThreadCalls(workspace.store)
    workspace.catalogue.courses()
    assert len(calls.where) == 1


def test_every_screen_and_dialog_queries_in_a_worker(
    qtbot, workspace, settings, ctx, accounts_and_a_trainee, tmp_path
):

    from coursehub.ui.main_window import MainWindow
    from coursehub.ui.users_dialog import UsersDialog

    ctx.actor = accounts_and_a_trainee
    calls = GuiThreadCalls(workspace.store)
    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    window.show()
    for key in list(window.pages):
        page = window.show_page(key)
        if hasattr(page, "reload"):
            page.reload()
        wait_for_workers(qtbot)

    catalogue = window.show_page(PageId.CATALOGUE)
    catalogue.table.selectRow(0)  # the course's details (detail_html)
    catalogue.eligible.setCurrentIndex(1)  # "eligible for" the trainee
    trainees = window.show_page(PageId.TRAINEES)
    trainees.table.selectRow(0)  # the person's enrolments and courses (show_person)
    trainees.eligible_table.selectRow(0)
    trainees.enrol()
    providers = window.show_page(PageId.PROVIDERS)
    providers.set_year(2027)
    providers.reload_holidays()
    overlaps = window.show_page(PageId.OVERLAPS)
    qtbot.waitUntil(lambda: bool(overlaps.findings), timeout=10_000)

    source = tmp_path / "lista.csv"
    write_course_list(source)
    wizard = import_wizard_on(qtbot, ctx, window, source)
    wizard.next()
    wizard.next()  # the preview
    assert wizard.preview is not None and wizard.preview.valid_rows == 2
    wizard.close()

    users = UsersDialog(ctx, window)
    users.table.selectRow(1)
    users.toggle_active()

    log_in_when_asked(ctx, "admin", "a-long-password")
    window.switch_user()
    window.refresh()
    wait_for_workers(qtbot)
    assert calls.where == []


def test_a_query_runs_in_a_worker_and_returns_its_answer(workspace, qapp):
    from coursehub.ui.workers import query

    thread, count = query(workspace, lambda ws: (threading.current_thread(), ws.catalogue.count()))
    assert thread is not threading.main_thread()
    assert count == workspace.catalogue.count() > 0


def test_a_query_raises_what_its_job_raised(workspace, qapp):
    from coursehub.domain.errors import NotFound
    from coursehub.ui.workers import on_worker

    with pytest.raises(NotFound):
        on_worker(workspace).catalogue.course(987654)


def test_a_slow_query_shows_the_busy_cursor_a_quick_one_does_not(workspace, qapp):
    from PySide6.QtCore import QTimer

    from coursehub.ui.workers import busy_shown, query

    seen: list[bool] = []
    probe = QTimer()
    probe.timeout.connect(lambda: seen.append(busy_shown()))
    probe.start(20)
    query(workspace, lambda ws: ws.catalogue.count())
    assert not any(seen)
    query(workspace, lambda ws: time.sleep(0.6))
    probe.stop()
    assert any(seen) and not busy_shown()
