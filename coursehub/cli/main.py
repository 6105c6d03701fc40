"""`coursehub`: the command-line entry point. Errors are told in plain words, never as a
traceback; unexpected ones are written to a crash log that holds no personal data."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from coursehub import __version__
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option
from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.i18n import LANGUAGES, _, language_from_environment, set_language

# argparse prints its own words ("usage:", "options", its error sentences) through a
# module-level gettext; route them through our catalogue so Albanian users get Albanian.
argparse._ = _  # type: ignore[attr-defined]  # argparse's own messages through our translations

# Each module has register(subparsers); a command sets `handler` on its parser.
COMMAND_MODULES = [
    "coursehub.cli.catalogue_commands",
    "coursehub.cli.analysis_commands",
    "coursehub.cli.backup_commands",
    "coursehub.cli.import_commands",
    "coursehub.cli.user_commands",
    "coursehub.cli.trainee_commands",
    "coursehub.cli.enrol_commands",
    "coursehub.cli.audit_commands",
    "coursehub.cli.attendance_commands",
    "coursehub.cli.print_commands",
    "coursehub.cli.server_commands",
    "coursehub.cli.certificate_commands",
    "coursehub.cli.licence_commands",
    "coursehub.cli.settings_commands",
]

GuiLauncher = Callable[[CommandContext], int]


def build_parser(gui: GuiLauncher | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coursehub",
        description=_("CourseHub: coordinate vocational courses across the qark."),
    )
    parser.add_argument(
        "--db", metavar="PATH", help=_("the database file (default: COURSEHUB_DB or your data folder)")
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language: sq (Albanian) or en"))
    add_user_option(parser, default=None)
    parser.add_argument("--version", action="version", version=f"CourseHub {__version__}")
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    if gui is not None:
        # `coursehub --demo` (no command) opens the window on the demo catalogue too: its own
        # file in the data folder, never the database (real data never mixes with the demo).
        parser.add_argument(
            "--demo",
            dest="demo_first",
            action="store_true",
            help=_("open the desktop program on the demo catalogue (its own file, never your database)"),
        )
        gui_parser = commands.add_parser("gui", help=_("open the desktop program (the default)"))
        gui_parser.add_argument(
            "--demo",
            action="store_true",
            help=_("open the demo catalogue (its own file) instead of the database"),
        )
        gui_parser.set_defaults(handler=gui)
    for name in COMMAND_MODULES:
        import_module(name).register(commands)
    _user_option_everywhere(parser)
    return parser


def _user_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """`--user NAME` is accepted after every command too (`coursehub import ... --user ana`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in set(action.choices.values()):
                if "--user" not in command._option_string_actions:
                    add_user_option(command)
                _user_option_everywhere(command)


def main(argv: Sequence[str] | None = None, gui: GuiLauncher | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_in(argv) or language_from_environment())
    parser = build_parser(gui)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if gui is None:
            parser.print_help()
            return 0
        args = parser.parse_args([*argv, "gui"])
        handler = args.handler
    contexts = [CommandContext(args)]
    try:
        return _run_once_more_if_dropped(handler, args, contexts)
    except CourseHubError as error:
        print(_("Error: {message}").format(message=error.message), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # the output was piped into `head` or similar
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except OSError as error:  # a file the command reads or writes, e.g. a full disk
        print(_("Error: {message}").format(message=file_problem(error)), file=sys.stderr)
        return 1
    except EOFError:  # a question (e.g. a password) met the end of the input
        print(_("CourseHub needed an answer, but the input ended; nothing was changed."), file=sys.stderr)
        return 1
    except Exception as error:
        from coursehub.crash import write_crash_report

        report: Path | str
        try:
            report = write_crash_report(error)
        except OSError:  # e.g. the disk is full: the report is lost, the message is not
            report = "-"
        print(
            _(
                "CourseHub met an unexpected problem and stopped; nothing was changed by the "
                "unfinished action. A report for the developers was written to {path}."
            ).format(path=report),
            file=sys.stderr,
        )
        return 70
    finally:
        contexts[-1].close()


# Commands that only read (or print/export what they read), and `server init`, which is
# idempotent: after a dropped connection they are run once more on a new connection
# before giving up with exit code 7 (docs/server.md). Commands that change data are not:
# whether their transaction reached the server is unknown, and the person decides.
RETRIED_AFTER_A_DROP = frozenset(
    {
        "run_courses",
        "run_overlaps",
        "run_gaps",
        "run_eligible",
        "run_audit",
        "run_users_list",
        "run_trainee_show",
        "run_trainee_list",
        "run_sheet",
        "run_attendance",
        "run_calendar",
        "run_report",
        "run_catalogue",
        "run_export",
        "run_server_init",
        "run_server_clashes",
    }
)
RETRY_PAUSE_S = 1.0
READING_ENROL_ACTIONS = ("list", "roster", "eligible")


def retried_after_a_drop(handler: Callable[[CommandContext], int], args: argparse.Namespace) -> bool:
    if getattr(handler, "__name__", "") == "run_enrol":
        words = getattr(args, "words", None) or [""]
        return words[0] in READING_ENROL_ACTIONS
    return getattr(handler, "__name__", "") in RETRIED_AFTER_A_DROP


def _run_once_more_if_dropped(
    handler: Callable[[CommandContext], int], args: argparse.Namespace, contexts: list[CommandContext]
) -> int:
    """Run the command; a reading command whose server connection dropped runs once more."""
    from coursehub.domain.server import ConnectionLost

    try:
        return int(handler(contexts[-1]))
    except ConnectionLost:
        if not retried_after_a_drop(handler, args):
            raise
    print(_("The connection to the server was lost; trying once more…"), file=sys.stderr)
    contexts[-1].close()
    time.sleep(RETRY_PAUSE_S)
    contexts.append(CommandContext(args))
    return int(handler(contexts[-1]))


def file_problem(error: OSError) -> str:
    """What went wrong with a file, in plain words; a full disk is never called damage."""
    where = f"{error.filename}: " if error.filename else ""
    return _("{where}{reason}. Nothing was changed.").format(where=where, reason=os_reason(error))


def _language_in(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else None
    return None


if __name__ == "__main__":
    sys.exit(main())
