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
