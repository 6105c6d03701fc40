"""Every subcommand of the command line, with out-of-range, empty, huge, negative, malformed
and hostile values in each of its arguments (a table of cases, built from the parser itself,
so a new command or option is covered the day it is added). For every case:

- the exit code is one of the documented ones (README, "Exit codes"): never 70, never a signal;
- nothing on stdout or stderr is a traceback;
- when the command was refused (exit code other than 0) the database file is byte for byte
  as it was (or, for a command whose request the access rules audit before trying it, only
  the audit log grew).

Calls run in-process (about 20 ms of CPU each); the table of about 1,400 cases takes about
25 s of CPU.
"""

from __future__ import annotations

import argparse
import getpass
import io
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coursehub.cli.main import build_parser, main
from tests.reliability import hostile_files as hostile
from tests.reliability.fuzzing import file_bytes

DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 130}
PASSWORD = "correct-horse-battery-9"

# Values a careless or hostile person types; each argument meets several of them.
HOSTILE_VALUES = [
    "",
    " ",
    "-1",
    "0",
    "9" * 25,
    "-" + "9" * 25,
    "1e309",
    "nan",
    "2027-02-30",
    "0001-01-01",
    "9999-12-31",
    "9999-W52",
    "A" * 5_000,
    "Arta \u202eahxoH",
    "K\u200b-01",
    "\x00",
    "../../../etc/passwd",
    "=cmd|' /C calc'!A0",
    "Durrës",
    "DR-2027-99999999999999999999",
]

ENROL_ACTIONS = {
    "apply": ["COURSE", "TRAINEE"],
    "withdraw": ["COURSE", "TRAINEE"],
    "complete": ["COURSE", "TRAINEE"],
    "list": [],
    "eligible": ["TRAINEE"],
    "trade": ["TRAINEE", "7212", "Durrës"],
    "roster": ["COURSE"],
    "offers": [],
}


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    label: str


@dataclass
class World:
    db: Path
    pristine: Path
    folder: Path
    course: str  # PROVIDER:CODE of a demo course
    trainee: str  # the pseudonym of the one registered trainee
    files: dict[str, Path]

    def good_value(self, dest: str) -> str | None:
        """A valid value for a required argument, so the hostile one is met deep down."""
        return {
            "course": self.course,
            "trainee": self.trainee,
            "ref": "1",
            "reason": "checked",
            "file": str(self.files["good-csv"]),
            "provider": "QFP Durrës",
            "name": "office2",
            "role": "office_staff",
            "born": "1999-04-01",
            "week": "2027-W10",
            "format": "csv",
            "output": str(self.folder / "out" / "result.out"),
        }.get(dest)

    def bad_outputs(self) -> list[str]:
        out = self.folder / "out"
        return [str(out), str(out / "missing" / "x.pdf"), str(out / "device"), str(out / "pipe"), ""]


def leaf_parsers(
    parser: argparse.ArgumentParser, path: list[str]
) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield path, parser
        return
    for name, sub in subcommands[0].choices.items():
        yield from leaf_parsers(sub, [*path, name])


def value_arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if a.nargs != 0
        and not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
        and a.dest not in ("user", "db", "lang")
    ]


def cases_for(world: World) -> list[Case]:
    cases: list[Case] = []
    turn = 0
    for path, parser in leaf_parsers(build_parser(), []):
        if path == ["enrol"]:
            cases += enrol_cases(world)
            continue
        arguments = value_arguments(parser)
        base = {a.dest: world.good_value(a.dest) for a in arguments if a.required}
        cases.append(Case(tuple(path) + render(arguments, base), " ".join(path) + " (valid)"))
        for argument in arguments:
            for value in hostile_values_for(argument, world, turn):
                turn += 1
                values = {**base, argument.dest: value}
                cases.append(
                    Case(tuple(path) + render(arguments, values), f"{' '.join(path)} {argument.dest}")
                )
    return cases


def hostile_values_for(argument: argparse.Action, world: World, turn: int) -> list[str]:
    if argument.dest == "output":
        return world.bad_outputs()
    if argument.dest in ("file", "map"):
        return [str(p) for p in world.files.values()] + ["", str(world.folder / "nothing.csv")]
    if argument.choices:
        return ["", "9" * 25, "\u202e"]
    # Every argument meets the numbers and the dates, and a rotating share of the rest.
    numbers = HOSTILE_VALUES[:12]
    rest = HOSTILE_VALUES[12:]
    return numbers + [rest[(turn + i) % len(rest)] for i in range(3)]


def render(arguments: list[argparse.Action], values: dict[str, str | None]) -> tuple[str, ...]:
    argv: list[str] = []
    for argument in arguments:
        value = values.get(argument.dest)
        if value is None:
            continue
        if argument.option_strings:
            count = argument.nargs if isinstance(argument.nargs, int) else 1
            argv += [argument.option_strings[0], *([value] * count)]
        else:
            argv.append(value)
    return tuple(argv)


def enrol_cases(world: World) -> list[Case]:
    cases = [Case(("enrol", world.course, world.trainee, "--wait"), "enrol (valid)")]
    for action, words in ENROL_ACTIONS.items():
        good = [world.course if w == "COURSE" else world.trainee if w == "TRAINEE" else w for w in words]
        cases.append(Case(("enrol", action, *good), f"enrol {action} (valid)"))
        for position in range(len(words)):
            for value in HOSTILE_VALUES:
                bad = list(good)
                bad[position] = value
                cases.append(Case(("enrol", action, *bad), f"enrol {action} word {position}"))
    for value in ("9" * 25, "-1", "", "\u202e"):
        cases.append(Case(("enrol", "list", "--course", value), "enrol list --course"))
        cases.append(
            Case(("enrol", world.course, world.trainee, "--override-reason", value), "enrol override")
        )
    return cases


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse refusals, --help
        return int(stop.code or 0)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> World:
    from coursehub.services.people_wiring import PeopleServices
    from tests.enrolment.conftest import cheap_hasher

    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", PASSWORD)
    monkeypatch.delenv("COURSEHUB_USER", raising=False)  # nobody can be named before setup
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(getpass, "getpass", lambda *a, **k: (_ for _ in ()).throw(EOFError()))
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "fuzz.db"
    for argv in (["demo", "--year", "2027"], ["setup", "--username", "admin"]):
        assert run(["--db", str(db), "--lang", "en", *argv]) == 0
    monkeypatch.setenv("COURSEHUB_USER", "admin")  # named once the account exists
    assert (
        run(
            [
                "--db",
                str(db),
                "--lang",
                "en",
                "trainee",
                "add",
                "--name",
                "Arta Hoxha",
                "--born",
                "1999-04-01",
            ]
        )
        == 0
    )
    registered = capsys.readouterr().out
    trainee = registered.split(" as ")[1].split(".")[0].strip()
    out = tmp_path / "out"
    out.mkdir()
    (out / "device").symlink_to("/dev/full")  # a link: even a regression cannot replace /dev/full
    os.mkfifo(out / "pipe")
    files = hostile.hostile_files(tmp_path / "files")
    files["good-csv"] = hostile.course_csv(tmp_path / "files" / "good.csv")
    files["ods-course-list"] = hostile.ods_course_list(tmp_path / "files" / "kurset.ods")
    pristine = tmp_path / "pristine.db"
    shutil.copyfile(db, pristine)
    from coursehub.services.workspace import Workspace

    workspace = Workspace.open(db)
    try:
        first = workspace.catalogue.courses()[0]
    finally:
        workspace.close()
    shutil.copyfile(db, pristine)
    return World(db, pristine, tmp_path, f"{first.provider}:{first.code}", trainee, files)


def only_audited(before: Path, after: Path) -> bool:
    """True when the only change is new audit entries (the access rules record who asked
    for a guarded command, encrypt or decrypt, before it is tried, and a refusal keeps that)
    or the day of the daily retention pass, when the run crosses midnight."""

    def tables(path: Path) -> tuple[list[str], int]:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            # The daily retention pass notes its day on the first command after midnight.
            lines = [
                line
                for line in conn.iterdump()
                if '"audit_log"' not in line and "people.retention_last_run" not in line
            ]
            return lines, int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])

    (old_lines, old_count), (new_lines, new_count) = tables(before), tables(after)
    return old_lines == new_lines and new_count >= old_count


def test_every_command_with_hostile_values(world: World, capsys):
    cases = cases_for(world)
    covered = {c.label.split(" (valid)")[0] for c in cases if c.label.endswith("(valid)")}
    seen: dict[int, int] = {}
    failures: list[str] = []
    snapshot = world.folder / "before.db"
    for case in cases:
        before = file_bytes(world.db)
        shutil.copyfile(world.db, snapshot)
        code = run(["--db", str(world.db), "--lang", "en", *case.argv])
        out, err = capsys.readouterr()
        seen[code] = seen.get(code, 0) + 1
        shown = f"{case.label}: {[a[:40] for a in case.argv]} -> {code}: {err[-300:]}"
        if "Traceback" in out + err or code not in DOCUMENTED_EXIT_CODES:
            failures.append(shown)
        elif code != 0 and file_bytes(world.db) != before and not only_audited(snapshot, world.db):
            failures.append("database changed by a refused command: " + shown)
        if code == 0:  # a command that worked may change the database: start the next afresh
            shutil.copyfile(world.pristine, world.db)
            for suffix in ("-wal", "-shm"):
                Path(f"{world.db}{suffix}").unlink(missing_ok=True)
    assert not failures, "\n".join(failures[:20])
    assert Path("/dev/full").is_char_device()
    print(
        f"\n{len(cases)} command lines over {len(covered)} commands; exit codes: {dict(sorted(seen.items()))}"
    )
    assert len(covered) >= 40 and {0, 1, 2} <= set(seen)


def test_the_table_covers_every_command(world: World):
    leaves = {" ".join(path) for path, _parser in leaf_parsers(build_parser(), [])}
    labels = {c.label.split(" (valid)")[0] for c in cases_for(world)}
    assert leaves - {"enrol"} <= labels
    assert {f"enrol {action}" for action in ENROL_ACTIONS} <= labels
