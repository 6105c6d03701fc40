"""Killing a second copy of CourseHub (SIGKILL) at a random moment of its work."""

from __future__ import annotations

import csv
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tests.builders import COURSE_LIST_HEADERS
from tests.reliability.procs import read_line, start


@dataclass
class KillTally:
    killed_mid_work: int = 0  # the kill came before the worker said "committed"
    finished_first: int = 0

    @property
    def total(self) -> int:
        return self.killed_mid_work + self.finished_first


def timed_run(*args: str) -> float:
    """Seconds from "started" to "committed" in an unkilled run (to aim the kills)."""
    proc = start(*args)
    assert read_line(proc) == "started"
    began = time.perf_counter()
    line = read_line(proc)
    while line != "committed":  # the command's own report comes first
        assert not line.startswith("exit "), line
        line = read_line(proc)
    elapsed = time.perf_counter() - began
    proc.wait()
    return elapsed


def kill_at_random(rng: random.Random, window: float, tally: KillTally, *args: str) -> None:
    proc = start(*args)
    assert read_line(proc) == "started"
    time.sleep(rng.uniform(0, window))
    proc.kill()
    out, _err = proc.communicate()
    if "committed" in out:
        tally.finished_first += 1
    else:
        tally.killed_mid_work += 1


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check after the recovery SQLite does when the file is next opened."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def scalar(path: Path, sql: str, *params: object) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def write_course_list(path: Path, rows: int) -> Path:
    """A provider's course list as people keep it: Albanian headers, `rows` valid courses."""
    towns = ["Durrës", "Elbasan", "Krujë", "Shijak", "Kavajë", "Cërrik", "Peqin", "Librazhd"]
    trades = [
        ("Rrobaqepësi", "7531"),
        ("Kuzhinier", "5120"),
        ("Elektricist", "7411"),
        ("Parukeri", "5141"),
        ("Saldator", "7212"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COURSE_LIST_HEADERS)
        for n in range(rows):
            title, isco = trades[n % len(trades)]
            month = 1 + n % 8
            writer.writerow(
                [
                    f"K-{n:06d}",
                    f"{title} {n % 97}",
                    isco,
                    towns[n % len(towns)],
                    f"{1 + n % 27:02d}.{month:02d}.2027",
                    f"{1 + n % 27:02d}.{month + 3:02d}.2027",
                    "Hën, Mër, Pre",
                    "09:00-12:00",
                    str(8 + n % 17),
                ]
            )
    return path
