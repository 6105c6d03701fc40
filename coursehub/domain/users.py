"""Accounts of the people who use CourseHub, and the audit trail of what they did."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coursehub.domain.errors import Problem
from coursehub.domain.people import Actor, Role
from coursehub.domain.text import fold
from coursehub.i18n import _

MIN_PASSWORD_LENGTH = 10
MAX_DISPLAY_NAME = 80
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,40}$")


@dataclass(frozen=True, slots=True)
class User:
    username: str
    role: Role
    organisation: str | None = None  # the provider an NGO coordinator works for
    active: bool = True
    id: int | None = None
    display_name: str = ""  # the name the person is shown by ("Maria Kola"); optional

    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.organisation, self.id, self.display_name)


def user_problems(user: User) -> list[Problem]:
    problems = []
    if not _USERNAME.match(user.username):
        problems.append(
            Problem(
                _("user name"),
                user.username,
                _("Use 2 to 40 letters, digits, dots, dashes or @, without spaces."),
            )
        )
    elif not fold(user.username):  # "..--" would match "@" and every other name of signs only
        problems.append(
            Problem(_("user name"), user.username, _("A user name needs at least one letter or digit."))
        )
    if len(user.display_name) > MAX_DISPLAY_NAME or any(not c.isprintable() for c in user.display_name):
        problems.append(
            Problem(
                _("display name"),
                user.display_name,
                _("A display name is at most {n} characters, without tabs or line breaks.").format(
                    n=MAX_DISPLAY_NAME
                ),
            )
        )
    if user.role is Role.NGO_COORDINATOR and not user.organisation:
        problems.append(
            Problem(_("organisation"), "", _("An NGO coordinator works for one organisation: name it."))
        )
    if user.role is not Role.NGO_COORDINATOR and user.organisation:
        problems.append(
            Problem(
                _("organisation"), user.organisation, _("Only NGO coordinators are bound to an organisation.")
            )
        )
    return problems


def password_problems(password: str) -> list[Problem]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return [
            Problem(
                _("password"),
                "",
                _("A password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH),
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    erased: bool = False  # the person's data in this entry was erased with them
    id: int | None = None
