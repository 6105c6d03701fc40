"""Every benchmark at one documented size, one after another, and one JSON summary.

    python3 benchmarks/run_all.py                        # writes benchmarks/results.json
    python3 benchmarks/run_all.py --out /tmp/round.json --skip gui

Each benchmark runs in its own process (as a user would start it), writes its figures to a
JSON file, and this script gathers them into the rows of docs/performance.md: the figure,
the floor it is compared with (measured in the same run), the ratio, the goal and whether
it is met, with the machine (processor, cores, load before the run) and the versions of
Python, PySide6, ReportLab, python-calamine, openpyxl and numpy, so that a later round compares like with
like. Not run by CI: it takes a few minutes, and figures from a shared machine are noisy
(each benchmark already compares ours with its floor in the same process, and quotes CPU
time or best-of-N for that reason).

The sizes (fixed, so rounds compare):
- overlaps + gaps: generated catalogues of 1,000, 10,000 and 100,000 courses, best of 2;
- import: 100,000 generated rows as CSV and XLSX (memory also at 10,000);
- catalogue table: 100,000 courses, 3 window starts;
- printing: 200 enrolment sheets and 26 calendar weeks, as pages per second (best of 3).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

Row = dict[str, object]


def run(script: str, *args: str, timeout: int = 900) -> dict:
    """Run one benchmark in a fresh process; its --json figures."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        command = [sys.executable, str(HERE / script), *args, "--json", str(out)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        print(done.stdout, end="", flush=True)
        if done.returncode != 0:
            raise RuntimeError(f"{script} failed:\n{done.stderr[-2000:]}")
        print(f"  ({script} took {time.perf_counter() - started:.0f} s)\n", flush=True)
        return json.loads(out.read_text(encoding="utf-8"))


def row(work: str, figure: float, unit: str, floor: float | None, goal: str, met: bool, command: str) -> Row:
    return {
        "work": work,
        "figure": round(figure, 4),
        "unit": unit,
        "floor": None if floor is None else round(floor, 4),
        "ratio": None if not floor else round(figure / floor, 2),
        "goal": goal,
        "met": met,
        "command": command,
    }


def analysis_rows() -> list[Row]:
    command = "python3 benchmarks/bench_analysis.py --sizes 1000 10000 100000 --naive-up-to 0 --repeat 2"
    sizes = run("bench_analysis.py", *command.split()[2:])
    by_n = {r["n"]: r for r in sizes}
    big, mid = by_n[100_000], by_n[10_000]
    total = big["overlaps"] + big["gaps"]
    growth = big["overlaps"] / mid["overlaps"]
    predicted = (100_000 * math.log(100_000)) / (10_000 * math.log(10_000))
    return [
        row(
            "overlaps + gaps, 100,000 courses",
            total,
            "s",
            big["bare"],
            "under 1 s, within 5x of the bare sweep",
            total < 1 and total / big["bare"] <= 5,
            command,
        ),
        row(
            "overlaps growth 10k -> 100k",
            growth,
            "x",
            predicted,
            "at or under n log n",
            growth <= predicted,
            command,
        ),
        *[
            row(
                f"overlaps peak memory, {n:,} courses",
                by_n[n]["peak_mb"],
                "MB",
                None,
                "reported",
                True,
                command,
            )
            for n in sorted(by_n)
        ],
    ]


def import_rows() -> list[Row]:
    command = "python3 benchmarks/bench_import.py --rows 100000 --repeat 3"
    figures = run("bench_import.py", *command.split()[2:])
    csv, xlsx = figures["csv"], figures["xlsx"]
    return [
        row(
            "CSV import, 100,000 rows",
            csv["cpu_seconds"],
            "CPU s",
            csv["floor_cpu_seconds"],
            "within 1.5x of csv read + executemany (CPU time, best of 3)",
            csv["cpu_ratio"] <= 1.5,
            command,
        ),
        row(
            "XLSX import, 100,000 rows",
            xlsx["seconds"],
            "s",
            xlsx["floor_seconds"],
            "reported (ratio to its floor)",
            True,
            command,
        ),
        row(
            "XLSX import peak RSS, 10k -> 100k rows",
            xlsx["rss_mb"],
            "MB",
            xlsx["rss_mb_small"],
            "under 120 MB at 100k, flat",
            xlsx["rss_mb"] < 120 and xlsx["rss_mb"] <= 1.25 * xlsx["rss_mb_small"],
            command,
        ),
    ]


def printing_rows() -> list[Row]:
    command = "python3 benchmarks/bench_printing.py --sheets 200 --weeks 26 --repeat 3"
    figures = run("bench_printing.py", *command.split()[2:])
    calendar, sheets = figures["calendar weeks"], figures["enrolment sheets"]
    return [
        row(
            "weekly calendar, pages/s",
            calendar["pages_per_second"],
            "pages/s",
            calendar["bare_pages_per_second"],
            "within 1.5x per page of bare ReportLab",
            calendar["per_page_ratio"] <= 1.5,
            command,
        )
        | {"ratio": round(calendar["per_page_ratio"], 2)},
        row(
            "enrolment sheets, pages/s",
            sheets["pages_per_second"],
            "pages/s",
            sheets["bare_pages_per_second"],
            "within 1.3x per page of bare ReportLab",
            sheets["per_page_ratio"] <= 1.3,
            command,
        )
        | {"ratio": round(sheets["per_page_ratio"], 2)},
    ]


def gui_rows() -> list[Row]:
    command = "python3 benchmarks/bench_gui.py --courses 100000 --runs 3"
    figures = run("bench_gui.py", *command.split()[2:])
    return [
        row(
            "100,000 courses in the catalogue table",
            figures["table_filled_s"],
            "s after start",
            figures["first_window_s"],
            "filled under 1 s after start",
            figures["table_filled_s"] < 1,
            command,
        ),
        row(
            "search keystroke, 100,000 courses (median)",
            figures["keystroke_median_s"],
            "s",
            None,
            "under 0.1 s",
            figures["keystroke_median_s"] < 0.1,
            command,
        ),
    ]


BENCHMARKS: dict[str, Callable[[], list[Row]]] = {
    "analysis": analysis_rows,
    "import": import_rows,
    "printing": printing_rows,
    "gui": gui_rows,
}


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    # setup.cfg asks for PySide6-Essentials; a full PySide6 install counts as well
    for package, distributions in (
        ("PySide6", ("PySide6-Essentials", "PySide6")),
        ("reportlab", ("reportlab",)),
        ("python-calamine", ("python-calamine",)),
        ("openpyxl", ("openpyxl",)),
        ("numpy", ("numpy",)),  # optional: the overlap checks use arrays from 20,000 courses when present
    ):
        found[package] = next(
            (version for name in distributions if (version := _installed_version(name))), "not installed"
        )
    return found


def _installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, object]:
    return {
        "processor": platform.processor() or platform.machine(),
        "system": platform.platform(),
        "cores": os.cpu_count(),
        "load_before": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def print_table(rows: list[Row]) -> None:
    print("| work | CourseHub | floor, same run | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        if r.get("error"):
            print(f"| {r['work']} | not measured | - | - | - | NO |")
            continue
        floor = "-" if r["floor"] is None else r["floor"]
        ratio = "-" if r["ratio"] is None else f"{r['ratio']}x"
        met = "yes" if r["met"] else "NO"
        print(f"| {r['work']} | {r['figure']} {r['unit']} | {floor} | {ratio} | {r['goal']} | {met} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--skip", nargs="*", default=[], choices=sorted(BENCHMARKS))
    args = parser.parse_args()
    summary: dict[str, object] = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": machine(),
        "versions": versions(),
    }
    rows: list[Row] = []
    for name, measure in BENCHMARKS.items():
        if name in args.skip:
            continue
        try:
            rows += measure()
        except (RuntimeError, subprocess.TimeoutExpired) as failure:
            # One benchmark that fails or overruns (a very busy machine) leaves the others.
            print(f"{name}: not measured ({str(failure).splitlines()[0]})", flush=True)
            rows.append({"work": name, "figure": None, "met": False, "error": str(failure)[:500]})
    summary["rows"] = rows
    args.out.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(rows)
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
