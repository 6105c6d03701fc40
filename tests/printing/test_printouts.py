"""Printouts: text extracted from the PDFs (accents intact, rows, pages), escaping of
user values, deterministic output, and the layout rules of the week calendar."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from coursehub.domain.people import Roster, RosterEntry
from coursehub.i18n import set_language
from coursehub.printing.committee_report import people_count
from coursehub.services.analysis import AnalysisService
from coursehub.services.catalogue import CatalogueService
from coursehub.services.course_filter import CourseFilter
from coursehub.services.printing import PrintService, parse_iso_week
from tests.conftest import DEMO_YEAR

NOW = datetime(2027, 3, 1, 9, 30)
TRICKY = "Rrobaqepësi për çdo grua <img src='http://example.org/x.png'/> <font color=red>ë</font>"


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def service(store, roster=None) -> PrintService:
    return PrintService(
        store,
        roster_source=roster,
        analysis=lambda: AnalysisService(store),
        clock=lambda: NOW,
        invariant=True,
    )


@pytest.fixture
def course(demo_store):
    """A demo course whose title carries markup and Albanian letters."""
    catalogue = CatalogueService(demo_store)
    original = catalogue.find_course("QFP Durrës", "QFPD-RQ-01")
    return catalogue.save_course(replace(original, title=TRICKY))


def roster_of(course, enrolled: int, waiting: int = 0) -> Roster:
    people = tuple(
        RosterEntry(f"Trajnere Çelë {n}", f"P-{n:03d}", "enrolled") for n in range(1, enrolled + 1)
    )
    queue = tuple(RosterEntry(f"P-9{n:02d}", f"P-9{n:02d}", "waiting", n) for n in range(1, waiting + 1))
    return Roster(course, people, queue)


def test_sheet_lists_trainees_blank_rows_and_waiting_list(demo_store, course):
    printing = service(demo_store, lambda actor, cid, names: roster_of(course, 5, 2))
    pdf = printing.enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    text = "\n".join(pages_text(pdf.data))
    assert "Trajnere Çelë 1" in text and "Trajnere Çelë 5" in text
    assert "P-901" in text and "P-902" in text  # the waiting list, by code
    numbers = [line.split()[0] for line in text.splitlines() if line.split() and line.split()[0].isdigit()]
    assert str(course.seats) in numbers  # blank rows numbered up to the seats
    assert f"Page 1 of {pdf.pages}" in text
    assert "Printed on 01.03.2027 09:30 by anila" in text


def test_sheet_without_enrolment_prints_header_and_blank_rows(demo_store, course):
    pdf = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    text = "\n".join(pages_text(pdf.data))
    assert "Nobody is on the waiting list." in text
    assert "Trajnere" not in text
    assert "7531" in text and "Durrës" in text


def test_user_markup_prints_literally_and_accents_survive(demo_store, course):
    pdf = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    flat = " ".join(" ".join(pages_text(pdf.data)).split())
    assert "<img src='http://example.org/x.png'/>" in flat
    assert "<font color=red>ë</font>" in flat
    assert "Rrobaqepësi për çdo grua" in flat
    assert b"/Subtype /Image" not in pdf.data  # nothing was fetched or embedded


def test_same_input_gives_identical_bytes(demo_store, course):
    first = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    second = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    assert first.data == second.data


def test_every_printout_is_deterministic(demo_store):
    def all_printouts() -> list[bytes]:
        printing = service(demo_store)
        return [
            printing.week_calendar(DEMO_YEAR, 18, weeks=2).data,
            printing.catalogue_booklet().data,
            printing.committee_report(DEMO_YEAR).data,
            printing.attendance_register(printing_actor(), "QFP Durrës", "QFPD-KZ-02").data,
        ]

    assert all_printouts() == all_printouts()


def test_fonts_are_embedded(demo_store, course):
    pdf = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    assert b"FontFile2" in pdf.data and b"DejaVuSans" in pdf.data
    assert b"/Helvetica" not in pdf.data


def test_attendance_register_has_a_column_per_date_and_marks_holidays(demo_store):
    printing = service(demo_store)
    pdf = printing.attendance_register(
        printing_actor(), "QFP Durrës", "QFPD-KZ-02", date(DEMO_YEAR, 4, 26), date(DEMO_YEAR, 5, 9)
    )
    text = "\n".join(pages_text(pdf.data))
    # Monday to Friday over two weeks: 10 dates; 3 and 4 May are days off in 2027.
    for day in ("26.04", "30.04", "03.05", "07.05"):
        assert day in text
    assert text.count("holiday") >= 2
    assert "No session on public holidays" in text


def test_calendar_prints_a_page_per_week_with_holidays_named(demo_store):
    pdf = service(demo_store).week_calendar(
        DEMO_YEAR, 18, weeks=3, course_filter=CourseFilter(municipality="Durres")
    )
    assert pdf.pages == 3
    texts = pages_text(pdf.data)
    assert "Week 18, 2027" in texts[0] and "Week 20, 2027" in texts[2]
    assert "Labour Day" in texts[0] or "Workers" in texts[0]
    assert "Elbasan" not in texts[0].replace("Zyra Vendore e Punësimit Elbasan", "")


def test_calendar_filter_by_provider_keeps_only_its_courses(demo_store):
    pdf = service(demo_store).week_calendar(DEMO_YEAR, 12, course_filter=CourseFilter(provider="QFP Elbasan"))
    text = pages_text(pdf.data)[0]
    assert "QFP Elbasan" in text and "QFP Durrës" not in text


def test_catalogue_groups_live_courses_by_municipality(demo_store):
    catalogue = CatalogueService(demo_store)
    cancelled = catalogue.cancel_course(catalogue.find_course("QFP Durrës", "QFPD-RQ-01").id)
    pdf = service(demo_store).catalogue_booklet()
    text = "\n".join(pages_text(pdf.data))
    live = [c for c in catalogue.courses() if c.is_live and not c.has_ended(NOW.date())]
    assert cancelled.code not in {c.code for c in live}
    assert f"{len(live)} courses" in text
    assert text.index("\nDurrës\n") < text.index("\nElbasan\n")


def test_catalogue_leaves_out_courses_that_have_ended(demo_store):
    late = PrintService(demo_store, clock=lambda: datetime(DEMO_YEAR, 7, 1), invariant=True)
    text = "\n".join(pages_text(late.catalogue_booklet().data))
    running = [
        c for c in CatalogueService(demo_store).courses() if c.is_live and c.end >= date(DEMO_YEAR, 7, 1)
    ]
    assert f"{len(running)} courses" in text
    assert "Start SMART" not in text  # ended in January


def test_report_has_chart_tables_and_no_small_counts(demo_store):
    pdf = service(demo_store).committee_report(DEMO_YEAR)
    text = "\n".join(pages_text(pdf.data))
    assert "Gap and overlap report" in text
    assert "Demand and supply by occupation" in text and "Needs and supply" in text
    assert "Duplicate offer" in text
    assert people_count(0) == "0" and people_count(1) == "<5" and people_count(4) == "<5"
    assert people_count(5) == "5"


def test_report_for_a_year_without_courses_is_empty_but_prints(demo_store):
    pdf = service(demo_store).committee_report(DEMO_YEAR + 3)
    text = " ".join(" ".join(pages_text(pdf.data)).split())
    assert "Duplicate offers 0" in text and "No overlaps were found." in text


def test_albanian_labels_in_albanian(demo_store, course):
    set_language("sq")
    pdf = service(demo_store).enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01")
    text = "\n".join(pages_text(pdf.data))
    assert "FLETË REGJISTRIMI" in text and "Faqja 1 nga" in text


def test_week_text_parses_and_bad_weeks_are_refused():
    assert parse_iso_week("2027-W12") == (2027, 12)
    assert parse_iso_week("2027w05") == (2027, 5)
    with pytest.raises(Exception, match="YYYY-Www"):
        parse_iso_week("2027-W60")


def printing_actor():
    from coursehub.domain.people import Actor, Role

    return Actor("anila", Role.OFFICE_STAFF)


def test_calendar_and_register_each_read_one_snapshot(demo_store, monkeypatch):
    reads = []
    original_read = demo_store.read

    def counted_read():
        reads.append(1)
        return original_read()

    monkeypatch.setattr(demo_store, "read", counted_read)
    printing = service(demo_store)
    printing.week_calendar(DEMO_YEAR, 18)
    assert len(reads) == 1
    printing.attendance_register(printing_actor(), "QFP Durrës", "QFPD-KZ-02")
    assert len(reads) == 2


def test_a_25_seat_sheet_starts_its_table_on_the_first_page_under_the_facts(demo_store, course):
    catalogue = CatalogueService(demo_store)
    big = catalogue.save_course(replace(course, seats=25))
    printing = service(demo_store, lambda actor, cid, names: roster_of(big, 3))
    pages = pages_text(printing.enrolment_sheet(printing_actor(), "QFP Durrës", "QFPD-RQ-01").data)
    first = pages[0].split("\n")
    assert "Enrolled trainees" in first and "Seats" in pages[0]
    assert "Trajnere Çelë 1" in pages[0]
    numbers = [line.split()[0] for line in first if line.split() and line.split()[0].isdigit()]
    assert "20" in numbers  # most of the 25 rows are on page 1, the rest follow with the heading
    assert "25" in "\n".join(pages)
