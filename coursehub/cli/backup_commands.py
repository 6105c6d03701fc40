"""`coursehub backup`, `coursehub restore` and `coursehub check`."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursehub.cli.arguments import output_file
from coursehub.cli.context import CommandContext
from coursehub.i18n import _
from coursehub.services import backup as backups
from coursehub.services.encryption import EncryptionService


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup", help=_("write a checked copy of the database (or list the automatic backups)")
    )
    backup.add_argument(
        "-o",
        "--output",
        type=output_file,
        metavar=_("FILE"),
        help=_("where to write the copy (a file or a folder)"),
    )
    backup.add_argument("--list", action="store_true", help=_("list the automatic backups"))
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore", help=_("replace the database with a backup (the current one is kept aside)")
    )
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))
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
    decrypt.add_argument(
        "-o",
        "--output",
        type=output_file,
        metavar=_("FILE"),
        required=True,
        help=_("where to write the plain copy"),
    )
    decrypt.set_defaults(handler=run_decrypt)


def run_backup(ctx: CommandContext) -> int:
    service = ctx.workspace.backups
    if ctx.args.list or not ctx.args.output:
        found = service.backups()
        for item in found:
            ctx.print(f"{item.taken:%Y-%m-%d %H:%M:%S}  {item.path}")
        ctx.print(_("{n} automatic backups of {path}").format(n=len(found), path=ctx.db_path))
        if not ctx.args.list:
            ctx.print(_("To write a copy now: coursehub backup -o FILE"))
        return 0
    written = service.backup_to(Path(ctx.args.output))
    ctx.print(_("Backup written and checked: {path}").format(path=written))
    return 0


def run_restore(ctx: CommandContext) -> int:
    outcome = backups.restore(ctx.db_path, Path(ctx.args.file))
    ctx.print(
        _("The database {path} now holds the contents of {source}.").format(
            path=ctx.db_path, source=outcome.restored_from
        )
    )
    if outcome.kept_aside is not None:
        ctx.print(_("The database as it was before is kept in {kept}.").format(kept=outcome.kept_aside))
    return 0


def run_check(ctx: CommandContext) -> int:
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
    removed = EncryptionService().encrypt(ctx.db_path)
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
    written = EncryptionService().decrypt(ctx.db_path, Path(ctx.args.output))
    ctx.print(_("Plain copy written: {path}. It is not encrypted: protect it.").format(path=written))
    return 0
