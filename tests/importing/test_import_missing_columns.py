"""A course list without some required columns (here ISCO, Days and Time): the preview the
wizard shows and the import both name the missing columns, and neither reads a row."""

from __future__ import annotations

import pytest

from coursehub.importing.headers import COURSE_FIELDS, detect_layout
from coursehub.importing.rows import CourseRowReader

HEADERS = "Kodi,Kursi,Bashkia,Data e fillimit,Data e mbarimit,Vende"
ROWS = ("NV-01,Rrobaqepësi,Durrës,01.04.2027,30.06.2027,12", "NV-02,Parukeri,Durrës,01.04.2027,30.06.2027,10")


def write_list(tmp_path):
    path = tmp_path / "pa-orar.csv"
    path.write_text("\n".join((HEADERS, *ROWS)) + "\n", encoding="utf-8")
    return path


def test_preview_names_the_missing_columns_and_shows_the_rows_as_read(service, tmp_path):
    preview = service.preview_courses(write_list(tmp_path), "P")
    assert preview.missing == ["occupation", "days", "time"]
    assert [row.kind for row in preview.rows] == ["header", "course", "course"]
    assert [cell.text for cell in preview.rows[1].cells][:2] == ["NV-01", "Rrobaqepësi"]
    assert (preview.valid_rows, preview.invalid_rows) == (0, 0)


def test_import_of_the_same_file_reports_the_same_missing_columns(service, tmp_path):
    report = service.import_courses(write_list(tmp_path), "P")
    assert not report.written and report.added == 0
    assert [e.column for e in report.errors] == ["ISCO code", "Days", "Time"]


def test_a_missing_code_column_is_derived_not_missing(service, tmp_path):
    path = tmp_path / "pa-kod.csv"
    rows = "\n".join(line.split(",", 1)[1] + ",7531,E hënë,9-12" for line in ROWS)
    path.write_text(HEADERS.split(",", 1)[1] + ",Kodi ISCO,Ditet,Orari\n" + rows + "\n", encoding="utf-8")
    preview = service.preview_courses(path, "P")
    assert preview.missing == [] and preview.valid_rows == 2
    report = service.import_courses(path, "P", dry_run=True)
    assert report.ok and report.added == 2 and "no course code column" in " ".join(report.warnings)


def test_a_row_reader_refuses_a_layout_without_required_columns():
    layout = detect_layout([(1, HEADERS.split(","))], COURSE_FIELDS)
    assert layout is not None and not layout.is_complete
    with pytest.raises(ValueError, match="required columns"):
        CourseRowReader(layout, reference=None, provider="P")  # type: ignore[arg-type]  # refused before use
