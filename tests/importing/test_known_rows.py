"""The quick way for rows made of parts seen valid before (importing/known_rows.py) gives
exactly what reading and checking every row gives: the same records, problems, counts and
stored courses."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from coursehub.domain.course_record import course_record
from coursehub.domain.reference import load_reference
from coursehub.importing.headers import COURSE_FIELDS, detect_layout
from coursehub.importing.known_rows import KnownRows
from coursehub.importing.problems import UnreadableFile
from coursehub.importing.rows import CourseRowReader
from coursehub.services.importing import ImportService
from coursehub.storage import open_store

REFERENCE = load_reference()
LABELS = {f.name: f.label for f in COURSE_FIELDS}  # headers the layout detection knows
OPTIONAL = [f.name for f in COURSE_FIELDS if not f.required]

# Per column: values that pass, more often than values that do not; the text of a CSV cell.
TEXT_CELLS: dict[str, list[Any]] = {
    "code": ["C-1", "C-2", "C-3", " C-4 ", "", "'=C", "Kodi ë", "a\tb", "x" * 201, "\u202eB", "'C-5"],
    "title": ["Rrobaqepësi", "Kuzhinier", " Kuzhinier ", "", "'=SUM(1)", "x" * 201, "A\u200bB"],
    "occupation": ["7531", "5120", "7531 - Rrobaqepës", "7777", "abc", "75", ""],
    "municipality": ["Durrës", "durres", "Elbasan", "Atlantis", ""],
    "venue": ["", "Salla 1", "Salla 2", "Salla\t1", "'+1"],
    # a start and an end each valid with some other date, not with each other
    "start": ["01.02.2027", "01.06.2027", "3 prill 2027", "01.01.2025", "31.02.2027", "1850-01-01", ""],
    "end": ["30.06.2027", "01.03.2027", "2027-07-01", "01.01.2031", "2040-01-01", "xx"],
    "days": ["Hën, Mër", "Mon-Fri", "e hënë", "Hën, Hën", "Xyz", ""],
    "time": ["9-12", "09:00-12:00", "14.00–17.00", "12-9", "25-26", ""],
    "seats": ["15", "20", "0", "10001", "dhjetë", ""],
    "age": ["", "16-35", "18+", "40-20", "abc", "16"],
    "min_age": ["", "16", "20", "x"],
    "max_age": ["", "35", "x"],
    "gender": ["", "Femra", "M", "x"],
    "education": ["", "9-vjeçar", "zz"],
    "groups": ["", "punëkërkues", "marsianë"],
    "trainer": ["", "Trajner 1", "Trajner 2", "T\u202e"],
    "status": ["", "Hapur", "Anuluar", "zzz"],
    "fee": ["", "falas", "5000", "-5", "100000000", "5.000"],
    "notes": ["", "shënim", "line\nbreak", "'\tx", "n" * 2001],
}
# A spreadsheet's cells also come as numbers, TRUE/FALSE, dates and broken letters.
SHEET_CELLS: dict[str, list[Any]] = {
    "code": [1234.0, True, 1.0, "Ã«x-1"],
    "title": ["Ã«lbasan kurs", "Kurs \ufffd", True, 1, 12.0],
    "occupation": [7531, 7531.0, True, 1.0],
    "venue": ["Ã§ Salla", False, 0, 3.5],
    "start": [date(2027, 3, 1), datetime(2027, 3, 1), datetime(2027, 3, 1, 10, 0)],
    "end": [date(2027, 6, 1), datetime(2027, 6, 1)],
    "seats": [1, 1.0, True, False, 0, 15.0, 15, 2.5],
    "min_age": [16, 1, True],
    "max_age": [35.0, 0],
    "trainer": ["Ã«", 1, True],
    "status": [True],
    "fee": [0, False, 5000.0, 1, True],
}


def every_cell(name: str, typed: bool) -> list[Any]:
    return TEXT_CELLS[name] + (SHEET_CELLS.get(name, []) if typed else [])


@st.composite
def course_lists(draw: st.DrawFn, typed: bool) -> tuple[list[str], list[list[Any]]]:
    """A header row (some optional columns and sometimes the code left out) and rows: a
    few valid rows, each repeated with a few cells changed, as course lists repeat."""
    left_out = draw(st.sets(st.sampled_from([*OPTIONAL, "code"])))
    names = [f.name for f in COURSE_FIELDS if f.name not in left_out]
    valid = st.fixed_dictionaries({n: st.sampled_from(TEXT_CELLS[n][:3]) for n in names})
    bases = draw(st.lists(valid, min_size=1, max_size=3))
    rows = []
    for number in range(draw(st.integers(1, 40))):
        code = draw(st.one_of(st.just(f"C-{number}"), st.sampled_from(every_cell("code", typed))))
        row = dict(draw(st.sampled_from(bases)), code=code)
        for name in draw(st.lists(st.sampled_from(names), max_size=3)):
            row[name] = draw(st.sampled_from(every_cell(name, typed)))
        cells = [row[name] for name in names]
        if draw(st.integers(0, 20)) == 0:  # a short row: its last cells missing
            cells = cells[: draw(st.integers(0, len(names)))]
        rows.append(cells)
    return names, rows


def reader_for(names: list[str]) -> CourseRowReader:
    layout = detect_layout([(1, [LABELS[n] for n in names])], COURSE_FIELDS)
    assert layout is not None and layout.is_complete
    return CourseRowReader(layout, REFERENCE, "P")


@settings(max_examples=300, deadline=None)
@given(course_lists(typed=True))
def test_a_known_row_is_what_reading_and_checking_it_gives(course_list):
    names, rows = course_list
    reader = reader_for(names)
    for _ in range(2):  # the second round finds more parts known
        for number, cells in enumerate(rows, start=2):
            known = reader.known.record(cells)
            course, problems = reader.read(number, cells)
            if known is not None:
                assert problems == [] and course is not None
                assert course_record(course) == known


def test_rows_of_known_parts_need_no_reading():
    names = [f.name for f in COURSE_FIELDS]
    reader = reader_for(names)
    row = {name: TEXT_CELLS[name][0] for name in names}
    first = [row[n] for n in names]
    assert reader.known.record(first) is None  # nothing known yet
    course, problems = reader.read(2, first)
    assert course is not None and problems == []
    second = [{**row, "code": "C-2"}[n] for n in names]
    assert reader.known.record(second) == course_record(replace(course, code="C-2"))


def test_a_part_is_not_learnt_from_a_row_with_a_repaired_text():
    names = ["code", "title", "occupation", "municipality", "start", "end", "days", "time", "seats"]
    reader = reader_for(names)
    row = ["C-1", "Ã«lbasan", "7531", "Durrës", "01.02.2027", "30.06.2027", "Hën", "9-12", "15"]
    course, _ = reader.read(2, row)
    assert course is not None and course.title == "ëlbasan" and reader.repaired_cells == 1
    assert reader.known.record(["C-2", *row[1:]]) is None  # read again: the repair is counted
    reader.read(3, ["C-2", *row[1:]])
    assert reader.repaired_cells == 2


def test_true_and_false_are_not_taken_for_one_and_zero():
    names = ["code", "title", "occupation", "municipality", "start", "end", "days", "time", "seats", "fee"]
    reader = reader_for(names)
    row = ["C-1", "Kurs", "7531", "Durrës", "01.02.2027", "30.06.2027", "Hën", "9-12", 1, 0]
    assert reader.read(2, row)[0] is not None
    assert reader.known.record(["C-2", *row[1:8], True, 0]) is None
    course, problems = reader.read(3, ["C-2", *row[1:8], True, 0])
    assert course is None and [p.message for p in problems] == ["Write a whole number in digits, e.g. 15."]
    course, problems = reader.read(4, ["C-3", *row[1:8], 1, False])
    assert course is None and [p.message for p in problems] == [
        "Write the fee in whole lek, e.g. 5000, or «falas»."
    ]
    assert reader.read(5, ["C-4", *row[1:8], 1, 0])[0] is not None  # 0 after FALSE: a fee of 0
    course, problems = reader.read(6, ["C-5", *row[1:8], False, 0])
    assert course is None and [p.message for p in problems] == ["Write a whole number in digits, e.g. 15."]
    course, problems = reader.read(7, ["C-6", *row[1:8], 0, 0])  # 0 after FALSE: the range message
    assert [p.message for p in problems] == ["Seats must be a whole number from 1 to 10000."]


# The whole import, with and without the quick way ----------------------------------------
def write_list(path: Path, names: list[str], rows: list[list[Any]]) -> Path:
    headers = [LABELS[n] for n in names]
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerows([headers, *rows])
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Kurset")
        for values in [headers, *rows]:
            sheet.append(values)
        workbook.save(path)
    return path


def imported(folder: Path, files: list[Path], quick: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What importing the files one after another reports and stores."""
    with monkeypatch.context() as patch:
        if not quick:
            patch.setattr(KnownRows, "record", lambda self, cells: None)
        store = open_store(folder / f"{quick}.db")
        service = ImportService(store)
        seen: list[Any] = []
        for path, options in zip(files, ({}, {"skip_invalid": True}, {"cancel_missing": True}), strict=False):
            try:
                report = service.import_courses(path, "P", **options)
            except UnreadableFile as error:  # e.g. commas in the cells taken for separators
                seen.append(error.message)
                continue
            changes = [(c.row, c.code, c.fields) for c in report.changes]
            seen.append((report.as_dict(), changes, report.written, report.missing, report.cancelled))
        with store.read() as uow:
            seen.append([(c.id, c.version, course_record(c)) for c in uow.courses.list()])
        store.close()
    return seen


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from([".csv", ".xlsx"]), data=st.data())
def test_an_import_reports_and_stores_the_same_with_and_without_the_quick_way(
    tmp_path_factory, monkeypatch, suffix, data
):
    lists = data.draw(st.lists(course_lists(typed=suffix == ".xlsx"), min_size=1, max_size=3))
    folder = tmp_path_factory.mktemp("lists")
    names = lists[0][0]  # one provider's files, one layout: later files update earlier ones
    files = [
        write_list(folder / f"{n}{suffix}", names, [r[: len(names)] for r in rows])
        for n, (_, rows) in enumerate(lists)
    ]
    assert imported(folder, files, True, monkeypatch) == imported(folder, files, False, monkeypatch)
