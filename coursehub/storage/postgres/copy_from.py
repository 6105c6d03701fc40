"""`coursehub server copy-from FILE.db`: an office's SQLite catalogue into a server database.

Offers `copy_sqlite(conn, path)` -> CopyReport. Everything happens in one transaction and is
verified before it commits: per table, the rows added on the server must be those the file
brought that were not there yet, and every course of the file must read back from the server
with the same checksum of its fields; otherwise nothing is kept.

Several offices' files can go in one after another. Providers are matched by name, courses
by provider and code (the same course twice is counted once; a course that differs is a
clash: the server's version stays, the clash is listed for the administrator), holiday
corrections by day, needs when every field is equal, users by login name. A trainee whose
pseudonym is taken on the server gets the next free number of that qark and year (listed).
Users become login roles that cannot log in until an administrator sets a new password and
enables them: SQLite's argon2 hashes cannot become SCRAM verifiers. Audit entries keep who
did what and when (the server's actor trigger is set aside for this one transaction only).

Run by the server's superuser (it sees every row and creates login roles), after `server init`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursehub.domain.errors import CourseHubError, PermissionDenied
from coursehub.domain.people import Role
from coursehub.domain.server import ServerNotReady
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.storage.database import latest_version, user_version
from coursehub.storage.import_repository import COURSE_COLUMNS
from coursehub.storage.postgres.security import (
    ROLE_NAME,
    current_roles,
    login_name,
    stored_security_version,
)

if TYPE_CHECKING:
    import psycopg

COPY_LOCK = 7108
TABLES = (
    "providers",
    "courses",
    "needs",
    "holiday_adjustments",
    "import_mappings",
    "finding_acknowledgements",
    "exchange_state",
    "users",
    "trainees",
    "enrolments",
    "trade_waits",
    "subject_keys",
    "audit_log",
    "attendance",
    "course_attendance_thresholds",
)
COURSE_FIELDS = COURSE_COLUMNS


@dataclass
class CopyReport:
    source: str
    added: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    users_to_enable: list[str] = field(default_factory=list)
    courses_verified: int = 0

    def count(self, table: str, *, added: bool) -> None:
        target = self.added if added else self.matched
        target[table] = target.get(table, 0) + 1


def course_checksum(provider_key: str, row: dict[str, Any]) -> str:
    """The same for a course on both sides when every field is equal."""
    values = [provider_key] + [_plain(row[name]) for name in COURSE_FIELDS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _without_id(row: sqlite3.Row) -> dict[str, Any]:
    """The row's columns but its id: the server numbers rows itself."""
    return {k: row[k] for k in row.keys() if k != "id"}  # noqa: SIM118 (a Row iterates values)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def open_source(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise CourseHubError(_("There is no CourseHub file at {path}.").format(path=path))
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        source.row_factory = sqlite3.Row
        version = user_version(source)
    except sqlite3.DatabaseError as error:
        raise CourseHubError(
            _(
                "{path} cannot be read as a CourseHub database (is it encrypted, or not a CourseHub "
                "file?): {reason}"
            ).format(path=path, reason=error)
        ) from error
    if version != latest_version():
        source.close()
        raise CourseHubError(
            _(
                "{path} was made by a different version of CourseHub (schema {found}, this program "
                "{known}). Open it once with this CourseHub on its PC, then copy it."
            ).format(path=path, found=version, known=latest_version())
        )
    return source


def copy_sqlite(conn: psycopg.Connection, path: Path) -> CopyReport:
    """Copy the file into the server database `conn` is connected to, all or nothing."""
    source = open_source(path)
    try:
        with conn.transaction():
            return _Copy(conn, source, path.name).run()
    finally:
        source.close()


class _Copy:
    def __init__(self, conn: psycopg.Connection, source: sqlite3.Connection, name: str) -> None:
        self.conn = conn
        self.source = source
        self.report = CopyReport(name)
        self.ids: dict[str, dict[int, int]] = {table: {} for table in TABLES}
        self.clashing_courses: set[int] = set()
        self._skipped: dict[str, int] = {}
        self._course_checksums: dict[int, str] = {}

    def run(self) -> CopyReport:
        self._require_ready()
        before = self._counts()
        self._providers()
        self._courses()
        self._needs()
        self._holidays()
        self._import_mappings()
        self._keyed_rows("finding_acknowledgements", ("fingerprint",))
        self._keyed_rows("exchange_state", ("provider_key", "code"))
        self._users()
        self._trainees()
        self._enrolments()
        self._trade_waits()
        self._subject_keys()
        self._audit_log()
        self._attendance()
        self._verify(before)
        return self.report

    # Checks -------------------------------------------------------------------------------
    def _require_ready(self) -> None:
        row = self.conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not row or not row[0]:
            raise PermissionDenied(
                _(
                    "Copying a file onto the server needs the PostgreSQL superuser (e.g. postgres): "
                    "it creates login roles and writes every organisation's trainees (docs/server.md)."
                )
            )
        if stored_security_version(self.conn) == 0:
            raise ServerNotReady(
                _("Set the server database up first: coursehub --db ADDRESS server init --admin NAME.")
            )
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (COPY_LOCK,))
        self.conn.execute(f"LOCK TABLE {', '.join(TABLES)} IN SHARE ROW EXCLUSIVE MODE")

    def _counts(self) -> dict[str, int]:
        return {t: int(_scalar(self.conn.execute(f"SELECT count(*) FROM {t}"))) for t in TABLES}

    def _verify(self, before: dict[str, int]) -> None:
        after = self._counts()
        for table in TABLES:
            source_rows = int(self.source.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            added, matched = self.report.added.get(table, 0), self.report.matched.get(table, 0)
            skipped = self._skipped.get(table, 0)
            if after[table] - before[table] != added or added + matched + skipped != source_rows:
                raise CourseHubError(
                    _(
                        "The copy of {file} did not check out for {table} (file {source}, added "
                        "{added}, already there {matched}); nothing was kept."
                    ).format(
                        file=self.report.source, table=table, source=source_rows, added=added, matched=matched
                    )
                )
        server = {}
        for row in self.conn.execute(
            f"SELECT c.id, p.name_key, {', '.join('c.' + f for f in COURSE_FIELDS)} "
            "FROM courses c JOIN providers p ON p.id = c.provider_id"
        ):
            server[row[0]] = course_checksum(row[1], dict(zip(COURSE_FIELDS, row[2:], strict=True)))
        for source_id, checksum in self._course_checksums.items():
            if source_id in self.clashing_courses:
                continue
            if server.get(self.ids["courses"][source_id]) != checksum:
                raise CourseHubError(
                    _("A course of {file} reads back differently from the server; nothing was kept.").format(
                        file=self.report.source
                    )
                )
            self.report.courses_verified += 1

    # Helpers -------------------------------------------------------------------------------
    def _rows(self, sql: str) -> Iterable[sqlite3.Row]:
        return self.source.execute(sql)

    def _insert(self, table: str, values: dict[str, Any], *, returning: bool = True) -> int | None:
        columns = ", ".join(values)
        marks = ", ".join(["%s"] * len(values))
        query = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        if returning:
            new_id = _scalar(self.conn.execute(query + " RETURNING id", tuple(values.values())))
            self.report.count(table, added=True)
            return int(new_id)
        self.conn.execute(query, tuple(values.values()))
        self.report.count(table, added=True)
        return None

    def _matched(self, table: str, columns: str, where: str, params: tuple[Any, ...]) -> Any:
        """The server's own row (its `columns`) that `where` finds, counted as matched, or None:
        where the server has the row already, the server's stays."""
        found = self.conn.execute(f"SELECT {columns} FROM {table} WHERE {where}", params).fetchone()
        if found:
            self.report.count(table, added=False)
        return found

    def _insert_unless_there(
        self, table: str, key: tuple[str, ...], values: dict[str, Any], *, returning: bool = False
    ) -> None:
        """Insert the row unless the server has one with the same `key` columns already."""
        where = " AND ".join(f"{k} = %s" for k in key)
        if not self._matched(table, "1", where, tuple(values[k] for k in key)):
            self._insert(table, values, returning=returning)

    def _skip(self, table: str) -> None:
        self._skipped[table] = self._skipped.get(table, 0) + 1

    # Catalogue ------------------------------------------------------------------------------
    def _providers(self) -> None:
        for row in self._rows("SELECT * FROM providers ORDER BY id"):
            found = self._matched("providers", "id", "name_key = %s", (row["name_key"],))
            if found:
                self.ids["providers"][row["id"]] = int(found[0])
                continue
            values = _without_id(row)
            self.ids["providers"][row["id"]] = int(self._insert("providers", values) or 0)

    def _courses(self) -> None:
        keys = {r["id"]: r["name_key"] for r in self._rows("SELECT id, name_key FROM providers")}
        for row in self._rows("SELECT * FROM courses ORDER BY id"):
            provider_key = keys[row["provider_id"]]
            checksum = course_checksum(provider_key, dict(row))
            self._course_checksums[row["id"]] = checksum
            provider_id = self.ids["providers"][row["provider_id"]]
            found = self._matched(
                "courses",
                f"id, {', '.join(COURSE_FIELDS)}",
                "provider_id = %s AND code = %s",
                (provider_id, row["code"]),
            )
            if found:
                self.ids["courses"][row["id"]] = int(found[0])
                theirs = dict(zip(COURSE_FIELDS, found[1:], strict=True))
                if course_checksum(provider_key, theirs) != checksum:
                    self.clashing_courses.add(row["id"])
                    differing = [f for f in COURSE_FIELDS if _plain(theirs[f]) != _plain(row[f])]
                    self.report.clashes.append(
                        _(
                            "Course {code} of {provider} differs from the server's copy ({fields}): "
                            "the server's stays; compare and correct it by hand."
                        ).format(code=row["code"], provider=provider_key, fields=", ".join(differing))
                    )
                continue
            values = _without_id(row) | {"provider_id": provider_id}
            self.ids["courses"][row["id"]] = int(self._insert("courses", values) or 0)

    def _needs(self) -> None:
        columns = (
            "occupation",
            "occupation_title",
            "area_kind",
            "area_name",
            "period_start",
            "period_end",
            "period_label",
            "demand",
            "source",
        )
        for row in self._rows("SELECT * FROM needs ORDER BY id"):
            self._insert_unless_there("needs", columns, {c: row[c] for c in columns}, returning=True)

    def _holidays(self) -> None:
        for row in self._rows("SELECT * FROM holiday_adjustments ORDER BY day"):
            found = self._matched("holiday_adjustments", "name, closed", "day = %s", (row["day"],))
            if found:
                if (found[0], bool(found[1])) != (row["name"], bool(row["closed"])):
                    self.report.clashes.append(
                        _(
                            "The holiday correction of {day} differs from the server's: the server's stays."
                        ).format(day=row["day"])
                    )
                continue
            values = {"day": row["day"], "name": row["name"], "closed": bool(row["closed"])}
            self._insert("holiday_adjustments", values, returning=False)

    def _import_mappings(self) -> None:
        for row in self._rows("SELECT * FROM import_mappings"):
            values = dict(row) | {"provider_id": self.ids["providers"][row["provider_id"]]}
            self._insert_unless_there("import_mappings", ("provider_id",), values)

    def _keyed_rows(self, table: str, key: tuple[str, ...]) -> None:
        for row in self._rows(f"SELECT * FROM {table}"):
            self._insert_unless_there(table, key, dict(row))

    # People ---------------------------------------------------------------------------------
    def _users(self) -> None:
        from psycopg import sql

        roles = current_roles(self.conn)
        for row in self._rows("SELECT * FROM users ORDER BY id"):
            name = login_name(row["username"])
            found = self._matched("users", "id", "username_key = %s OR username = %s", (fold(name), name))
            if found:
                self.ids["users"][row["id"]] = int(found[0])
                continue
            taken = self.conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            if taken or not ROLE_NAME.match(name):
                self._skip("users")
                self.report.clashes.append(
                    _(
                        "User {name} was not copied: the server already has a login of that name, or it "
                        "cannot be a login name. Add them with `users add` under another name."
                    ).format(name=row["username"])
                )
                continue
            self.conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN INHERIT").format(sql.Identifier(name)))
            group = roles.group(Role(row["role"]))
            self.conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
            organisation = row["organisation_id"]
            values = {
                "username": name,
                "username_key": fold(name),
                "password_hash": "",
                "role": row["role"],
                "organisation_id": self.ids["providers"][organisation] if organisation else None,
                "active": False,
                "created_at": row["created_at"],
                "display_name": row["display_name"],
            }
            self.ids["users"][row["id"]] = int(self._insert("users", values) or 0)
            self.report.users_to_enable.append(name)

    def _trainees(self) -> None:
        for row in self._rows("SELECT * FROM trainees ORDER BY id"):
            pseudonym = row["pseudonym"]
            if self.conn.execute("SELECT 1 FROM trainees WHERE pseudonym = %s", (pseudonym,)).fetchone():
                stem = pseudonym[: pseudonym.rindex("-") + 1]
                number = _scalar(self.conn.execute("SELECT coursehub_last_pseudonym_number(%s)", (stem,)))
                renamed = f"{stem}{int(number) + 1:04d}"
                self.report.renamed.append((pseudonym, renamed))
                pseudonym = renamed
            organisation = row["organisation_id"]
            values = _without_id(row) | {
                "pseudonym": pseudonym,
                "organisation_id": self.ids["providers"][organisation] if organisation else None,
                "consent_given": bool(row["consent_given"]),
            }
            self.ids["trainees"][row["id"]] = int(self._insert("trainees", values) or 0)

    def _enrolments(self) -> None:
        # Seat holders first, so that a course's seats fill in the file's own order.
        for row in self._rows("SELECT * FROM enrolments ORDER BY id"):
            values = _without_id(row) | {
                "trainee_id": self.ids["trainees"][row["trainee_id"]],
                "course_id": self.ids["courses"][row["course_id"]],
            }
            self.ids["enrolments"][row["id"]] = int(self._insert("enrolments", values) or 0)

    def _trade_waits(self) -> None:
        for row in self._rows("SELECT * FROM trade_waits ORDER BY id"):
            offered = row["offered_course_id"]
            values = _without_id(row) | {
                "trainee_id": self.ids["trainees"][row["trainee_id"]],
                "offered_course_id": self.ids["courses"][offered] if offered else None,
            }
            self._insert("trade_waits", values)

    def _subject_keys(self) -> None:
        for row in self._rows("SELECT * FROM subject_keys"):
            trainee_id = self.ids["trainees"].get(row["trainee_id"])
            if trainee_id is None:  # a key left by a person no longer in the file: not needed
                self._skip("subject_keys")
                continue
            self._insert(
                "subject_keys", {"trainee_id": trainee_id, "key": bytes(row["key"])}, returning=False
            )

    def _attendance(self) -> None:
        """Marks keep who recorded them and when (the server's recorder trigger is set aside
        for this transaction, as the audit log's is), and each course's own threshold."""
        self.conn.execute("ALTER TABLE attendance DISABLE TRIGGER attendance_set_recorder")
        for row in self._rows("SELECT * FROM attendance ORDER BY id"):
            values = _without_id(row) | {
                "trainee_id": self.ids["trainees"][row["trainee_id"]],
                "course_id": self.ids["courses"][row["course_id"]],
            }
            self._insert("attendance", values)
        self.conn.execute("ALTER TABLE attendance ENABLE TRIGGER attendance_set_recorder")
        for row in self._rows("SELECT * FROM course_attendance_thresholds"):
            values = {"course_id": self.ids["courses"][row["course_id"]], "percent": row["percent"]}
            self._insert_unless_there("course_attendance_thresholds", ("course_id",), values)

    def _audit_log(self) -> None:
        entity_tables = {
            "trainee": "trainees",
            "course": "courses",
            "enrolment": "enrolments",
            "user": "users",
            "provider": "providers",
        }
        # Entries keep their own actor and time: set the server's actor trigger aside for this
        # transaction only (a rollback puts it back as well).
        self.conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_set_actor")
        for row in self._rows("SELECT * FROM audit_log ORDER BY id"):
            ids = self.ids.get(entity_tables.get(row["entity"], ""), {})
            entity_id = row["entity_id"]
            subject = row["subject_id"]
            values = _without_id(row) | {
                "actor_id": self.ids["users"].get(row["actor_id"]) if row["actor_id"] else None,
                "entity_id": ids.get(entity_id, entity_id) if entity_id is not None else None,
                # an erased person's sealed values stay unreadable: no key will ever match
                "subject_id": self.ids["trainees"].get(subject, -abs(subject))
                if subject is not None
                else None,
            }
            self._insert("audit_log", values, returning=False)
        self.conn.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_set_actor")


def _scalar(cursor: Any) -> Any:
    """The first value of a query that always returns one row (a count, RETURNING, a function)."""
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the query returned no row")
    return row[0]
