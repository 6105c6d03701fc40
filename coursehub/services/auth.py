"""Users, passwords and who may do what.

Passwords are hashed with argon2id (memory-hard) through argon2-cffi's PasswordHasher with
its default parameters; tests pass a cheaper hasher in, production never changes. A hash
made with weaker parameters is upgraded at the next successful login.

The permission policy lives here, in the service layer, so the GUI, the command line, the
importers and the exchange files all meet the same rules:
- administrator: everything, including users and the audit log;
- Employment Office staff: every trainee and every course;
- NGO coordinator: their own organisation's trainees and courses; other providers'
  courses without any trainee data;
- viewer: the catalogue only.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coursehub.domain.errors import (
    CourseHubError,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
)
from coursehub.domain.model import Course
from coursehub.domain.people import Actor, Role
from coursehub.domain.text import fold
from coursehub.domain.trainees import Trainee
from coursehub.domain.users import User, password_problems, user_problems
from coursehub.i18n import _
from coursehub.services.audit import Action, AuditTrail
from coursehub.services.login_guard import LoginGuard
from coursehub.services.ports import Store, UnitOfWork


class AuthenticationFailed(CourseHubError):
    exit_code = 4


class Policy:
    """Pure answers to "may this actor do that?"; `require_*` raise PermissionDenied."""

    @staticmethod
    def is_staff(actor: Actor) -> bool:
        return actor.role in (Role.ADMINISTRATOR, Role.OFFICE_STAFF)

    @staticmethod
    def same_organisation(actor: Actor, organisation: str | None) -> bool:
        return bool(actor.organisation and organisation and fold(actor.organisation) == fold(organisation))

    @classmethod
    def may_edit_provider_courses(cls, actor: Actor, provider: str) -> bool:
        if cls.is_staff(actor):
            return True
        return actor.role is Role.NGO_COORDINATOR and cls.same_organisation(actor, provider)

    @classmethod
    def may_see_course_trainees(cls, actor: Actor, course: Course) -> bool:
        return cls.may_edit_provider_courses(actor, course.provider)

    @classmethod
    def may_read_trainee(cls, actor: Actor, trainee: Trainee) -> bool:
        if cls.is_staff(actor):
            return True
        return actor.role is Role.NGO_COORDINATOR and cls.same_organisation(actor, trainee.organisation)

    @classmethod
    def may_override(cls, actor: Actor) -> bool:
        return cls.is_staff(actor)

    # Requirements -----------------------------------------------------------------
    @staticmethod
    def require_administrator(actor: Actor) -> None:
        if actor.role is not Role.ADMINISTRATOR:
            raise PermissionDenied(_("Only an administrator can do this."))

    @staticmethod
    def is_authenticated(actor: Actor) -> bool:
        """A real user logged in; the program's own SYSTEM actor is not one."""
        return actor.user_id is not None

    @classmethod
    def require_trainee_access(cls, actor: Actor) -> None:
        if not cls.is_authenticated(actor):
            raise PermissionDenied(_("Log in as a CourseHub user to see or change trainees' data."))
        if actor.role is Role.VIEWER:
            raise PermissionDenied(_("A viewer sees the course catalogue only, not trainees or enrolments."))

    @classmethod
    def require_read_trainee(cls, actor: Actor, trainee: Trainee) -> None:
        cls.require_trainee_access(actor)
        if not cls.may_read_trainee(actor, trainee):
            raise PermissionDenied(
                _(
                    "Trainee {code} was registered by another organisation; only they and the "
                    "Employment Office can see or change this person's data."
                ).format(code=trainee.pseudonym)
            )

    @classmethod
    def require_edit_courses_of(cls, actor: Actor, provider: str) -> None:
        if actor.role is Role.VIEWER:
            raise PermissionDenied(_("A viewer cannot change the catalogue."))
        if not cls.may_edit_provider_courses(actor, provider):
            raise PermissionDenied(
                _("You can change only the courses of {own}, not those of {provider}.").format(
                    own=actor.organisation, provider=provider
                )
            )

    @classmethod
    def require_override(cls, actor: Actor) -> None:
        if not cls.may_override(actor):
            raise PermissionDenied(
                _(
                    "Only Employment Office staff can override this check; ask them to enrol "
                    "the person with a written reason."
                )
            )


def default_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile)."""
    return PasswordHasher()


class AuthService:
    def __init__(
        self,
        store: Store,
        trail: AuditTrail,
        hasher: PasswordHasher | None = None,
        guard: LoginGuard | None = None,
    ) -> None:
        self.store = store
        self.trail = trail
        self.hasher = hasher or default_hasher()
        self.guard = guard or LoginGuard(trail.clock)

    # First run ----------------------------------------------------------------------
    def needs_setup(self) -> bool:
        with self.store.read() as uow:
            return uow.users.count() == 0

    def setup(self, username: str, password: str) -> User:
        """Create the first administrator; refused once any user exists."""
        user = User(username=username.strip(), role=Role.ADMINISTRATOR)
        self._check(user, password)
        hashed = self.hasher.hash(password)
        with self.store.write() as uow:
            if uow.users.count() > 0:
                raise PermissionDenied(_("CourseHub is already set up; an administrator adds further users."))
            added = uow.users.add(user, hashed)
            self.trail.record(
                uow, added.actor(), Action.USER_ADD, "user", added.id, after=_user_values(added)
            )
            return added

    # Logging in -----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Actor:
        """The actor for these credentials; one plain message for every kind of failure.

        Failures are counted per user (throttled after a few, see login_guard) and audited
        at most once a minute per user."""
        failed = AuthenticationFailed(_("Wrong user name or password, or the account is disabled."))
        with self.store.read() as uow:
            found = uow.users.find(username) if fold(username) else None
            record = self.guard.record_of(uow, int(found[0].id or 0)) if found else None
        if found is None or record is None:
            self._spend_time_like_a_check(password)
            raise failed
        user, hashed = found
        self.guard.wait_turn(record)
        try:
            self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            self._note_failure(user)
            raise failed from None
        if not user.active:
            raise failed
        rehash = self.hasher.check_needs_rehash(hashed)
        if (rehash or record.count) and not self._read_only:
            with self.store.write() as uow:
                if rehash:
                    uow.users.set_password_hash(int(user.id or 0), self.hasher.hash(password))
                self.guard.clear(uow, int(user.id or 0))
        return user.actor()

    def _note_failure(self, user: User) -> None:
        if self._read_only:
            return
        with self.store.write() as uow:
            if self.guard.note_failure(uow, int(user.id or 0)):
                self.trail.record(uow, user.actor(), Action.USER_LOGIN_FAILED, "user", user.id)

    @property
    def _read_only(self) -> bool:
        """A copy opened read-only (another copy is writing) can log in but not record."""
        return bool(getattr(self.store, "read_only", False))

    def _spend_time_like_a_check(self, password: str) -> None:
        # Unknown names take as long as wrong passwords, so names cannot be probed by timing.
        self.hasher.hash(password)

    # Managing users ---------------------------------------------------------------------
    def users(self, actor: Actor) -> list[User]:
        Policy.require_administrator(actor)
        with self.store.read() as uow:
            return uow.users.list()

    def add_user(self, actor: Actor, user: User, password: str) -> User:
        Policy.require_administrator(actor)
        self._check(user, password)
        hashed = self.hasher.hash(password)
        with self.store.write() as uow:
            if uow.users.find(user.username) is not None:
                raise ValidationError([_problem_name_taken(user)])
            added = uow.users.add(user, hashed)
            self.trail.record(uow, actor, Action.USER_ADD, "user", added.id, after=_user_values(added))
            return added

    def set_active(self, actor: Actor, username: str, active: bool) -> User:
        Policy.require_administrator(actor)
        with self.store.write() as uow:
            user = existing_user(uow, username)
            if not active and user.id == actor.user_id:
                raise PermissionDenied(_("You cannot disable your own account."))
            uow.users.set_active(int(user.id or 0), active)
            return record_active_change(self.trail, uow, actor, user, active)

    def change_password(self, actor: Actor, username: str, password: str) -> None:
        """An administrator sets anyone's password; everyone else only their own."""
        check_password_change(actor, username, password)
        hashed = self.hasher.hash(password)
        with self.store.write() as uow:
            user = existing_user(uow, username)
            uow.users.set_password_hash(int(user.id or 0), hashed)
            self.guard.clear(uow, int(user.id or 0))
            self.trail.record(uow, actor, Action.USER_PASSWORD, "user", user.id)

    @staticmethod
    def _check(user: User, password: str) -> None:
        problems = user_problems(user) + password_problems(password)
        if problems:
            raise ValidationError(problems)


def check_password_change(actor: Actor, username: str, password: str) -> None:
    """An administrator sets anyone's password, everyone else only their own; and it must be
    a good password."""
    if fold(username) != fold(actor.username):
        Policy.require_administrator(actor)
    problems = password_problems(password)
    if problems:
        raise ValidationError(problems)


def record_active_change(trail: AuditTrail, uow: UnitOfWork, actor: Actor, user: User, active: bool) -> User:
    """Audit an account switched off or on; the account as it now is."""
    trail.record(
        uow,
        actor,
        Action.USER_ACTIVE,
        "user",
        user.id,
        before={"active": user.active},
        after={"active": active},
    )
    return uow.users.get(int(user.id or 0))


def existing_user(uow: UnitOfWork, username: str) -> User:
    """The account called `username`, or NotFound in plain words."""
    found = uow.users.find(username)
    if found is None:
        raise NotFound(_("No user called {name}.").format(name=username))
    return found[0]


def _user_values(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "role": user.role.value,
        "organisation": user.organisation,
        "active": user.active,
        "display_name": user.display_name,
    }


def _problem_name_taken(user: User) -> Problem:
    return Problem(_("user name"), user.username, _("This user name is taken."))
