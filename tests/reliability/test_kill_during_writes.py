"""SIGKILL at random moments of a 10,000-row `coursehub import` and of a migration: every time the file
passes PRAGMA integrity_check and holds all of the write or none of it.

The short versions run in the normal suite; `pytest -m slow` runs the long ones (50 kills).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coursehub.services.demo import load_demo
from coursehub.storage import open_store
from coursehub.storage.database import connect, migrate
from tests.reliability.kills import (
    KillTally,
    integrity,
    kill_at_random,
    scalar,
    timed_run,
    write_course_list,
)

ROWS = 10_000


def _import_kills(tmp_path: Path, kills: int, seed: int, window: float | None = None) -> KillTally:
    """`coursehub import` of a 10,000-row course list, killed at random moments."""
    db_path = tmp_path / "kills.db"
    course_list = write_course_list(tmp_path / "kurset.csv", ROWS)
    store = open_store(db_path)
    load_demo(store, 2027)
    store.close()
    expected = 44
    if window is None:  # aim the kills over the time a whole import takes here
        window = 1.3 * timed_run("import", str(db_path), str(course_list), "Calibration NGO")
        expected += ROWS
    rng, tally = random.Random(seed), KillTally()
    for attempt in range(kills):
        provider = f"Kill Test {attempt}"
        kill_at_random(rng, window, tally, "import", str(db_path), str(course_list), provider)
        assert integrity(db_path) == ["ok"]
        added = scalar(
            db_path,
            "SELECT count(*) FROM courses c JOIN providers p ON p.id = c.provider_id WHERE p.name = ?",
            provider,
        )
        assert added in (0, ROWS), f"kill {attempt}: {added} of {ROWS} rows written"
        assert isinstance(added, int)
        expected += added
        assert scalar(db_path, "SELECT count(*) FROM courses") == expected
    return tally


def test_killed_import_is_all_or_nothing(tmp_path: Path):
    tally = _import_kills(tmp_path, kills=3, seed=2026, window=1.5)
    assert tally.total == 3


@pytest.mark.slow
def test_killed_import_is_all_or_nothing_50_times(tmp_path: Path):
    tally = _import_kills(tmp_path, kills=50, seed=6)
    print(
        f"\n`coursehub import` of {ROWS:,} rows: {tally.total} kills, {tally.killed_mid_work} "
        f"mid-import, {tally.finished_first} after commit; all intact"
    )
    assert tally.killed_mid_work >= 25  # the kills really landed inside the import


HEAVY_MIGRATION = """
CREATE TABLE big (n INTEGER PRIMARY KEY, label TEXT NOT NULL);
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 50000)
INSERT INTO big (n, label) SELECT n, printf('row %d', n) FROM seq;
ALTER TABLE items ADD COLUMN kind TEXT NOT NULL DEFAULT 'plain';
UPDATE items SET kind = 'migrated';
CREATE INDEX big_by_label ON big (label);
"""


def _migration_folder(tmp_path: Path, *, heavy: bool) -> Path:
    folder = tmp_path / ("v2" if heavy else "v1")
    folder.mkdir(exist_ok=True)
    (folder / "0001_items.sql").write_text(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
        "INSERT INTO items (name) VALUES ('kept 1'), ('kept 2'), ('kept 3');\n"
    )
    if heavy:
        (folder / "0002_heavy.sql").write_text(HEAVY_MIGRATION)
    return folder


def _check_old_or_new(db_path: Path) -> int:
    assert integrity(db_path) == ["ok"]
    version = scalar(db_path, "PRAGMA user_version")
    assert scalar(db_path, "SELECT count(*) FROM items") == 3
    has_big = scalar(db_path, "SELECT count(*) FROM sqlite_master WHERE name = 'big'")
    if version == 1:
        assert has_big == 0
        assert scalar(db_path, "SELECT count(*) FROM pragma_table_info('items') WHERE name = 'kind'") == 0
    else:
        assert version == 2
        assert scalar(db_path, "SELECT count(*) FROM big") == 50000
        assert scalar(db_path, "SELECT count(*) FROM items WHERE kind = 'migrated'") == 3
    assert isinstance(version, int)
    return version


def _migration_kills(
    tmp_path: Path, kills: int, seed: int, window: float | None = None
) -> tuple[KillTally, int]:
    old, new = _migration_folder(tmp_path, heavy=False), _migration_folder(tmp_path, heavy=True)
    if window is None:
        calibrate = tmp_path / "calibrate.db"
        conn = connect(calibrate)
        migrate(conn, calibrate, old)
        conn.close()
        window = 1.3 * timed_run("migrate", str(calibrate), str(new))
    rng, tally, migrated = random.Random(seed), KillTally(), 0
    for attempt in range(kills):
        db_path = tmp_path / f"kill{attempt}.db"
        conn = connect(db_path)
        migrate(conn, db_path, old)
        conn.close()
        kill_at_random(rng, window, tally, "migrate", str(db_path), str(new))
        version = _check_old_or_new(db_path)
        migrated += version == 2
        if version == 1:  # the next start finishes the job
            conn = connect(db_path)
            migrate(conn, db_path, new)
            conn.close()
            assert _check_old_or_new(db_path) == 2
    return tally, migrated


def test_killed_migration_leaves_old_or_new(tmp_path: Path):
    tally, _migrated = _migration_kills(tmp_path, kills=3, seed=11, window=0.4)
    assert tally.total == 3


@pytest.mark.slow
def test_killed_migration_leaves_old_or_new_50_times(tmp_path: Path):
    tally, migrated = _migration_kills(tmp_path, kills=50, seed=12)
    print(
        f"\nheavy migration: {tally.total} kills, {tally.killed_mid_work} mid-work, "
        f"{migrated} found at the new version; all intact"
    )
    assert tally.killed_mid_work >= 25
