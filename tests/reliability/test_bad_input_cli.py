"""Random command lines never end in a traceback: every outcome is a small exit code with a
plain message (argparse's usage errors exit with 2)."""

from __future__ import annotations

import argparse
import getpass
import io
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursehub.cli.main import build_parser, main
from tests.reliability.fuzzing import fuzz

CRASH_EXIT = 70  # main()'s code for an unexpected exception: exactly what must never happen


@cache
def vocabulary() -> tuple[list[str], list[str]]:
    """Every command name and every option string the parser knows."""
    parser = build_parser()
    commands: list[str] = []
    options: set[str] = set()
    for action in parser._actions:
        options.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                commands.append(name)
                for sub_action in sub._actions:
                    options.update(sub_action.option_strings)
    return sorted(commands), sorted(options - {"--db"})


# Words a person (or a script gone wrong) might type; no path separators, so that an
# output option never points outside the test's own folder.
words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"), max_size=24)
values = st.one_of(
    words,
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        ["2027", "2027-02-30", "0", "-1", "1e9", "nan", "", "Durrës", "7531", "sq", "en", "  ", "--", "-"]
    ),
    st.dates().map(str),
)


def files(tmp: Path) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            str(tmp / "garbage.xlsx"),
            str(tmp / "garbage.csv"),
            str(tmp / "empty.db"),
            str(tmp / "missing.db"),
            str(tmp / "out.pdf"),
            str(tmp / "out.csv"),
            str(tmp),
            "out.xlsx",
        ]
    )


def argv_lists(tmp: Path) -> st.SearchStrategy[list[str]]:
    commands, options = vocabulary()
    token = st.one_of(st.sampled_from(commands), st.sampled_from(options), values, files(tmp))
    return st.tuples(st.sampled_from(commands), st.lists(token, max_size=7)).map(
        lambda parts: [parts[0], *parts[1]]
    )


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(getpass, "getpass", lambda *a, **k: (_ for _ in ()).throw(EOFError()))
    (tmp_path / "garbage.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    (tmp_path / "garbage.csv").write_bytes(b'\xff\xfe;;"\n\x00\x00a,b\r\n' * 20)
    (tmp_path / "empty.db").write_bytes(b"")
    return tmp_path


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse: --help, --version, usage errors
        return int(stop.code or 0)


def test_random_command_lines_give_plain_messages(sandbox: Path, capsys):
    db = str(sandbox / "fuzz.db")
    seen: list[int] = []

    @fuzz(ci=150, long=3000)
    @given(argv=argv_lists(sandbox), lang=st.sampled_from(["en", "sq"]))
    def check(argv: list[str], lang: str) -> None:
        code = run(["--db", db, "--lang", lang, *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in err + out, argv
        assert code != CRASH_EXIT, (argv, err)
        assert 0 <= code < 128, (argv, code)
        seen.append(code)

    check()
    print(f"\ncommand lines tried: {len(seen)}, exit codes: {sorted(set(seen))}")
    assert len(seen) >= 100 and set(seen) - {0}  # both successes and refusals happened


def test_the_vocabulary_covers_our_commands():
    commands, options = vocabulary()
    assert {"backup", "restore", "check", "courses"} <= set(commands)
    assert "--output" in options
