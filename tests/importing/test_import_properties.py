"""Property tests: random bytes and random cells never crash the importer and never change
the database file."""

from __future__ import annotations

import contextlib
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_fixtures import SQ_HEADERS, SQ_ROWS

from coursehub.importing.problems import UnreadableFile
from coursehub.importing.values import BadValue, parse_date, parse_time_range, parse_weekdays

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".ods", ".xls"]))
def test_random_bytes_never_crash_nor_write(service, tmp_path, db_bytes, data, suffix):
    before = db_bytes()
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        report = service.import_courses(path, "P")
    except UnreadableFile as error:
        assert error.message
    else:
        assert (report.added == 0 and not report.written) or report.error_count == 0
    assert db_bytes() == before


@SETTINGS
@given(data=st.binary(max_size=2048))
def test_random_bytes_after_a_zip_header(service, tmp_path, db_bytes, data):
    before = db_bytes()
    path = tmp_path / "random.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    with contextlib.suppress(UnreadableFile):
        service.import_courses(path, "P")
    assert db_bytes() == before


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "9-12", "Hën", "01.02.2027", "12", "Durrës", "7531", "falas", "16+"]),
)


@SETTINGS
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=len(SQ_HEADERS) + 2), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_cells_never_crash_and_invalid_changes_nothing(service, tmp_path, db_bytes, rows, delimiter):
    before = db_bytes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(SQ_HEADERS)
    writer.writerows([SQ_ROWS[0], *rows])
    path = tmp_path / "cells.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        report = service.import_courses(path, "Random", dry_run=True)
        assert report.added + report.skipped <= len(rows) + 1
        for error in report.errors:
            assert error.row >= 2 and error.message
        real = service.import_courses(path, "Random")
    except UnreadableFile:
        assert db_bytes() == before
        return
    if not real.written:
        assert db_bytes() == before


@given(st.text(max_size=40))
def test_value_parsers_raise_only_bad_value(text):
    for parse in (parse_date, parse_time_range, parse_weekdays):
        try:
            parse(text)
        except BadValue as error:
            assert error.message
