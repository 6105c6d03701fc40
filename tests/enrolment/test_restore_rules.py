"""Issue 13, finding 2: restore needs an administrator, shows what the backup holds, is
audited before and after, and never brings back a person erased since the backup."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from coursehub.services.audit import Action
from tests.enrolment import test_people_cli
from tests.enrolment.test_people_cli import _register

template_db = test_people_cli.template_db
cli = test_people_cli.cli


def _names(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [str(r[0]) for r in conn.execute("SELECT name FROM trainees")]
    finally:
        conn.close()


def _restores(cli) -> list[dict]:
    code, out, _err = cli("audit", "--json", "--limit", "1000", "--entity", "database", user="admin")
    assert code == 0
    return [e for e in json.loads(out)["audit"] if e["action"] == Action.DATABASE_RESTORE]


def test_restore_is_for_administrators_shows_the_backup_and_needs_yes(cli, tmp_path):
    backup = tmp_path / "before.db"
    assert cli("backup", "-o", str(backup), user="admin")[0] == 0
    for user, expected in ((None, "--user NAME"), ("office", "administrator"), ("ngo_a", "administrator")):
        code, _out, err = cli("restore", str(backup), "--yes", user=user)
        assert code != 0 and expected in err, user
    code, out, err = cli("restore", str(backup), user="admin")  # no terminal to ask: --yes needed
    assert code != 0 and "--yes" in err
    assert "44 courses" in out and "5 users" in out  # what the backup holds, before anything changes
    assert _restores(cli) == []


def test_an_erased_person_never_comes_back_and_the_restore_is_audited(cli, tmp_path):
    db = tmp_path / "people.db"
    code_a = _register(cli, "ngo_a", "Arta Hoxha", "--consent")
    code_b = _register(cli, "ngo_a", "Blerta Marku", "--consent")
    backup = tmp_path / "with-both.db"
    assert cli("backup", "-o", str(backup), user="admin")[0] == 0
    assert cli("trainee", "erase", code_a, "--yes", user="ngo_a")[0] == 0
    assert cli("trainee", "erase", code_b, "--completely", "--yes", user="ngo_a")[0] == 0
    assert "Arta Hoxha" in _names(backup)
    code, out, err = cli("restore", str(backup), "--yes", user="admin")
    assert code == 0, err
    assert "2 people erased after this backup" in out
    names = _names(db)
    assert "Arta Hoxha" not in names and "Blerta Marku" not in names
    code, out, _err = cli("trainee", "show", code_b, user="admin")
    assert code != 0  # deleted completely: not even the pseudonym is back
    restores = _restores(cli)
    assert [(e["actor"], e["after"]["erasures_applied_again"]) for e in restores] == [("admin", 2)]
    ledger = (tmp_path / "people.db.erasures").read_text(encoding="utf-8")
    assert code_a in ledger and "Arta" not in ledger and "Hoxha" not in ledger
    # The database as it was before is kept aside, with the restore recorded in it too.
    kept = next((tmp_path / "backups").glob("people-before-restore-*.db"))
    conn = sqlite3.connect(f"file:{kept}?mode=ro", uri=True)
    try:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE actor = 'admin'")]
    finally:
        conn.close()
    assert Action.DATABASE_RESTORE in actions
