"""Certificates on a server with row-level security (issue 18, item 4), logged in with plain
psycopg as each role, as anybody with a Python prompt could: a coordinator sees and changes
only their own organisation's trainees' certificates, anyone may verify one by number and
code (course and status, no person), and the Committee's counts include everyone's."""

from __future__ import annotations

import pytest

from tests.server.access_data import Seeded, seed
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


@pytest.fixture
def office(cluster, make_database) -> Seeded:
    seeded = seed(cluster, make_database("office_cert"))
    with cluster.connect(seeded.database) as conn:
        for sequence, who, course in ((1, "own", "a"), (2, "other_elsewhere", "b")):
            conn.execute(
                "INSERT INTO certificates (number, provider_id, year, sequence, verification_code, "
                "course_id, trainee_id, pseudonym, hours, issued_at, issued_by) "
                "VALUES (%s, %s, 2027, %s, %s, %s, %s, %s, 36, '2027-06-01 10:00', 'staff')",
                (
                    f"00{sequence}/2027/0001",
                    seeded.providers[course],
                    sequence,
                    f"AAAA-000{sequence}",
                    seeded.courses[course],
                    seeded.trainees[who],
                    seeded.pseudonym(who),
                ),
            )
    return seeded


def login(cluster, seeded: Seeded, who: str):
    return cluster.connect(seeded.database, f"{who}_{seeded.database}", PASSWORD)


def test_a_coordinator_sees_and_changes_only_their_own_peoples_certificates(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        seen = [r[0] for r in conn.execute("SELECT pseudonym FROM certificates")]
        assert seen == [office.pseudonym("own")]
        hidden = conn.execute(
            "UPDATE certificates SET revoked_at = now(), revoked_reason = 'x' WHERE number = '002/2027/0001'"
        )
        assert hidden.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO certificates (number, provider_id, year, sequence, verification_code, "
                "course_id, trainee_id, pseudonym, hours, issued_at, issued_by) "
                "VALUES ('009/2027/0001', %s, 2027, 9, 'X', %s, %s, 'P', 1, now(), 'me')",
                (office.providers["b"], office.courses["b"], office.trainees["other_elsewhere"]),
            )


def test_anyone_verifies_by_number_and_code_and_learns_no_person(cluster, office):
    for who in ("coord_a", "viewer"):
        with login(cluster, office, who) as conn:
            found = conn.execute(
                "SELECT * FROM coursehub_certificate_check('002/2027/0001', 'AAAA-0002')"
            ).fetchall()
            assert [(r[0], r[1], r[3]) for r in found] == [("002/2027/0001", office.courses["b"], False)]
            assert "Dita" not in repr(found) and office.pseudonym("other_elsewhere") not in repr(found)
            wrong = conn.execute("SELECT * FROM coursehub_certificate_check('002/2027/0001', 'AAAA-0001')")
            assert wrong.fetchall() == []


def test_a_viewer_reads_no_register_but_the_counts_include_everyone(cluster, office):
    with login(cluster, office, "viewer") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM certificates")
    with login(cluster, office, "coord_a") as conn:
        counts = dict(conn.execute("SELECT course_id, certificates FROM course_certificate_counts"))
        assert counts == {office.courses["a"]: 1, office.courses["b"]: 1}


def test_the_program_as_a_coordinator_verifies_any_and_lists_its_own(cluster, office):
    from coursehub.services.workspace import Workspace

    workspace = Workspace.open_server(
        cluster.url(office.database, f"coord_a_{office.database}"), password=PASSWORD
    )
    try:
        actor = workspace.login_as_connected_user()
        check = workspace.people.certificates.verify("002/2027/0001", "aaaa 0002")
        assert (check.course_title, check.provider, check.revoked) == ("Course B1", "Tjeter", False)
        register = workspace.people.certificates.register(actor)
        assert [c.number for c in register] == ["001/2027/0001"]
        counts = workspace.people.certificates.issued_counts()
        assert counts == {office.courses["a"]: 1, office.courses["b"]: 1}
    finally:
        workspace.close()


def test_a_coordinator_prints_their_own_persons_certificate_through_the_program(cluster, office):
    from cryptography.fernet import Fernet

    from coursehub.domain.errors import PermissionDenied
    from coursehub.services.workspace import Workspace

    with cluster.connect(office.database) as conn:
        conn.execute(
            "UPDATE enrolments SET status = 'completed' WHERE course_id = %s", (office.courses["a"],)
        )
        conn.execute("DELETE FROM certificates")  # the fixture's own: this test prints the first
        # the seed writes sessions loosely ("Mon ..."); the program keeps them as "MO ..."
        conn.execute("UPDATE courses SET sessions = 'MO 09:00-12:00' WHERE id = %s", (office.courses["a"],))
        # ... and placeholder person keys: the audit entry of the print is sealed with a real one
        conn.execute(
            "UPDATE subject_keys SET key = %s WHERE trainee_id = %s",
            (Fernet.generate_key(), office.trainees["own"]),
        )
    workspace = Workspace.open_server(
        cluster.url(office.database, f"coord_a_{office.database}"), password=PASSWORD
    )
    try:
        actor = workspace.login_as_connected_user()
        batch = workspace.people.certificates.issue(actor, office.courses["a"])
        # course A1 has the coordinator's own person and another organisation's person
        assert [p.full_name for p in batch.pages] == [office.name("own")] and batch.left_out == 1
        assert not batch.pages[0].duplicate
        assert batch.pages[0].number == f"{office.providers['a']:03d}/{batch.pages[0].issued_on.year}/0001"
        with pytest.raises(PermissionDenied):
            workspace.people.certificates.revoke(actor, batch.pages[0].number, "no")
    finally:
        workspace.close()
    with cluster.connect(office.database) as conn:  # the print is in the audit log, as that login
        actors = conn.execute("SELECT actor FROM audit_log WHERE action = 'certificate.issue'").fetchall()
    assert actors == [(f"coord_a_{office.database}",)]
