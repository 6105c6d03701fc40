"""Re-import, all or nothing, mappings, derived keys, row numbers and the value rules."""

from __future__ import annotations

import pytest
from import_fixtures import SQ_HEADERS, SQ_ROWS, write_csv

from coursehub.domain.errors import PermissionDenied
from coursehub.domain.model import CourseStatus
from coursehub.domain.people import Actor, Role


def _csv(tmp_path, rows, headers=SQ_HEADERS, name="k.csv", **kw):
    return write_csv(tmp_path / name, headers, rows, **kw)


def _courses(store, provider="P"):
    with store.read() as uow:
        return {c.code: c for c in uow.courses.list(provider=provider)}


def test_reimport_reports_new_changed_unchanged_missing(service, store, tmp_path):
    service.import_courses(_csv(tmp_path, SQ_ROWS[:4]), "P")
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[1][9] = "30"  # seats of SQ-02
    rows[1][8] = "10-13"  # time of SQ-02
    rows.append(list(SQ_ROWS[5]))  # SQ-06 is new
    report = service.import_courses(_csv(tmp_path, rows, name="k2.csv"), "P")
    assert (report.added, report.updated, report.unchanged) == (1, 1, 2)
    assert report.missing == ["SQ-04"]
    assert [(c.row, c.code, c.fields) for c in report.changes] == [(5, "SQ-02", ("seats", "sessions"))]
    courses = _courses(store)
    assert courses["SQ-02"].seats == 30 and courses["SQ-02"].version == 2
    assert courses["SQ-04"].status is CourseStatus.OPEN  # never deleted or cancelled silently


def test_cancel_missing_marks_them_cancelled(service, store, tmp_path):
    service.import_courses(_csv(tmp_path, SQ_ROWS[:4]), "P")
    report = service.import_courses(_csv(tmp_path, SQ_ROWS[:2], name="k2.csv"), "P", cancel_missing=True)
    assert report.missing == ["SQ-03", "SQ-04"]
    assert report.cancelled == ["SQ-04"]  # SQ-03 was already cancelled in the file
    assert _courses(store)["SQ-04"].status is CourseStatus.CANCELLED


def test_any_invalid_row_writes_nothing_and_db_is_byte_identical(service, tmp_path, db_bytes):
    service.import_courses(_csv(tmp_path, SQ_ROWS[:2]), "P")
    before = db_bytes()
    rows = [list(r) for r in SQ_ROWS]
    rows[1][9] = "35"
    rows[6][3] = "Atlantis"
    report = service.import_courses(_csv(tmp_path, rows, name="bad.csv"), "P", cancel_missing=True)
    assert not report.written and report.error_count == 1
    assert (report.errors[0].row, report.errors[0].column, report.errors[0].value) == (
        10,
        "Bashkia",
        "Atlantis",
    )
    assert db_bytes() == before


def test_dry_run_writes_nothing_but_reports(service, tmp_path, db_bytes):
    before = db_bytes()
    report = service.import_courses(_csv(tmp_path, SQ_ROWS), "New provider", dry_run=True)
    assert report.added == len(SQ_ROWS) and not report.written
    assert db_bytes() == before


def test_skip_invalid_writes_the_valid_rows(service, store, tmp_path):
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[0][13] = "romë dhe të moshuarit"
    report = service.import_courses(_csv(tmp_path, rows), "P", skip_invalid=True)
    assert report.written and report.added == 2 and report.skipped == 1
    assert "moshuarit" in report.errors[0].message
    assert set(_courses(store)) == {"SQ-02", "SQ-03"}


def test_quoted_line_breaks_keep_spreadsheet_row_numbers(service, tmp_path):
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[0][17] = "rreshti i parë\nrreshti i dytë\nrreshti i tretë"
    rows[2][6] = "01.01.2027"  # ends before it starts
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert [(e.row, e.column) for e in report.errors] == [(6, "Data e mbarimit")]
    assert "before it starts" in report.errors[0].message


def test_blank_rows_between_courses_are_skipped_and_counted(service, tmp_path):
    rows = [SQ_ROWS[0], [""] * len(SQ_HEADERS), [], SQ_ROWS[1]]
    rows = [list(r) for r in rows]
    rows[3][9] = "x"
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert [e.row for e in report.errors] == [7]


def test_missing_required_column_is_one_plain_error(service, tmp_path):
    headers = [h for h in SQ_HEADERS if h != "Orari"]
    rows = [[c for h, c in zip(SQ_HEADERS, r, strict=True) if h != "Orari"] for r in SQ_ROWS[:2]]
    report = service.import_courses(_csv(tmp_path, rows, headers=headers), "P")
    assert not report.written and len(report.errors) == 1
    assert report.errors[0].row == 3 and "Orari" in report.errors[0].message
    assert report.errors[0].column == "Time"


def test_required_cell_empty(service, tmp_path):
    rows = [list(SQ_ROWS[0])]
    rows[0][1] = "  "
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert [(e.column, e.message) for e in report.errors] == [("Emri i kursit", "This column needs a value.")]


def test_unknown_columns_are_warnings(service, tmp_path):
    headers = [*SQ_HEADERS, "Koordinatori"]
    rows = [[*r, "Besa"] for r in SQ_ROWS[:1]]
    report = service.import_courses(_csv(tmp_path, rows, headers=headers), "P")
    assert report.written
    assert any("Koordinatori" in w for w in report.warnings)


def test_explicit_mapping_is_used_and_remembered(service, store, tmp_path):
    headers = ["Nr", "Emri", "Kodi ISCO", "Bashkia", "Nga", "Deri", "Ditet", "Orari", "Vende"]
    row = ["M1", "Kurs", "7531", "Durrës", "01.03.2027", "30.06.2027", "Hën", "9-12", "10"]
    mapping = {"Nr": "code", "Emri": "title", "Nga": "start", "Deri": "end"}
    report = service.import_courses(_csv(tmp_path, [row], headers=headers), "P", mapping=mapping)
    assert report.written and report.added == 1
    row[7] = "10-12"
    again = service.import_courses(_csv(tmp_path, [row], headers=headers, name="2.csv"), "P")
    assert again.updated == 1 and again.changes[0].fields == ("sessions",)
    assert _courses(store)["M1"].title == "Kurs"


def test_mapping_with_unknown_field_is_refused(service, tmp_path):
    from coursehub.importing.problems import UnreadableFile

    with pytest.raises(UnreadableFile, match="not a field"):
        service.import_courses(_csv(tmp_path, SQ_ROWS[:1]), "P", mapping={"Kodi": "kodi"})


def test_no_code_column_derives_a_stable_key(service, store, tmp_path):
    headers, rows = SQ_HEADERS[1:], [r[1:] for r in SQ_ROWS[:3]]
    first = service.import_courses(_csv(tmp_path, rows, headers=headers), "P")
    assert first.added == 3 and any("no course code column" in w for w in first.warnings)
    again = service.import_courses(_csv(tmp_path, rows, headers=headers, name="2.csv"), "P")
    assert again.unchanged == 3 and again.added == 0
    assert all(code.startswith("auto-") for code in _courses(store))


def test_duplicate_code_in_file(service, tmp_path):
    rows = [SQ_ROWS[0], ["SQ-01", *SQ_ROWS[1][1:]]]
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert report.errors[0].row == 5 and "row 4" in report.errors[0].message


def test_age_column_disagreeing_with_min_max_is_invalid(service, tmp_path):
    headers = [*SQ_HEADERS, "Mosha min", "Mosha max"]
    rows = [[*SQ_ROWS[0], "16", "35"], [*SQ_ROWS[1], "20", ""]]
    report = service.import_courses(_csv(tmp_path, rows, headers=headers), "P")
    assert [(e.row, e.column) for e in report.errors] == [(5, "Mosha")]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        (9, "dhjetë", "digits"),
        (9, "0", "from 1"),
        (2, "9999", "ISCO"),
        (5, "32.01.2027", "exist"),
        (7, "Hën - Kalënd", "weekday"),
        (8, "12-9", "end after"),
        (10, "dy", "age"),
        (11, "tjetër", "gender"),
        (12, "doktoraturë", "education"),
        (15, "ndoshta", "status"),
        (16, "shtrenjtë", "fee"),
    ],
)
def test_bad_values_name_row_column_value(service, tmp_path, column, value, words):
    rows = [list(SQ_ROWS[0])]
    rows[0][column] = value
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column, error.value) == (4, SQ_HEADERS[column], value)
    assert words in error.message


def test_messages_in_albanian(service, tmp_path):
    from coursehub.i18n import set_language

    set_language("sq")
    rows = [list(SQ_ROWS[0])]
    rows[0][9] = "dhjetë"
    report = service.import_courses(_csv(tmp_path, rows), "P")
    assert "shifra" in report.errors[0].message


def test_mojibake_csv_is_repaired(service, store, tmp_path):
    path = _csv(tmp_path, SQ_ROWS[:2])
    broken = path.read_text(encoding="utf-8").encode("utf-8").decode("cp1252", errors="replace")
    (tmp_path / "m.csv").write_text(broken.replace("\ufffd", ""), encoding="utf-8")
    report = service.import_courses(tmp_path / "m.csv", "P", dry_run=False)
    assert report.errors == [], report.errors
    assert _courses(store)["SQ-01"].title == "Rrobaqepësi"


def test_replacement_characters_are_refused_with_a_preview(service, tmp_path):
    from coursehub.importing.problems import UnreadableFile

    rows = [list(SQ_ROWS[0])]
    rows[0][1] = "Rrobaqep\ufffdsi"
    with pytest.raises(UnreadableFile, match="Rrobaqep"):
        service.import_courses(_csv(tmp_path, rows), "P")


def test_mojibake_cell_in_a_spreadsheet_is_repaired(service, store, tmp_path):
    from import_fixtures import write_xlsx

    rows = [list(SQ_ROWS[0])]
    rows[0][1] = "RrobaqepÃ«si"
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, rows, extra_sheet=False)
    report = service.import_courses(path, "P")
    assert report.written and any("repaired" in w for w in report.warnings)
    assert _courses(store)["SQ-01"].title == "Rrobaqepësi"


def test_viewer_and_other_ngo_may_not_import(service, tmp_path):
    path = _csv(tmp_path, SQ_ROWS[:1])
    with pytest.raises(PermissionDenied):
        service.import_courses(path, "P", actor=Actor("v", Role.VIEWER))
    with pytest.raises(PermissionDenied):
        service.import_courses(path, "P", actor=Actor("c", Role.NGO_COORDINATOR, "Other"))
    ok = service.import_courses(path, "P", actor=Actor("c", Role.NGO_COORDINATOR, "p"))
    assert ok.written


def test_preview_shows_every_row_with_cell_problems_and_writes_nothing(service, tmp_path, db_bytes):
    before = db_bytes()
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[1][9] = "dhjetë"
    preview = service.preview_courses(_csv(tmp_path, rows), "P")
    assert preview.header_row == 3 and preview.mapping["Vende"] == "seats"
    kinds = [(r.number, r.kind) for r in preview.rows]
    assert kinds == [(1, "above"), (2, "above"), (3, "header"), (4, "course"), (5, "invalid"), (6, "course")]
    bad = preview.rows[4].cells[9]
    assert bad.text == "dhjetë" and bad.field == "seats" and "digits" in bad.problems[0]
    assert (preview.valid_rows, preview.invalid_rows) == (2, 1)
    assert db_bytes() == before


def test_status_kept_when_file_has_no_status_column(service, store, tmp_path):
    headers = [h for h in SQ_HEADERS if h != "Statusi"]
    rows = [[c for h, c in zip(SQ_HEADERS, r, strict=True) if h != "Statusi"] for r in SQ_ROWS[:2]]
    service.import_courses(_csv(tmp_path, rows, headers=headers), "P")
    from coursehub.services.catalogue import CatalogueService

    catalogue = CatalogueService(store)
    catalogue.cancel_course(_courses(store)["SQ-01"].id)
    again = service.import_courses(_csv(tmp_path, rows, headers=headers, name="2.csv"), "P")
    assert again.unchanged == 2
    assert _courses(store)["SQ-01"].status is CourseStatus.CANCELLED


def test_progress_and_stop_leave_nothing_written(service, tmp_path, db_bytes):
    from coursehub.services.importing import ImportStopped

    rows = [[f"K{n}", *SQ_ROWS[0][1:]] for n in range(2500)]
    path = _csv(tmp_path, rows)
    before = db_bytes()
    seen = []
    with pytest.raises(ImportStopped):
        service.import_courses(path, "P", progress=seen.append, should_stop=lambda: len(seen) >= 2)
    assert seen == [1000, 2000] and db_bytes() == before
    assert service.import_courses(path, "P").added == 2500


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("nga e hëna deri të premten", "MO TU WE TH FR"),
        ("E Hënë - E Premte", "MO TU WE TH FR"),
        ("Monday to Friday", "MO TU WE TH FR"),
        ("Mon/Wed/Fri", "MO WE FR"),
        ("e marte dhe e enjte", "TU TH"),
        ("Tue & Thu", "TU TH"),
        ("Pre-Hën", "MO FR SA SU"),
        ("Shtunë, Diel", "SA SU"),
        ("hen, mer", "MO WE"),
    ],
)
def test_weekday_forms(text, days):
    from coursehub.importing.values import parse_weekdays

    assert " ".join(d.name for d in parse_weekdays(text)) == days
