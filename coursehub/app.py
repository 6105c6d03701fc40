"""Wires CourseHub together: the command line, with the desktop window as its default command.

`main.py`, the `coursehub` console script and the `coursehub-gui` script all come here.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Mapping, Sequence

from coursehub.cli.context import CommandContext
from coursehub.cli.main import main as cli_main
from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services import letterhead


class NoDisplay(CourseHubError):
    """The desktop window cannot open here; the command line still works."""

    exit_code = 2


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library=ctypes.util.find_library,
) -> str | None:
    """Why Qt could not open a window on this Linux/BSD machine, or None if it can try.

    Checked before Qt starts, because Qt aborts the whole process with a message about
    "platform plugins" that sends people to reinstall instead of to the cause.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return None
    run_instead = _(
        "The command line works without a screen: run `coursehub --help` for its commands, "
        "e.g. `coursehub courses` or `coursehub print calendar --week 2027-W18 -o week.pdf`."
    )
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return (
            _(
                "No display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
                "desktop window cannot open here; over SSH, connect with `ssh -X`."
            )
            + " "
            + run_instead
        )
    if not environ.get("WAYLAND_DISPLAY") and find_library("xcb-cursor") is None:
        return (
            _(
                "The desktop window needs the system library libxcb-cursor0 (Debian/Ubuntu: "
                "`sudo apt-get install libxcb-cursor0`)."
            )
            + " "
            + run_instead
        )
    return None


def launch_gui(ctx: CommandContext) -> int:
    problem = display_problem()
    if problem is not None:
        raise NoDisplay(problem)
    from coursehub.ui.application import run_application  # Qt is heavy: import it only here

    demo = bool(getattr(ctx.args, "demo", False) or getattr(ctx.args, "demo_first", False))
    return run_application(ctx.server_address or ctx.db_path, demo=demo)


def draw_svg(data: bytes, pixels: int) -> bytes:
    """An SVG logo as PNG (services.letterhead): Qt draws it, imported only when needed."""
    from coursehub.ui.svg_logo import svg_to_png

    return svg_to_png(data, pixels)


def main(argv: Sequence[str] | None = None) -> int:
    letterhead.svg_rasteriser = draw_svg
    return cli_main(argv, gui=launch_gui)


def run_gui() -> None:
    sys.exit(main(sys.argv[1:]))
