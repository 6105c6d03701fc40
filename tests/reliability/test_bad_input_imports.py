"""Files from strangers: random bytes under every accepted suffix, and course lists and needs
tables with random cells. The importer never shows a traceback (only CourseHubError with a
plain message, or a report naming row, column and value), and an import that is refused or
stopped by invalid rows leaves the database file byte for byte as it was."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursehub.domain.errors import CourseHubError
from coursehub.services.importing import ImportService
from tests.builders import COURSE_LIST_HEADERS
from tests.reliability.fuzzing import file_bytes, fuzz

SUFFIXES = [".csv", ".xlsx", ".ods", ".xls", ".txt", ""]
COURSE_HEADERS = [*COURSE_LIST_HEADERS, "Mosha", "Gjinia", "Tarifa"]
NEED_HEADERS = ["Kodi ISCO", "Bashkia", "Viti", "Kërkesa"]

cell = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(
        [
            "",
            "7531",
            "Durrës",
            "Durres",
            "01.02.2027",
            "2027-02-30",
            "31/12/2027",
            "Hën, Mër, Pre",
            "E hënë - e premte",
            "9-12",
            "25:00-26:00",
            "12-9",
            "0",
            "-4",
            "1e309",
            "NaN",
            "=cmd|' /C calc'!A0",
            "16-35",
            "Femra",
            "falas",
            "\ufeff",
            "Ã«",
            "\x00",
            "1" * 400,
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
)


def table_bytes(headers: list[str], rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding, "replace")


@pytest.fixture
def importer(demo_store) -> ImportService:
    return ImportService(demo_store)


def attempt(path: Path, db_path: Path, run) -> str:
    """Run one import; return "written", "refused" or "unread", checking the guarantees."""
    before = file_bytes(db_path)
    try:
        report = run(path)
    except CourseHubError as refusal:
        assert refusal.message.strip() and "Traceback" not in refusal.message
        outcome = "unread"
    else:
        if report.written:
            return "written"
        for problem in report.errors:
            assert problem.message.strip() and problem.row >= 0
        outcome = "refused"
    assert file_bytes(db_path) == before
    return outcome


def test_random_bytes_are_refused_plainly_and_change_nothing(importer, db_path, tmp_path):
    outcomes: list[str] = []

    @fuzz(ci=100, long=3000)
    @given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES), zipped=st.booleans())
    def check(data: bytes, suffix: str, zipped: bool) -> None:
        path = tmp_path / f"random{suffix}"
        if zipped:  # something that starts like an XLSX/ODS, so the zip checks run
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("[Content_Types].xml", data[:200])
                archive.writestr("xl/worksheets/sheet1.xml", data)
            data = buffer.getvalue()
        path.write_bytes(data)
        outcomes.append(attempt(path, db_path, lambda p: importer.import_courses(p, "Fuzz NGO")))

    check()
    print(
        f"\nrandom files tried: {len(outcomes)} ({outcomes.count('unread')} unreadable, "
        f"{outcomes.count('refused')} refused by row checks)"
    )
    assert "written" not in outcomes


def test_random_cells_in_a_course_list(importer, db_path, tmp_path):
    outcomes: list[str] = []

    @fuzz(ci=60, long=3000)
    @given(
        rows=st.lists(
            st.lists(cell, min_size=len(COURSE_HEADERS), max_size=len(COURSE_HEADERS) + 2),
            min_size=1,
            max_size=6,
        ),
        delimiter=st.sampled_from([",", ";", "\t"]),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "utf-16"]),
    )
    def check(rows: list[list[str]], delimiter: str, encoding: str) -> None:
        path = tmp_path / "kurset.csv"
        path.write_bytes(table_bytes(COURSE_HEADERS, rows, delimiter, encoding))
        outcomes.append(attempt(path, db_path, lambda p: importer.import_courses(p, "Fuzz NGO")))

    check()
    print(
        f"\nrandom course lists tried: {len(outcomes)} ({outcomes.count('written')} written, "
        f"{outcomes.count('refused')} refused by row checks, {outcomes.count('unread')} "
        "unreadable)"
    )
    assert "refused" in outcomes


def test_random_cells_in_a_needs_table(importer, db_path, tmp_path):
    outcomes: list[str] = []

    @fuzz(ci=50, long=2000)
    @given(rows=st.lists(st.lists(cell, min_size=4, max_size=5), min_size=1, max_size=6))
    def check(rows: list[list[str]]) -> None:
        path = tmp_path / "nevojat.csv"
        path.write_bytes(table_bytes(NEED_HEADERS, rows, ";", "utf-8"))
        outcomes.append(attempt(path, db_path, lambda p: importer.import_needs(p)))

    check()
    print(f"\nrandom needs tables tried: {len(outcomes)} ({outcomes.count('written')} written)")
