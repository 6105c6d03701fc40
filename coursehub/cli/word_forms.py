"""Commands whose first word picks one of several forms (`coursehub enrol apply COURSE
TRAINEE`, `coursehub attend export COURSE`, `coursehub certificate list`): their parser, the
split of the words into a form and its arguments, and the one message for words that fit no
form. The forms themselves are listed in each command's --help."""

from __future__ import annotations

import argparse
from collections.abc import Collection

from coursehub.domain.errors import Problem, ValidationError
from coursehub.i18n import _


def add_form_command(
    commands: argparse._SubParsersAction, name: str, help_text: str, forms: str, *, words: str = "+"
) -> argparse.ArgumentParser:
    """The parser of `coursehub NAME WORD ...`; `forms` (its --help) lists the forms line by line."""
    parser = commands.add_parser(
        name, help=help_text, formatter_class=argparse.RawDescriptionHelpFormatter, description=forms
    )
    parser.add_argument("words", nargs=words, metavar=_("WORD"))
    return parser


def pick_form(words: list[str], named: Collection[str], default: str) -> tuple[str, list[str]]:
    """The form the words ask for and its arguments: a named form's arguments follow its name;
    any other first word (or none) is the `default` form's first argument."""
    if words and words[0] in named:
        return words[0], words[1:]
    return default, words


def wrong_form(command: str, words: list[str]) -> ValidationError:
    """Words that fit none of the forms of `coursehub COMMAND`."""
    return ValidationError(
        [
            Problem(
                _("command"),
                " ".join(words),
                _("See `coursehub {command} --help` for the forms of this command.").format(command=command),
            )
        ]
    )
