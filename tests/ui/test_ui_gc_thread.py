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
    return subprocess.run([sys.executable, str(PROBE), *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).parents[2], check=False)


def test_without_the_fix_workers_destroy_qt_objects():
    done = run_probe()
    crashed = done.returncode != 0
    off_thread = "destroyed in:" in done.stdout and "MainThread 1000" not in done.stdout.replace(",", " ")
    assert crashed or off_thread, done.stdout + done.stderr


def test_with_collection_on_the_gui_thread_every_widget_dies_there():
    done = run_probe("--gui-gc")
    assert done.returncode == 0, done.stderr
    assert "destroyed in: MainThread 1000" in done.stdout
