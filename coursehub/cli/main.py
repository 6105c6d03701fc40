"""`coursehub`: the command-line entry point. Errors are told in plain words, never as a
traceback; unexpected ones are written to a crash log that holds no personal data."""

from __future__ import annotations

import argparse
import sys
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
    "coursehub.cli.people_commands",
    "coursehub.cli.print_commands",
    "coursehub.cli.server_commands",
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
    ctx = CommandContext(args)
    try:
        return int(handler(ctx))
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
        ctx.close()


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
