"""`coursehub audit`: read the audit log (administrators), acting as a named user."""

from __future__ import annotations

import argparse

from coursehub.cli.arguments import bounded_int, record_id
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, login_from
from coursehub.cli.tables import format_table
from coursehub.i18n import _


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help=_("read the audit log (administrators)"))
    add_user_option(audit)
    audit.add_argument("--entity", help=_("only entries about this kind of record"))
    audit.add_argument("--id", type=record_id, help=_("only entries about this record id"))
    audit.add_argument(
        "--limit", type=bounded_int(1, 100_000), default=200, help=_("at most this many entries")
    )
    audit.add_argument("--json", action="store_true", help=_("print JSON"))
    audit.set_defaults(handler=run_audit)


def run_audit(ctx: CommandContext) -> int:
    entries = ctx.workspace.people.audit.entries(
        login_from(ctx), entity=ctx.args.entity, entity_id=ctx.args.id, limit=ctx.args.limit
    )
    if ctx.args.json:
        ctx.print_json(
            {
                "audit": [
                    {
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "entity": e.entity,
                        "entity_id": e.entity_id,
                        "before": e.before,
                        "after": e.after,
                        "erased": e.erased,
                    }
                    for e in entries
                ]
            }
        )
        return 0
    rows = [
        (
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.entity,
            e.entity_id or "",
            _("(erased)") if e.erased else _changes(e.before, e.after),
        )
        for e in entries
    ]
    ctx.print(
        format_table(
            [_("When"), _("Who"), _("Action"), _("Record"), _("Id"), _("Change")], rows, max_width=60
        )
    )
    return 0


def _changes(before: dict | None, after: dict | None) -> str:
    if after is None:
        return ""
    parts = [f"{k}: {(before or {}).get(k)!s} → {v!s}" if before else f"{k}: {v!s}" for k, v in after.items()]
    return "; ".join(parts)
