"""An open database with its services: what the GUI and the command line work on."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.domain.reference import Reference, load_reference
from coursehub.i18n import _
from coursehub.services.backup import BackupService, erase_from_copies, open_safely, reopen_for_writing
from coursehub.services.catalogue import CatalogueService
from coursehub.services.demo import demo_catalogue_path, load_demo
from coursehub.services.ports import Store, UnitOfWork
from coursehub.storage import SqliteStore
from coursehub.storage.backends import (
    ChangeCallback,
    is_server_address,
    listen_for_changes,
    open_server_store,
    reconnect_server_store,
    reopen_server_store,
)
from coursehub.storage.backup import squeeze
from coursehub.storage.erasure_ledger import ErasureLedger

if TYPE_CHECKING:  # the services below are imported when first used: start-up stays quick
    from coursehub.services.analysis import AnalysisService
    from coursehub.services.exchange import ExchangeService
    from coursehub.services.importing import ImportService
    from coursehub.services.people_wiring import PeopleServices
    from coursehub.services.printing import PrintService


_Login = ParamSpec("_Login")


def _on_server(open_store: Callable[_Login, Any]) -> Callable[_Login, Workspace]:
    """Opening a workspace on a server takes just what opening the server's store takes:
    the login options are declared once, in storage/backends.py, and type-checked here."""

    def open_server(*args: _Login.args, **kwargs: _Login.kwargs) -> Workspace:
        store = open_store(*args, **kwargs)
        return Workspace(store, None, store.notices())

    return open_server


class Workspace:
    def __init__(self, store: Store, path: Path | None = None, notices: list[str] | None = None) -> None:
        self.store = store
        self.path = path
        # Plain sentences to show once on opening (read-only because..., backup failed).
        self.notices = notices or []

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Workspace:
        """Checked first (network share, damage), locked for writing, backed up once a day.
        A server address (storage/backends.py) opens the server as libpq's defaults say."""
        if is_server_address(path):
            return cls.open_server(str(path), read_only=read_only)
        store, notices = open_safely(Path(path), read_only=read_only)
        return cls(store, Path(path), notices)

    # open_server(address, *, user, password, ask_password, read_only): a CourseHub database
    # on a PostgreSQL server, logged in as `user` (default: the address's); the server checks
    # the password and its role is the acting user.
    open_server = staticmethod(_on_server(open_server_store))

    @classmethod
    def open_demo(cls) -> Workspace:
        """The demo catalogue, in its own file (never the real database), filled with the
        demo courses the first time."""
        workspace = cls.open(demo_catalogue_path())
        if not workspace.read_only:
            try:
                workspace.load_demo_if_empty()
            except BaseException:
                workspace.close()
                raise
        return workspace

    @property
    def is_demo(self) -> bool:
        """This is the demo catalogue's file (the window says so in its title and status bar)."""
        return self.path is not None and _same_file(self.path, demo_catalogue_path())

    @property
    def on_server(self) -> bool:
        return getattr(self.store, "authenticated_user", None) is not None

    @property
    def server_label(self) -> str:
        """On a server: database@host, for the status bar."""
        return str(getattr(self.store, "label", ""))

    @property
    def read_only(self) -> bool:
        """Nothing can be saved: another copy is writing, or a newer CourseHub made the file."""
        return bool(getattr(self.store, "read_only", False))

    def made_by_newer_program(self) -> bool:
        """The database's schema is newer than this program's (it stays read-only here)."""
        if not isinstance(self.store, SqliteStore):
            return bool(getattr(self.store, "made_by_newer_program", False))
        from coursehub.storage.database import latest_version, user_version

        return user_version(self.store.database.conn) > latest_version()

    def try_write_access(self) -> bool:
        """After "opened read-only because another copy is writing": True once this copy
        may write (the other one closed). Saves made from records read before still meet
        the version check, so nothing the other copy saved is overwritten."""
        if self.path is None or not isinstance(self.store, SqliteStore):
            return False
        if reopen_for_writing(self.store, self.path):
            self.notices = []
            return True
        return False

    @cached_property
    def reference(self) -> Reference:
        return load_reference()

    def _seats_added(self, uow: UnitOfWork, actor: Actor, course: Course) -> list[Any]:
        """A course gained seats: they go to its waiting list (enrolment service). Looked up
        on each call, so the people services are built only when seats are really added."""
        return self.people.enrolment.seats_added(uow, actor, course)

    @cached_property
    def catalogue(self) -> CatalogueService:
        return CatalogueService(self.store, self.reference, seats_added=self._seats_added)

    @cached_property
    def importing(self) -> ImportService:
        """Course lists and labour-market needs from CSV, XLSX and ODS files."""
        from coursehub.services.importing import ImportService

        return ImportService(self.store, self.reference, seats_added=self._seats_added)

    @cached_property
    def analysis(self) -> AnalysisService:
        """Overlaps, gaps, coverage and eligibility; trainee clashes once enrolments are wired
        in as `enrolment_source` (pseudonym, course key) pairs."""
        from coursehub.services.analysis import AnalysisService

        return AnalysisService(
            self.store,
            self.reference,
            enrolment_source=self.people.enrolment.active_enrolments,
            seat_source=self.people.enrolment.open_seats_by_course,
        )

    @cached_property
    def people(self) -> PeopleServices:
        """Users, trainees, enrolment and the audit log; `people.login(...)` sets the actor."""
        from coursehub.services.people_wiring import PeopleServices

        ledger = self.erasure_ledger
        return PeopleServices(
            self.store,
            self.reference,
            ledger=ledger,
            after_erasure=self._erase_from_copies if ledger else None,
        )

    def _erase_from_copies(self) -> None:
        """After an erasure: nothing of the person stays readable in the database's WAL or
        in any copy beside it (backups, kept-aside and damaged files, .part files)."""
        if self.path is None or not isinstance(self.store, SqliteStore):
            return
        squeeze(self.store.database.conn, vacuum=False)  # secure_delete zeroed the rows
        erase_from_copies(self.path, self.store.database.key)

    @property
    def erasure_ledger(self) -> ErasureLedger | None:
        """Beside a database file (not an in-memory or server database)."""
        if self.path is None or str(self.path) == ":memory:" or not isinstance(self.store, SqliteStore):
            return None
        return ErasureLedger.beside(self.path)

    @property
    def actor(self) -> Actor | None:
        """Who is logged in (None until `login`)."""
        return self.people.actor

    def login(self, username: str, password: str) -> Actor:
        return self.people.login(username, password)

    def login_as_connected_user(self) -> Actor:
        """On a server: the CourseHub user whose login role the connection uses."""
        return self.people.login_as_connected_user()

    @cached_property
    def printing(self) -> PrintService:
        """PDF printouts; sheets and registers get their roster (permissions, pseudonyms,
        audit of the print) from the enrolment service."""
        from coursehub.services.printing import PrintService

        return PrintService(
            self.store,
            self.reference,
            roster_source=self.people.enrolment.roster,
            analysis=lambda: self.analysis,
        )

    @cached_property
    def exchange(self) -> ExchangeService:
        """Exports (iCalendar, CSV, XLSX) and the XLSX exchange between offices."""
        from coursehub.services.exchange import ExchangeService

        return ExchangeService(self.store, self.reference, seats_added=self._seats_added)

    @cached_property
    def backups(self) -> BackupService:
        if self.path is None or not isinstance(self.store, SqliteStore):
            raise CourseHubError(_("This database has no file to back up."))
        return BackupService(self.store, self.path)

    def for_worker_thread(self) -> Workspace:
        """Another connection to the same database, for a worker thread of this process (one
        SQLite connection per thread). Call it in that thread; the checks and the writer lock
        taken by `open` already cover this process."""
        if self.on_server:
            return Workspace(reopen_server_store(self.store))
        if self.path is None or not isinstance(self.store, SqliteStore):
            raise CourseHubError(_("This database has no file to open again."))
        return Workspace(SqliteStore(self.store.database.another_connection()), self.path)

    def connection_usable(self) -> bool:
        """False once a server connection was closed or broken (a worker then opens another)."""
        usable = getattr(self.store, "usable", None)
        return bool(usable()) if usable is not None else True

    def listen_for_changes(self, on_change: ChangeCallback) -> Any:
        """On a server: a listener calling `on_change(table, course_ids)` from its own thread
        when another user changes the catalogue, enrolments or findings (`.stop()` it; its
        `alive` turns False when the connection drops). None for a SQLite file."""
        return listen_for_changes(self.store, on_change)

    def reconnect(self) -> None:
        """On a server: a new connection in place of a dropped one (same user and password);
        a plain ServerUnavailable/ServerLoginRefused when it still cannot be had."""
        if self.on_server:
            reconnect_server_store(self.store)

    def load_demo_if_empty(self) -> int:
        if self.catalogue.count() == 0:
            return load_demo(self.store)
        return 0

    def is_empty_file(self) -> bool:
        """A database file with no course yet (the first start), not the demo's."""
        return not self.on_server and not self.is_demo and self.catalogue.count() == 0

    def close(self) -> None:
        self.store.close()


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False
