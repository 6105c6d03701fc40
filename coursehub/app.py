"""Wires CourseHub together: the command line, with the desktop window as its default command.

`main.py`, the `coursehub` console script and the `coursehub-gui` script all come here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from coursehub.cli.context import CommandContext
from coursehub.cli.main import main as cli_main


def launch_gui(ctx: CommandContext) -> int:
    from coursehub.ui.application import run_application  # Qt is heavy: import it only here

    demo = bool(getattr(ctx.args, "demo", False) or getattr(ctx.args, "demo_first", False))
    return run_application(ctx.db_path, load_demo_data=demo)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, gui=launch_gui)


def run_gui() -> None:
    sys.exit(main(sys.argv[1:]))
