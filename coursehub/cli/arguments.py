"""Argument types shared by the commands: every number has bounds, refused by argparse
itself (exit 2, its usage line and a plain sentence) before any command runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from coursehub.domain.text import MAX_NAME_LENGTH
from coursehub.domain.validation import FIRST_YEAR, LAST_YEAR, MAX_RECORD_ID
from coursehub.i18n import _


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        cleaned = text.strip()
        digits = cleaned.removeprefix("-")
        if cleaned and digits.isascii() and digits.isdigit() and len(digits) <= 19:
            number = int(cleaned)
            if low <= number <= high:
                return number
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number from {low} to {high}").format(
                value=text[:40], low=f"{low:,}", high=f"{high:,}"
            )
        )

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse


def year(text: str) -> int:
    """An argparse type: a year such as 2027, within the years CourseHub keeps."""
    cleaned = text.strip()
    if (
        cleaned.isascii()
        and cleaned.isdigit()
        and len(cleaned) == 4
        and FIRST_YEAR <= int(cleaned) <= LAST_YEAR
    ):
        return int(cleaned)
    raise argparse.ArgumentTypeError(
        _("“{value}” is not a year from {first} to {last}, such as 2027").format(
            value=text[:40], first=FIRST_YEAR, last=LAST_YEAR
        )
    )


def output_file(text: str) -> Path:
    """An argparse type for -o: a name must be given (the file itself is checked on writing)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(_("give a file name, e.g. -o report.pdf"))
    return Path(text)


def add_output_option(
    parser: argparse.ArgumentParser, help_text: str, *, required: bool = False, metavar: str | None = None
) -> None:
    """`-o/--output FILE`: where a command writes its file (a name must be given)."""
    parser.add_argument(
        "-o", "--output", type=output_file, metavar=metavar, required=required, help=help_text
    )


def short_text(text: str) -> str:
    """An argparse type for a name, a filter or a reason: one line of at most 200 characters."""
    if len(text) > MAX_NAME_LENGTH:
        raise argparse.ArgumentTypeError(
            _("the text is {n} characters long; at most {limit} are allowed").format(
                n=f"{len(text):,}", limit=MAX_NAME_LENGTH
            )
        )
    return text


DAY_PATTERNS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")  # no text matches two of them


def written_day(text: str) -> date | None:
    """A date as people write it (YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY), or None."""
    for pattern in DAY_PATTERNS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


record_id = bounded_int(1, MAX_RECORD_ID)
