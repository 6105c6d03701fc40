"""Labour-market needs: ISCO at any level, municipality or qark, year/quarter/date range."""

from __future__ import annotations

from datetime import date

import pytest
from import_fixtures import write_csv, write_ods, write_xlsx

from coursehub.domain.model import AreaKind

HEADERS = ["Kodi ISCO", "Profesioni", "Zona", "Periudha", "Nevoja", "Burimi"]
ROWS = [
    ["7", "", "Qarku Durrës", "2027", "100", "AKPA 2027"],
    ["75", "", "Qark Elbasan", "2027-Q2", "30", ""],
    ["753", "", "Durrës County", "01.04.2027-30.06.2027", "12", ""],
    ["7531", "Rrobaqepës", "Durres", "2027-Q4", "0", ""],
]
EN_HEADERS = ["ISCO code", "Occupation", "Area", "Period", "Vacancies", "Source"]


def _needs(store):
    with store.read() as uow:
        return {n.occupation: n for n in uow.needs.list()}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx, write_ods])
def test_every_form(service, store, tmp_path, writer):
    suffix = {write_csv: ".csv", write_xlsx: ".xlsx", write_ods: ".ods"}[writer]
    kwargs = {"extra_sheet": False} if writer is write_xlsx else {}
    report = service.import_needs(writer(tmp_path / f"n{suffix}", HEADERS, ROWS, **kwargs))
    assert report.errors == [] and report.added == 4
    needs = _needs(store)
    assert (needs["7"].area.kind, needs["7"].area.name) == (AreaKind.QARK, "Durrës")
    assert needs["7"].period.start == date(2027, 1, 1) and needs["7"].demand == 100
    assert needs["75"].area.name == "Elbasan" and needs["75"].area.kind is AreaKind.QARK
    assert (needs["75"].period.start, needs["75"].period.end) == (date(2027, 4, 1), date(2027, 6, 30))
    assert needs["753"].area.kind is AreaKind.QARK and needs["753"].period.end == date(2027, 6, 30)
    assert needs["7531"].area.kind is AreaKind.MUNICIPALITY
    assert needs["7531"].area.name == "Durrës" and needs["7531"].demand == 0
    assert needs["7531"].occupation_title == "Rrobaqepës"


def test_english_headers_and_reimport_updates_demand(service, store, tmp_path):
    service.import_needs(write_csv(tmp_path / "n.csv", EN_HEADERS, ROWS))
    rows = [list(r) for r in ROWS]
    rows[1][4] = "45"
    report = service.import_needs(write_csv(tmp_path / "n2.csv", EN_HEADERS, rows))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 3)
    assert _needs(store)["75"].demand == 45


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        (0, "99999", "ISCO"),
        (0, "9999", "ISCO"),
        (2, "Atlantis", "municipality"),
        (3, "2027-Q5", "period"),
        (3, "30.06.2027-01.04.2027", "before it starts"),
        (4, "-3", "digits"),
        (4, "shumë", "digits"),
    ],
)
def test_bad_values(service, tmp_path, db_bytes, column, value, words):
    before = db_bytes()
    rows = [list(r) for r in ROWS]
    rows[2][column] = value
    report = service.import_needs(write_csv(tmp_path / "n.csv", HEADERS, rows))
    assert [(e.row, e.column, e.value) for e in report.errors] == [(6, HEADERS[column], value)]
    assert words in report.errors[0].message
    assert not report.written and db_bytes() == before


def test_duplicate_need_rows(service, tmp_path):
    report = service.import_needs(write_csv(tmp_path / "n.csv", HEADERS, [ROWS[0], ROWS[0]]))
    assert report.errors[0].row == 5 and "Row 4" in report.errors[0].message


def test_only_office_staff_import_needs(service, tmp_path):
    from coursehub.domain.errors import PermissionDenied
    from coursehub.domain.people import Actor, Role

    with pytest.raises(PermissionDenied):
        service.import_needs(
            write_csv(tmp_path / "n.csv", HEADERS, ROWS), actor=Actor("c", Role.NGO_COORDINATOR, "Ura")
        )


def test_preview_needs(service, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][3] = "2027-Q9"
    preview = service.preview_needs(write_csv(tmp_path / "n.csv", HEADERS, rows))
    assert preview.header_row == 3 and preview.mapping["Zona"] == "area"
    bad = next(r for r in preview.rows if r.kind == "invalid")
    assert bad.number == 5 and bad.cells[3].problems and bad.cells[3].field == "period"
    assert (preview.valid_rows, preview.invalid_rows) == (3, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01/04/2027 - 30/06/2027", date(2027, 4, 1), date(2027, 6, 30)),
        ("2027-04-01/2027-06-30", date(2027, 4, 1), date(2027, 6, 30)),
        ("1 prill 2027 deri 30 qershor 2027", date(2027, 4, 1), date(2027, 6, 30)),
        ("Q3 2027", date(2027, 7, 1), date(2027, 9, 30)),
        (2027.0, date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_period_forms(text, start, end):
    from coursehub.importing.values import parse_period

    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
