"""Issue 13, finding 6: every copy the program leaves beside the database is listed by
`backup --list`, rotated by the one policy, and holds nothing readable of an erased person."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from coursehub.storage.backup import (
    AUTOMATIC,
    BEFORE_RESTORE,
    DAMAGED,
    MIGRATION,
    UNFINISHED,
    files_beside,
    rotate,
)
from tests.enrolment import test_people_cli
from tests.enrolment.test_people_cli import _register

template_db = test_people_cli.template_db
cli = test_people_cli.cli

NAME = "Arta Hoxha"
PHONE = "+355 69 765 4321"


def _holding(folder: Path, text: str) -> list[str]:
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and text.encode("utf-8") in p.read_bytes()
    )


def _leave_copies(db: Path, cli) -> None:
    """One of each kind, each holding the person: as crashes and restores leave them."""
    folder = db.parent / "backups"
    assert cli("backup", "-o", str(folder / "people-20270301-090000.db"), user="admin")[0] == 0
    automatic = folder / "people-20270301-090000.db"
    shutil.copyfile(automatic, folder / "people-damaged-20270302-090000.db")
    shutil.copyfile(automatic, folder / "people-20270303-090000.db.part")
    shutil.copyfile(automatic, db.with_name("people.db.v5-20270304-090000.bak"))
    assert cli("restore", str(automatic), "--yes", user="admin")[0] == 0  # keeps a before-restore copy


def test_every_copy_is_listed_and_none_keeps_an_erased_person(cli, tmp_path):
    db = tmp_path / "people.db"
    code = _register(cli, "ngo_a", NAME, "--consent", "--phone", PHONE)
    _leave_copies(db, cli)
    kinds = {copy.kind for copy in files_beside(db)}
    assert {AUTOMATIC, BEFORE_RESTORE, DAMAGED, MIGRATION, UNFINISHED} <= kinds
    listed = cli("backup", "--list")[1]
    for name in ("before-restore", "damaged", ".bak", ".part"):
        assert name in listed, name
    assert len(_holding(tmp_path, NAME)) >= 5  # the finding: copies everywhere
    assert cli("trainee", "erase", code, "--yes", user="ngo_a")[0] == 0
    assert _holding(tmp_path, NAME) == []
    assert _holding(tmp_path, PHONE) == []
    left = {copy.kind for copy in files_beside(db)}
    assert {AUTOMATIC, BEFORE_RESTORE, MIGRATION} <= left  # rewritten, not lost
    assert DAMAGED not in left and UNFINISHED not in left  # cannot be rewritten: deleted


def test_every_kind_of_copy_is_rotated_by_the_same_policy(tmp_path):
    db = tmp_path / "x.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2027, 1, 1, 9, 0)
    for day in range(40):
        stamp = (start + timedelta(days=day)).strftime("%Y%m%d-%H%M%S")
        for name in (f"x-{stamp}.db", f"x-before-restore-{stamp}.db", f"x-damaged-{stamp}.db"):
            (folder / name).write_bytes(b"copy")
        (tmp_path / f"x.db.v3-{stamp}.bak").write_bytes(b"copy")
    old_part = folder / "x-20270101-090000.db.part"
    new_part = folder / "x-20270209-090000.db.part"
    old_part.write_bytes(b"cut short")
    new_part.write_bytes(b"being written")
    now = datetime.now()
    os.utime(old_part, (now.timestamp() - 7200, now.timestamp() - 7200))
    rotate(db, now)
    left = files_beside(db)
    for kind in (AUTOMATIC, BEFORE_RESTORE, DAMAGED, MIGRATION):
        assert 7 <= sum(1 for c in left if c.kind == kind) <= 11, kind
    assert not old_part.exists() and new_part.exists()
