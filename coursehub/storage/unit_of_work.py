"""A unit of work: the repositories of one transaction, committed together or not at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coursehub.storage.attendance_repository import AttendanceRepository
from coursehub.storage.certificate_repository import CertificateRepository, OutcomeRepository
from coursehub.storage.database import Database
from coursehub.storage.exchange_repository import ExchangeStateRepository
from coursehub.storage.findings_repository import FindingRepository
from coursehub.storage.import_repository import CourseImportRepository
from coursehub.storage.people_repository import (
    AuditRepository,
    EnrolmentRepository,
    TradeWaitRepository,
    TraineeRepository,
    UserRepository,
)
from coursehub.storage.repositories import (
    CourseRepository,
    HolidayRepository,
    ImportMappingRepository,
    NeedRepository,
    ProviderRepository,
    SettingsRepository,
)
from coursehub.storage.repository import Connection


class UnitOfWork:
    """The repositories of one SQLite transaction. The server's (postgres/repositories.py)
    shares most of them and puts its own in for the few whose SQL differs there."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.share_repositories(conn)
        self.course_import = CourseImportRepository(conn)
        self.trainees = TraineeRepository(conn)
        self.enrolments = EnrolmentRepository(conn)
        self.certificates = CertificateRepository(conn)

    def share_repositories(self, conn: Connection) -> None:
        """The repositories that are the same classes on both backends."""
        self.conn = conn
        self.providers = ProviderRepository(conn)
        self.courses = CourseRepository(conn)
        self.needs = NeedRepository(conn)
        self.holidays = HolidayRepository(conn)
        self.settings = SettingsRepository(conn)
        self.import_mappings = ImportMappingRepository(conn)
        self.findings = FindingRepository(conn)
        self.users = UserRepository(conn)
        self.trade_waits = TradeWaitRepository(conn)
        self.audit = AuditRepository(conn)
        self.exchange_state = ExchangeStateRepository(conn)
        self.attendance = AttendanceRepository(conn)
        self.outcomes = OutcomeRepository(conn)


class SqliteStore:
    """The embedded default backend. Services only use `read()` and `write()`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def path(self) -> Path | None:
        return self.database.path

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        with self.database.transaction(write=True) as conn:
            yield UnitOfWork(conn)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self.database.transaction(write=False) as conn:
            yield UnitOfWork(conn)

    def close(self) -> None:
        self.database.close()


def open_store(path: Path | str, *, read_only: bool = False) -> SqliteStore:
    return SqliteStore(Database.open(path, read_only=read_only))
