"""Guard against a PySide6 6.12 reference-count bug on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11): every call of a Qt method that returns
nothing (setText, setEnabled, addItem, beginResetModel, repaint, ...) gives back Python's
None without counting the reference, so each call takes one reference away from None. None
starts with a few thousand references; after that many calls the interpreter frees None and
aborts ("Fatal Python error: none_dealloc"). A long working session makes far more calls.

Python 3.12 made None immortal (PEP 683) and is not affected. On older versions we give None
the same kind of very large reference count once, at start, so the lost references can never
reach zero. Nothing else is touched.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # far more calls than any session makes (a million a second for 12 days)


def protect_none() -> bool:
    """Give None a huge reference count on CPython < 3.12; True when it was done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if count.value < _HEADROOM:
        count.value += _HEADROOM
    return True
