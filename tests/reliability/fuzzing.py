"""Hypothesis settings for the bad-input tests: a quick 'ci' run in the normal suite and a
'long' run for the figures in docs/reliability.md (COURSEHUB_FUZZ=long).

The profiles are applied per test (never loaded globally), so other tests keep theirs.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, settings

LONG = os.environ.get("COURSEHUB_FUZZ", "ci") == "long"
_CHECKS = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
]

settings.register_profile(
    "reliability-ci", deadline=None, suppress_health_check=_CHECKS, derandomize=True, print_blob=True
)
settings.register_profile("reliability-long", deadline=None, suppress_health_check=_CHECKS, print_blob=True)


def fuzz(ci: int, long: int) -> settings:
    """`ci` examples in the normal suite (derandomized: the same cases every run), `long`
    random ones with COURSEHUB_FUZZ=long."""
    profile = settings.get_profile("reliability-long" if LONG else "reliability-ci")
    return settings(profile, max_examples=long if LONG else ci)


def database_state(path: Path) -> str:
    """A digest of everything in the database (its SQL dump), as another copy would read it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    finally:
        conn.close()


def file_bytes(path: Path) -> str:
    """A digest of the database file and its write-ahead log, byte for byte."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()
