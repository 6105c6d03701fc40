"""The one owner of Python's cyclic garbage collector policy, for the whole program.

Two parts of CourseHub want a say in when the collector runs:
- the desktop program turns automatic collection off and collects from a timer on the GUI
  thread (ui/qt_fixes.py explains why: a collection in a worker thread can free a Qt object
  off the GUI thread, which crashes);
- the overlap analysis builds hundreds of thousands of findings that hold no cycles, and
  with 100,000 courses alive every automatic collection would walk them all again.

Both go through here, so neither undoes the other: `pause()` keeps the collector quiet while
it lasts (nested and from several threads at once), and automatic collection comes back at
the end only when nobody handed collection to the GUI meanwhile; `collect_due` (the GUI
timer's call) does nothing while a pause lasts.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_automatic = gc.isenabled()  # what the program wants once no pause lasts


@contextmanager
def pause() -> Iterator[None]:
    """No cyclic collection while the block runs; what it made then moves straight to the
    oldest generation (it outlives the block, so a young-generation pass over it would find
    nothing to free)."""
    global _pauses
    with _lock:
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0:
                # Freezing and unfreezing at once moves every tracked object to the oldest
                # generation without a pass; nothing stays frozen, and real garbage is still
                # found by the next full collection.
                gc.freeze()
                gc.unfreeze()
                if _automatic:
                    gc.enable()


def is_paused() -> bool:
    return _pauses > 0


def set_automatic(enabled: bool) -> bool:
    """Whether Python collects by itself (outside pauses); gives back the previous choice."""
    global _automatic
    with _lock:
        previous, _automatic = _automatic, enabled
        if _pauses == 0:
            gc.enable() if enabled else gc.disable()
    return previous


def collect_due(threshold: tuple[int, int, int]) -> int:
    """What automatic collection would have done by now, generation by generation, with its
    own thresholds; the number of objects freed. Nothing while a pause lasts."""
    if _pauses:
        return 0
    young, middle, old = gc.get_count()
    freed = 0
    if young > threshold[0]:
        freed += gc.collect(0)
        if middle > threshold[1]:
            freed += gc.collect(1)
            if old > threshold[2]:
                freed += gc.collect(2)
    return freed


def collect_all() -> int:
    return gc.collect()


def thresholds() -> tuple[int, int, int]:
    return gc.get_threshold()
