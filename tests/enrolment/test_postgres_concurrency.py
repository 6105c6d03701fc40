"""Several CourseHub processes on one server database at the same moment (PostgreSQL pass).

8 processes enrol 30 trainees into a 10-seat course with `coursehub enrol ... --wait`: every
command ends enrolled or waiting (exit 0), exactly 10 hold a seat, 20 wait, and the waiting
list is in arrival order (the order the writers got the database's writer lock, which is
the order of the enrolment ids). Two imports of the same provider list at once never
duplicate a course and both end with exit 0. (The SQLite twin of the seat rule is
test_enrolment_race.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from coursehub.domain.model import Provider, ProviderKind
from coursehub.domain.trainees import Trainee
from coursehub.services.people_wiring import PeopleServices
from coursehub.services.workspace import Workspace
from tests.builders import a_course
from tests.enrolment.conftest import PASSWORD, cheap_hasher

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, TRAINEES, SEATS = 8, 30, 10
PROVIDER, CODE = "Qendra Dritare", "RACE-PG"

# Each process waits for the same start moment, then runs its commands one after another.
WORKER = """
import json, sys, time
from coursehub.cli.main import main
url, start, course, pseudonyms = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
time.sleep(max(0.0, start - time.time()))
codes = {p: main(["--lang", "en", "--db", url, "enrol", course, p, "--wait"]) for p in pseudonyms}
print(json.dumps(codes))
"""


@pytest.fixture
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A fresh server database whose connecting role (the cluster's superuser) is a CourseHub
    administrator; only in the PostgreSQL pass."""
    from tests.postgres_backend import on_postgres

    if not on_postgres(request.config):
        pytest.skip("runs in the PostgreSQL pass (pytest --backend postgres)")
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.url(cluster.database(90))
    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    workspace = Workspace.open_server(url)
    workspace.people.auth.setup(workspace.store.authenticated_user, PASSWORD)
    workspace.login_as_connected_user()
    yield url, workspace
    workspace.close()


def _spawn(script: str, *args: str) -> subprocess.Popen:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COURSEHUB_LANG": "en", "HOME": "/tmp"}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_processes_fill_ten_seats_and_queue_the_rest_in_arrival_order(server):
    url, workspace = server
    actor = workspace.actor
    workspace.catalogue.save_provider(Provider(PROVIDER, ProviderKind.NGO, licence_number="L-1"), actor)
    course = workspace.catalogue.save_course(
        a_course(
            provider=PROVIDER,
            code=CODE,
            title="Kursi i garës",
            occupation="7531",
            end=date(2027, 5, 28),
            seats=SEATS,
        ),
        actor,
    )
    pseudonyms = [
        workspace.people.trainees.register(
            actor,
            Trainee(
                name=f"Person {n}", birth_date=date(1998, 5, 4), municipality="Durrës", consent_given=True
            ),
        ).pseudonym
        for n in range(TRAINEES)
    ]
    start = time.time() + 4  # every process is up and waiting by then
    key = f"{PROVIDER}/{CODE}"
    workers = [_spawn(WORKER, url, str(start), key, *pseudonyms[i::PROCESSES]) for i in range(PROCESSES)]
    codes: dict[str, int] = {}
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        codes.update(json.loads(out.strip().splitlines()[-1]))
    assert codes == dict.fromkeys(pseudonyms, 0), codes

    roster = workspace.people.enrolment.roster(actor, course.id)
    assert len(roster.enrolled) == SEATS
    assert len(roster.waiting) == TRAINEES - SEATS
    rows = workspace.people.enrolment.enrolments(actor, course.id)
    arrival = [e.pseudonym for e in sorted(rows, key=lambda e: e.id)]  # ids: lock order
    assert {e.pseudonym for e in roster.enrolled} == set(arrival[:SEATS])
    assert [e.pseudonym for e in roster.waiting] == arrival[SEATS:]
    assert [e.position for e in roster.waiting] == list(range(1, TRAINEES - SEATS + 1))


IMPORT_WORKER = """
import json, sys, time
from coursehub.cli.main import main
url, start, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
time.sleep(max(0.0, start - time.time()))
print(main(["--lang", "en", "--db", url, "import", path, "--provider", "Shoqata Ura", "--json"]))
"""


def test_two_imports_of_one_list_at_once_never_duplicate_a_course(server, tmp_path):
    sys.path.insert(0, str(ROOT / "tests" / "importing"))
    from import_fixtures import SQ_HEADERS, SQ_ROWS, write_csv

    url, workspace = server
    path = write_csv(tmp_path / "ura.csv", SQ_HEADERS, SQ_ROWS)
    start = time.time() + 4
    workers = [_spawn(IMPORT_WORKER, url, str(start), str(path)) for _ in range(2)]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        lines = out.strip().splitlines()
        assert lines[-1] == "0", (out, err)
        reports.append(json.loads("\n".join(lines[:-1])))
    added = sorted(report["added"] for report in reports)
    assert added == [0, len(SQ_ROWS)]  # the second saw the first's courses: nothing twice
    courses = workspace.catalogue.courses(provider="Shoqata Ura")
    assert len(courses) == len(SQ_ROWS) == len({c.code for c in courses})
