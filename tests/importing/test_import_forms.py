"""Every form of docs/importing.md imports the same from CSV (four encodings, three
separators), XLSX and ODS, in Albanian and in English."""

from __future__ import annotations

import pytest
from import_fixtures import (  # tests/importing/import_fixtures.py
    EN_HEADERS,
    EN_ROWS,
    EXPECTED,
    SQ_HEADERS,
    SQ_ROWS,
    check_course,
    write_csv,
    write_ods,
    write_xlsx,
)

WRITERS = {
    "csv-utf8-comma": lambda p, h, r: write_csv(p.with_suffix(".csv"), h, r),
    "csv-utf8-bom-semicolon": lambda p, h, r: write_csv(
        p.with_suffix(".csv"), h, r, encoding="utf-8-sig", delimiter=";"
    ),
    "csv-cp1250-semicolon": lambda p, h, r: write_csv(
        p.with_suffix(".csv"), h, r, encoding="cp1250", delimiter=";"
    ),
    "csv-cp1252-tab": lambda p, h, r: write_csv(
        p.with_suffix(".txt"), h, r, encoding="cp1252", delimiter="\t"
    ),
    "csv-utf16": lambda p, h, r: write_csv(p.with_suffix(".csv"), h, r, encoding="utf-16", delimiter="\t"),
    "xlsx": lambda p, h, r: write_xlsx(p.with_suffix(".xlsx"), h, r),
    "ods": lambda p, h, r: write_ods(p.with_suffix(".ods"), h, r),
}


@pytest.mark.parametrize("form", sorted(WRITERS))
@pytest.mark.parametrize("language", ["sq", "en"])
def test_every_form_imports(form, language, service, store, tmp_path):
    headers, rows = (SQ_HEADERS, SQ_ROWS) if language == "sq" else (EN_HEADERS, EN_ROWS)
    path = WRITERS[form](tmp_path / "list", headers, rows)
    sheet = "Kurset 2027" if form == "xlsx" else None
    report = service.import_courses(path, "Qendra Test", sheet=sheet)
    assert report.errors == [], report.errors
    assert report.written and report.added == len(rows)
    with store.read() as uow:
        courses = {c.code: c for c in uow.courses.list(provider="Qendra Test")}
    assert set(courses) == {r[0] for r in rows}
    for code, course in courses.items():
        check_course(course, EXPECTED[code])


def test_header_row_below_title_rows_and_reported(service, tmp_path):
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS)
    report = service.import_courses(path, "Qendra Test", dry_run=True)
    assert report.header_row == 3
    assert report.mapping["Data e fillimit"] == "start"
    assert report.mapping["Ditët e javës"] == "days"


def test_headers_match_ignoring_case_accents_punctuation(service, tmp_path):
    headers = [
        "KODI:",
        "emri i kursit",
        "Kodi ISCO",
        "BASHKIA",
        "data e fillimit:",
        "DATA E MBARIMIT",
        "Ditet",
        "ORARI",
        "nr. vendesh",
    ]
    row = ["K1", "Kurs", "7531", "Durrës", "01.03.2027", "30.06.2027", "Hën", "9-12", "10"]
    report = service.import_courses(write_csv(tmp_path / "k.csv", headers, [row]), "P")
    assert report.errors == [] and report.added == 1


def test_second_sheet_chosen_by_name(service, tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, SQ_ROWS[:2], sheet="Kurset 2027")
    report = service.import_courses(path, "P", sheet="kurset 2027")  # folded match
    assert report.added == 2 and report.sheet == "Kurset 2027"


def test_first_sheet_without_header_row_is_refused_plainly(service, tmp_path):
    from coursehub.importing.problems import UnreadableFile

    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, SQ_ROWS[:2])
    with pytest.raises(UnreadableFile, match="no header row"):
        service.import_courses(path, "P")


def test_xlsx_real_date_cells_and_row_numbers(service, tmp_path):
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[1][9] = "dhjetë"
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, rows, extra_sheet=False)
    report = service.import_courses(path, "P")
    assert [(e.row, e.column, e.value) for e in report.errors] == [(5, "Vende", "dhjetë")]
    assert "digits" in report.errors[0].message
    assert not report.written


def test_ods_row_numbers_count_the_merged_title_row(service, tmp_path):
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[2][5] = "31.02.2027"
    report = service.import_courses(write_ods(tmp_path / "k.ods", SQ_HEADERS, rows), "P")
    assert [(e.row, e.column) for e in report.errors] == [(6, "Data e fillimit")]
