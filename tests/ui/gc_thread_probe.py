"""Run as a script by test_ui_gc_thread.py: Qt widgets left in reference cycles while worker
threads allocate (as a PDF build does). Prints the threads that destroyed them.

    python tests/ui/gc_thread_probe.py [--gui-gc]

Without --gui-gc the cyclic GC runs in the workers too and the process usually dies with
"Fatal Python error: Segmentation fault"; with it every widget dies on the GUI thread."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

import coursehub.ui  # noqa: F401  (the reference-count guard)

destroyed_in: list[str] = []


class Panel(QWidget):
    def __del__(self) -> None:
        destroyed_in.append(threading.current_thread().name)


def leave_cycles(count: int) -> None:
    for _ in range(count):
        panel = Panel()
        panel.me = panel  # only the cyclic GC frees it
        panel.picture = QPixmap(64, 64)
        QLabel("x", panel)


def allocate() -> None:
    junk = [[i] for i in range(200_000)]  # enough allocations for the GC to run in this thread
    del junk


def main() -> int:
    app = QApplication(sys.argv)
    if "--gui-gc" in sys.argv:
        from coursehub.ui.qt_fixes import collect_garbage_on_gui_thread

        collect_garbage_on_gui_thread(50)

    def step(left: int) -> None:
        if left == 0:
            QThreadPool.globalInstance().waitForDone()
            app.quit()
            return
        leave_cycles(50)
        QThreadPool.globalInstance().start(allocate)
        QTimer.singleShot(30, lambda: step(left - 1))

    QTimer.singleShot(0, lambda: step(20))
    app.exec()
    from coursehub.ui.qt_fixes import stop_collecting_on_gui_thread

    stop_collecting_on_gui_thread()
    print("destroyed in:", ",".join(sorted(set(destroyed_in))), len(destroyed_in))
    return 0


if __name__ == "__main__":
    sys.exit(main())
