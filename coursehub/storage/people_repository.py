"""Repositories for people: users, trainees, enrolments, trade waits and the audit log.

They work inside the caller's transaction and speak domain objects. The rules the schema
enforces itself (seat limits, consent, an append-only audit log) surface as plain errors
when the transaction ends (storage/schema_rules.py), whatever path reached the table.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coursehub.domain.errors import ConflictError, NotFound
from coursehub.domain.model import Education, Gender, TargetGroup
from coursehub.domain.people import Role
from coursehub.domain.text import fold
from coursehub.domain.trainees import Enrolment, EnrolmentStatus, TradeWait, Trainee
from coursehub.domain.users import User
from coursehub.i18n import N_, _
from coursehub.storage.repository import Connection, Repository


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _provider_id(conn: Connection, name: str | None) -> int | None:
    if not name:
        return None
    row = conn.execute("SELECT id FROM providers WHERE name_key = ?", (fold(name),)).fetchone()
    if row is None:
        raise NotFound(_("No provider called {name}.").format(name=name))
    return int(row[0])


class UserRepository(Repository):
    _MISSING = N_("There is no user number {id} in the database; it may have been deleted meanwhile.")

    _SELECT = (
        "SELECT u.id, u.username, u.role, p.name, u.active, u.password_hash, u.display_name "
        "FROM users u LEFT JOIN providers p ON p.id = u.organisation_id"
    )

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> User:
        uid, username, role, organisation, active, _hash, display_name = row
        return User(
            username=username,
            role=Role(role),
            organisation=organisation,
            active=bool(active),
            id=uid,
            display_name=display_name or "",
        )

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM users").fetchone()[0])

    def list(self) -> list[User]:
        rows = self.conn.execute(f"{self._SELECT} ORDER BY u.username_key")
        return [self._from_row(r) for r in rows]

    def find(self, username: str) -> tuple[User, str] | None:
        """The user and their password hash, or None."""
        row = self.conn.execute(f"{self._SELECT} WHERE u.username_key = ?", (fold(username),)).fetchone()
        return (self._from_row(row), row[5]) if row else None

    def get(self, user_id: int) -> User:
        return self._from_row(self._row_by_id(f"{self._SELECT} WHERE u.id = ?", user_id))

    def add(self, user: User, password_hash: str) -> User:
        cursor = self.conn.execute(
            "INSERT INTO users (username, username_key, password_hash, role, organisation_id, "
            "active, display_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user.username,
                fold(user.username),
                password_hash,
                user.role.value,
                _provider_id(self.conn, user.organisation),
                bool(user.active),
                user.display_name.strip(),
            ),
        )
        return self.get(int(cursor.lastrowid or 0))

    def set_active(self, user_id: int, active: bool) -> None:
        self.conn.execute(
            "UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
            (bool(active), _stamp(datetime.now()), user_id),
        )

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.conn.execute(
            "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
            (password_hash, _stamp(datetime.now()), user_id),
        )


_TRAINEE_COLUMNS = (
    "t.id, t.pseudonym, t.name, t.birth_date, t.gender, t.education, t.municipality, t.phone, "
    "t.jobseeker_number, t.groups, t.referred_by, p.name, t.consent_given, t.consent_at, "
    "t.last_course_date, t.anonymised_at, t.created_at, t.version"
)
_TRAINEE_FROM = "FROM trainees t LEFT JOIN providers p ON p.id = t.organisation_id"


def _trainee_from_row(row: tuple[Any, ...]) -> Trainee:
    (
        tid,
        pseudonym,
        name,
        birth,
        gender,
        education,
        municipality,
        phone,
        jobseeker,
        groups,
        referred_by,
        organisation,
        consent,
        consent_at,
        last_course,
        anonymised_at,
        registered_at,
        version,
    ) = row
    return Trainee(
        name=name,
        birth_date=_day(birth),
        gender=Gender(gender) if gender else None,
        education=Education.from_code(education),
        municipality=municipality,
        phone=phone,
        jobseeker_number=jobseeker,
        groups=frozenset(TargetGroup(g) for g in groups.split(",") if g),
        referred_by=referred_by,
        organisation=organisation,
        consent_given=bool(consent),
        consent_at=_moment(consent_at),
        pseudonym=pseudonym,
        last_course_date=_day(last_course),
        anonymised_at=_moment(anonymised_at),
        registered_at=_moment(registered_at),
        id=tid,
        version=version,
    )


# Inside TraineeRepository, `list` names its method, not the built-in type.
Strings = list[str]
Ids = list[int]


class TraineeRepository(Repository):
    _MISSING = N_("There is no trainee number {id} in the database; it may have been deleted meanwhile.")

    def _values(self, trainee: Trainee) -> dict[str, object]:
        return {
            "name": trainee.name.strip(),
            "birth_date": trainee.birth_date.isoformat() if trainee.birth_date else None,
            "gender": trainee.gender.value if trainee.gender else None,
            "education": trainee.education.code,
            "municipality": trainee.municipality,
            "phone": trainee.phone.strip(),
            "jobseeker_number": trainee.jobseeker_number.strip(),
            "groups": ",".join(sorted(g.value for g in trainee.groups)),
            "referred_by": trainee.referred_by.strip(),
            "organisation_id": _provider_id(self.conn, trainee.organisation),
            "consent_given": bool(trainee.consent_given),
            "consent_at": _stamp(trainee.consent_at),
            "anonymised_at": _stamp(trainee.anonymised_at),
        }

    def add(self, trainee: Trainee) -> Trainee:
        values = self._values(trainee) | {
            "pseudonym": trainee.pseudonym,
            "created_at": _stamp(trainee.registered_at or datetime.now()),
        }
        return self.get(self._insert("trainees", values))

    def update(self, trainee: Trainee) -> Trainee:
        """Save over the stored record unless someone saved it since it was read."""
        if not self._update_unless_changed("trainees", self._values(trainee), trainee.id, trainee.version):
            raise ConflictError(
                _(
                    "The record of {code} was changed by someone else since you opened it. "
                    "Open it again to see their change."
                ).format(code=trainee.pseudonym)
            )
        return self.get(int(trainee.id or 0))

    def get(self, trainee_id: int) -> Trainee:
        return _trainee_from_row(
            self._row_by_id(f"SELECT {_TRAINEE_COLUMNS} {_TRAINEE_FROM} WHERE t.id = ?", trainee_id)
        )

    def find_by_pseudonym(self, pseudonym: str) -> Trainee | None:
        row = self.conn.execute(
            f"SELECT {_TRAINEE_COLUMNS} {_TRAINEE_FROM} WHERE t.pseudonym = ?", (pseudonym.strip().upper(),)
        ).fetchone()
        return _trainee_from_row(row) if row else None

    def list(self, *, organisation: str | None = None, everyone: bool = True) -> list[Trainee]:
        """All trainees, or (everyone=False) only those registered by `organisation`."""
        sql = f"SELECT {_TRAINEE_COLUMNS} {_TRAINEE_FROM}"
        params: tuple[Any, ...] = ()
        if not everyone:
            sql += " WHERE p.name_key IS ?"
            params = (fold(organisation) if organisation else None,)
        rows = self.conn.execute(sql + " ORDER BY t.pseudonym", params)
        return [_trainee_from_row(r) for r in rows]

    def pseudonyms_starting(self, stem: str) -> Strings:
        rows = self.conn.execute("SELECT pseudonym FROM trainees WHERE pseudonym LIKE ? || '%'", (stem,))
        return [r[0] for r in rows]

    def delete(self, trainee_id: int) -> None:
        # Overwrite freed pages so the erased person is not left readable in the file.
        self.conn.execute("PRAGMA secure_delete = ON")
        self.conn.execute("DELETE FROM trainees WHERE id = ?", (trainee_id,))

    def refresh_last_course_date(self, trainee_id: int) -> None:
        self.conn.execute(
            "UPDATE trainees SET last_course_date = (SELECT max(c.end_date) FROM enrolments e "
            "JOIN courses c ON c.id = e.course_id WHERE e.trainee_id = trainees.id "
            "AND e.status IN ('enrolled', 'completed')) WHERE id = ?",
            (trainee_id,),
        )

    # The day of registration, and a day given as text, in this backend's SQL (SQLite keeps
    # both as ISO text; the server's repository says them in PostgreSQL's types).
    _REGISTERED_ON = "substr(created_at, 1, 10)"
    _DAY = "?"

    def due_for_anonymisation(self, cutoff: date) -> Ids:
        """People whose last course (or, with none, their registration) ended before cutoff."""
        rows = self.conn.execute(
            "SELECT id FROM trainees WHERE anonymised_at IS NULL "
            f"AND coalesce(last_course_date, {self._REGISTERED_ON}) < {self._DAY} "
            "AND NOT EXISTS (SELECT 1 FROM enrolments e JOIN courses c ON c.id = e.course_id "
            "WHERE e.trainee_id = trainees.id AND e.status IN ('enrolled', 'waiting', 'applied') "
            f"AND c.end_date >= {self._DAY}) ORDER BY id",
            (cutoff.isoformat(), cutoff.isoformat()),
        )
        return [int(r[0]) for r in rows]

    def set_registered_at(self, trainee_id: int, at: datetime) -> None:
        """For tests and data brought over from paper: when the person was registered."""
        self.conn.execute("UPDATE trainees SET created_at = ? WHERE id = ?", (_stamp(at), trainee_id))


_ENROLMENT_SELECT = (
    "SELECT e.id, e.trainee_id, e.course_id, e.status, e.waiting_since, e.override_reason, "
    "e.version, t.pseudonym, p.name, c.code FROM enrolments e "
    "JOIN trainees t ON t.id = e.trainee_id JOIN courses c ON c.id = e.course_id "
    "JOIN providers p ON p.id = c.provider_id"
)


def _enrolment_from_row(row: tuple[Any, ...]) -> Enrolment:
    eid, trainee_id, course_id, status, since, reason, version, pseudonym, provider, code = row
    return Enrolment(
        trainee_id=trainee_id,
        course_id=course_id,
        status=EnrolmentStatus(status),
        waiting_since=_moment(since),
        override_reason=reason,
        pseudonym=pseudonym,
        course_key=(provider, code),
        id=eid,
        version=version,
    )


class EnrolmentRepository(Repository):
    _MISSING = N_("There is no enrolment number {id} in the database; it may have been deleted meanwhile.")

    def find(self, trainee_id: int, course_id: int) -> Enrolment | None:
        row = self.conn.execute(
            f"{_ENROLMENT_SELECT} WHERE e.trainee_id = ? AND e.course_id = ?", (trainee_id, course_id)
        ).fetchone()
        return _enrolment_from_row(row) if row else None

    def fill_free_seats(self, course_id: int) -> int | None:
        """Let the database give the course's free seats to the first people waiting, and say
        how many moved; None when the program must do it itself (a SQLite file: the program
        sees everybody waiting, so services.enrolment promotes and names them)."""
        return None

    def get(self, enrolment_id: int) -> Enrolment:
        return _enrolment_from_row(self._row_by_id(f"{_ENROLMENT_SELECT} WHERE e.id = ?", enrolment_id))

    def add(self, enrolment: Enrolment) -> Enrolment:
        cursor = self.conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since, "
            "override_reason) VALUES (?, ?, ?, ?, ?)",
            (
                enrolment.trainee_id,
                enrolment.course_id,
                enrolment.status.value,
                _stamp(enrolment.waiting_since),
                enrolment.override_reason,
            ),
        )
        return self.get(int(cursor.lastrowid or 0))

    def update(self, enrolment: Enrolment) -> Enrolment:
        cursor = self.conn.execute(
            "UPDATE enrolments SET status = ?, waiting_since = ?, override_reason = ?, "
            "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
            (
                enrolment.status.value,
                _stamp(enrolment.waiting_since),
                enrolment.override_reason,
                _stamp(datetime.now()),
                enrolment.id,
                enrolment.version,
            ),
        )
        if cursor.rowcount == 0:
            raise ConflictError(
                _("The enrolment of {code} was changed by someone else since you opened it.").format(
                    code=enrolment.pseudonym
                )
            )
        return self.get(int(enrolment.id or 0))

    def seats_taken(self, course_id: int) -> int:
        return int(
            self.conn.execute(
                "SELECT count(*) FROM enrolments WHERE course_id = ? AND status IN ('enrolled', 'completed')",
                (course_id,),
            ).fetchone()[0]
        )

    def taken_seats(self) -> dict[int, int]:
        """Seats held per course id (courses with none are left out)."""
        rows = self.conn.execute(
            "SELECT course_id, count(*) FROM enrolments "
            "WHERE status IN ('enrolled', 'completed') GROUP BY course_id"
        )
        return {int(c): int(n) for c, n in rows}

    def for_course(self, course_id: int) -> list[Enrolment]:
        rows = self.conn.execute(
            f"{_ENROLMENT_SELECT} WHERE e.course_id = ? ORDER BY e.status, e.waiting_since, e.id",
            (course_id,),
        )
        return [_enrolment_from_row(r) for r in rows]

    def waiting(self, course_id: int) -> list[Enrolment]:
        """The course's waiting list, first come first."""
        rows = self.conn.execute(
            f"{_ENROLMENT_SELECT} WHERE e.course_id = ? AND e.status = 'waiting' "
            "ORDER BY e.waiting_since, e.id",
            (course_id,),
        )
        return [_enrolment_from_row(r) for r in rows]

    def for_trainee(self, trainee_id: int) -> list[Enrolment]:
        rows = self.conn.execute(
            f"{_ENROLMENT_SELECT} WHERE e.trainee_id = ? ORDER BY c.start_date", (trainee_id,)
        )
        return [_enrolment_from_row(r) for r in rows]

    def for_organisation(self, organisation: str) -> list[Enrolment]:
        """Enrolments of the trainees one organisation registered."""
        rows = self.conn.execute(
            f"{_ENROLMENT_SELECT} JOIN providers o ON o.id = t.organisation_id "
            "WHERE o.name_key = ? ORDER BY c.start_date, t.pseudonym",
            (fold(organisation),),
        )
        return [_enrolment_from_row(r) for r in rows]

    def all(self) -> list[Enrolment]:
        rows = self.conn.execute(f"{_ENROLMENT_SELECT} ORDER BY c.start_date, t.pseudonym")
        return [_enrolment_from_row(r) for r in rows]

    def active_pairs(self) -> list[tuple[str, tuple[str, str]]]:
        """(pseudonym, course key) of everyone enrolled in a live course."""
        rows = self.conn.execute(
            "SELECT t.pseudonym, p.name, c.code FROM enrolments e "
            "JOIN trainees t ON t.id = e.trainee_id JOIN courses c ON c.id = e.course_id "
            "JOIN providers p ON p.id = c.provider_id "
            "WHERE e.status IN ('enrolled', 'completed') AND c.status <> 'cancelled' "
            "ORDER BY t.pseudonym, c.start_date"
        )
        return [(pseudonym, (provider, code)) for pseudonym, provider, code in rows]

    def counts(self) -> list[tuple[int, str, int]]:
        """(course id, status, how many): counts that survive anonymisation."""
        rows = self.conn.execute(
            "SELECT course_id, status, count(*) FROM enrolments GROUP BY course_id, status "
            "ORDER BY course_id, status"
        )
        return [(int(c), s, int(n)) for c, s, n in rows]


class TradeWaitRepository(Repository):
    _SELECT = (
        "SELECT w.id, w.trainee_id, w.occupation, w.municipality, w.since, "
        "w.offered_course_id, w.closed_at, t.pseudonym FROM trade_waits w "
        "JOIN trainees t ON t.id = w.trainee_id"
    )

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> TradeWait:
        wid, trainee_id, occupation, municipality, since, offered, closed, pseudonym = row
        return TradeWait(
            trainee_id=trainee_id,
            occupation=occupation,
            municipality=municipality,
            since=datetime.fromisoformat(since),
            pseudonym=pseudonym,
            offered_course_id=offered,
            closed_at=_moment(closed),
            id=wid,
        )

    def add(self, wait: TradeWait) -> TradeWait:
        cursor = self.conn.execute(
            "INSERT INTO trade_waits (trainee_id, occupation, municipality, since) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (trainee_id, occupation, municipality) "
            "DO UPDATE SET closed_at = NULL, offered_course_id = NULL, since = excluded.since",
            (wait.trainee_id, wait.occupation, wait.municipality, _stamp(wait.since)),
        )
        row = self.conn.execute(
            f"{self._SELECT} WHERE w.trainee_id = ? AND w.occupation = ? AND w.municipality = ?",
            (wait.trainee_id, wait.occupation, wait.municipality),
        ).fetchone()
        del cursor
        return self._from_row(row)

    def open(self) -> list[TradeWait]:
        rows = self.conn.execute(f"{self._SELECT} WHERE w.closed_at IS NULL ORDER BY w.since, w.id")
        return [self._from_row(r) for r in rows]

    def for_trainee(self, trainee_id: int) -> list[TradeWait]:
        rows = self.conn.execute(f"{self._SELECT} WHERE w.trainee_id = ? ORDER BY w.since", (trainee_id,))
        return [self._from_row(r) for r in rows]

    def close(self, wait_id: int, at: datetime, offered_course_id: int | None) -> None:
        self.conn.execute(
            "UPDATE trade_waits SET closed_at = ?, offered_course_id = ? WHERE id = ?",
            (_stamp(at), offered_course_id, wait_id),
        )

    def delete_for_trainee(self, trainee_id: int) -> None:
        self.conn.execute("DELETE FROM trade_waits WHERE trainee_id = ?", (trainee_id,))


class AuditRepository(Repository):
    """Appends to the audit log and reads it; there is no way here to change an entry."""

    _SELECT = (
        "SELECT id, at, actor, actor_id, action, entity, entity_id, before, after, subject_id FROM audit_log"
    )

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        before: str | None,
        after: str | None,
        subject_id: int | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, actor_id, action, entity, entity_id, before, after, "
            "subject_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_stamp(at), actor, actor_id, action, entity, entity_id, before, after, subject_id),
        )

    def rows(
        self,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        subject_id: int | None = None,
        limit: int = 1000,
    ) -> list[tuple[Any, ...]]:
        """Raw rows, newest first: (id, at, actor, actor_id, action, entity, entity_id, before,
        after, subject_id); the service opens sealed values."""
        clauses, params = [], []
        for column, value in (("entity", entity), ("entity_id", entity_id), ("subject_id", subject_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return list(self.conn.execute(f"{self._SELECT}{where} ORDER BY id DESC LIMIT ?", (*params, limit)))

    def subject_key(self, trainee_id: int) -> bytes | None:
        row = self.conn.execute("SELECT key FROM subject_keys WHERE trainee_id = ?", (trainee_id,)).fetchone()
        return bytes(row[0]) if row else None

    def save_subject_key(self, trainee_id: int, key: bytes) -> None:
        self.conn.execute("INSERT INTO subject_keys (trainee_id, key) VALUES (?, ?)", (trainee_id, key))

    def forget_subject_key(self, trainee_id: int) -> None:
        self.conn.execute("PRAGMA secure_delete = ON")
        self.conn.execute("DELETE FROM subject_keys WHERE trainee_id = ?", (trainee_id,))
