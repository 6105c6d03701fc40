"""The overlap checks' pairs worked out on arrays (analysis.columns) against the reference
sweeps (analysis.overlaps): the same findings in the same order, including where one course
meets several others of a group on one date, whose order is the sweep heap's."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from coursehub.analysis import columns
from coursehub.analysis.overlaps import find_overlaps
from coursehub.domain.findings import FindingKind
from coursehub.domain.model import Course, Weekday, WeeklySession
from coursehub.scheduling.holidays import HolidayCalendar

pytestmark = pytest.mark.skipif(not columns.AVAILABLE, reason="numpy is not installed")

TITLES = ("Kuzhinier", "Ndihmës kuzhinier", "Saldator", "Saldim dhe prerje metali", "Floktar", "Parukier")
CODES = ("5120", "9412", "7212", "7214", "5141", "5142")


def _crowded_catalogue(count: int, seed: int) -> list[Course]:
    """Few places, venues, trainers and trades, courses of very different lengths: groups
    where a course meets several running ones at once, in a heap order that is not theirs."""
    rng = random.Random(seed)
    courses = []
    for number in range(count):
        start = date(2027, 1, 4) + timedelta(days=rng.randrange(300))
        hours = rng.choice(((8, 12), (10, 13), (9, 11)))
        days = rng.sample(list(Weekday)[:6], rng.choice((1, 2, 3)))
        courses.append(
            Course(
                provider=f"P{rng.randrange(12 if seed % 2 else 400)}",  # odd seeds: few providers
                code=f"C{number}",
                title=rng.choice(TITLES),
                occupation=rng.choice(CODES),
                municipality=rng.choice(("Tiranë", "Durrës")),
                start=start,
                end=start + timedelta(days=rng.choice((6, 20, 60, 120, 240))),
                sessions=tuple(WeeklySession(day, time(hours[0]), time(hours[1])) for day in days),
                seats=12,
                venue=rng.choice(("Salla 1", "salla 1", "Salla 2", "")),
                trainer=rng.choice(("Arben Hoxha", "ARBEN HOXHA", "Elira Dema")),
            )
        )
    return courses


def _findings(courses: list[Course], on_arrays: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    monkeypatch.setattr(columns, "enabled", on_arrays)
    monkeypatch.setattr(columns, "FROM_COURSES", 0)  # the arrays on small catalogues too
    return [
        (f.kind, f.courses, f.dates, f.times, f.subject, f.details)
        for f in find_overlaps(courses, HolidayCalendar(language="en"))
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_arrays_find_what_the_reference_sweeps_find_in_the_same_order(seed, monkeypatch):
    courses = _crowded_catalogue(400, seed)
    reference = _findings(courses, False, monkeypatch)
    kinds = {finding[0] for finding in reference}
    assert {FindingKind.POSSIBLE_DUPLICATE, FindingKind.VENUE_CLASH, FindingKind.TRAINER_CLASH} <= kinds
    assert _findings(courses, True, monkeypatch) == reference


def test_the_heap_order_decides_and_is_reproduced(monkeypatch):
    """Without putting the pairs of one course in the heap's order, the order differs: the
    test above covers that case, not only pairs that come in the courses' order anyway."""
    courses = _crowded_catalogue(400, 1)
    reference = _findings(courses, False, monkeypatch)
    monkeypatch.setattr(columns.GroupPairs, "in_heap_order", lambda self, starts, ends: None)
    unordered = _findings(courses, True, monkeypatch)
    assert sorted(unordered, key=repr) == sorted(reference, key=repr)
    assert unordered != reference


def test_too_crowded_groups_fall_back_to_the_reference_sweeps(monkeypatch):
    courses = _crowded_catalogue(200, 4)
    reference = _findings(courses, False, monkeypatch)
    monkeypatch.setattr(columns, "CANDIDATES_PER_ROW", -100_000)  # any candidate is too many
    assert _findings(courses, True, monkeypatch) == reference


def test_courses_ending_before_they_start_are_found_alike(monkeypatch):
    """The domain does not forbid an end before the start: such courses meet nothing, on
    arrays as in the sweeps."""
    courses = _crowded_catalogue(120, 5)
    backwards = [replace(c, end=c.start - timedelta(days=3)) for c in courses[::3]]
    mixed = backwards + courses[1::3]
    assert _findings(mixed, True, monkeypatch) == _findings(mixed, False, monkeypatch)
    only_backwards = _findings(backwards, True, monkeypatch)
    assert only_backwards == _findings(backwards, False, monkeypatch)


def test_a_catalogue_below_the_threshold_keeps_to_the_sweeps_and_never_loads_numpy():
    """numpy's load (about 80 ms) costs more than the arrays save on a small catalogue."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from tests.analysis.test_analysis_columns import _crowded_catalogue\n"
        "from coursehub.analysis.overlaps import find_overlaps\n"
        "from coursehub.scheduling.holidays import HolidayCalendar\n"
        "assert find_overlaps(_crowded_catalogue(300, 1), HolidayCalendar(language='en'))\n"
        "print('numpy' in sys.modules)\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"
    assert columns.worth_it(columns.FROM_COURSES) and not columns.worth_it(columns.FROM_COURSES - 1)
