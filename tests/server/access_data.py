"""Two NGOs, the Employment Office and their people in one server database, for the access
tests. Inserted as the superuser (no policy applies to it); users through the same
functions `coursehub users add` calls."""

from __future__ import annotations

from dataclasses import dataclass

from coursehub.domain.people import Role
from coursehub.storage.postgres.security import add_login
from tests.server.access_fixtures import PASSWORD, Cluster

# name, pseudonym, organisation (provider key or None), birth date, phone, jobseeker number
PEOPLE = {
    "own": ("Ana Alfa", "DR-2027-0001", "a", "1990-01-01", "0691110001", "JS-AAA-1"),
    "other_on_own_course": ("Besa Beta", "DR-2027-0002", "b", "1991-02-02", "0691110002", "JS-BBB-2"),
    "other_elsewhere": ("Dita Delta", "DR-2027-0003", "b", "1992-03-03", "0691110003", "JS-DDD-3"),
    "office": ("Eri Epsilon", "EL-2027-0001", None, "1993-04-04", "0691110004", "JS-EEE-4"),
}


@dataclass
class Seeded:
    database: str
    providers: dict[str, int]
    courses: dict[str, int]
    trainees: dict[str, int]

    def pseudonym(self, who: str) -> str:
        return PEOPLE[who][1]

    def name(self, who: str) -> str:
        return PEOPLE[who][0]


def seed(cluster: Cluster, database: str) -> Seeded:
    with cluster.connect(database) as conn:
        providers = {
            key: conn.execute(
                "INSERT INTO providers (name, name_key, kind) VALUES (%s, %s, %s) RETURNING id",
                (name, name.lower(), kind),
            ).fetchone()[0]
            for key, name, kind in (
                ("a", "Shpresa", "ngo"),
                ("b", "Tjeter", "ngo"),
                ("e", "Zyra", "employment_office"),
            )
        }
        courses = {
            key: conn.execute(
                "INSERT INTO courses (provider_id, code, title, occupation, municipality, start_date, "
                "end_date, sessions, seats) VALUES (%s, %s, %s, '7212', 'Durrës', '2027-03-01', "
                "'2027-05-31', 'Mon 09:00-12:00', %s) RETURNING id",
                (providers[provider], code, f"Course {code}", seats),
            ).fetchone()[0]
            for key, provider, code, seats in (
                ("a", "a", "A1", 10),
                ("b", "b", "B1", 10),
                ("e", "e", "E1", 1),
            )
        }
        trainees = {}
        for who, (name, pseudonym, org, born, phone, jobseeker) in PEOPLE.items():
            trainees[who] = conn.execute(
                "INSERT INTO trainees (pseudonym, name, birth_date, phone, jobseeker_number, "
                "organisation_id, consent_given, consent_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, true, '2027-01-10 10:00') RETURNING id",
                (pseudonym, name, born, phone, jobseeker, providers[org] if org else None),
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO subject_keys (trainee_id, key) VALUES (%s, %s)", (trainees[who], b"k" * 32)
            )
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, after, subject_id) "
                "VALUES ('2027-01-10 10:00', 'boss', 'trainee.add', 'trainee', %s, %s, %s)",
                (trainees[who], f'{{"name": "{name}"}}', trainees[who]),
            )
        for who, course, status in (
            ("own", "a", "enrolled"),
            ("own", "b", "enrolled"),
            ("other_on_own_course", "a", "enrolled"),
            ("other_elsewhere", "b", "enrolled"),
            ("office", "e", "enrolled"),
            ("other_elsewhere", "e", "waiting"),
        ):
            conn.execute(
                "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) "
                "VALUES (%s, %s, %s, %s)",
                (trainees[who], courses[course], status, "2027-01-11 09:00" if status == "waiting" else None),
            )
        # attendance (migration 0007): a note naming the person, so a sweep that reaches
        # another organisation's mark would show their name and phone
        for who, course in (
            ("own", "a"),
            ("other_on_own_course", "a"),
            ("other_elsewhere", "b"),
            ("office", "e"),
        ):
            conn.execute(
                "INSERT INTO attendance (trainee_id, course_id, session_date, status, note, recorded_by, "
                "recorded_at) VALUES (%s, %s, '2027-03-01', 'absent', %s, 'boss', '2027-03-01 12:00')",
                (trainees[who], courses[course], f"called {PEOPLE[who][0]} on {PEOPLE[who][4]}"),
            )
        for who in ("own", "other_elsewhere", "office"):
            conn.execute(
                "INSERT INTO trade_waits (trainee_id, occupation, municipality, since) "
                "VALUES (%s, '7212', 'Durrës', '2027-01-12 09:00')",
                (trainees[who],),
            )
        conn.execute("ANALYZE")
    with cluster.connect(database, f"boss_{database}", PASSWORD) as boss:
        add_login(boss, f"coord_a_{database}", Role.NGO_COORDINATOR, providers["a"], PASSWORD)
        add_login(boss, f"coord_b_{database}", Role.NGO_COORDINATOR, providers["b"], PASSWORD)
        add_login(boss, f"staff_{database}", Role.OFFICE_STAFF, None, PASSWORD)
        add_login(boss, f"viewer_{database}", Role.VIEWER, None, PASSWORD)
    return Seeded(database, providers, courses, trainees)


def add_enrolled_person(
    conn, pseudonym: str, name: str, born: str, organisation: int | None, course: int, waiting_since: str = ""
) -> int:
    """One more trainee record (consent given) held in `course`, or waiting for it since
    `waiting_since`; inserted as the superuser. Returns the record's id."""
    trainee = conn.execute(
        "INSERT INTO trainees (pseudonym, name, birth_date, organisation_id, consent_given, consent_at) "
        "VALUES (%s, %s, %s, %s, true, '2027-01-10 10:00') RETURNING id",
        (pseudonym, name, born, organisation),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) VALUES (%s, %s, %s, %s)",
        (trainee, course, "waiting" if waiting_since else "enrolled", waiting_since or None),
    )
    return int(trainee)
