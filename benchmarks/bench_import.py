"""Import benchmark: a generated course list (CSV and XLSX) into an empty database.

    python3 benchmarks/bench_import.py --rows 100000 [--repeat 3]

For each format it reports rows per second of `ImportService.import_courses`, the ratio
to the bare floor (reading the same file with the same reader, plus one executemany of the
same rows in one transaction, no checks), in wall time and in CPU time (the best of
--repeat runs, the import and the floor alternating, so a busy machine hurts both alike),
and the peak Python memory (tracemalloc) and process peak RSS at two sizes, to show memory
stays flat in the number of rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOWNS = ["Durrës", "Elbasan", "Krujë", "Shijak", "Kavajë", "Cërrik", "Peqin", "Librazhd"]
TITLES = [
    "Rrobaqepësi",
    "Kuzhinier",
    "Elektricist",
    "Hidraulik",
    "Parukeri",
    "Kamarier",
    "Saldator",
    "Mekanik automjetesh",
    "Riparim kompjuterash",
    "Banakier",
]
ISCO = ["7531", "5120", "7411", "7126", "5141", "5131", "7212", "7231", "7422", "5132"]
DAYS = ["E hënë - e premte", "Hën, Mër, Pre", "e martë, e enjte", "Mon-Fri", "Sht"]
TIMES = ["9-12", "09:00-12:00", "14.00–17.00", "8-12", "16:00-19:00"]
HEADERS = [
    "Kodi",
    "Emri i kursit",
    "Kodi ISCO",
    "Bashkia",
    "Adresa",
    "Data e fillimit",
    "Data e mbarimit",
    "Ditët",
    "Orari",
    "Vende",
    "Mosha",
    "Gjinia",
    "Arsimi",
    "Grupi i synuar",
    "Trajneri",
    "Statusi",
    "Tarifa",
]


def generated_rows(count: int, seed: int = 7):
    rnd = random.Random(seed)
    for n in range(count):
        month = rnd.randint(1, 9)
        yield [
            f"B-{n:06d}",
            f"{rnd.choice(TITLES)} {n % 97}",
            rnd.choice(ISCO),
            rnd.choice(TOWNS),
            f"Salla {n % 40}",
            f"{rnd.randint(1, 28):02d}.{month:02d}.2027",
            f"{rnd.randint(1, 28):02d}.{month + 3:02d}.2027",
            rnd.choice(DAYS),
            rnd.choice(TIMES),
            str(rnd.randint(8, 25)),
            rnd.choice(["16-35", "18+", ""]),
            rnd.choice(["Femra", "", "Të gjitha"]),
            rnd.choice(["9-vjeçar", "", "i mesëm"]),
            rnd.choice(["", "punëkërkues", "romë dhe egjiptianë"]),
            f"Trajner {n % 300}",
            rnd.choice(["Hapur", "Planifikuar", ""]),
            rnd.choice(["falas", "5000", ""]),
        ]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Lista e kurseve 2027"])
        writer.writerow([])
        writer.writerow(HEADERS)
        writer.writerows(generated_rows(count))


def write_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kurset")
    sheet.append(["Lista e kurseve 2027"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in generated_rows(count):
        row[9] = int(row[9])
        sheet.append(row)
    workbook.save(path)


def _bare_rows(path: Path):
    """The file's rows straight from the parser: no checks, no detection."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            yield from csv.reader(handle, delimiter=";")
    else:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        yield from sheet.iter_rows()


def floor_seconds(path: Path, db: Path) -> float:
    """Parsing the same file plus one executemany of the same rows in one transaction."""
    from coursehub.storage import open_store

    open_store(db).close()  # the schema
    start = time.perf_counter()
    rows = [[str(c) for c in cells] for cells in _bare_rows(path)][3:]
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO providers (name, name_key, kind) VALUES ('F', 'f', 'ngo')")
    conn.executemany(
        "INSERT INTO courses (provider_id, code, title, occupation, municipality, venue, "
        "start_date, end_date, sessions, seats, min_age, gender, education, groups, trainer, "
        "status, notes) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            [
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                "2027-01-01",
                "2027-02-01",
                r[7] + r[8],
                int(float(r[9])),
                r[10],
                "all",
                "none",
                r[13],
                r[14],
                "open",
                r[16],
            ]
            for r in rows
        ),
    )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def import_seconds(path: Path, db: Path) -> tuple[float, int]:
    from coursehub.services.importing import ImportService
    from coursehub.storage import open_store

    store = open_store(db)
    service = ImportService(store)
    start = time.perf_counter()
    report = service.import_courses(path, "Benchmark NGO")
    elapsed = time.perf_counter() - start
    assert report.written and report.error_count == 0, report.as_dict()["errors"][:3]
    store.close()
    return elapsed, report.added


def peak_memory(path: Path, db: Path) -> tuple[float, float]:
    """(tracemalloc peak MB, process peak RSS MB) of one import, each in its own fresh process.

    RSS is the process's own high-water mark (VmHWM); ru_maxrss would include the parent's
    memory inherited through fork on Linux. It is measured in a process without tracemalloc:
    tracemalloc keeps a record of every live allocation, which added 20-40 MB to the RSS of
    an import (the figures of issue 16, 77 -> 212 MB, were measured with it on)."""
    root = str(Path(__file__).resolve().parents[1])
    run = (
        "import sys, tracemalloc, resource; from pathlib import Path; "
        f"sys.path.insert(0, {root!r}); from benchmarks.bench_import import import_seconds; "
    )
    rss = (
        "print(next((int(l.split()[1]) / 1024 for l in open('/proc/self/status') "
        "if l.startswith('VmHWM')), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))"
    )
    traced = run + (
        f"tracemalloc.start(); import_seconds(Path({str(path)!r}), Path({str(db) + '-traced'!r})); "
        "print(tracemalloc.get_traced_memory()[1] / 2**20)"
    )
    plain = run + f"import_seconds(Path({str(path)!r}), Path({str(db)!r})); " + rss
    return float(_python(traced)), float(_python(plain))


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def timed(measure: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """(CPU seconds, what measure(*args) gave) of one run."""
    started = time.process_time()
    result = measure(*args)
    return time.process_time() - started, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of the import and of the floor, alternating; best kept"
    )
    args = parser.parse_args()
    summary = {}
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for kind in args.formats.split(","):
            writer = write_csv if kind == "csv" else write_xlsx
            big, small = work / f"big.{kind}", work / f"small.{kind}"
            writer(big, args.rows)
            writer(small, args.rows // 10)
            floors, imports = [], []
            for n in range(args.repeat):  # alternating, so a busy spell hurts both alike
                floors.append(timed(floor_seconds, big, work / f"floor-{kind}-{n}.db"))
                imports.append(timed(import_seconds, big, work / f"import-{kind}-{n}.db"))
            added = imports[0][1][1]
            floor_cpu, floor = min(c for c, _ in floors), min(w for _, w in floors)
            cpu, elapsed = min(c for c, _ in imports), min(w for _, (w, _) in imports)
            small_mem = peak_memory(small, work / f"mem-small-{kind}.db")
            big_mem = peak_memory(big, work / f"mem-big-{kind}.db")
            print(
                f"{kind.upper()}: {added:,} rows in {elapsed:.2f} s = {added / elapsed:,.0f} rows/s;"
                f" floor {floor:.2f} s; ratio {elapsed / floor:.2f}x (CPU time: {cpu:.2f} s against"
                f" {floor_cpu:.2f} s, {cpu / floor_cpu:.2f}x; best of {args.repeat})"
            )
            print(
                f"  peak memory, {args.rows // 10:,} rows: tracemalloc {small_mem[0]:.1f} MB, "
                f"RSS {small_mem[1]:.0f} MB; {args.rows:,} rows: tracemalloc "
                f"{big_mem[0]:.1f} MB, RSS {big_mem[1]:.0f} MB"
            )
            summary[kind] = {
                "rows": added,
                "seconds": elapsed,
                "floor_seconds": floor,
                "ratio": elapsed / floor,
                "cpu_seconds": cpu,
                "floor_cpu_seconds": floor_cpu,
                "cpu_ratio": cpu / floor_cpu,
                "repeat": args.repeat,
                "rss_mb_small": small_mem[1],
                "rss_mb": big_mem[1],
                "tracemalloc_mb": big_mem[0],
            }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
