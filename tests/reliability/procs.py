"""Starting a second copy of CourseHub (tests/reliability/reliability_worker.py) in a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).with_name("reliability_worker.py")
PROJECT = WORKER.parents[2]


def start(*args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT), COURSEHUB_LANG="en")
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=stdin,
        text=True,
        env=env,
    )


def read_line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(f"worker ended early: {proc.stderr.read() if proc.stderr else ''}")
    return line.strip()


def say_go(proc: subprocess.Popen[str]) -> str:
    """Let a worker waiting for "go" on its standard input carry on; its next line."""
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    return read_line(proc)
