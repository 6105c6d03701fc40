"""The catalogue model (checked by Qt's model tester), the settings registry and the icon."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt

pytestmark = pytest.mark.ui


def _courses(workspace):
    return workspace.catalogue.courses()


def test_catalogue_model_passes_the_model_tester(qtmodeltester, workspace):
    from coursehub.ui.catalogue_model import CatalogueModel

    model = CatalogueModel(_courses(workspace))
    qtmodeltester.check(model, force_py=True)
    model.set_query("durres")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_search_ignores_accents_and_case(workspace):
    from coursehub.ui.catalogue_model import CatalogueModel

    model = CatalogueModel(_courses(workspace))
    model.set_query("rrobaqepesi")
    titles = [model.course_at(row).title for row in range(model.rowCount())]
    assert "Rrobaqepësi" in titles
    assert all("rrobaqep" in t.lower().replace("ë", "e") for t in titles)
    model.set_query("RROBAQEPËSI QFP")
    assert [model.course_at(r).provider for r in range(model.rowCount())] == ["QFP Durrës"]


def test_sorting_and_filter_predicate(workspace):
    from coursehub.ui.catalogue_model import SEATS, START, CatalogueModel

    model = CatalogueModel(_courses(workspace))
    model.sort(SEATS, Qt.SortOrder.DescendingOrder)
    seats = [model.course_at(r).seats for r in range(model.rowCount())]
    assert seats == sorted(seats, reverse=True)
    model.set_predicate(lambda c: c.municipality == "Elbasan")
    model.sort(START)
    shown = [model.course_at(r) for r in range(model.rowCount())]
    assert shown and all(c.municipality == "Elbasan" for c in shown)
    assert [c.start for c in shown] == sorted(c.start for c in shown)


def test_ended_courses_and_stale_provider_lists_are_marked(workspace):
    from coursehub.ui.catalogue_model import PROVIDER, TITLE, CatalogueModel

    model = CatalogueModel(_courses(workspace))
    first = model.course_at(0)
    model.set_staleness(date(2030, 1, 1), {first.provider: date(2029, 1, 1)})
    assert "(ended)" in model.data(model.index(0, TITLE))
    assert model.provider_list_is_stale(first.provider)
    assert "out of date" in model.data(model.index(0, PROVIDER), Qt.ItemDataRole.ToolTipRole)


def test_settings_are_typed_and_persist(tmp_path: Path, qapp):
    from coursehub.ui import settings as keys
    from coursehub.ui.settings import Settings

    path = tmp_path / "s.ini"
    first = Settings(path)
    assert first.get(keys.LAST_PAGE) == 0 and first.get(keys.IMPORT_FOLDER) == ""
    assert first.get(keys.WINDOW_GEOMETRY).isEmpty()
    first.set(keys.LAST_PAGE, 3)
    first.set(keys.IMPORT_FOLDER, "/data/lists")
    first.set(keys.WINDOW_GEOMETRY, QByteArray(b"\x01\x02"))
    first.sync()
    again = Settings(path)
    assert again.get(keys.LAST_PAGE) == 3
    assert again.get(keys.IMPORT_FOLDER) == "/data/lists"
    assert bytes(again.get(keys.WINDOW_GEOMETRY)) == b"\x01\x02"


def test_generated_icons_are_up_to_date():
    from coursehub.ui.icons import GENERATED, is_up_to_date

    assert is_up_to_date(), "run: python3 -m coursehub.ui.icons"
    assert (GENERATED / "coursehub.ico").stat().st_size > 0


def test_albanian_formats(qapp):
    from coursehub.i18n import set_language
    from coursehub.ui.common import format_date, format_number

    set_language("sq")
    assert format_date(date(2027, 3, 14)) == "14.03.2027"
    assert format_number(100000).replace("\xa0", " ") == "100 000"
    set_language("en")
    assert format_date(date(2027, 3, 14)) == "14 Mar 2027"
    assert format_number(100000) == "100,000"


def test_typing_narrows_from_the_last_matches_with_the_same_result(workspace):
    from coursehub.ui.catalogue_model import CatalogueModel

    courses = workspace.catalogue.courses()
    typed = CatalogueModel(courses)
    for end in range(1, len("kuzhin qfp") + 1):
        typed.set_query("kuzhin qfp"[:end])
        fresh = CatalogueModel(courses)
        fresh.set_query("kuzhin qfp"[:end])
        assert typed.visible_courses() == fresh.visible_courses()
    typed.set_query("kuzhin")  # deleting widens again
    assert len(typed.visible_courses()) >= len(fresh.visible_courses())


def test_many_qt_calls_do_not_exhaust_none(qapp):
    """PySide6 6.12 on Python 3.11 loses a reference to None per void call (coursehub.ui.qt_fixes)."""
    import sys

    from PySide6.QtWidgets import QLabel

    import coursehub.ui  # noqa: F401 - installs the guard

    label = QLabel()
    for _ in range(20_000):  # more than None's own references on an unguarded 3.11
        label.setText("x")
    assert sys.getrefcount(None) > 20_000


def test_many_signal_emits_do_not_exhaust_true(qapp):
    """PySide6 6.12 on Python 3.11 also loses a reference to True per Signal.emit (qt_fixes);
    unguarded, a worker's progress reports killed the process ("bool_dealloc")."""
    import sys

    from PySide6.QtCore import QObject, Signal

    import coursehub.ui  # noqa: F401 - installs the guard

    class Reporter(QObject):
        progress = Signal(int, int)

    reporter = Reporter()
    reporter.progress.connect(lambda _done, _total: None)
    for done in range(20_000):  # more than True's own references on an unguarded 3.11
        reporter.progress.emit(done, 20_000)
    assert sys.getrefcount(True) > 20_000 and sys.getrefcount(False) > 20_000


def test_a_worker_that_lingers_after_reporting_never_loses_its_signals(qtbot, workspace, monkeypatch):
    """The worker's Qt object is deleted on the GUI thread, and only after the worker has
    returned from its last emit, however long the machine keeps it from running."""
    import threading
    import time

    from coursehub.ui import workers

    original = workers.Task._run_job

    def lingering(self):
        original(self)
        time.sleep(0.3)  # descheduled right after reporting back (a loaded machine)

    monkeypatch.setattr(workers.Task, "_run_job", lingering)
    results: list[int] = []
    task = workers.Task(workspace.for_worker_thread, lambda ws, _p, _c: ws.catalogue.count())
    task.signals.finished.connect(results.append)
    deleted: list[tuple[str, bool]] = []
    task.signals.destroyed.connect(
        lambda: deleted.append((threading.current_thread().name, task._reported.is_set()))
    )
    task.start()
    qtbot.waitUntil(lambda: results == [workspace.catalogue.count()], timeout=20_000)
    assert deleted == [] and task in workers._running  # still held while the worker lingers
    qtbot.waitUntil(lambda: bool(deleted), timeout=20_000)
    assert deleted == [("MainThread", True)] and task not in workers._running
