"""Coverage-guided fuzzing of the importers with atheris (libFuzzer), outside the suite:

    python3 tests/reliability/atheris_importers.py -runs=20000

Each input's first byte picks a suffix; the rest is written as the file and imported into a
scratch database. Anything but a plain CourseHubError or an unwritten report is a finding
(libFuzzer stops and saves the input as crash-*). The database must stay byte for byte.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

SUFFIXES = [".csv", ".xlsx", ".ods", ".xls", ".txt"]


def main() -> None:
    import atheris

    with atheris.instrument_imports():
        from coursehub.domain.errors import CourseHubError
        from coursehub.importing import readers, safety  # noqa: F401 - instrumented
        from coursehub.services.demo import load_demo
        from coursehub.services.importing import ImportService
        from coursehub.storage import open_store

    folder = Path(tempfile.mkdtemp(prefix="coursehub-atheris-"))
    store = open_store(folder / "fuzz.db")
    load_demo(store, 2027)
    service = ImportService(store)
    db_file = folder / "fuzz.db"

    def state() -> str:
        wal = db_file.with_name(db_file.name + "-wal")
        data = db_file.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        return hashlib.sha256(data).hexdigest()

    def one_input(data: bytes) -> None:
        if not data:
            return
        path = folder / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
        path.write_bytes(data[1:])
        before = state()
        try:
            report = service.import_courses(path, "Atheris NGO")
        except CourseHubError:
            report = None
        if report is not None and report.written:
            return
        if state() != before:
            raise AssertionError("a refused import changed the database")

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
