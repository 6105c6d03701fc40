"""Certificate numbers stay unique when several processes print at the same moment: on a
SQLite file (each process its own connection, the writer lock) and, in the PostgreSQL
pass, on a server database (the counter row's lock)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from coursehub.domain.certificates import certificate_number
from tests.enrolment.conftest import NGO_A

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, PER_PROCESS = 4, 3

# Each process waits for the same start moment, then prints its people's certificates one
# after another, each in its own transaction, as separate `coursehub certificate` runs would.
WORKER = """
import json, sys, time
from datetime import datetime
from coursehub.domain.people import Actor, Role
from coursehub.domain.reference import load_reference
from coursehub.services.audit import AuditTrail
from coursehub.services.certificates import CertificateService
from coursehub.storage.backends import is_server_address

address, start, course_id, user_id = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if is_server_address(address):
    from coursehub.storage.backends import open_server_store
    store = open_server_store(address)
else:
    from coursehub.storage import open_store
    store = open_store(address)
clock = lambda: datetime(2027, 6, 1, 10, 0)
service = CertificateService(store, AuditTrail(clock), load_reference(), clock)
office = Actor("office", Role.OFFICE_STAFF, user_id=user_id)
import cryptography.fernet, dateutil.rrule, coursehub.scheduling.recurrence  # loaded before the race
time.sleep(max(0.0, start - time.time()))
numbers = [service.issue(office, course_id, [p]).pages[0].number for p in sys.argv[5:]]
store.close()
print(json.dumps(numbers))
"""


def _address(request, db_path: Path) -> str:
    from tests.postgres_backend import on_postgres

    if on_postgres(request.config):
        return request.getfixturevalue("pg_files").address(db_path)
    return str(db_path)


def test_processes_printing_at_once_never_share_a_number(world, db_path, request):
    course = world.course(NGO_A, "RACE-C", seats=PROCESSES * PER_PROCESS)
    pseudonyms = []
    for n in range(PROCESSES * PER_PROCESS):
        trainee = world.register(world.office, f"Person {n}")
        world.people.enrolment.enrol(world.office, trainee.id, course.id)
        pseudonyms.append(trainee.pseudonym)
    world.clock.moment = datetime(2027, 6, 1, 10, 0)
    for pseudonym in pseudonyms:
        trainee = world.people.trainees.find(world.office, pseudonym)
        world.people.enrolment.complete(world.office, trainee.id, course.id)
    address = _address(request, db_path)
    start = time.time() + 3.0
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COURSEHUB_LANG": "en"}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                address,
                str(start),
                str(course.id),
                str(world.office.user_id),
                *pseudonyms[n * PER_PROCESS : (n + 1) * PER_PROCESS],
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(PROCESSES)
    ]
    numbers: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        numbers += json.loads(out)
    provider_id = next(p.id for p in world.catalogue.providers() if p.name == NGO_A)
    expected = {certificate_number(provider_id, 2027, n) for n in range(1, PROCESSES * PER_PROCESS + 1)}
    assert sorted(numbers) == sorted(expected)  # unique, and no number skipped
    register = world.people.certificates.register(world.office)
    assert sorted(c.number for c in register) == sorted(expected)
    assert len({c.pseudonym for c in register}) == PROCESSES * PER_PROCESS
