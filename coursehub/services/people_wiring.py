"""The people services of one open database, wired together, and who is logged in."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

from argon2 import PasswordHasher

from coursehub.domain.errors import PermissionDenied
from coursehub.domain.people import SYSTEM, Actor, Role
from coursehub.domain.reference import Reference
from coursehub.i18n import _
from coursehub.services.attendance import AttendanceService
from coursehub.services.audit import AuditService, AuditTrail
from coursehub.services.auth import AuthenticationFailed, AuthService
from coursehub.services.certificates import CertificateService
from coursehub.services.enrolment import EnrolmentService
from coursehub.services.login_guard import LoginGuard, Sleep
from coursehub.services.ports import Store
from coursehub.services.trainees import TraineeService
from coursehub.storage.erasure_ledger import ErasureLedger

RETENTION_RUN_KEY = "people.retention_last_run"


class PeopleServices:
    # Tests put a cheap hasher here; production keeps argon2-cffi's defaults.
    password_hasher: PasswordHasher | None = None

    def __init__(
        self,
        store: Store,
        reference: Reference,
        clock: Callable[[], datetime] = datetime.now,
        sleep: Sleep = time.sleep,
        ledger: ErasureLedger | None = None,
        after_erasure: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.reference = reference
        self.clock = clock
        self.sleep = sleep  # waits between failed logins; tests pass one that only records
        self.ledger = ledger  # the erasure ledger beside the database file, if there is one
        self.after_erasure = after_erasure  # rewrites the copies beside the database file
        self.actor: Actor | None = None

    @cached_property
    def trail(self) -> AuditTrail:
        return AuditTrail(self.clock)

    @cached_property
    def auth(self) -> AuthService:
        return AuthService(self.store, self.trail, self.password_hasher, LoginGuard(self.clock, self.sleep))

    @cached_property
    def enrolment(self) -> EnrolmentService:
        return EnrolmentService(self.store, self.trail, self.reference, self.clock)

    @cached_property
    def attendance(self) -> AttendanceService:
        return AttendanceService(self.store, self.trail, self.clock)

    @cached_property
    def trainees(self) -> TraineeService:
        return TraineeService(
            self.store,
            self.trail,
            self.reference,
            self.enrolment,
            self.clock,
            ledger=self.ledger,
            after_erasure=self.after_erasure,
        )

    @cached_property
    def certificates(self) -> CertificateService:
        return CertificateService(self.store, self.trail, self.reference, self.clock)

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(self.store, self.trail)

    def login(self, username: str, password: str) -> Actor:
        """Check the password, remember the actor, and anonymise whoever is past retention
        (at most once a day)."""
        self.actor = self.auth.authenticate(username, password)
        self.apply_retention_if_due()
        return self.actor

    def login_as_connected_user(self) -> Actor:
        """On a server the login role IS the CourseHub user: the server checked the password,
        the users table (keyed by role name) says their role and organisation."""
        role_name = getattr(self.store, "authenticated_user", None)
        found = None
        if role_name:
            with self.store.read() as uow:
                found = uow.users.find(role_name)
        if found is None or not found[0].active:
            raise AuthenticationFailed(
                _(
                    "The server login {name} is not an active CourseHub user of this database. Ask "
                    "the CourseHub administrator to add it (coursehub users add)."
                ).format(name=role_name)
            )
        self.actor = found[0].actor()
        if self.actor.role in (Role.ADMINISTRATOR, Role.OFFICE_STAFF):
            # the server lets only them see everyone and note the run (coordinators see their own)
            self.apply_retention_if_due()
        return self.actor

    def accounts_exist(self) -> bool:
        """Once the first account exists, every change needs a logged-in user."""
        return not self.auth.needs_setup()

    def record(self, actor: Actor, action: str, entity: str, after: dict[str, object] | None = None) -> None:
        """One audit entry for an action done outside the people services (an import, a
        backup); skipped on a copy opened read-only, which cannot record anything."""
        if getattr(self.store, "read_only", False):
            return
        with self.store.write() as uow:
            self.trail.record(uow, actor, action, entity, None, after=after)

    def record_in_this_database(
        self, actor: Actor, action: str, entity: str, after: dict[str, object] | None = None
    ) -> None:
        """Audit an action of a user of another copy of this database (a restore is recorded
        in the restored database too): the user is found here by name, if they exist."""
        with self.store.read() as uow:
            found = uow.users.find(actor.username)
        here = found[0].actor() if found else Actor(actor.username, actor.role, actor.organisation)
        self.record(here, action, entity, after)

    def logout(self) -> None:
        self.actor = None

    def current_actor(self) -> Actor:
        if self.actor is None:
            raise PermissionDenied(_("Log in first."))
        return self.actor

    def apply_retention_if_due(self) -> int:
        if getattr(self.store, "read_only", False):
            return 0
        today = self.clock().date().isoformat()
        with self.store.read() as uow:
            if uow.settings.get(RETENTION_RUN_KEY) == today:
                return 0
        done = self.trainees.apply_retention(SYSTEM)
        with self.store.write() as uow:
            uow.settings.set(RETENTION_RUN_KEY, today)
        return done
