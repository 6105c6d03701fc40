"""The command line for people: setup, users, trainees and enrolment, acting as named users."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from coursehub.app import main
from coursehub.services.people_wiring import PeopleServices
from tests.enrolment.conftest import PASSWORD, cheap_hasher

NGO_A = "Qendra Dritare për Gratë (demo)"
NGO_B = "Shoqata Ura e Shpresës (demo)"


USERS = (
    ("office", "office_staff", None),
    ("ngo_a", "ngo_coordinator", NGO_A),
    ("ngo_b", "ngo_coordinator", NGO_B),
    ("viewer", "viewer", None),
)


def _runner(db: str, capsys=None):
    def run(*argv: str, user: str | None = None) -> tuple[int, str, str]:
        extra = ["--user", user] if user else []
        code = main(["--db", db, *argv, *extra])
        out, err = capsys.readouterr() if capsys else ("", "")
        return code, out, err

    return run


def _environment(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    patch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    patch.setenv("COURSEHUB_NEW_PASSWORD", PASSWORD)
    patch.setenv("COURSEHUB_LANG", "en")
    patch.delenv("COURSEHUB_USER", raising=False)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    """Set up once per module (administrator, demo catalogue, one user per role); each test
    works on its own copy."""
    folder = tmp_path_factory.mktemp("people-template")
    with pytest.MonkeyPatch.context() as patch:
        _environment(patch)
        for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(variable, str(folder / variable.lower()))
        run = _runner(str(folder / "people.db"))
        assert run("setup")[0] == 0
        assert run("demo", "--year", "2027", user="admin")[0] == 0
        for name, role, org in USERS:
            args = ["users", "add", name, "--role", role] + (["--organisation", org] if org else [])
            assert run(*args, user="admin")[0] == 0
    return folder / "people.db"


@pytest.fixture
def cli(template_db: Path, tmp_path: Path, capsys, monkeypatch):
    _environment(monkeypatch)
    db = tmp_path / "people.db"
    shutil.copyfile(template_db, db)
    capsys.readouterr()
    return _runner(str(db), capsys)


def _register(cli, user: str, name: str, *extra: str) -> str:
    code, out, err = cli(
        "trainee",
        "add",
        "--name",
        name,
        "--born",
        "04.05.1998",
        "--gender",
        "female",
        "--municipality",
        "Durres",
        *extra,
        user=user,
    )
    assert code == 0, err
    return re.search(r"[A-Z]{2}-\d{4}-\d{4}", out).group(0)


def test_setup_runs_once(cli):
    code, _out, err = cli("setup")
    assert code == 1 and "already set up" in err


def test_a_coordinator_registers_finds_courses_and_enrols(cli):
    code_ = _register(cli, "ngo_a", "Arta Hoxha", "--consent", "--group", "trafficking_survivor")
    code, out, _ = cli("enrol", "eligible", code_, "--trade", "7531", "--json", user="ngo_a")
    eligible = {c["code"] for c in json.loads(out)["courses"]}
    assert code == 0 and {"QD-RQ-1", "URA-07"} <= eligible
    code, out, err = cli("enrol", "QD-RQ-1", code_, user="ngo_a")
    assert code == 0, err
    assert "enrolled" in out
    code, out, _ = cli("enrol", "list", "--trainee", code_, "--json", user="ngo_a")
    assert json.loads(out)["enrolments"][0]["status"] == "enrolled"
    code, out, _ = cli("enrol", "roster", "QD-RQ-1", user="ngo_a")
    assert code_ in out and "Arta" not in out  # protected group: pseudonym unless asked
    code, out, _ = cli("enrol", "roster", "QD-RQ-1", "--names", user="ngo_a")
    assert "Arta Hoxha" in out
    code, out, _ = cli("enrol", "withdraw", "QD-RQ-1", code_, user="ngo_a")
    assert code == 0 and "withdrawn" in out


def test_another_ngo_cannot_read_export_or_print_the_trainee(cli, tmp_path):
    code_ = _register(cli, "ngo_a", "Arta Hoxha", "--consent", "--group", "trafficking_survivor")
    assert cli("enrol", "QD-RQ-1", code_, user="ngo_a")[0] == 0
    for args in (
        ("trainee", "show", code_),
        ("trainee", "export", code_),
        ("trainee", "edit", code_, "--phone", "+355 1"),
        ("trainee", "erase", code_, "--yes"),
        ("enrol", "list", "--trainee", code_),
        ("enrol", "withdraw", "QD-RQ-1", code_),
    ):
        code, out, err = cli(*args, user="ngo_b")
        assert code != 0 and "Arta" not in out + err, args
        assert "another organisation" in err
    code, out, _ = cli("trainee", "list", "--json", user="ngo_b")
    assert json.loads(out) == {"trainees": []}
    code, out, _ = cli("enrol", "roster", "QD-RQ-1", "--names", "--json", user="ngo_b")
    roster = json.loads(out)
    assert code == 0 and roster["enrolled"] == [] and "Arta" not in out
    code, out, _ = cli("enrol", "list", "--course", "QD-RQ-1", "--json", user="ngo_b")
    assert json.loads(out) == {"enrolments": []}


def test_viewer_sees_no_trainees(cli):
    code, _out, err = cli("trainee", "add", "--name", "X Y", "--born", "1990-01-01", user="viewer")
    assert code == 1 and "viewer" in err
    assert cli("trainee", "list", user="viewer")[0] == 1
    assert cli("enrol", "roster", "QD-RQ-1", user="viewer")[0] == 1


def test_enrolment_without_consent_and_over_the_seat_limit_are_refused(cli):
    no_consent = _register(cli, "office", "Besa Kola")
    code, _out, err = cli("enrol", "URA-07", no_consent, user="office")
    assert code == 1 and "consent" in err
    assert cli("trainee", "edit", no_consent, "--consent", user="office")[0] == 0
    assert cli("enrol", "URA-07", no_consent, "--override-reason", "age checked", user="office")[0] == 0


def test_eligibility_refusal_names_reasons_and_override_is_for_staff(cli):
    man = _register(cli, "ngo_a", "Dritan Leka", "--consent", "--gender", "male")
    code, _out, err = cli("enrol", "QD-RQ-1", man, user="ngo_a")
    assert code == 1 and "women only" in err and "written reason" in err
    code, _out, err = cli("enrol", "QD-RQ-1", man, "--override-reason", "because", user="ngo_a")
    assert code == 1 and "Only Employment Office staff" in err


def test_export_writes_a_private_json_file_and_is_audited(cli, tmp_path):
    code_ = _register(cli, "office", "Era Dervishi", "--consent")
    target = tmp_path / "era.json"
    code, out, err = cli("trainee", "export", code_, "-o", str(target), user="office")
    assert code == 0, err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Era Dervishi"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, out, _ = cli("audit", "--json", user="admin")
    actions = [e["action"] for e in json.loads(out)["audit"]]
    assert "trainee.export" in actions and "trainee.register" in actions
    assert cli("audit", user="office")[0] == 1


def test_erase_needs_confirmation_then_anonymises(cli):
    code_ = _register(cli, "office", "Flora Meta", "--consent")
    code, _out, err = cli("trainee", "erase", code_, user="office")
    assert code == 1 and "--yes" in err
    assert cli("trainee", "erase", code_, "--yes", user="office")[0] == 0
    code, out, _ = cli("trainee", "show", code_, "--json", user="office")
    shown = json.loads(out)["trainee"]
    assert shown["name"] == "" and shown["anonymised_at"]


def test_commands_need_a_user_and_never_take_a_password_option(cli, monkeypatch):
    code, _out, err = cli("trainee", "list")
    assert code == 1 and "COURSEHUB_USER" in err
    monkeypatch.setenv("COURSEHUB_USER", "office")
    assert cli("trainee", "list")[0] == 0
    monkeypatch.setenv("COURSEHUB_PASSWORD", "not the password")
    code, _out, err = cli("trainee", "list")
    assert code == 4 and "Wrong user name or password" in err
    with pytest.raises(SystemExit):
        main(["trainee", "list", "--password", PASSWORD])


@pytest.mark.sqlite_only("on a server users are login roles: tests/server covers these commands")
def test_users_list_and_disable(cli):
    _code, out, _ = cli("users", "list", "--json", user="admin")
    assert {u["username"] for u in json.loads(out)["users"]} == {
        "admin",
        "office",
        "ngo_a",
        "ngo_b",
        "viewer",
    }
    assert cli("users", "disable", "ngo_b", user="admin")[0] == 0
    assert cli("trainee", "list", user="ngo_b")[0] == 4
    assert cli("users", "add", "x1", "--role", "viewer", user="office")[0] == 1


@pytest.mark.sqlite_only("on a server users are login roles: tests/server covers these commands")
def test_a_user_has_a_display_name_and_logs_in_whatever_the_case(cli):
    assert cli("users", "add", "Mira", "--role", "viewer", "--name", "  Mira Kola ", user="admin")[0] == 0
    _code, out, _ = cli("users", "list", "--json", user="admin")
    listed = {u["username"]: u for u in json.loads(out)["users"]}
    assert listed["Mira"]["display_name"] == "Mira Kola"
    assert listed["office"]["display_name"] == ""
    _code, out, _ = cli("users", "list", user="admin")
    assert "Mira Kola" in out
    # the login name is not case sensitive (on a server it is the small-letter role name)
    assert cli("users", "password", "mira", user="MIRA")[0] == 0
    code, _out, err = cli("users", "add", "long", "--role", "viewer", "--name", "x" * 81, user="admin")
    assert code == 1 and "display name" in err


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_printed_sheets_show_names_only_to_whom_may_see_them(cli, tmp_path, monkeypatch):
    code_ = _register(cli, "ngo_a", "Arta Hoxha", "--consent", "--group", "trafficking_survivor")
    assert cli("enrol", f"{NGO_A}:QD-RQ-1", code_, user="ngo_a")[0] == 0
    sheet = tmp_path / "sheet.pdf"
    printed = {}
    for who in ("ngo_a", "ngo_b", None):
        if who:
            monkeypatch.setenv("COURSEHUB_USER", who)
        else:
            monkeypatch.delenv("COURSEHUB_USER", raising=False)
        code, _out, err = cli("print", "sheet", f"{NGO_A}:QD-RQ-1", "--names", "-o", str(sheet))
        assert code == 0, err
        printed[who] = _pdf_text(sheet)
    assert "Arta Hoxha" in printed["ngo_a"]
    for who in ("ngo_b", None):  # another NGO, or nobody logged in
        assert "Arta" not in printed[who] and code_ not in printed[who]


@pytest.mark.sqlite_only("on a server users are login roles: tests/server covers these commands")
def test_passwords_are_changed_through_the_environment_or_a_prompt(cli, monkeypatch):
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", "a brand new secret")
    assert cli("users", "password", "ngo_b", user="admin")[0] == 0
    assert cli("trainee", "list", user="ngo_b")[0] == 4  # the old password no longer works
    monkeypatch.setenv("COURSEHUB_PASSWORD", "a brand new secret")
    assert cli("trainee", "list", user="ngo_b")[0] == 0
    assert cli("users", "password", "office", user="ngo_b")[0] == 1  # only their own
