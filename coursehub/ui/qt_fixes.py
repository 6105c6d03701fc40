"""Guard against PySide6 6.12 reference-count bugs on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11.7; tests/ui/test_ui_models_settings.py):
- every call of a Qt method that returns nothing (setText, setEnabled, addItem, repaint, ...)
  gives back Python's None without counting the reference: one reference to None lost per call;
- every `Signal.emit(...)` gives back True the same way: one reference to True lost per emit
  (progress reports, finished signals, counts_changed, ...), from any thread.
None, True and False start with a few thousand references each (about 8,700 for True in the
test process); after that many calls the interpreter frees the object and the process dies
("Fatal Python error: none_dealloc" / "bool_dealloc"). A long working session makes far more.

Python 3.12 made these objects immortal (PEP 683) and is not affected. On older versions we
give each the same kind of very large reference count once, at start, so the lost references
can never reach zero. Nothing else is touched.
"""

from __future__ import annotations

import ctypes
import sys

from coursehub import gc_policy

_HEADROOM = 1 << 40  # far more calls than any session makes (a million a second for 12 days)
SINGLETONS = (None, True, False)


def protect_singletons() -> bool:
    """Give None, True and False a huge reference count on CPython < 3.12; True when done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in SINGLETONS:
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: PyObject's first field
        if count.value < _HEADROOM:
            count.value += _HEADROOM
    return True


class GuiThreadGarbageCollector:
    """Python's cyclic garbage collector runs in whichever thread happens to allocate, so a
    worker thread (building a PDF, reading an import) could free a window, dialog or pixmap
    left in a reference cycle, and Qt objects destroyed off the GUI thread crash the process
    ("Fatal Python error: Segmentation fault"; tests/ui/test_ui_gc_thread.py reproduces it).
    This turns automatic collection off and collects from a timer on the GUI thread instead,
    generation by generation, with Python's own thresholds (calibre does the same). The policy
    itself (and the analysis's pauses) lives in coursehub.gc_policy.
    Freeing by reference count is untouched; workers.py keeps the last reference to its Qt
    object on the GUI thread."""

    def __init__(self, interval_ms: int = 500) -> None:
        from PySide6.QtCore import QTimer

        self.threshold = gc_policy.thresholds()
        self.was_enabled = gc_policy.set_automatic(False)
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int:
        """What the automatic collector would have done by now; the number of objects freed
        (nothing while coursehub.gc_policy pauses collection, e.g. during an analysis)."""
        return gc_policy.collect_due(self.threshold)

    def stop(self) -> None:
        """Back to automatic collection (after a full collection here, on the GUI thread)."""
        self.timer.stop()
        gc_policy.collect_all()
        gc_policy.set_automatic(self.was_enabled)


_collector: GuiThreadGarbageCollector | None = None


def collect_garbage_on_gui_thread(interval_ms: int = 500) -> GuiThreadGarbageCollector:
    """Install the collector once (call on the GUI thread, with a QApplication)."""
    global _collector
    if _collector is None:
        _collector = GuiThreadGarbageCollector(interval_ms)
    return _collector


def stop_collecting_on_gui_thread() -> None:
    global _collector
    if _collector is not None:
        _collector.stop()
        _collector = None
