"""`coursehub attend ...`, `coursehub attention` and `enrol complete` with attendance, run
as the named users of the people CLI tests, on a course running today."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from coursehub.services.workspace import Workspace
from tests.builders import WEEKDAY_MORNINGS, a_course_running_today
from tests.enrolment.test_people_cli import NGO_A, _register, cli, template_db  # noqa: F401

CODE = "ATT-1"


@pytest.fixture
def running(cli, tmp_path):  # noqa: F811
    """A course of NGO A meeting every weekday from six weeks ago; two trainees enrolled,
    one of NGO A and one of NGO B. Returns (run, ngo A's trainee, ngo B's, held past dates)."""
    today = date.today()
    workspace = Workspace.open(tmp_path / "people.db")
    try:
        workspace.catalogue.save_course(
            a_course_running_today(
                days_before=42, days_after=42, provider=NGO_A, code=CODE, sessions=WEEKDAY_MORNINGS, seats=6
            )
        )
    finally:
        workspace.close()
    mine = _register(cli, "ngo_a", "Arta Hoxha", "--consent")
    theirs = _register(cli, "ngo_b", "Besa Leka", "--consent")
    for code in (mine, theirs):
        assert cli("enrol", CODE, code, user="office")[0] == 0
    code, out, err = cli("attend", CODE, "--json", user="office")
    assert code == 0, err
    held = [s["date"] for s in json.loads(out)["sessions"] if s["held"] and s["date"] <= today.isoformat()]
    assert len(held) >= 20
    return cli, mine, theirs, held


def _day(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"


def test_record_a_session_and_read_the_grid(running):
    run, mine, theirs, held = running
    code, out, err = run(
        "attend", CODE, _day(held[0]), "--present", mine, "--absent", theirs, "--note", "rain", user="office"
    )
    assert code == 0, err
    assert "2 marks recorded" in out
    code, out, _ = run("attend", CODE, "--json", user="office")
    grid = {row["pseudonym"]: row for row in json.loads(out)["trainees"]}
    assert grid[mine]["marks"] == {held[0]: "present"}
    assert grid[theirs]["marks"] == {held[0]: "absent"} and grid[theirs]["notes"] == {held[0]: "rain"}
    code, out, _ = run("attend", CODE, user="office")
    assert code == 0 and mine in out and "100%" in out


def test_a_coordinator_records_and_sees_only_their_own(running):
    run, mine, theirs, held = running
    code, _out, err = run("attend", CODE, held[0], "--present", theirs, user="ngo_a")
    assert code == 1 and theirs in err
    assert run("attend", CODE, held[0], "--present", mine, user="ngo_a")[0] == 0
    code, out, _ = run("attend", CODE, "--json", user="ngo_a")
    data = json.loads(out)
    assert [r["pseudonym"] for r in data["trainees"]] == [mine] and data["hidden"] == 1
    code, out, err = run("attend", CODE, "--json", user="viewer")
    assert code == 1 and mine not in out


def test_dates_without_a_session_and_future_dates_are_refused(running):
    run, mine, _theirs, held = running
    sunday = date.fromisoformat(held[-1]) + timedelta(days=6 - date.fromisoformat(held[-1]).weekday())
    code, _out, err = run("attend", CODE, sunday.isoformat(), "--present", mine, user="office")
    assert code == 1 and "no session on this date" in err
    code, _out, err = run("attend", CODE, "not-a-date", "--present", mine, user="office")
    assert code == 1 and "not-a-date" in err


def test_at_risk_list_and_completion_threshold(running):
    run, mine, theirs, held = running
    for day in held[:7]:
        assert run("attend", CODE, day, "--present", mine, "--absent", theirs, user="office")[0] == 0
    code, out, _ = run("attention", "--json", user="office")
    assert [a["pseudonym"] for a in json.loads(out)] == [theirs]
    assert json.loads(out)[0]["absences_in_a_row"] == 7
    code, out, _ = run("attend", "at-risk", user="ngo_a")
    assert code == 0 and theirs not in out
    code, _out, err = run("enrol", "complete", CODE, theirs, user="office")
    assert code == 1 and "0 of 7" in err and "threshold of 80%" in err
    code, _out, err = run(
        "enrol", "complete", CODE, theirs, "--reason", "came to the make-up weeks", user="ngo_b"
    )
    assert code == 1 and "Employment Office staff" in err
    code, out, err = run(
        "enrol", "complete", CODE, theirs, "--reason", "came to the make-up weeks", user="office"
    )
    assert code == 0, err
    assert run("enrol", "complete", CODE, mine, user="ngo_a")[0] == 0
    code, out, _ = run("audit", "--json", user="admin")
    assert "enrolment.completion_override" in out


def test_did_not_complete_with_a_reason(running):
    run, mine, _theirs, _held = running
    code, out, err = run(
        "enrol", "complete", CODE, mine, "--outcome", "did-not-complete", "--why", "found-work", user="ngo_a"
    )
    assert code == 0, err
    assert "found work" in out
    code, out, _ = run("enrol", "list", "--trainee", mine, "--json", user="ngo_a")
    assert json.loads(out)["enrolments"][0]["status"] == "withdrawn"
    code, _out, err = run("enrol", "complete", CODE, mine, "--why", "moved", user="ngo_a")
    assert code == 1


def test_threshold_and_settings(running):
    run, _mine, _theirs, _held = running
    code, out, _ = run("attend", "threshold", CODE, "60", user="ngo_a")
    assert code == 0 and "60%" in out
    code, _out, err = run("attend", "threshold", CODE, "120", user="office")
    assert code == 1 and "120" in err
    assert run("attend", "settings", "--dropout-after", "4", user="office")[0] == 1
    code, out, _ = run("attend", "settings", "--dropout-after", "4", "--json", user="admin")
    assert json.loads(out) == {"default_threshold_percent": 80, "dropout_sessions": 4}


def _fill(path, marks: dict[tuple[str, str], str], extra_rows=()):
    """Fill the exported register as a trainer would: a mark per (pseudonym, iso date)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 2).value == "Pseudonym")
    columns = {
        sheet.cell(header_row, c).value.date().isoformat(): c
        for c in range(4, sheet.max_column + 1)
        if sheet.cell(header_row, c).value is not None
    }
    rows = {sheet.cell(r, 2).value: r for r in range(header_row + 1, sheet.max_row + 1)}
    for (pseudonym, day), text in marks.items():
        sheet.cell(rows[pseudonym], columns[day], text)
    for values in extra_rows:
        sheet.append(values)
    book.save(path)
    return header_row, columns, rows


def test_register_round_trip_through_xlsx(running, tmp_path):
    run, mine, theirs, held = running
    assert run("attend", CODE, held[0], "--present", mine, user="office")[0] == 0
    register = tmp_path / "register.xlsx"
    code, out, err = run("attend", "export", CODE, "-o", str(register), user="office")
    assert code == 0, err
    assert "2 trainees" in out
    marks = {
        (mine, held[1]): "P",
        (mine, held[2]): "a",
        (theirs, held[1]): "E: doctor",
        (theirs, held[2]): "M",
    }
    _fill(register, marks)
    code, out, err = run("attend", "import", str(register), user="office")
    assert code == 0, out + err
    code, out, _ = run("attend", CODE, "--json", user="office")
    grid = {row["pseudonym"]: row for row in json.loads(out)["trainees"]}
    assert grid[mine]["marks"] == {held[0]: "present", held[1]: "present", held[2]: "absent"}
    assert grid[theirs]["marks"] == {held[1]: "excused", held[2]: "absent"}
    assert grid[theirs]["notes"] == {held[1]: "doctor"}
    code, out, _ = run("audit", "--json", user="admin")
    assert "attendance.export" in out and "attendance.record" in out


def test_register_import_is_all_or_nothing_and_names_each_cell(running, tmp_path):
    run, mine, theirs, held = running
    register = tmp_path / "register.xlsx"
    assert run("attend", "export", CODE, "-o", str(register), user="office")[0] == 0
    future = [s for s in _future_held(run)][:1]
    _header_row, _columns, rows = _fill(
        register,
        {(mine, held[3]): "P", (theirs, held[3]): "maybe", **{(mine, d): "P" for d in future}},
        extra_rows=[[9, "DR-2099-9999", "Nobody", "P"]],
    )
    code, out, _err = run("attend", "import", str(register), "--json", user="office")
    assert code == 1
    report = json.loads(out)
    assert report["written"] is False
    found = {(p["row"], p["column"], p["value"]) for p in report["problems"]}
    shown = f"{_day(held[3])}"
    assert (rows[theirs], shown, "maybe") in found
    assert any(p["value"] == "DR-2099-9999" for p in report["problems"])
    if future:
        assert (rows[mine], _day(future[0]), "P") in found
    code, out, _ = run("attend", CODE, "--json", user="office")
    assert all(row["marks"] == {} for row in json.loads(out)["trainees"])  # nothing written
    code, out, _ = run("attend", "import", str(register), user="office")
    assert code == 1 and f"Row {rows[theirs]}, column «{shown}», value «maybe»" in out
    assert "Nothing was written" in out and str(register) in out


def test_register_import_refuses_another_organisations_trainees_and_bad_files(running, tmp_path):
    run, _mine, theirs, held = running
    register = tmp_path / "register.xlsx"
    assert run("attend", "export", CODE, "-o", str(register), user="office")[0] == 0
    _fill(register, {(theirs, held[0]): "P"})
    code, out, _ = run("attend", "import", str(register), user="ngo_a")
    assert code == 1 and theirs in out and "Nothing was written" in out
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _out, err = run("attend", "import", str(broken), user="office")
    assert code == 2 and "broken.xlsx" in err


def _future_held(run) -> list[str]:
    _code, out, _ = run("attend", CODE, "--json", user="office")
    today = date.today().isoformat()
    return [s["date"] for s in json.loads(out)["sessions"] if s["held"] and s["date"] > today]
