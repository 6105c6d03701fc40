"""The findings of two small generated catalogues, pinned: speeding up the analysis must not
change a single finding (kind, courses, dates, times, subject, details, fingerprint, message)
nor their order, nor a gap or share row.

The golden file holds one line per finding or row: what it is about, then a digest of all of
it. It was written by the code before the speed-up (issue 7); to rewrite it after an
intended change of behaviour:
    python3 tests/analysis/test_analysis_golden.py --write
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from coursehub.analysis import columns
from coursehub.analysis.flat import new_course_ref, new_finding
from coursehub.analysis.gaps import gap_rows, share_rows
from coursehub.analysis.overlaps import find_overlaps
from coursehub.domain.findings import CourseRef, Finding, FindingKind
from coursehub.domain.model import Course
from coursehub.domain.reference import load_reference
from coursehub.scheduling.holidays import HolidayCalendar

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden") / "generated_findings.txt"


def _generator():
    """benchmarks/bench_analysis.py, whose seeded catalogue generator both use."""
    spec = importlib.util.spec_from_file_location("bench_analysis", ROOT / "benchmarks" / "bench_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalogues() -> list[tuple[str, list[Course], list]]:
    """A spread catalogue (clashes, holidays) and a dense one: two municipalities of a large
    catalogue, where the same trades meet (duplicate and possible duplicate offers)."""
    generator = _generator()
    spread = generator.catalogue(600)
    large_courses, large_needs = generator.catalogue(20_000)
    places = sorted({c.municipality for c in large_courses})[:2]
    dense = [c for c in large_courses if c.municipality in places]
    return [("spread-600", *spread), ("dense-2-places", dense, large_needs)]


def _line(label: str, about: str, everything: object) -> str:
    text = json.dumps(everything, ensure_ascii=False, default=str)
    return f"{label}\t{about}\t{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}"


def current_lines() -> list[str]:
    reference = load_reference()
    lines = []
    for label, courses, needs in _catalogues():
        for f in find_overlaps(courses, HolidayCalendar(language="en")):
            keys = " ".join(f"{c.provider}/{c.code}" for c in f.courses)
            lines.append(
                _line(
                    label,
                    f"{f.kind.value} {keys}",
                    [
                        f.kind.value,
                        [[c.provider, c.code, c.version, c.title] for c in f.courses],
                        f.dates,
                        f.times,
                        f.subject,
                        f.details,
                        f.fingerprint,
                        f.message,
                    ],
                )
            )
        for row in gap_rows(needs, courses, reference):
            lines.append(
                _line(
                    label,
                    f"gap {row.occupation} {row.area} {row.period}",
                    [
                        row.occupation,
                        row.occupation_title,
                        row.area,
                        row.period,
                        row.demand,
                        row.supply,
                        [c.key for c in row.courses],
                    ],
                )
            )
        for row in share_rows(needs, courses, reference):
            lines.append(
                _line(
                    label,
                    f"share {row.occupation}",
                    [row.occupation, row.demand, row.seats, repr(row.demand_share), repr(row.seat_share)],
                )
            )
    return lines


@pytest.mark.parametrize("on_arrays", [True, False], ids=["arrays", "reference-sweeps"])
def test_generated_findings_are_those_of_the_golden_file(on_arrays, monkeypatch):
    if on_arrays and not columns.AVAILABLE:
        pytest.skip("numpy is not installed")
    monkeypatch.setattr(columns, "enabled", on_arrays)
    monkeypatch.setattr(columns, "FROM_COURSES", 0)  # the arrays on small catalogues too
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    found = current_lines()
    assert len(found) == len(expected)
    for position, (line, wanted) in enumerate(zip(found, expected, strict=True)):
        assert line == wanted, f"line {position + 1} differs"


def test_the_quick_finding_constructor_sets_every_field_as_the_dataclass_does():
    parts = (
        FindingKind.VENUE_CLASH,
        (CourseRef("A", "1", 2, "Kuzhinë"), CourseRef("B", "2")),
        (date(2027, 3, 1), date(2027, 3, 8)),
        ("Mon 10:00–12:00",),
        "Salla 1",
        ("x",),
    )
    quick, usual = new_finding(*parts), Finding(*parts)
    # A field added to Finding must be set by analysis.flat.new_finding too.
    assert [f.name for f in fields(Finding)] == [
        "kind",
        "courses",
        "dates",
        "times",
        "subject",
        "details",
        "acknowledged",
    ]
    for field in fields(Finding):
        assert getattr(quick, field.name) == getattr(usual, field.name)
    assert quick == usual and hash(quick) == hash(usual)
    assert quick.message == usual.message and quick.fingerprint == usual.fingerprint


def test_the_quick_course_reference_constructor_sets_every_field_as_the_dataclass_does():
    quick, usual = new_course_ref("A", "1", 2, "Kuzhinë"), CourseRef("A", "1", 2, "Kuzhinë")
    assert [f.name for f in fields(CourseRef)] == ["provider", "code", "version", "title"]
    for field in fields(CourseRef):
        assert getattr(quick, field.name) == getattr(usual, field.name)
    assert quick == usual and hash(quick) == hash(usual) and str(quick) == str(usual)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    from coursehub.i18n import set_language

    set_language("en")
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text("\n".join(current_lines()) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
