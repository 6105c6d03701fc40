"""How overlaps and gaps grow with the catalogue, against a naive all-pairs check.

    python3 benchmarks/bench_analysis.py                 # 1,000 / 10,000 / 100,000 courses
    python3 benchmarks/bench_analysis.py --sizes 1000 --naive-up-to 1000
    python3 benchmarks/bench_analysis.py --sizes 1000 10000 100000 300000 --naive-up-to 0 --json out.json
    python3 benchmarks/bench_analysis.py --sizes 100000 --naive-up-to 0 --against /tmp/main-copy

Catalogues are generated deterministically (seeded): courses of about 40 sessions each
(13 to 14 weeks, three sessions a week) spread over five years across Albania's 61
municipalities, 120 occupations (titled with their ISCO title, one in ten with the title of
the neighbouring occupation: possible duplicates), one provider per 25 courses, one venue per 8 and one
trainer per 6, with 1 in 20 courses cancelled; 400 needs rows at ISCO levels 1, 2 and 4,
for municipalities and qarks, by year and by quarter. Times are the best of `--repeat`
runs, measured as CPU time of this process (time.process_time: one core, and steady when
other programs share the machine), the holiday calendar built afresh each time. "peak MB"
is the most memory the overlap analysis allocated above what was already there (tracemalloc,
in one further run that is not timed: tracing slows it down).

`--against DIR` also times the analysis of another checkout (DIR/coursehub/analysis, e.g. a
`git archive main` unpacked there) in the same process, the two alternating run by run, so
that a busy machine slows both alike; it checks that both find the same findings in the
same order and the same gap rows, and prints both times.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import math
import random
import sys
import time
import tracemalloc
import types
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coursehub.analysis.gaps import gap_rows
from coursehub.analysis.overlaps import (
    common_day_numbers,
    day_numbers,
    days_off,
    find_overlaps,
    holiday_findings,
)
from coursehub.domain.model import (
    Area,
    AreaKind,
    Course,
    CourseStatus,
    Need,
    Period,
    Weekday,
    WeeklySession,
)
from coursehub.domain.reference import load_reference
from coursehub.scheduling.holidays import HolidayCalendar

T = TypeVar("T")

FIRST_YEAR, YEARS = 2027, 5
PATTERNS = (
    (Weekday.MO, Weekday.WE, Weekday.FR),
    (Weekday.TU, Weekday.TH, Weekday.SA),
    (Weekday.MO, Weekday.TU, Weekday.TH),
)
HOURS = ((8, 12), (9, 12), (10, 13), (13, 17), (14, 17), (16, 19))


def catalogue(n: int, seed: int = 7) -> tuple[list[Course], list[Need]]:
    rng = random.Random(seed)
    reference = load_reference()
    places = sorted(reference.municipalities)
    occupations = sorted(o.code for o in reference.unit_groups())[:120]
    titles = {
        code: reference.occupations[code].title_sq or reference.occupations[code].title_en
        for code in occupations
    }
    span = (date(FIRST_YEAR + YEARS, 1, 1) - date(FIRST_YEAR, 1, 1)).days - 100
    courses = []
    for i in range(n):
        start = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(span))
        weeks = rng.choice((13, 14))
        first, last = rng.choice(HOURS)
        sessions = tuple(WeeklySession(day, clock(first), clock(last)) for day in rng.choice(PATTERNS))
        occupation = rng.choice(occupations)
        family = occupations.index(occupation) + (1 if rng.random() < 0.1 else 0)
        title = titles[occupations[family % len(occupations)]]
        courses.append(
            Course(
                provider=f"Provider {rng.randrange(max(1, n // 25))}",
                code=f"C{i}",
                title=f"{title} {rng.choice(('', 'I', 'II', 'për të rinj'))}",
                occupation=occupation,
                municipality=rng.choice(places),
                start=start,
                end=start + timedelta(days=7 * weeks - 1),
                sessions=sessions,
                seats=rng.randint(8, 25),
                venue=f"Venue {rng.randrange(max(1, n // 8))}",
                trainer=f"Trainer {rng.randrange(max(1, n // 6))}",
                status=CourseStatus.CANCELLED if rng.random() < 0.05 else CourseStatus.OPEN,
            )
        )
    return courses, needs(rng, reference, occupations, places)


def needs(rng: random.Random, reference, occupations: list[str], places: list[str]) -> list[Need]:
    rows = []
    for _ in range(400):
        code = rng.choice(occupations)[: rng.choice((1, 2, 4, 4))]
        if rng.random() < 0.3:
            area = Area(AreaKind.QARK, rng.choice(reference.qarks))
        else:
            area = Area(AreaKind.MUNICIPALITY, rng.choice(places))
        year = FIRST_YEAR + rng.randrange(YEARS)
        period = Period.year(year) if rng.random() < 0.5 else Period.quarter(year, rng.randint(1, 4))
        rows.append(Need(code, area, period, rng.randint(5, 200)))
    return rows


def naive_overlaps(courses: list[Course], calendar: HolidayCalendar) -> int:
    """Every pair compared: what the sweep avoids. Same per-pair work and the same holiday
    notices as find_overlaps; it counts pairs instead of building findings."""
    live = [c for c in courses if c.is_live]
    holidays = day_numbers(days_off(calendar, live))
    labels = [day.short_label for day in Weekday]
    found = len(holiday_findings(live, calendar))
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if a.start > b.end or b.start > a.end:
                continue
            if a.provider != b.provider and a.occupation == b.occupation and a.municipality == b.municipality:
                found += 1
            if a.venue == b.venue or a.trainer == b.trainer:
                found += bool(common_day_numbers(a, b, holidays, labels)[0])
    return found


def bare_sweep(courses: list[Course]) -> int:
    """Calibration: sort all date ranges and sweep them once, finding nothing."""
    running: list[date] = []
    seen = 0
    for course in sorted(courses, key=lambda c: c.start):
        while running and running[0] < course.start:
            heapq.heappop(running)
        seen += len(running)
        heapq.heappush(running, course.end)
    return seen


def best_of(repeat: int, action: Callable[[], T]) -> tuple[float, T]:
    """The shortest time of `repeat` runs (at least one), and what the last run gave."""
    best = math.inf
    for _ in range(max(repeat, 1)):
        started = time.process_time()
        result = action()
        best = min(best, time.process_time() - started)
    return best, result


def peak_megabytes(action: Callable[[], object]) -> float:
    """The most memory `action` had allocated at once (its result included), in MB."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = action()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak / 1e6


BASELINE_MODULES = ("columns", "flat", "sweep", "overlaps", "gaps")  # in the order they import each other


def baseline_analysis(checkout: Path) -> types.ModuleType:
    """Another checkout's analysis modules, loaded beside ours under `_baseline_analysis`
    (titles.py, whose caches both share, and the domain stay ours)."""
    package = types.ModuleType("_baseline_analysis")
    package.__path__ = []
    sys.modules[package.__name__] = package
    for name in BASELINE_MODULES:
        path = checkout / "coursehub" / "analysis" / f"{name}.py"
        if not path.exists():  # a checkout from before that module
            continue
        source = path.read_text(encoding="utf-8")
        for other in BASELINE_MODULES:
            for ours, theirs in (
                ("coursehub.analysis.", "_baseline_analysis."),
                ("coursehub.analysis import ", "_baseline_analysis import "),
            ):
                source = source.replace(f"{ours}{other} ", f"{theirs}{other} ").replace(
                    f"{ours}{other}\n", f"{theirs}{other}\n"
                )
        module = types.ModuleType(f"_baseline_analysis.{name}")
        sys.modules[module.__name__] = module
        exec(compile(source, str(path), "exec"), module.__dict__)
        setattr(package, name, module)
    return package


def against(n: int, repeat: int, baseline: types.ModuleType) -> dict[str, float | int]:
    """Ours and the baseline's overlaps and gaps, alternating run by run (best of `repeat`;
    each version goes first in every other pair), and whether they agree."""
    courses, need_rows = catalogue(n)
    reference = load_reference()
    times = {"overlaps": math.inf, "base_overlaps": math.inf, "gaps": math.inf, "base_gaps": math.inf}
    same = True
    versions = [
        ("", find_overlaps, gap_rows),
        ("base_", baseline.overlaps.find_overlaps, baseline.gaps.gap_rows),
    ]
    for _ in range(repeat):
        results = {}
        versions.reverse()  # each goes first every other time: the first run of a pair pays more
        for label, overlaps, gaps in versions:
            gc.collect()
            started = time.process_time()
            results[f"{label}overlaps"] = overlaps(courses, HolidayCalendar(language="en"))
            times[f"{label}overlaps"] = min(times[f"{label}overlaps"], time.process_time() - started)
            started = time.process_time()
            results[f"{label}gaps"] = gaps(need_rows, courses, reference)
            times[f"{label}gaps"] = min(times[f"{label}gaps"], time.process_time() - started)
        same = same and _same_findings(results["overlaps"], results["base_overlaps"])
        same = same and results["gaps"] == results["base_gaps"]
        del results
    return {"n": n, **times, "same": int(same)}


def _same_findings(ours: list, theirs: list) -> bool:
    """Field by field, in order (Finding's own == leaves out nothing that is shown)."""
    return len(ours) == len(theirs) and all(
        (a.kind, a.courses, a.dates, a.times, a.subject, a.details)
        == (b.kind, b.courses, b.dates, b.times, b.subject, b.details)
        for a, b in zip(ours, theirs, strict=True)
    )


def measure(n: int, repeat: int, with_naive: bool) -> dict[str, float | int]:
    courses, need_rows = catalogue(n)
    reference = load_reference()
    overlap_time, findings = best_of(repeat, lambda: find_overlaps(courses, HolidayCalendar(language="en")))
    row: dict[str, float | int] = {
        "n": n,
        "sessions": sum(len(c.sessions) * ((c.end - c.start).days + 1) // 7 for c in courses),
        "findings": len(findings),
        "overlaps": overlap_time,
        "gaps": best_of(repeat, lambda: gap_rows(need_rows, courses, reference))[0],
        "bare": best_of(repeat, lambda: bare_sweep(courses))[0],
    }
    row["peak_mb"] = peak_megabytes(lambda: find_overlaps(courses, HolidayCalendar(language="en")))
    if with_naive:
        row["naive"] = best_of(1, lambda: naive_overlaps(courses, HolidayCalendar(language="en")))[0]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--naive-up-to", type=int, default=10_000, help="run the all-pairs check up to this size"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--against", type=Path, help="also time this checkout's analysis, alternating")
    args = parser.parse_args()
    if args.against:
        compare(args)
        return
    rows = []
    print(
        f"{'courses':>8} {'sessions':>9} {'findings':>9} {'overlaps s':>11} {'gaps s':>8} "
        f"{'bare sweep s':>13} {'growth':>7} {'n log n':>8} {'peak MB':>8} {'naive s':>8} {'naive/ours':>11}"
    )
    previous: dict[str, float | int] | None = None
    for n in args.sizes:
        row = measure(n, args.repeat, n <= args.naive_up_to)
        growth = nlogn = naive = ratio = ""
        if previous is not None:
            growth = f"{row['overlaps'] / previous['overlaps']:.1f}x"
            nlogn = f"{(n * math.log(n)) / (previous['n'] * math.log(previous['n'])):.1f}x"
        if "naive" in row:
            naive, ratio = f"{row['naive']:.2f}", f"{row['naive'] / row['overlaps']:.1f}x"
        print(
            f"{n:>8} {row['sessions']:>9} {row['findings']:>9} {row['overlaps']:>11.3f} "
            f"{row['gaps']:>8.3f} {row['bare']:>13.3f} {growth:>7} {nlogn:>8} "
            f"{row['peak_mb']:>8.1f} {naive:>8} "
            f"{ratio:>11}",
            flush=True,
        )
        previous = row
        rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


def compare(args: argparse.Namespace) -> None:
    baseline = baseline_analysis(args.against)
    print(
        f"{'courses':>8} {'overlaps s':>11} {'before s':>9} {'gaps s':>8} {'before s':>9} "
        f"{'speed-up':>9} {'same':>5}"
    )
    rows = []
    for n in args.sizes:
        row = against(n, args.repeat, baseline)
        ours, theirs = row["overlaps"] + row["gaps"], row["base_overlaps"] + row["base_gaps"]
        print(
            f"{n:>8} {row['overlaps']:>11.3f} {row['base_overlaps']:>9.3f} {row['gaps']:>8.3f} "
            f"{row['base_gaps']:>9.3f} {theirs / ours:>8.2f}x {'yes' if row['same'] else 'NO':>5}",
            flush=True,
        )
        rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
