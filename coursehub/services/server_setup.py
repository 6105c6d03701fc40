"""Setting up a CourseHub database on a PostgreSQL server (`coursehub server init`), moving
an office's SQLite file onto it (`server copy-from`), and
choosing who manages user accounts: on a server they are login roles
(services/server_users.py), in a SQLite file rows of the users table (services/auth.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursehub.storage.server_admin import (
    CrossOrganisationClash,
    ServerSetup,
    copy_file_to_server,
    cross_organisation_clashes,
    initialise_server,
    server_accounts,
)

if TYPE_CHECKING:
    from coursehub.services.auth import AuthService
    from coursehub.services.server_users import ServerUserService
    from coursehub.services.workspace import Workspace

__all__ = [
    "CrossOrganisationClash",
    "ServerSetup",
    "copy_file_to_server",
    "cross_organisation_clashes",
    "initialise_server",
    "user_accounts",
]


def user_accounts(workspace: Workspace) -> AuthService | ServerUserService:
    """Who adds, disables and re-passwords users for this database."""
    accounts = server_accounts(workspace.store)
    if accounts is None:
        return workspace.people.auth
    from coursehub.services.server_users import ServerUserService

    return ServerUserService(workspace.store, workspace.people.trail, accounts)
