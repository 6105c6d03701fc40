"""Slow work (imports, big printouts, analysis) off the GUI thread, with progress and Cancel.

A task gets its own Workspace on the same database file, opened in the worker thread (one
SQLite connection per thread: Workspace.for_worker_thread), a `progress(done, total)`
callback and an `is_cancelled()` check. The window stays responsive; the result or a plain
error message comes back as a signal.

On a server, the short queries of the screens (`query`) keep one connection per worker
thread (opened on the thread's first query, reopened when it was closed or broke), instead
of logging in to the server again for every query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.workspace import Workspace


class Cancelled(CourseHubError):
    def __init__(self) -> None:
        super().__init__(_("Cancelled."))


Progress = Callable[[int, int], None]
Job = Callable[[Workspace, Progress, Callable[[], bool]], Any]


_running: set[Task] = set()  # started and not yet released on the GUI thread


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Task:
    """A job for the thread pool that reports back through `signals` (on the GUI thread).

    Who frees what, and where: the pool runs `run` through a runnable it owns and deletes
    itself; the task is a plain Python object, harmless to free in any thread. `signals`, the
    only Qt object, has the application as its parent, so dropping the worker's reference
    never deletes it there: it is deleted on the GUI thread, and only once the final signal has
    been handled there AND the worker has returned from emitting it. (Deleting it earlier, from
    the worker, while the GUI thread delivered its signal, crashed the process under load.)
    """

    def __init__(
        self,
        open_workspace: Callable[[], Workspace],
        job: Job,
        release_workspace: Callable[[Workspace], None] = Workspace.close,
    ) -> None:
        self.open_workspace = open_workspace
        self.release_workspace = release_workspace  # default: close it after the job
        self.job = job
        self.signals = _Signals(QCoreApplication.instance())
        self._cancel = threading.Event()
        self._reported = threading.Event()  # set by the worker after its last emit returned
        self.error: Exception | None = None  # what the job raised, for `query` to raise again
        self.log_crashes = True  # `query` raises the error in the caller instead
        self.result: Any = None  # what the job returned, for `query`

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Run in `pool` (the global one by default); connect your slots before this."""
        for signal in (self.signals.finished, self.signals.failed, self.signals.cancelled):
            signal.connect(self._release)  # after the caller's slots: they run first
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(self.run)
        return self

    def _release(self, *_args: object) -> None:
        """On the GUI thread, after the final signal: free the signals once the worker is past
        its emit (a few milliseconds at most, however loaded the machine is)."""
        if not self._reported.is_set():
            QTimer.singleShot(5, self._release)
            return
        if self in _running:
            _running.discard(self)
            self.signals.deleteLater()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            self._run_job()
        except RuntimeError:  # the application closed meanwhile: nobody is left to tell
            pass
        finally:
            self._reported.set()

    def _run_job(self) -> None:
        try:
            workspace = self.open_workspace()
            try:
                result = self.result = self.job(workspace, self._progress, self.is_cancelled)
            finally:
                self.release_workspace(workspace)
        except Cancelled:
            self.signals.cancelled.emit()
        except CourseHubError as error:
            self.error = error
            self.signals.failed.emit(error.message)
        except Exception as error:
            self.error = error
            if self.log_crashes:
                from coursehub.crash import write_crash_report

                write_crash_report(error)
            self.signals.failed.emit(_("Something went wrong; the details are in the crash log."))
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)


def run_task(
    parent: QWidget | None,
    workspace: Workspace,
    label: str,
    job: Job,
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Start `job` in the thread pool behind a progress dialog with a Cancel button."""
    task = Task(workspace.for_worker_thread, job)
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle("CourseHub")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAccessibleName(label)
    dialog.canceled.connect(task.cancel)

    def finish() -> None:
        dialog.reset()
        dialog.deleteLater()

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(message: str) -> None:
        finish()
        if on_error is not None:
            on_error(message)

    task.signals.progress.connect(progress)
    task.signals.finished.connect(done)
    task.signals.failed.connect(failed)
    task.signals.cancelled.connect(finish)
    return task.start(pool)


T = TypeVar("T")
BUSY_AFTER_MS = 300  # a query quicker than this shows nothing; a slower one the busy cursor


def query(workspace: Workspace, job: Callable[[Workspace], T]) -> T:
    """Run one database read or write in a worker thread and return its result here.

    The GUI thread never waits on the database (a server on a slow network, a file on a busy
    share): it keeps painting in a local event loop that holds back the user's clicks and keys
    until the answer is in, and shows the busy cursor once the query has taken 300 ms. What
    the job raises is raised here, so callers handle errors as before. `job` is given the
    worker's own Workspace; it should capture plain values only (ids, the actor), never a Qt
    object, which must not be released in the worker.
    """
    if workspace.on_server:
        task = Task(lambda: thread_workspace(workspace), lambda ws, _p, _c: job(ws), _keep_open)
    else:
        task = Task(workspace.for_worker_thread, lambda ws, _progress, _cancelled: job(ws))
    task.log_crashes = False
    shown: list[bool] = []
    loop = QEventLoop()
    busy = QTimer()
    busy.setSingleShot(True)

    def show_busy() -> None:
        shown.append(True)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

    busy.timeout.connect(show_busy)
    for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
        signal.connect(loop.quit)
    busy.start(BUSY_AFTER_MS)
    task.start(_query_pool())
    try:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        # The loop also ends when the application quits meanwhile: the answer is still needed.
        task._reported.wait()
    finally:
        busy.stop()
        if shown:
            QApplication.restoreOverrideCursor()
    if task.error is not None:
        raise task.error
    return cast(T, task.result)


# By thread: (the window's workspace, this thread's own one). Keyed by the thread's id, not a
# threading.local: a pool thread is Qt's, and Python forgets its locals between two runs.
_per_thread: dict[int, tuple[Workspace, Workspace]] = {}
_kept_lock = threading.Lock()
_kept: dict[int, list[Workspace]] = {}  # by id of the window's workspace: every thread's own


def thread_workspace(workspace: Workspace) -> Workspace:
    """This worker thread's own connection to `workspace`'s server, opened on first use and
    opened again when it was closed or broke (the network dropped)."""
    thread = threading.get_ident()
    with _kept_lock:
        kept = _per_thread.get(thread)
    if kept is not None and kept[0] is workspace and kept[1].connection_usable():
        return kept[1]
    if kept is not None:
        _forget(kept[0], kept[1])
    own = workspace.for_worker_thread()
    with _kept_lock:
        _per_thread[thread] = (workspace, own)
        _kept.setdefault(id(workspace), []).append(own)
    return own


def _keep_open(_workspace: Workspace) -> None:
    """After a query: the thread keeps its connection for the next one."""


def _forget(source: Workspace, own: Workspace) -> None:
    with _kept_lock:
        owned = _kept.get(id(source), [])
        if own in owned:
            owned.remove(own)
    with suppress(Exception):  # broken already: closing is only tidying up
        own.close()


def close_thread_workspaces(workspace: Workspace) -> None:
    """Close the worker threads' connections to `workspace` (the window closes it or moves to
    another database). A thread that still holds one notices it closed and opens another."""
    with _kept_lock:
        owned = _kept.pop(id(workspace), [])
        for thread, (source, _own) in list(_per_thread.items()):
            if source is workspace:
                del _per_thread[thread]
    for own in owned:
        with suppress(Exception):
            own.close()


def busy_shown() -> bool:
    """The busy cursor of a slow `query` is showing."""
    cursor = QApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor


_pool: QThreadPool | None = None


def _query_pool() -> QThreadPool:
    """Queries have their own threads, so a long import or printout in the global pool never
    keeps a screen waiting for a free thread."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(2)
    return _pool


class _OnWorker:
    """Stands in for a Workspace (or one of its services): a method called on it runs in a
    worker through `query`, on that worker's own Workspace, and returns what it returned."""

    def __init__(self, workspace: Workspace, path: tuple[str, ...] = ()) -> None:
        self._workspace = workspace
        self._path = path

    def __getattr__(self, attribute: str) -> _OnWorker:
        return _OnWorker(self._workspace, (*self._path, attribute))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        path = self._path

        def job(worker_workspace: Workspace) -> Any:
            target: Any = worker_workspace
            for attribute in path:
                target = getattr(target, attribute)
            return target(*args, **kwargs)

        return query(self._workspace, job)


def on_worker(workspace: Workspace) -> Workspace:
    """`workspace`'s services with every method call run in a worker thread (`query`):
    `on_worker(ws).catalogue.save_course(course, actor)`. Typed as the Workspace so that the
    type checker checks the calls; only method calls go through it, so read plain attributes
    (`read_only`, `path`, `reference`) from the workspace itself."""
    return cast(Workspace, _OnWorker(workspace))
