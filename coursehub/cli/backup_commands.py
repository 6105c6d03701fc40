"""`coursehub backup`, `coursehub restore` and `coursehub check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coursehub.cli.arguments import add_output_option
from coursehub.cli.context import CommandContext
from coursehub.cli.login import credentials, login_from
from coursehub.domain.errors import CourseHubError
from coursehub.domain.people import SYSTEM, Actor
from coursehub.domain.safety import DatabaseDamaged
from coursehub.fileio import checked_output_path
from coursehub.i18n import N_, _
from coursehub.services import access
from coursehub.services import backup as backups
from coursehub.services.access import Task
from coursehub.services.audit import Action
from coursehub.services.encryption import EncryptionService
from coursehub.services.workspace import Workspace
from coursehub.storage.backup import AUTOMATIC, BEFORE_RESTORE, DAMAGED, MIGRATION, UNFINISHED


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup", help=_("write a checked copy of the database (or list the automatic backups)")
    )
    add_output_option(backup, _("where to write the copy (a file or a folder)"), metavar=_("FILE"))
    backup.add_argument("--list", action="store_true", help=_("list the automatic backups"))
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore", help=_("replace the database with a backup (the current one is kept aside)")
    )
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))
    restore.add_argument(
        "--yes", action="store_true", help=_("replace without asking (what the backup holds is still shown)")
    )
    restore.set_defaults(handler=run_restore)

    check = commands.add_parser("check", help=_("check the database (or a file) for damage"))
    check.add_argument(
        "file", nargs="?", metavar=_("FILE"), help=_("a database or backup file to check instead")
    )
    check.set_defaults(handler=run_check)

    encrypt = commands.add_parser(
        "encrypt", help=_("encrypt the database (SQLCipher; the key stays in the OS keyring)")
    )
    encrypt.set_defaults(handler=run_encrypt)
    decrypt = commands.add_parser(
        "decrypt", help=_("write a plain, unencrypted copy of an encrypted database")
    )
    add_output_option(decrypt, _("where to write the plain copy"), required=True, metavar=_("FILE"))
    decrypt.set_defaults(handler=run_decrypt)


def run_backup(ctx: CommandContext) -> int:
    if ctx.server_address is not None:
        return _server_backup(ctx)
    service = ctx.workspace.backups
    if ctx.args.list or not ctx.args.output:
        found = service.copies()
        for item in found:
            kind = "" if item.kind == AUTOMATIC else f"  ({_(COPY_KINDS[item.kind])})"
            ctx.print(f"{item.taken:%Y-%m-%d %H:%M:%S}  {item.path}{kind}")
        automatic = sum(1 for item in found if item.kind == AUTOMATIC)
        ctx.print(_("{n} automatic backups of {path}").format(n=automatic, path=ctx.db_path))
        if len(found) > automatic:
            ctx.print(
                _("{n} other copies beside it (kept and rotated the same way)").format(
                    n=len(found) - automatic
                )
            )
        if not ctx.args.list:
            ctx.print(_("To write a copy now: coursehub backup -o FILE"))
        return 0
    actor = ctx.acting_as(Task.BACKUP)
    written = service.backup_to(Path(ctx.args.output))
    ctx.record(actor, Action.DATABASE_BACKUP, "database", {"file": str(written)})
    ctx.print(_("Backup written and checked: {path}").format(path=written))
    return 0


COPY_KINDS = {
    BEFORE_RESTORE: N_("kept before a restore"),
    DAMAGED: N_("damaged, moved aside"),
    MIGRATION: N_("taken before a schema update"),
    UNFINISHED: N_("unfinished write"),
}


def run_restore(ctx: CommandContext) -> int:
    """An administrator's task once accounts exist. What the backup holds is shown first; the
    restore is audited in the database before and in the restored one after; erasures the
    ledger beside the database records are applied again, so nobody erased comes back."""
    ctx.refuse_on_server("restore")
    summary = backups.describe_backup(ctx.db_path, Path(ctx.args.file))
    actor = _restorer(ctx, summary.path)
    _show_backup(ctx, summary)
    _confirm_restore(ctx)
    audit: dict[str, object] = {
        "from": str(summary.path),
        "taken": summary.taken.isoformat(timespec="seconds"),
    }
    if actor.user_id is not None and "workspace" in ctx.__dict__:
        ctx.record(actor, Action.DATABASE_RESTORE, "database", audit)
    ctx.release()
    outcome = backups.restore(ctx.db_path, summary.path)
    again = outcome.erased_again
    if actor.user_id is not None:
        ctx.workspace.people.record_in_this_database(
            actor, Action.DATABASE_RESTORE, "database", audit | {"erasures_applied_again": again}
        )
    ctx.print(
        _("The database {path} now holds the contents of {source}.").format(
            path=ctx.db_path, source=outcome.restored_from
        )
    )
    if again:
        ctx.print(_("{n} people erased after this backup was taken were erased again.").format(n=again))
    if outcome.kept_aside is not None:
        ctx.print(_("The database as it was before is kept in {kept}.").format(kept=outcome.kept_aside))
    return 0


def _restorer(ctx: CommandContext, source: Path) -> Actor:
    """The administrator who restores. A database that cannot be opened (damaged: the usual
    reason to restore) is checked against the accounts of the backup instead."""
    if not ctx.db_path.is_file() or ctx.db_path.stat().st_size == 0:
        return SYSTEM
    try:
        return ctx.acting_as(Task.RESTORE)
    except DatabaseDamaged:
        ctx.release()
    backup = Workspace.open(source, read_only=True)
    try:
        if not backup.people.accounts_exist():
            return SYSTEM
        given = credentials(ctx)
        if given is None:
            login_from(ctx)  # says who must be named, and how
        actor = backup.login(*given) if given else SYSTEM
        access.require(actor, Task.RESTORE)
        return actor
    finally:
        backup.close()


def _show_backup(ctx: CommandContext, summary: backups.BackupSummary) -> None:
    held = summary.contents
    ctx.print(
        _("Backup {path}, taken {taken}:").format(path=summary.path, taken=f"{summary.taken:%Y-%m-%d %H:%M}")
    )
    ctx.print(
        "  "
        + _("{providers} providers, {courses} courses, {trainees} trainees, {users} users").format(
            providers=held.providers, courses=held.courses, trainees=held.trainees, users=held.users
        )
    )
    if held.last_change is not None:
        ctx.print("  " + _("last change recorded: {at}").format(at=f"{held.last_change:%Y-%m-%d %H:%M}"))


def _confirm_restore(ctx: CommandContext) -> None:
    if ctx.args.yes:
        return
    if not sys.stdin.isatty():
        raise CourseHubError(
            _("Restoring replaces everything in {path}: add --yes to confirm. Nothing was changed.").format(
                path=ctx.db_path
            )
        )
    answer = input(
        _("Replace everything in {path} with this backup? Type yes to go on: ").format(path=ctx.db_path)
    )
    if answer.strip().casefold() not in ("yes", "po", _("yes").casefold()):
        raise CourseHubError(_("Nothing was changed."))


def run_check(ctx: CommandContext) -> int:
    ctx.refuse_on_server("check")
    target = Path(ctx.args.file) if ctx.args.file else ctx.db_path
    problems = backups.check_file(target)
    if not problems:
        ctx.print(_("{path}: no damage found (PRAGMA integrity_check is ok).").format(path=target))
        return 0
    ctx.print(_("{path} is damaged:").format(path=target))
    for problem in problems:
        ctx.print(f"  {problem}")
    return 4


def run_encrypt(ctx: CommandContext) -> int:
    ctx.refuse_on_server("encrypt")
    actor = _authorise_then_release(ctx, Task.ENCRYPTION)
    removed = EncryptionService().encrypt(ctx.db_path)
    _record_after(ctx, actor, "encrypt")
    ctx.print(
        _(
            "The database {path} is now encrypted; its key is in this computer's keyring. "
            "Without that key nobody, including you, can read it: keep a decrypted copy "
            "somewhere safe if you must be able to move it."
        ).format(path=ctx.db_path)
    )
    if removed:
        ctx.print(_("{n} unencrypted backups were removed.").format(n=len(removed)))
    return 0


def run_decrypt(ctx: CommandContext) -> int:
    ctx.refuse_on_server("decrypt")
    checked_output_path(ctx.args.output)  # a bad -o is refused before anything is asked or audited
    actor = _authorise_then_release(ctx, Task.ENCRYPTION)
    written = EncryptionService().decrypt(ctx.db_path, Path(ctx.args.output))
    _record_after(ctx, actor, "decrypt")
    ctx.print(_("Plain copy written: {path}. It is not encrypted: protect it.").format(path=written))
    return 0


def _authorise_then_release(ctx: CommandContext, task: Task) -> Actor | None:
    """Check who asks before a command that works on the closed file."""
    if not ctx.db_path.is_file():
        return None
    actor = ctx.acting_as(task)
    ctx.release()
    return actor


def _record_after(ctx: CommandContext, actor: Actor | None, what: str) -> None:
    """Audited once done (a refused conversion leaves the database as it was)."""
    if actor is not None and actor.user_id is not None:
        ctx.workspace.people.record_in_this_database(
            actor, Action.DATABASE_ENCRYPTION, "database", {"action": what}
        )


def _server_backup(ctx: CommandContext) -> int:
    """On a server: pg_dump, run here when this login sees every row, else the exact command
    for the one who does (row security would give anyone else a partial copy)."""
    store: Any = ctx.workspace.store
    output = Path(ctx.args.output) if ctx.args.output else None
    plan = store.dump_plan(output)
    if output is None or not plan.may_run:
        if not plan.may_run:
            ctx.print(
                _(
                    "Only the server's superuser sees every row, so the backup is theirs to make. "
                    "Ask the server's IT person to run, as postgres:"
                )
            )
        else:
            ctx.print(_("To back up the whole database run (or give -o FILE to run it now):"))
        ctx.print(f"  {plan.shell_text}")
        ctx.print(
            _(
                "Automatic daily backups are for database files (SQLite); on a server schedule this "
                "command instead (docs/server.md, Backups)."
            )
        )
        return 0
    actor = ctx.acting_as(Task.BACKUP)
    written = store.run_dump(plan)
    ctx.record(actor, Action.DATABASE_BACKUP, "database", {"file": str(written)})
    ctx.print(_("Backup written with pg_dump: {path}").format(path=written))
    return 0
