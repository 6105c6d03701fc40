"""Smoke-test a built CourseHub bundle the way a user's machine would run it (docs/packaging.md).

    python3 packaging/smoke_test.py dist/CourseHub

Copies the bundle to a folder outside the checkout and runs its binary with a clean environment
(no virtual environment, no PYTHONPATH, a fresh HOME): --version, demo, courses --json,
print calendar, the desktop window offscreen for a few seconds (on the demo data, then on an
empty database with its first-start screen), `--demo` opening the demo's own file, and the
time to the first painted window. Exits 1 naming the first check that failed. Not run by
CI (a build takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform.startswith("win")
GUI_SECONDS = 5.0


class SmokeFailure(Exception):
    pass


def expected_version() -> str:
    text = (ROOT / "coursehub" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert match is not None
    return match.group(1)


def clean_environment(home: Path) -> dict[str, str]:
    """Only what a fresh login has: no Python variables, settings and data in a new HOME."""
    keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LANG")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", "").split(os.pathsep) if "venv" not in part and part
    )
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"))
    env.update(LOCALAPPDATA=str(home / "AppData" / "Local"), XDG_CONFIG_HOME=str(home / ".config"))
    env.update(XDG_DATA_HOME=str(home / ".local" / "share"), QT_QPA_PLATFORM="offscreen")
    return env


def run(binary: Path, args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(binary), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0 or "Traceback" in result.stderr:
        raise SmokeFailure(
            f"`{binary.name} {' '.join(args)}` exited {result.returncode}:\n{result.stderr[-2000:]}"
        )
    return result


def check_gui_stays_up(binary: Path, database: Path, env: dict[str, str], cwd: Path) -> None:
    process = subprocess.Popen(
        [str(binary), "--db", str(database)], env=env, cwd=cwd,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        time.sleep(GUI_SECONDS)
        if process.poll() is not None:
            errors = process.stderr.read() if process.stderr else ""
            raise SmokeFailure(f"the window closed by itself (exit {process.returncode}):\n{errors}")
    finally:
        process.kill()
        _, errors = process.communicate()
    if "Traceback" in errors:
        raise SmokeFailure(f"the window raised an error:\n{errors[-2000:]}")


def first_window_seconds(binary: Path, database: Path, env: dict[str, str], cwd: Path) -> float:
    """Wall time from starting the process to its first painted window (the program then quits)."""
    started = time.perf_counter()
    run(binary, ["--db", str(database)], {**env, "COURSEHUB_QUIT_AFTER_FIRST_PAINT": "1"}, cwd)
    return time.perf_counter() - started


def check_demo_opens(binary: Path, empty: Path, home: Path, env: dict[str, str], cwd: Path) -> None:
    """`--demo` opens the demo catalogue in its own file in the data folder; the empty
    database the window was opened on before stays empty."""
    run(binary, ["--demo"], {**env, "COURSEHUB_QUIT_AFTER_FIRST_PAINT": "1"}, cwd)
    made = sorted(home.rglob("demo.db"))
    if not made:
        raise SmokeFailure(f"--demo made no demo.db under {home}")
    demo = json.loads(run(binary, ["--db", str(made[0]), "courses", "--json"], env, cwd).stdout)
    mine = json.loads(run(binary, ["--db", str(empty), "courses", "--json"], env, cwd).stdout)
    if not demo["courses"] or mine["courses"]:
        raise SmokeFailure(f"--demo: {len(demo['courses'])} demo courses, {len(mine['courses'])} in {empty}")
    print(f"ok  --demo: {len(demo['courses'])} courses in {made[0].name}, none in {empty.name}")


def smoke_test(bundle: Path, runs: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="coursehub-smoke-"))
    if ROOT in workdir.resolve().parents:
        raise SmokeFailure(f"{workdir} is inside the checkout; set TMPDIR elsewhere")
    copy = workdir / "CourseHub"
    shutil.copytree(bundle, copy, symlinks=True)
    binary = copy / ("coursehub.exe" if WINDOWS else "coursehub")
    home = workdir / "home"
    home.mkdir()
    env = clean_environment(home)
    database = workdir / "smoke.db"
    print(f"bundle copied to {copy}")

    version = run(binary, ["--version"], env, workdir).stdout.strip()
    if version != f"CourseHub {expected_version()}":
        raise SmokeFailure(f"--version printed {version!r}, expected CourseHub {expected_version()}")
    print(f"ok  --version: {version}")

    run(binary, ["--db", str(database), "demo"], env, workdir)
    listing = run(binary, ["--db", str(database), "courses", "--json"], env, workdir).stdout
    courses = json.loads(listing)["courses"]
    if not courses:
        raise SmokeFailure("courses --json listed no courses after demo")
    print(f"ok  demo + courses --json: {len(courses)} courses")

    year, week, _ = date.fromisoformat(min(course["start"] for course in courses)).isocalendar()
    pdf = workdir / "calendar.pdf"
    calendar = ["print", "calendar", "--week", f"{year}-W{week:02d}", "-o", str(pdf)]
    run(binary, ["--db", str(database), *calendar], env, workdir)
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF") or pdf.stat().st_size < 2000:
        raise SmokeFailure(f"print calendar wrote no usable PDF at {pdf}")
    print(f"ok  print calendar --week {year}-W{week:02d}: {pdf.stat().st_size // 1024} KiB PDF")

    check_gui_stays_up(binary, database, env, workdir)
    print(f"ok  desktop window offscreen for {GUI_SECONDS:.0f} s without an error")
    empty = workdir / "empty.db"
    check_gui_stays_up(binary, empty, env, workdir)  # the first-start screen over the window
    print(f"ok  first-start screen on an empty database for {GUI_SECONDS:.0f} s without an error")
    check_demo_opens(binary, empty, home, env, workdir)

    times = [first_window_seconds(binary, database, env, workdir) for _ in range(runs)]
    print(f"ok  first window painted: best {min(times) * 1000:.0f} ms, "
          f"all {', '.join(f'{t * 1000:.0f}' for t in times)} ms")  # fmt: skip
    shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the built folder, e.g. dist/CourseHub")
    parser.add_argument("--runs", type=int, default=3, help="first-window timings to take (default 3)")
    args = parser.parse_args(argv)
    try:
        smoke_test(args.bundle.resolve(), args.runs)
    except (SmokeFailure, subprocess.TimeoutExpired) as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
