"""The GUI on a server (issue 12, items 6 and 9), offscreen against a real cluster with
passwords: the connect dialog, the status-bar indicator, live refresh keeping the person's
place, a stale edit refused with what changed, reconnection without losing an edit."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer

from coursehub.ui.pages import PageId
from tests.conftest import DEMO_YEAR
from tests.dialogs import when_shown
from tests.server.access_fixtures import PASSWORD, require_psycopg

require_psycopg()
pytestmark = pytest.mark.ui


@pytest.fixture(autouse=True)
def garbage_collected_on_gui_thread(qapp):
    from coursehub.ui.qt_fixes import collect_garbage_on_gui_thread, stop_collecting_on_gui_thread

    collect_garbage_on_gui_thread()
    yield
    stop_collecting_on_gui_thread()


@pytest.fixture
def settings(tmp_path):
    from coursehub.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


def details_for(cluster, database: str):
    from coursehub.services.server_connection import ServerDetails

    return ServerDetails(
        host=cluster.socket, port=cluster.port, database=database, user=f"boss_{database}", tls_required=False
    )


@pytest.fixture
def server(cluster, make_database):
    """A CourseHub database holding the demo catalogue, and its administrator's details."""
    from coursehub.services.demo import load_demo
    from coursehub.services.server_connection import connect_workspace

    details = details_for(cluster, make_database("gui_live"))
    seeding = connect_workspace(details, PASSWORD)
    load_demo(seeding.store, DEMO_YEAR)
    seeding.close()
    return details


@pytest.fixture
def server_window(qtbot, server, settings):
    from PySide6.QtGui import QUndoStack

    from coursehub.services.server_connection import connect_workspace
    from coursehub.ui.context import UiContext
    from coursehub.ui.main_window import MainWindow

    workspace = connect_workspace(server, PASSWORD)
    ctx = UiContext(workspace, settings, QUndoStack(), workspace.actor)
    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    yield window
    window.server_link.stop()
    window.workspace.close()


def save_as_another_user(server, course_id: int, change) -> None:
    """Another user of the same server saves change(course) from their own connection."""
    from coursehub.services.server_connection import connect_workspace

    other = connect_workspace(server, PASSWORD)
    try:
        other.catalogue.save_course(change(other.catalogue.course(course_id)), other.actor)
    finally:
        other.close()


def test_connect_dialog_keeps_the_fields_on_a_refusal_and_never_stores_the_password(
    qtbot, server, settings, tmp_path
):
    from coursehub.ui.server_link import ConnectDialog

    dialog = ConnectDialog(settings)
    qtbot.addWidget(dialog)
    dialog.host.setText(server.host)
    dialog.port.setValue(server.port)
    dialog.database.setText(server.database)
    dialog.user.setText(server.user)
    dialog.tls.setChecked(False)
    dialog.password.setText("not the password")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.workspace is None
    assert "refused the login" in dialog.problems.text() and not dialog.problems.isHidden()
    # in the window's own words: no command-line options or variables
    assert "the user and the password above" in dialog.problems.text()
    assert "--user" not in dialog.problems.text() and "COURSEHUB_" not in dialog.problems.text()
    assert (dialog.user.text(), dialog.password.text()) == (server.user, "not the password")

    dialog.host.setText(str(tmp_path / "no-server-here"))
    dialog.accept()
    assert "Could not reach the database server" in dialog.problems.text()

    dialog.host.setText(server.host)
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.workspace is not None
    assert dialog.workspace.actor.username == server.user
    dialog.workspace.close()
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text()
    assert server.user in stored and str(server.port) in stored
    assert PASSWORD not in stored
    again = ConnectDialog(settings)  # the next time: everything but the password filled in
    qtbot.addWidget(again)
    assert (again.host.text(), again.user.text(), again.password.text()) == (server.host, server.user, "")
    assert not again.tls.isChecked()


def test_the_window_switches_to_the_server_and_says_which_database_is_open(qtbot, server, settings, tmp_path):
    from PySide6.QtGui import QUndoStack

    from coursehub.services.server_connection import connect_workspace
    from coursehub.services.workspace import Workspace
    from coursehub.ui.context import UiContext
    from coursehub.ui.main_window import MainWindow

    local = Workspace.open(tmp_path / "office.db")
    window = MainWindow(local, settings, ctx=UiContext(local, settings, QUndoStack()))
    qtbot.addWidget(window)
    assert window.server_link.indicator.text() == "office.db"
    window.switch_workspace(connect_workspace(server, PASSWORD))
    assert window.server_link.indicator.text() == f"server {server.database}@{server.host} · connected"
    assert window.ctx.actor.username == server.user
    assert window.workspace.catalogue.count() == window.catalogue_page().model.total > 0
    window.server_link.stop()
    window.workspace.close()


def test_another_users_change_shows_within_two_seconds_keeping_selection_and_scroll(
    qtbot, server, server_window
):
    server_window.show_page(PageId.NEEDS)
    server_window.show_page(PageId.CALENDAR)
    page = server_window.catalogue_page()
    page.search.setText("")
    courses = page.model.all_courses()
    chosen, changed = courses[len(courses) // 2], courses[0]
    assert page.select_course(chosen.id)
    scrollbar = page.table.verticalScrollBar()
    scroll = scrollbar.value()

    save_as_another_user(server, changed.id, lambda stored: replace(stored, title="Renamed elsewhere"))

    qtbot.waitUntil(
        lambda: (
            page.model.row_of(changed.id) is not None
            and any(c.title == "Renamed elsewhere" for c in page.model.all_courses())
        ),
        timeout=2000,
    )
    assert page.current_course().id == chosen.id
    assert scrollbar.value() == scroll
    # hidden screens showing courses are read again when next shown; the needs screen is not
    assert server_window._stale_pages == {PageId.CALENDAR}
    server_window.show_page(PageId.CALENDAR)
    assert server_window._stale_pages == set()


def _when_visible(get, act) -> None:
    when_shown(get, act, every_ms=20)


def test_an_edit_of_a_course_someone_saved_meanwhile_is_refused_with_what_changed(
    qtbot, server, server_window
):
    page = server_window.catalogue_page()
    course = page.model.all_courses()[0]
    page.select_course(course.id)
    seen: dict[str, str] = {}

    def someone_else_saves_then_we_save(dialog) -> None:
        save_as_another_user(server, course.id, lambda stored: replace(stored, seats=stored.seats + 3))
        qtbot.wait(700)  # live refresh runs meanwhile: the open dialog is not disturbed
        dialog.title_edit.setText("My own title")
        assert dialog.title_edit.text() == "My own title"

        def read_conflict(box) -> None:
            seen["text"] = box.informativeText()
            box.reject()

        _when_visible(lambda: server_window.ctx.dialogs.conflict, read_conflict)
        dialog.accept()

    _when_visible(lambda: server_window.ctx.dialogs.course, someone_else_saves_then_we_save)
    page.edit_course()
    assert "They changed: seats." in seen["text"]
    stored = server_window.workspace.catalogue.course(course.id)
    assert stored.title == course.title and stored.seats == course.seats + 3  # nothing overwritten


def _drop_connections(cluster, database: str, *, allow_new: bool) -> None:
    with cluster.connect("postgres") as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allow_new).lower()}')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
        )


def test_a_dropped_connection_is_shown_reconnected_and_the_failed_save_stays_in_the_form(
    qtbot, request, server, server_window
):
    pg = request.getfixturevalue("cluster")
    link = server_window.server_link
    page = server_window.catalogue_page()
    course = page.model.all_courses()[0]
    page.select_course(course.id)
    outcome: dict[str, object] = {}

    def save_while_down_then_again(dialog) -> None:
        dialog.title_edit.setText("Typed while offline")
        _drop_connections(pg, server.database, allow_new=False)  # the network drops
        qtbot.waitUntil(lambda: "connection lost, reconnecting" in link.indicator.text(), timeout=3000)
        assert dialog.isVisible() and dialog.title_edit.text() == "Typed while offline"
        dialog.accept()  # fails: the dialog comes back with the error and the typed title
        _when_visible(lambda: server_window.ctx.dialogs.course, check_and_retry)

    def check_and_retry(dialog) -> None:
        outcome["problem"] = dialog.problems.text()
        outcome["title"] = dialog.title_edit.text()
        _drop_connections(pg, server.database, allow_new=True)
        qtbot.waitUntil(lambda: link.connected, timeout=8000)
        outcome["indicator"] = link.indicator.text()
        dialog.accept()

    _when_visible(lambda: server_window.ctx.dialogs.course, save_while_down_then_again)
    page.edit_course()
    assert "database server" in str(outcome["problem"])  # lost, or not reachable by a worker
    assert outcome["title"] == "Typed while offline"
    assert str(outcome["indicator"]).endswith("· connected")
    assert server_window.workspace.catalogue.course(course.id).title == "Typed while offline"

    # live again: another user's change still reaches the window
    save_as_another_user(server, course.id, lambda stored: replace(stored, venue="After the outage"))
    qtbot.waitUntil(
        lambda: any(c.venue == "After the outage" for c in page.model.all_courses()), timeout=2000
    )


def test_the_program_started_with_a_server_address_asks_the_password_in_a_window(
    qtbot, request, server, monkeypatch
):
    from coursehub.ui import application

    pg = request.getfixturevalue("cluster")
    asked: list[str] = []
    monkeypatch.delenv("COURSEHUB_PASSWORD", raising=False)
    monkeypatch.delenv("COURSEHUB_USER", raising=False)
    monkeypatch.setattr(application, "ask_server_password", lambda login: asked.append(login) or PASSWORD)
    workspace = application.open_for_window(pg.url(server.database, server.user))
    try:
        assert asked == [server.user] and workspace.on_server
        assert workspace.login_as_connected_user().username == server.user
    finally:
        workspace.close()


def _backend_pid(worker_workspace) -> int:
    store = worker_workspace.store
    with store.read():  # as every query of the program: a lost connection is a plain error
        return int(store.conn.execute("SELECT pg_backend_pid()").fetchone()[0])


def test_each_worker_thread_keeps_one_connection_and_opens_another_when_it_broke(
    qtbot, request, server, server_window
):
    from coursehub.domain.errors import CourseHubError
    from coursehub.ui.workers import query

    pg = request.getfixturevalue("cluster")
    workspace = server_window.workspace
    pids = {query(workspace, _backend_pid) for _ in range(12)}
    assert 1 <= len(pids) <= 2  # the query pool's two threads, not a login per query
    with pg.connect("postgres") as admin:  # the server ends the workers' sessions
        admin.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::integer[]) pid", (list(pids),))
    failed = 0
    for _ in range(4):  # a broken connection fails once per thread, plainly, then is replaced
        try:
            pid = query(workspace, _backend_pid)
        except CourseHubError:
            failed += 1
        else:
            assert pid not in pids
    assert failed <= 2
    assert query(workspace, lambda ws: ws.catalogue.count()) > 0


def test_reconnecting_runs_in_a_worker_and_never_freezes_the_window(
    qtbot, request, server, server_window, monkeypatch
):
    import time

    link = server_window.server_link
    workspace = server_window.workspace
    real_reconnect = workspace.reconnect

    def slow_network() -> None:
        time.sleep(1.5)  # libpq waiting for an unreachable server (up to its connect timeout)
        real_reconnect()

    monkeypatch.setattr(workspace, "reconnect", slow_network)
    link.connection_lost()
    assert "connection lost, reconnecting" in link.indicator.text()
    started = time.monotonic()
    link.try_reconnect()
    link.try_reconnect()  # a second tick while the first attempt runs starts nothing
    assert time.monotonic() - started < 0.5  # the GUI thread went on at once
    ticks: list[float] = []
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    qtbot.waitUntil(lambda: link.connected, timeout=10_000)
    timer.stop()
    assert len(ticks) >= 10  # the window kept handling events while the worker reconnected
    assert link.indicator.text().endswith("· connected")
    assert link.listener is not None and link.listener.alive
