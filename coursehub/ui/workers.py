"""Slow work (imports, big printouts, analysis) off the GUI thread, with progress and Cancel.

A task gets its own Workspace on the same database file, opened in the worker thread (one
SQLite connection per thread: Workspace.for_worker_thread), a `progress(done, total)`
callback and an `is_cancelled()` check. The window stays responsive; the result or a plain
error message comes back as a signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

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

    def __init__(self, open_workspace: Callable[[], Workspace], job: Job) -> None:
        self.open_workspace = open_workspace
        self.job = job
        self.signals = _Signals(QCoreApplication.instance())
        self._cancel = threading.Event()
        self._reported = threading.Event()  # set by the worker after its last emit returned

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
                result = self.job(workspace, self._progress, self.is_cancelled)
            finally:
                workspace.close()
        except Cancelled:
            self.signals.cancelled.emit()
        except CourseHubError as error:
            self.signals.failed.emit(error.message)
        except Exception as error:
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
