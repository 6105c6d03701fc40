"""A database made by a newer CourseHub opens read-only, with a message; nothing is written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.domain.errors import CourseHubError
from coursehub.services.demo import load_demo
from coursehub.services.workspace import Workspace


@pytest.fixture
def newer_db(db_path: Path) -> Path:
    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    workspace.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 9999")
    return db_path


def test_newer_database_opens_read_only_with_a_message(newer_db: Path):
    before = hashlib.sha256(newer_db.read_bytes()).digest()
    workspace = Workspace.open(newer_db)
    try:
        assert workspace.store.read_only
        assert "newer version of CourseHub" in workspace.notices[0]
        assert "read-only" in workspace.notices[0]
        assert workspace.catalogue.count() == 44
        with pytest.raises(CourseHubError, match="read-only"):
            workspace.catalogue.cancel_course(1)
    finally:
        workspace.close()
    assert hashlib.sha256(newer_db.read_bytes()).digest() == before


def test_cli_lists_and_explains(newer_db: Path, capsys):
    assert main(["--db", str(newer_db), "--lang", "en", "courses"]) == 0
    captured = capsys.readouterr()
    assert "newer version of CourseHub" in captured.err
    assert captured.out.strip().splitlines()[-1].startswith("44")
    assert main(["--db", str(newer_db), "--lang", "en", "demo", "--year", "2028"]) == 3
    assert "read-only" in capsys.readouterr().err
