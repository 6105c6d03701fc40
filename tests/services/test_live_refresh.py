"""Live refresh on a server (PostgreSQL pass): another user's change reaches a listener
within 2 seconds, naming the table and the course, never a person."""

from __future__ import annotations

import queue
from datetime import date

from coursehub.domain.model import Provider, ProviderKind
from coursehub.domain.trainees import Trainee
from coursehub.services.people_wiring import PeopleServices
from coursehub.services.workspace import Workspace
from coursehub.storage.backends import listen_for_changes
from tests.builders import a_course
from tests.enrolment.conftest import PASSWORD, cheap_hasher


def test_changes_reach_a_listener_with_table_and_course_only(request, monkeypatch, store):
    from tests.postgres_backend import on_postgres

    if not on_postgres(request.config):
        assert listen_for_changes(store, lambda *_: None) is None  # a file has one writer
        return
    heard: queue.Queue = queue.Queue()
    payloads: list[str] = []
    listener = listen_for_changes(store, lambda table, courses: heard.put((table, courses)))
    original = listener.on_change
    listener.on_change = lambda table, courses: (
        payloads.append(repr((table, courses))),
        original(table, courses),
    )
    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    other = Workspace.open_server(store.address)  # another user's copy of CourseHub
    try:
        admin = other.people.auth.setup("admin", PASSWORD).actor()
        other.catalogue.save_provider(
            Provider("Qendra Dritare", ProviderKind.NGO, licence_number="L-1"), admin
        )
        course = other.catalogue.save_course(
            a_course(provider="Qendra Dritare", code="LIVE", seats=5),
            admin,
        )
        trainee = other.people.trainees.register(
            admin,
            Trainee(
                name="Arta Hoxha", birth_date=date(1998, 5, 4), municipality="Durrës", consent_given=True
            ),
        )
        other.people.enrolment.enrol(admin, trainee.id, course.id)
        wanted = {("courses", (course.id,)), ("enrolments", (course.id,))}
        seen = set()
        while not wanted <= seen:
            table, courses = heard.get(timeout=2)  # each within 2 seconds
            seen.add((table, tuple(courses) if courses else None))
    finally:
        other.close()
        listener.stop()
    text = " ".join(payloads)
    assert "Arta" not in text and trainee.pseudonym not in text
