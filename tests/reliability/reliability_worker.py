"""A second copy of CourseHub for the two-process and kill tests: `python this.py COMMAND ...`.

Each command prints a line when it reaches the point the test waits for, then does its work.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path


def say(text: str) -> None:
    print(text, flush=True)


def hold(db: str, seconds: str) -> None:
    """Open like the program does, report read-only or not, keep the database open."""
    from coursehub.services.workspace import Workspace

    workspace = Workspace.open(Path(db))
    say(f"open read_only={workspace.store.read_only}")
    for notice in workspace.notices:
        say(f"notice {notice}")
    time.sleep(float(seconds))


def bulk(db: str, rows: str, provider_name: str) -> None:
    """One transaction adding `rows` courses of a new provider (the kill target)."""
    from coursehub.domain.model import ProviderKind
    from coursehub.services.catalogue import ensure_provider
    from coursehub.services.demo import demo_courses
    from coursehub.storage import open_store

    store = open_store(Path(db))
    template = demo_courses(2027)[0]
    courses = (replace(template, code=f"K{index:06d}", provider=provider_name) for index in range(int(rows)))
    say("started")
    with store.write() as uow:
        provider = ensure_provider(uow, provider_name, ProviderKind.NGO)
        uow.courses.add_many((course, int(provider.id or 0)) for course in courses)
    say("committed")


def import_file(db: str, csv_file: str, provider_name: str) -> None:
    """`coursehub import` of a whole course list, as a person runs it (the kill target)."""
    from coursehub.cli.main import main

    say("started")
    code = main(["--db", db, "--lang", "en", "import", csv_file, "--provider", provider_name])
    say("committed" if code == 0 else f"exit {code}")


def migrate(db: str, folder: str) -> None:
    from coursehub.storage.database import connect
    from coursehub.storage.database import migrate as run_migrations

    conn = connect(db)
    say("started")
    run_migrations(conn, Path(db), Path(folder))
    say("committed")


def stale_save(db: str, course_id: str) -> None:
    """Read a course, wait for the go-ahead on stdin, then save an edit of the stale copy."""
    from coursehub.domain.errors import ConflictError
    from coursehub.services.catalogue import CatalogueService
    from coursehub.storage import open_store

    service = CatalogueService(open_store(Path(db)))
    course = service.course(int(course_id))
    say(f"read version={course.version}")
    sys.stdin.readline()
    try:
        service.save_course(replace(course, venue="Stale copy venue"))
    except ConflictError as error:
        say(f"conflict {error.message}")
        return
    say("saved")


def stale_trainee(db: str, trainee_id: str, user_id: str) -> None:
    """The same for a trainee's record, through the enrolment engineer's TraineeService."""
    from coursehub.domain.errors import ConflictError
    from coursehub.domain.people import Actor, Role
    from coursehub.domain.reference import load_reference
    from coursehub.services.people_wiring import PeopleServices
    from coursehub.storage import open_store

    people = PeopleServices(open_store(Path(db)), load_reference())
    office = Actor("office", Role.OFFICE_STAFF, user_id=int(user_id))
    trainee = people.trainees.get(office, int(trainee_id))
    say(f"read version={trainee.version}")
    sys.stdin.readline()
    try:
        people.trainees.edit(office, replace(trainee, phone="+355 69 000 0000"))
    except ConflictError as error:
        say(f"conflict {error.message}")
        return
    say("saved")


if __name__ == "__main__":
    commands = {
        "hold": hold,
        "bulk": bulk,
        "import": import_file,
        "migrate": migrate,
        "stale_save": stale_save,
        "stale_trainee": stale_trainee,
    }
    commands[sys.argv[1]](*sys.argv[2:])
