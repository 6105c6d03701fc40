"""Issue 13, finding 7: an older exchange file never undoes a newer change unasked, and a
cancellation that leaves people without their course is held and shows who they are."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coursehub.domain.model import CourseStatus, Provider, ProviderKind
from coursehub.services.catalogue import CatalogueService
from coursehub.services.exchange import ExchangeService, Verdict
from coursehub.storage import open_store
from tests.builders import a_course
from tests.enrolment.conftest import OFFICE

KEY = (OFFICE, "K-1")


@pytest.fixture
def office_a(tmp_path):
    """Another office's catalogue, with the course K-1 of 10 seats."""
    store = open_store(tmp_path / "a.db")
    catalogue = CatalogueService(store)
    catalogue.save_provider(Provider(OFFICE, ProviderKind.EMPLOYMENT_OFFICE))
    catalogue.save_course(
        a_course(provider=OFFICE, title="Kursi K-1", occupation="7531", end=date(2027, 5, 28), seats=10)
    )
    yield store, catalogue
    store.close()


def _export(store, target: Path) -> Path:
    ExchangeService(store).export_xlsx(target)
    return target


def _change(catalogue: CatalogueService, **changes) -> None:
    course = catalogue.find_course(*KEY)
    catalogue.save_course(replace(course, **changes))


def _seats(world) -> int:
    return world.catalogue.find_course(*KEY).seats


def _verdict(report) -> Verdict:
    return next(o for o in report.outcomes if o.key == KEY).verdict


def test_each_export_carries_the_catalogue_and_a_growing_number(office_a, tmp_path):
    store, _catalogue = office_a
    numbers = []
    for index in range(3):  # within the same second: a counter, not a time
        book = load_workbook(_export(store, tmp_path / f"f{index}.xlsx"), read_only=True)
        about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
        book.close()
        numbers.append((about["Catalogue"], about["Sequence"]))
    assert len({catalogue for catalogue, _n in numbers}) == 1
    assert [n for _c, n in numbers] == [1, 2, 3]


def test_an_older_file_taken_again_does_not_undo_the_newer_change(world, office_a, tmp_path):
    store, catalogue = office_a
    exchange = ExchangeService(world.people.store)
    f1 = _export(store, tmp_path / "f1.xlsx")
    _change(catalogue, seats=14)
    f2 = _export(store, tmp_path / "f2.xlsx")
    assert _verdict(exchange.import_exchange(f1, actor=world.office)) is Verdict.NEW
    assert _verdict(exchange.import_exchange(f2, actor=world.office)) is Verdict.CHANGED
    assert _seats(world) == 14
    again = exchange.import_exchange(f1, actor=world.office)  # by mistake
    assert again.stale and _verdict(again) is Verdict.STALE and again.undecided
    assert _seats(world) == 14  # the newer change stands
    settled = exchange.import_exchange(f1, actor=world.office, take={KEY: "theirs"})
    assert _verdict(settled) is Verdict.TOOK_THEIRS and _seats(world) == 10  # only when asked


def test_an_older_file_without_catalogue_or_number_is_read_with_a_warning(world, office_a, tmp_path):
    store, _catalogue = office_a
    path = _export(store, tmp_path / "old.xlsx")
    book = load_workbook(path)
    about = book["About"]
    for row in range(about.max_row, 0, -1):
        if about.cell(row, 1).value in ("Catalogue", "Sequence"):
            about.delete_rows(row)
    book.save(path)
    report = ExchangeService(world.people.store).import_exchange(path, actor=world.office)
    assert report.sequence is None and report.warnings and "older CourseHub" in report.warnings[0]
    assert _verdict(report) is Verdict.NEW


def test_a_cancellation_affecting_enrolled_people_is_held_and_names_them(world, office_a, tmp_path):
    store, catalogue = office_a
    exchange = ExchangeService(world.people.store)
    exchange.import_exchange(_export(store, tmp_path / "f1.xlsx"), actor=world.office)
    course = world.catalogue.find_course(*KEY)
    person = world.register(world.office, "Arta Hoxha")
    world.people.enrolment.enrol(world.office, int(person.id or 0), int(course.id or 0))
    _change(catalogue, status=CourseStatus.CANCELLED)
    f2 = _export(store, tmp_path / "f2.xlsx")
    held = exchange.import_exchange(f2, actor=world.office)
    outcome = next(o for o in held.outcomes if o.key == KEY)
    assert outcome.verdict is Verdict.HELD and held.undecided
    assert outcome.affected is not None
    assert (outcome.affected.enrolled, outcome.affected.waiting) == (1, 0)
    assert outcome.affected.pseudonyms == (person.pseudonym,)
    assert world.catalogue.find_course(*KEY).status is not CourseStatus.CANCELLED
    taken = exchange.import_exchange(f2, actor=world.office, take={KEY: "theirs"})
    assert _verdict(taken) is Verdict.TOOK_THEIRS
    assert world.catalogue.find_course(*KEY).status is CourseStatus.CANCELLED
