"""The catalogue table's read (`CourseRepository.list_lazily`): column by column in one
query, yet the same courses in the same order as `list`, whatever their text holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from coursehub.domain.model import CourseStatus, Provider, ProviderKind
from tests.builders import a_course


def _stored(store, courses):
    with store.write() as uow:
        ids = {}
        for course in courses:
            if course.provider not in ids:
                ids[course.provider] = uow.providers.add(Provider(course.provider, ProviderKind.NGO)).id
            uow.courses.add(course, ids[course.provider])


def test_the_column_read_gives_the_courses_list_gives_in_its_order(demo_store):
    # The demo's courses have every kind of eligibility: ages or none, women only, groups.
    with demo_store.read() as uow:
        listed = uow.courses.list()
        rows = uow.courses.list_lazily()
    assert len(rows) == len(listed) > 10
    assert [rows[i] for i in rows.read_order] == listed
    assert rows.column("title") == [course.title for course in rows]
    assert rows.distinct("name") == {course.provider for course in listed}


def test_any_text_comes_back_as_stored(store):
    awkward = [
        a_course(
            code="K-1",
            title='Saldim "MIG"\\ për të rinj',
            notes="first line\nsecond\x1fthird\x01\t end ç ë",
            venue="Salla\x1f2",
        ),
        a_course(
            provider="Ç Qendra",
            code="K-2",
            trainer="[1, 2]",
            fee=1500,
            status=CourseStatus.PLANNED,
        ),
        a_course(provider="Ç Qendra", code="K-0", start=date(2027, 1, 4), end=date(2027, 2, 1)),
    ]
    _stored(store, awkward)
    with store.read() as uow:
        listed = uow.courses.list()
        rows = uow.courses.list_lazily()
    assert [rows[i] for i in rows.read_order] == listed
    assert [course.code for course in listed] == ["K-0", "K-2", "K-1"]  # by start, provider, code
    assert {replace(course, id=None, version=0) for course in listed} == set(awkward)
    assert rows.column("notes") == [course.notes for course in rows]  # one kept with the others


def test_an_empty_catalogue_reads_as_no_courses(store):
    with store.read() as uow:
        rows = uow.courses.list_lazily()
    assert len(rows) == 0 and rows.read_order == [] and rows.column("title") == []


def test_a_saved_course_is_taken_into_every_column(demo_store):
    with demo_store.read() as uow:
        rows = uow.courses.list_lazily()
    first = rows[0]
    renamed = replace(first, title="Zzz", notes="new notes", fee=700, version=first.version + 1)
    rows.replace(0, renamed)
    added = replace(first, id=999_999, code="NEW-1", start=date(2020, 1, 6), end=date(2020, 3, 2))
    rows.append(added)
    assert rows[0] is renamed and rows[len(rows) - 1] is added
    assert rows.column("title")[0] == "Zzz" and rows.column("code")[-1] == "NEW-1"
    assert rows.column("notes")[0] == "new notes" and rows.column("fee")[0] == 700
    assert rows.column("start_date")[-1] == "2020-01-06"
    assert rows.read_order[-1] == len(rows) - 1 and not rows.in_start_order
