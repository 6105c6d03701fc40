"""SQLite and PostgreSQL side by side, in one run, through the same services.

    python3 benchmarks/bench_server.py                       # starts a throwaway cluster
    python3 benchmarks/bench_server.py --pg URL              # or uses yours (a superuser URL)
    python3 benchmarks/bench_server.py --import-rows 2000 --analysis-courses 10000  # quick look

For each backend, on a fresh database:
- import: `ImportService.import_courses` of a generated provider list (CSV, --import-rows);
- load: reading the whole catalogue back (`catalogue.courses()`, what the GUI loads) after
  --analysis-courses generated courses were stored (benchmarks/bench_analysis.py's catalogue);
- overlaps and gaps: `AnalysisService.overlaps()` and `.gaps()` on that catalogue, reads included;
- search: the GUI's keystroke search runs over the loaded model (its CatalogueModel, the
  slowest keystroke of a typed query), never on the server: the same work on both;
- enrol: --enrolments threads, each with its own connection (as separate copies of CourseHub
  would have), enrolling one person each into one course with half as many seats, all at
  once; wall time, and a check that the seats were never overfilled.
Times are wall-clock seconds (the server is another process), best of --repeat for the
read-only steps. PostgreSQL runs on this machine over a Unix socket, the cluster set for
throwaway use (fsync off), so the figures compare the program's work, not disks.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analysis import catalogue as generated_catalogue  # noqa: E402
from bench_import import write_csv  # noqa: E402

from coursehub.domain.model import Course, Eligibility, Provider, ProviderKind, Weekday, WeeklySession  # noqa: E402
from coursehub.domain.trainees import Trainee  # noqa: E402
from coursehub.services.workspace import Workspace  # noqa: E402

SCRIPT = ROOT / ".ci" / "postgres.sh"


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


class Backend:
    """Opens fresh databases of one kind."""

    def __init__(self, name: str, folder: Path, pg_admin: str | None = None) -> None:
        self.name, self.folder, self.pg_admin = name, folder, pg_admin
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        if self.pg_admin is None:
            return str(self.folder / f"bench-{self.count}.db")
        import psycopg

        from coursehub.storage.postgres import apply_migrations, connect

        name = f"bench_server_{os.getpid()}_{self.count}"
        with psycopg.connect(self.pg_admin, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        options = psycopg.conninfo.conninfo_to_dict(self.pg_admin) | {"dbname": name}
        address = psycopg.conninfo.make_conninfo(**options)
        with connect(address) as conn:
            apply_migrations(conn)
        return address

    def open(self, address: str) -> Workspace:
        return Workspace.open(address)

    def open_copy(self, address: str) -> Workspace:
        """Another copy of CourseHub on the same database (SQLite: past the writer lock that
        makes a second GUI read-only; copies then queue on SQLite's own lock)."""
        if self.pg_admin is not None:
            return Workspace.open(address)
        from coursehub.storage import open_store

        return Workspace(open_store(address), Path(address))


def import_step(backend: Backend, rows: int) -> float:
    csv_path = backend.folder / f"list-{rows}.csv"
    if not csv_path.exists():
        write_csv(csv_path, rows)
    workspace = backend.open(backend.fresh())
    start = time.perf_counter()
    report = workspace.importing.import_courses(csv_path, "Benchmark NGO")
    elapsed = time.perf_counter() - start
    assert report.written and report.added == rows, report.as_dict()["errors"][:3]
    workspace.close()
    return elapsed


def analysis_steps(backend: Backend, size: int, repeat: int) -> dict[str, float]:
    courses, needs = generated_catalogue(size)
    workspace = backend.open(backend.fresh())
    providers = sorted({c.provider for c in courses})
    with workspace.store.write() as uow:
        ids = {name: uow.providers.add(Provider(name, ProviderKind.PUBLIC_QFP)).id for name in providers}
        uow.courses.add_many((c, ids[c.provider]) for c in courses)
        for need in needs:
            uow.needs.add(need)
    loaded: list[Course] = []

    def load() -> None:
        loaded[:] = workspace.catalogue.courses()

    figures = {
        "load": best_of(repeat, load),
        "overlaps": best_of(repeat, workspace.analysis.overlaps),
        "gaps": best_of(repeat, workspace.analysis.gaps),
    }
    figures["search"] = keystroke_seconds(loaded)
    assert len(loaded) == size
    workspace.close()
    return figures


def keystroke_seconds(courses: list[Course]) -> float:
    """The slowest keystroke typing "rrobaqep durr" into the catalogue's search box (the
    GUI's own table model, over the courses already loaded: the server is not asked)."""
    from coursehub.ui.catalogue_model import CatalogueModel

    model = CatalogueModel(courses)
    query, slowest = "rrobaqep durr", 0.0
    for end in range(1, len(query) + 1):
        start = time.perf_counter()
        model.set_query(query[:end])
        slowest = max(slowest, time.perf_counter() - start)
    return slowest


def enrolment_step(backend: Backend, people: int) -> tuple[float, int]:
    """Wall time of the rush, and how many enrolments failed (SQLite: its 5 s busy timeout)."""
    address = backend.fresh()
    workspace = backend.open(address)
    workspace.catalogue.save_provider(Provider("Bench NGO", ProviderKind.NGO, licence_number="L-1"))
    seats = max(1, people // 2)
    course = workspace.catalogue.save_course(
        Course(
            provider="Bench NGO",
            code="RUSH",
            title="Kursi",
            occupation="7531",
            municipality="Durrës",
            start=date(datetime.now().year + 1, 3, 1),
            end=date(datetime.now().year + 1, 5, 28),
            sessions=(WeeklySession(Weekday.MO, clock(9), clock(12)),),
            seats=seats,
            eligibility=Eligibility(),
        )
    )
    admin = workspace.people.auth.setup("admin", "a long benchmark password").actor()
    trainees = [
        workspace.people.trainees.register(
            admin,
            Trainee(
                name=f"Person {n}", birth_date=date(1998, 5, 4), municipality="Durrës", consent_given=True
            ),
        )
        for n in range(people)
    ]
    workspace.close()
    copies = [backend.open_copy(address) for _ in range(people)]
    barrier = threading.Barrier(people + 1)
    failures: list[str] = []

    def enrol(copy: Workspace, trainee_id: int) -> None:
        barrier.wait()
        try:
            copy.people.enrolment.enrol(admin, trainee_id, int(course.id or 0), wait_if_full=True)
        except Exception as error:
            failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=enrol, args=(c, t.id)) for c, t in zip(copies, trainees, strict=True)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for copy in copies:
        copy.close()
    check = backend.open(address)
    roster = check.people.enrolment.roster(admin, int(course.id or 0))
    check.close()
    assert len(roster.enrolled) <= seats, roster  # never overfilled, whatever failed
    assert len(roster.enrolled) + len(roster.waiting) + len(failures) == people, (roster, failures[:3])
    if failures:
        print(f"{backend.name}: {len(failures)} enrolments failed, e.g. {failures[0]}", file=sys.stderr)
    return elapsed, len(failures)


def start_cluster(state: str) -> str:
    env = {**os.environ, "COURSEHUB_PG_STATE": state}
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        sys.exit(f"could not start PostgreSQL: {started.stderr.strip()}")
    return started.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a superuser URL of a PostgreSQL cluster (default: start one)")
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--analysis-courses", type=int, default=100_000)
    parser.add_argument("--enrolments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    state = f"/tmp/coursehub-pg-bench-{os.getpid()}"
    pg_admin = args.pg or start_cluster(state)
    results: dict[str, dict[str, float]] = {}
    failed: dict[str, int] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for backend in (Backend("SQLite", Path(folder)), Backend("PostgreSQL", Path(folder), pg_admin)):
                figures = {"import": import_step(backend, args.import_rows)}
                figures |= analysis_steps(backend, args.analysis_courses, args.repeat)
                figures["enrol"], failed[backend.name] = enrolment_step(backend, args.enrolments)
                results[backend.name] = figures
                print(f"{backend.name}: done", file=sys.stderr)
    finally:
        if not args.pg:
            subprocess.run(
                ["bash", str(SCRIPT), "stop"], env={**os.environ, "COURSEHUB_PG_STATE": state}, check=False
            )
    rows = [
        ("import", f"import {args.import_rows:,} courses (CSV)"),
        ("load", f"load the catalogue ({args.analysis_courses:,} courses)"),
        ("overlaps", f"overlaps at {args.analysis_courses:,}"),
        ("gaps", f"gaps at {args.analysis_courses:,}"),
        ("search", "slowest keystroke, search in the loaded model"),
        ("enrol", f"{args.enrolments} concurrent enrolments (wall)"),
    ]
    print(f"{'step':<46}{'SQLite':>12}{'PostgreSQL':>12}{'ratio':>8}")
    for key, label in rows:
        lite, server = results["SQLite"][key], results["PostgreSQL"][key]
        unit, suffix = (1000, "ms") if key == "search" else (1, " s")
        print(f"{label:<46}{lite * unit:>9.3f}{suffix}{server * unit:>9.3f}{suffix}{server / lite:>7.2f}x")
    print(f"{'enrolments that failed':<46}{failed['SQLite']:>11}{failed['PostgreSQL']:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
