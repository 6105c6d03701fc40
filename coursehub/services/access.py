"""Who may run which command-line task once accounts exist (docs/enrolment.md lists them).

The services check their own records (an import checks the provider, an exchange import
that the actor is staff); these rules cover what has no service of its own to ask: whole-
database copies, restore, encryption, the demo catalogue.
"""

from __future__ import annotations

from enum import Enum

from coursehub.domain.errors import PermissionDenied
from coursehub.domain.people import Actor, Role
from coursehub.i18n import _


class Task(Enum):
    CHANGE_CATALOGUE = "change_catalogue"  # import, acknowledge: the service checks the provider
    STAFF_WORK = "staff_work"  # needs import, exchange import, demo catalogue, holidays
    BACKUP = "backup"  # a copy holding every trainee's data
    RESTORE = "restore"
    ENCRYPTION = "encryption"  # encrypt, or write a plain copy of an encrypted database


_ALLOWED: dict[Task, frozenset[Role]] = {
    Task.CHANGE_CATALOGUE: frozenset({Role.ADMINISTRATOR, Role.OFFICE_STAFF, Role.NGO_COORDINATOR}),
    Task.STAFF_WORK: frozenset({Role.ADMINISTRATOR, Role.OFFICE_STAFF}),
    Task.BACKUP: frozenset({Role.ADMINISTRATOR, Role.OFFICE_STAFF}),
    Task.RESTORE: frozenset({Role.ADMINISTRATOR}),
    Task.ENCRYPTION: frozenset({Role.ADMINISTRATOR}),
}


def may(actor: Actor, task: Task) -> bool:
    return actor.role in _ALLOWED[task]


def require(actor: Actor, task: Task) -> None:
    if may(actor, task):
        return
    if _ALLOWED[task] == {Role.ADMINISTRATOR}:
        raise PermissionDenied(_("Only an administrator can do this."))
    if actor.role is Role.VIEWER:
        raise PermissionDenied(_("A viewer cannot change the catalogue."))
    raise PermissionDenied(_("Only Employment Office staff and administrators can do this."))
