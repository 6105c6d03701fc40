"""Exports: iCalendar read back by an independent library, CSV/XLSX formula neutralisation,
and the XLSX exchange: round trip into a second database, merge verdicts, conflicts."""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import openpyxl
import pytest
import recurring_ical_events

from coursehub.app import main
from coursehub.domain.exchange_format import course_row, neutralise, provider_row, restore
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand
from coursehub.services.catalogue import CatalogueService
from coursehub.services.course_filter import CourseFilter
from coursehub.services.exchange import ExchangeService, InvalidExchangeFile, Verdict
from coursehub.storage import open_store
from tests.conftest import DEMO_YEAR

STAMP = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://example.org","Kliko")'


def exchange(store) -> ExchangeService:
    return ExchangeService(store, clock=lambda: STAMP)


@pytest.fixture
def second_store(tmp_path: Path):
    store = open_store(tmp_path / "other-office.db")
    yield store
    store.close()


def by_key(store) -> dict:
    return {(c.provider, c.code): course_row(c) for c in CatalogueService(store).courses()}


# iCalendar ------------------------------------------------------------------------
def test_ics_occurrences_match_held_sessions_and_skip_holidays(demo_store, tmp_path):
    target = tmp_path / "courses.ics"
    exchange(demo_store).export_ics(target)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Tirane"
    course = CatalogueService(demo_store).find_course("QFP Durrës", "QFPD-KZ-02")
    holidays = HolidayCalendar()
    expected = {(s.day, s.start) for s in expand(course, holidays) if s.is_held}
    skipped = {s.day for s in expand(course, holidays) if not s.is_held}
    assert skipped, "the demo course has sessions on public holidays"
    found = {
        (e["DTSTART"].dt.date(), e["DTSTART"].dt.time().replace(tzinfo=None))
        for e in recurring_ical_events.of(calendar).between(course.start, date(DEMO_YEAR, 12, 31))
        if e["SUMMARY"] == course.title and "Kuzhina" in str(e.get("LOCATION", ""))
    }
    assert found == expected
    assert not {day for day, _start in found} & skipped
    first = next(e for e in calendar.walk("VEVENT") if e["SUMMARY"] == course.title)
    assert str(first["DTSTART"].dt.tzinfo) == "Europe/Tirane"


def test_ics_marks_cancelled_courses(demo_store, tmp_path):
    catalogue = CatalogueService(demo_store)
    cancelled = catalogue.cancel_course(catalogue.find_course("QFP Durrës", "QFPD-RQ-01").id)
    target = tmp_path / "courses.ics"
    exchange(demo_store).export_ics(target)
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    statuses = {str(e["STATUS"]) for e in events if e["SUMMARY"] == cancelled.title}
    assert statuses == {"CANCELLED"}
    exchange(demo_store).export_ics(target, CourseFilter(live_only=True))
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert all(e["SUMMARY"] != cancelled.title for e in events)


# Formula neutralisation -------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+1", "+3", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "'plain"])
def test_neutralise_is_inert_and_reversible(text):
    safe = neutralise(text)
    assert safe.startswith("'")
    assert restore(safe) == text
    assert neutralise("Rrobaqepësi") == "Rrobaqepësi"


def test_csv_and_xlsx_cells_cannot_run_as_formulas(demo_store, tmp_path):
    catalogue = CatalogueService(demo_store)
    course = catalogue.find_course("QFP Durrës", "QFPD-RQ-01")
    catalogue.save_course(replace(course, title=FORMULA, notes="@cmd|' /C calc'!A0"))
    service = exchange(demo_store)
    service.export_csv(tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert [r[2] for r in rows if r[1] == "QFPD-RQ-01"] == ["'" + FORMULA]
    service.export_xlsx(tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["Courses"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    # Shown exactly as typed (no apostrophe in the cell), but as a text cell: no formula.
    titles = {row[1].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert titles["QFPD-RQ-01"].value == FORMULA
    assert titles["QFPD-RQ-01"].data_type == "s" and titles["QFPD-RQ-01"].quotePrefix
    with zipfile.ZipFile(tmp_path / "c.xlsx") as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


# Exchange -----------------------------------------------------------------------------
def test_xlsx_round_trip_reproduces_catalogue_and_providers(demo_store, second_store, tmp_path):
    catalogue = CatalogueService(demo_store)
    course = catalogue.find_course("QFP Durrës", "QFPD-RQ-01")
    catalogue.save_course(replace(course, title=FORMULA, notes="shënim: ç'është?\nrreshti 2"))
    target = tmp_path / "exchange.xlsx"
    exchange(demo_store).export_xlsx(target)
    report = exchange(second_store).import_exchange(target)
    assert report.count(Verdict.NEW) == catalogue.count()
    assert by_key(second_store) == by_key(demo_store)
    theirs = {p.name: provider_row(p) for p in CatalogueService(second_store).providers()}
    ours = {p.name: provider_row(p) for p in catalogue.providers()}
    assert theirs == ours
    again = exchange(second_store).import_exchange(target)
    assert again.count(Verdict.UNCHANGED) == catalogue.count()
    assert not again.providers_added and not again.providers_differing


def test_provider_details_that_differ_are_shown_not_overwritten(demo_store, second_store, tmp_path):
    target = tmp_path / "exchange.xlsx"
    exchange(demo_store).export_xlsx(target)
    exchange(second_store).import_exchange(target)
    here = CatalogueService(second_store)
    qfp = next(p for p in here.providers() if p.name == "QFP Durrës")
    here.save_provider(replace(qfp, contact="Rruga e Re 5, Durrës"))
    report = exchange(second_store).import_exchange(target)
    differences = report.providers_differing["QFP Durrës"]
    assert [(d.field, d.ours, d.theirs) for d in differences] == [
        ("Contact", "Rruga e Re 5, Durrës", "Lagjja 13, Durrës")
    ]
    assert next(p for p in here.providers() if p.name == "QFP Durrës").contact == "Rruga e Re 5, Durrës"


def test_dry_run_writes_nothing(demo_store, second_store, tmp_path):
    target = tmp_path / "exchange.xlsx"
    exchange(demo_store).export_xlsx(target)
    report = exchange(second_store).import_exchange(target, dry_run=True)
    assert report.count(Verdict.NEW) > 0
    assert CatalogueService(second_store).count() == 0


def _edit(store, code: str, **changes):
    catalogue = CatalogueService(store)
    return catalogue.save_course(replace(catalogue.find_course("QFP Durrës", code), **changes))


def test_changes_on_one_side_merge_and_both_sides_conflict(demo_store, second_store, tmp_path):
    first = tmp_path / "first.xlsx"
    exchange(demo_store).export_xlsx(first)
    exchange(second_store).import_exchange(first)

    _edit(demo_store, "QFPD-RQ-01", seats=22)  # they change it only
    _edit(second_store, "QFPD-KZ-02", trainer="Besa Hoxha")  # we change it only
    _edit(demo_store, "QFPD-EL-03", venue="Salla 7")  # both change it
    _edit(second_store, "QFPD-EL-03", venue="Salla 9")
    second = tmp_path / "second.xlsx"
    exchange(demo_store).export_xlsx(second)
    report = exchange(second_store).import_exchange(second)
    verdicts = {o.code: o for o in report.outcomes}
    assert verdicts["QFPD-RQ-01"].verdict is Verdict.CHANGED
    assert verdicts["QFPD-KZ-02"].verdict is Verdict.KEPT
    conflict = verdicts["QFPD-EL-03"]
    assert conflict.verdict is Verdict.CONFLICT
    assert [(d.field, d.ours, d.theirs) for d in conflict.differences] == [("Venue", "Salla 9", "Salla 7")]
    here = CatalogueService(second_store)
    assert here.find_course("QFP Durrës", "QFPD-RQ-01").seats == 22
    assert here.find_course("QFP Durrës", "QFPD-KZ-02").trainer == "Besa Hoxha"
    assert here.find_course("QFP Durrës", "QFPD-EL-03").venue == "Salla 9"  # nothing written

    settled = exchange(second_store).import_exchange(second, take={("QFP Durrës", "QFPD-EL-03"): "theirs"})
    assert {o.code: o.verdict for o in settled.outcomes}["QFPD-EL-03"] is Verdict.TOOK_THEIRS
    assert here.find_course("QFP Durrës", "QFPD-EL-03").venue == "Salla 7"
    quiet = exchange(second_store).import_exchange(second)
    assert not quiet.conflicts


def test_bad_cells_refuse_the_whole_file(demo_store, second_store, tmp_path):
    target = tmp_path / "exchange.xlsx"
    exchange(demo_store).export_xlsx(target)
    book = openpyxl.load_workbook(target)
    book["Courses"]["H3"] = "31.02.2027"  # start date of the second course
    book["Courses"]["K4"] = "dhjetë"  # seats of the third
    book.save(target)
    with pytest.raises(InvalidExchangeFile) as error:
        exchange(second_store).import_exchange(target)
    message = error.value.message
    assert "row 3, column Start date, value «31.02.2027»" in message
    assert "row 4, column Seats, value «dhjetë»" in message
    assert CatalogueService(second_store).count() == 0


def test_cli_exports_and_exchange_import(demo_store, db_path, tmp_path, capsys):
    from coursehub.cli.main import main

    def coursehub(db: Path, *argv: str) -> int:
        return main(["--db", str(db), "--lang", "en", *argv])

    demo_store.close()
    for kind in ("ics", "csv", "xlsx"):
        assert (
            coursehub(
                db_path, "export", kind, "--municipality", "Durres", "-o", str(tmp_path / f"out.{kind}")
            )
            == 0
        )
    assert coursehub(tmp_path / "other.db", "exchange", "import", str(tmp_path / "out.xlsx"), "--json") == 0
    assert '"new":' in capsys.readouterr().out
    assert coursehub(db_path, "print", "sheet", "QFP Durrës:QFPD-RQ-01", "-o", str(tmp_path / "s.pdf")) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert coursehub(db_path, "print", "calendar", "--week", "2027-W99", "-o", str(tmp_path / "c.pdf")) == 1
    assert "YYYY-Www" in capsys.readouterr().err


def test_a_file_from_a_newer_coursehub_is_refused(demo_store, second_store, tmp_path):
    target = tmp_path / "exchange.xlsx"
    exchange(demo_store).export_xlsx(target)
    book = openpyxl.load_workbook(target)
    about = book["About"]
    for row in about.iter_rows():
        if row[0].value == "Version":
            row[1].value = 99
    book.save(target)
    with pytest.raises(Exception, match="newer CourseHub"):
        exchange(second_store).import_exchange(target)
    assert CatalogueService(second_store).count() == 0


# CSV round trip ------------------------------------------------------------------------
@pytest.mark.parametrize("delimiter", ["comma", "semicolon", "tab"])
def test_csv_export_reads_back_into_the_provider_unchanged(demo_store, db_path, tmp_path, capsys, delimiter):
    catalogue = CatalogueService(demo_store)
    course = catalogue.find_course("QFP Durrës", "QFPD-RQ-01")
    catalogue.save_course(replace(course, title=FORMULA, notes="@cmd|' /C calc'!A0", trainer="'Ana"))
    target = tmp_path / "qfp.csv"
    argv = ["--lang", "en", "--db", str(db_path), "export", "csv", "--provider", "QFP Durrës"]
    assert main([*argv, "--delimiter", delimiter, "-o", str(target)]) == 0
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split({"comma": ",", "semicolon": ";", "tab": "\t"}[delimiter])[9:11] == ["Days", "Time"]
    capsys.readouterr()
    importing = ["--lang", "en", "--db", str(db_path), "import", str(target), "--provider", "QFP Durrës"]
    code = main([*importing, "--dry-run", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (report["errors"], report["added"], report["updated"]) == ([], 0, 0)
    assert report["unchanged"] == len(catalogue.courses(provider="QFP Durrës"))


def test_delimiter_is_for_csv_only(demo_store, db_path, tmp_path, capsys):
    argv = ["--lang", "en", "--db", str(db_path), "export", "ics", "--delimiter", "semicolon"]
    assert main([*argv, "-o", str(tmp_path / "x.ics")]) != 0
    assert "--delimiter applies to CSV files only" in capsys.readouterr().err
