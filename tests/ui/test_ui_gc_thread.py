"""Qt objects are never destroyed by Python's garbage collector on a worker thread.

The cause of "Fatal Python error: Segmentation fault" in the GUI tests under load: a window
or pixmap from an earlier screen, left in a reference cycle, was freed by the cyclic GC that
happened to run in a worker thread building a PDF. coursehub.ui.qt_fixes collects on the GUI
thread instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui

PROBE = Path(__file__).with_name("gc_thread_probe.py")


def run_probe(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    return subprocess.run(
        [sys.executable, str(PROBE), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=False,
    )


def test_without_the_fix_workers_destroy_qt_objects():
    done = run_probe()
    crashed = done.returncode != 0  # usually "Fatal Python error: Segmentation fault"
    threads = destroying_threads(done.stdout)
    assert crashed or threads - {"MainThread"}, done.stdout + done.stderr


def destroying_threads(output: str) -> set[str]:
    """From "destroyed in: Dummy-1,MainThread 1000": {"Dummy-1", "MainThread"}."""
    line = next((text for text in output.splitlines() if text.startswith("destroyed in: ")), "")
    names = line.removeprefix("destroyed in: ").rsplit(" ", 1)[0]
    return set(names.split(",")) if names else set()


def test_with_collection_on_the_gui_thread_every_widget_dies_there():
    done = run_probe("--gui-gc")
    assert done.returncode == 0, done.stderr
    assert destroying_threads(done.stdout) == {"MainThread"}
    assert done.stdout.strip().endswith(" 1000")  # every widget freed
