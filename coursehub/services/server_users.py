"""Users on a PostgreSQL server: every CourseHub user is a login role of the server.

The same three actions as AuthService's (add, enable/disable, set a password) with the
same rules and audit entries, but the server keeps the password (a SCRAM verifier the
program computes; never plain text) and refuses a disabled login at the door. The users
table keeps what the server does not: role in CourseHub, organisation and display name, keyed
by role name.
The server enforces all of this again by itself (db/postgres/security.sql).
"""

from __future__ import annotations

from coursehub.domain.errors import PermissionDenied, ValidationError
from coursehub.domain.people import Actor
from coursehub.domain.text import fold
from coursehub.domain.users import User, password_problems, user_problems
from coursehub.i18n import _
from coursehub.services.audit import Action, AuditTrail
from coursehub.services.auth import Policy, check_password_change, existing_user, record_active_change
from coursehub.services.ports import Store
from coursehub.storage.server_admin import ServerAccounts


class ServerUserService:
    def __init__(self, store: Store, trail: AuditTrail, accounts: ServerAccounts) -> None:
        self.store = store
        self.trail = trail
        self.accounts = accounts

    def add_user(self, actor: Actor, user: User, password: str) -> User:
        Policy.require_administrator(actor)
        problems = user_problems(user) + password_problems(password)
        if problems:
            raise ValidationError(problems)
        with self.store.write() as uow:
            name = self.accounts.add(
                user.username, user.role, user.organisation, password, user.display_name.strip()
            )
            added = existing_user(uow, name)
            self.trail.record(
                uow,
                actor,
                Action.USER_ADD,
                "user",
                added.id,
                after={
                    "username": added.username,
                    "role": added.role.value,
                    "organisation": added.organisation,
                    "display_name": added.display_name,
                },
            )
            return added

    def set_active(self, actor: Actor, username: str, active: bool) -> User:
        Policy.require_administrator(actor)
        with self.store.write() as uow:
            user = existing_user(uow, username)
            if not active and fold(user.username) == fold(actor.username):
                raise PermissionDenied(_("You cannot disable your own account."))
            self.accounts.set_active(user.username, active)
            return record_active_change(self.trail, uow, actor, user, active)

    def change_password(self, actor: Actor, username: str, password: str) -> None:
        """An administrator sets anyone's password; everyone else only their own."""
        check_password_change(actor, username, password)
        with self.store.write() as uow:
            self.accounts.set_password(existing_user(uow, username).username, password)
