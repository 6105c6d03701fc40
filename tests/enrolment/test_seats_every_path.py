"""Seats cannot drop below the people enrolled, whichever path changes the course."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from coursehub.domain.errors import ValidationError
from coursehub.services.exchange import ExchangeService
from coursehub.services.importing import ImportService
from tests.builders import COURSE_LIST_HEADERS
from tests.enrolment.conftest import NGO_A


def _full_course(world, seats: int = 2):
    course = world.course(NGO_A, "K1", seats=seats)
    for name in ("Ana", "Besa"):
        person = world.register(world.office, name)
        world.people.enrolment.enrol(world.office, person.id, course.id)
    return world.catalogue.course(course.id)


def test_course_edit_cannot_leave_fewer_seats_than_enrolled(world):
    course = _full_course(world)
    with pytest.raises(ValidationError, match="fewer seats than the people already enrolled"):
        world.catalogue.save_course(replace(course, seats=1))
    assert world.catalogue.course(course.id).seats == 2
    assert world.catalogue.save_course(replace(course, seats=5)).seats == 5


def _course_list_with_seats(path: Path, course, seats: int) -> Path:
    """The provider's course list again, with course K1's seats changed."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COURSE_LIST_HEADERS)
        writer.writerow(
            ["K1", course.title, "7531", "Durrës", "01.03.2027", "28.05.2027", "E hënë", "9-12", str(seats)]
        )
    return path


def test_import_cannot_leave_fewer_seats_than_enrolled(world, store, tmp_path: Path):
    course = _full_course(world)
    path = _course_list_with_seats(tmp_path / "list.csv", course, seats=1)
    with pytest.raises(ValidationError, match="fewer seats"):
        ImportService(store).import_courses(path, NGO_A)
    assert world.catalogue.course(course.id).seats == 2


def _exchange_file_with_seats(exchange: ExchangeService, target: Path, seats: int) -> Path:
    """This catalogue's exchange file, with course K1's seats changed as another office would."""
    exchange.export_xlsx(target)
    book = openpyxl.load_workbook(target)
    sheet = next(
        ws
        for ws in book.worksheets
        if "code" in [str(c.value).lower() for c in ws[1]]
        or any(str(c.value) == "K1" for row in ws.iter_rows() for c in row)
    )
    header = [str(c.value) for c in sheet[1]]
    seats_column = next(i for i, h in enumerate(header) if "seat" in h.lower() or "vende" in h.lower())
    for row in sheet.iter_rows(min_row=2):
        if any(c.value == "K1" for c in row):
            row[seats_column].value = seats
    book.save(target)
    return target


def test_exchange_cannot_leave_fewer_seats_than_enrolled(world, store, tmp_path: Path):
    course = _full_course(world)
    exchange = ExchangeService(store)
    # The other office lowered the seats: merging it here must not drop enrolled people.
    target = _exchange_file_with_seats(exchange, tmp_path / "exchange.xlsx", seats=1)
    with pytest.raises(ValidationError, match="fewer seats"):
        exchange.import_exchange(target, take={(NGO_A, "K1"): "theirs"}, actor=world.office)
    assert world.catalogue.course(course.id).seats == 2


def test_an_import_that_raises_seats_offers_them_to_the_waiting_list(world, store, tmp_path: Path):
    """More seats in a provider's new list are free seats: the first person waiting gets one."""
    course = _full_course(world)
    waiting = world.register(world.office, "Drita")
    world.people.enrolment.enrol(world.office, waiting.id, course.id, wait_if_full=True)
    path = _course_list_with_seats(tmp_path / "list.csv", course, seats=3)
    importer = ImportService(store, seats_added=world.people.enrolment.seats_added)
    report = importer.import_courses(path, NGO_A, actor=world.office)
    assert report.written and report.updated == 1 and report.seats_offered == 1
    assert report.as_dict()["seats_offered"] == 1
    assert world.people.enrolment.waiting_list(world.office, course.id) == []
    # the same list again adds no seat and offers nothing
    assert (
        ImportService(store, seats_added=world.people.enrolment.seats_added)
        .import_courses(path, NGO_A, actor=world.office)
        .seats_offered
        == 0
    )


def test_an_exchange_that_raises_seats_offers_them_to_the_waiting_list(world, store, tmp_path: Path):
    """Another office's file with more seats for a full course: the first person waiting gets one."""
    course = _full_course(world)
    waiting = world.register(world.office, "Drita")
    world.people.enrolment.enrol(world.office, waiting.id, course.id, wait_if_full=True)
    exchange = ExchangeService(store, seats_added=world.people.enrolment.seats_added)
    target = _exchange_file_with_seats(exchange, tmp_path / "exchange.xlsx", seats=3)
    report = exchange.import_exchange(target, take={(NGO_A, "K1"): "theirs"}, actor=world.office)
    assert world.catalogue.course(course.id).seats == 3
    assert report.seats_offered == 1
    assert world.people.enrolment.waiting_list(world.office, course.id) == []
    roster = world.people.enrolment.roster(world.office, course.id)
    assert waiting.pseudonym in str(roster)
