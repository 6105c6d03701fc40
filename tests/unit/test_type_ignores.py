"""Every `type: ignore` names the error it silences and says why, in the program, the tests
and the benchmarks: `# type: ignore[code]  # reason`. A bare one hides whatever error comes
next on that line; one without a reason leaves the next reader guessing whether it may go.
(mypy's `ignore-without-code` checks the codes in `coursehub` only; this covers all three.)"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [ROOT / "coursehub", ROOT / "tests", ROOT / "benchmarks", ROOT / "main.py"]
_IGNORE = re.compile(r"type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)")
_REASON = re.compile(r"^\s*#\s*\S.{3,}")  # a second comment of a few words after the codes


def ignores_lacking_code_or_reason(source: str) -> list[tuple[int, str]]:
    """(line, comment) of each `type: ignore` comment without an error code or a reason."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT or (match := _IGNORE.search(token.string)) is None:
            continue
        codes, rest = match.group("codes"), match.group("rest")
        if not codes or codes == "[]" or not _REASON.match(rest):
            found.append((token.start[0], token.string))
    return found


def _python_files() -> list[Path]:
    files: list[Path] = []
    for place in CHECKED:
        files += [place] if place.is_file() else sorted(place.rglob("*.py"))
    return files


def test_every_type_ignore_names_its_code_and_says_why() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {comment}"
        for path in _python_files()
        for line, comment in ignores_lacking_code_or_reason(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "write `# type: ignore[code]  # why`:\n" + "\n".join(offenders)


def test_the_check_catches_a_bare_ignore_and_one_without_a_reason() -> None:
    source = (
        "a = f()  # type: ignore\n"
        "b = g()  # type: ignore[arg-type]\n"
        "c = h()  # type: ignore[]  # empty codes\n"
        "d = k()  # type: ignore[attr-defined]  # Windows only\n"
        "e = 'type: ignore'  # a string, not a comment\n"
    )
    assert [line for line, _comment in ignores_lacking_code_or_reason(source)] == [1, 2, 3]
