"""`coursehub import` and `coursehub needs import`: the JSON shape and the exit codes."""

from __future__ import annotations

import json

from import_fixtures import SQ_HEADERS, SQ_ROWS, write_csv

from coursehub.app import main

KEYS = {"added", "updated", "unchanged", "missing", "skipped", "errors", "warnings"}
COURSE_KEYS = KEYS | {"seats_offered"}  # a course list's seats may go to people waiting


def run(capsys, *argv):
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_and_exit_0(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS)
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--provider", "Ura", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == COURSE_KEYS
    assert (data["added"], data["updated"], data["missing"], data["errors"]) == (8, 0, 0, [])
    code, out, _ = run(capsys, "--db", db, "courses", "--provider", "Ura", "--json")
    assert len(json.loads(out)["courses"]) == 8


def test_invalid_rows_exit_1_with_row_column_value(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    rows = [list(r) for r in SQ_ROWS[:2]]
    rows[1][9] = "dhjetë"
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, rows)
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--provider", "Ura", "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [
        {
            "row": 5,
            "column": "Vende",
            "value": "dhjetë",
            "message": "Write a whole number in digits, e.g. 15.",
        }
    ]
    code, out, _ = run(capsys, "--db", db, "courses", "--json")
    assert json.loads(out)["courses"] == []
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--provider", "Ura")
    assert code == 1 and "Row 5, column «Vende», value «dhjetë»" in out
    assert "Nothing was written" in out


def test_dry_run_and_skip_invalid(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    rows = [list(r) for r in SQ_ROWS[:3]]
    rows[1][3] = "Atlantis"
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, rows)
    assert run(capsys, "--db", db, "import", str(path), "--provider", "U", "--dry-run")[0] == 1
    code, out, _ = run(
        capsys, "--db", db, "import", str(path), "--provider", "U", "--dry-run", "--skip-invalid", "--json"
    )
    assert code == 0 and json.loads(out)["added"] == 2
    assert json.loads(run(capsys, "--db", db, "courses", "--json")[1])["courses"] == []
    code, out, _ = run(capsys, "--db", db, "import", str(path), "--provider", "U", "--skip-invalid", "--json")
    assert code == 0 and json.loads(out)["skipped"] == 1
    assert len(json.loads(run(capsys, "--db", db, "courses", "--json")[1])["courses"]) == 2


def test_cancel_missing_and_sheet_and_map(tmp_path, capsys):
    from import_fixtures import write_xlsx

    db = str(tmp_path / "x.db")
    headers = ["Nr", *SQ_HEADERS[1:]]
    path = write_xlsx(tmp_path / "k.xlsx", headers, SQ_ROWS[:3], sheet="Kurset 2027")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Nr": "code"}), encoding="utf-8")
    args = [
        "--db",
        db,
        "import",
        str(path),
        "--provider",
        "U",
        "--sheet",
        "Kurset 2027",
        "--map",
        str(mapping),
        "--json",
    ]
    assert run(capsys, *args)[0] == 0
    path = write_xlsx(tmp_path / "k.xlsx", headers, SQ_ROWS[:1], sheet="Kurset 2027")
    code, out, _ = run(capsys, *args[:-1], "--cancel-missing")
    assert code == 0 and "marked cancelled: SQ-02" in out


def test_unreadable_file_exit_2(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    (tmp_path / "k.csv").write_text("<html><body>no</body></html>", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(tmp_path / "k.csv"), "--provider", "U")
    assert code == 2 and "web page" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "import", str(tmp_path / "k.csv"), "--provider", "U", "--json")
    assert code == 2 and "web page" in json.loads(out)["errors"][0]["message"]


def test_bad_mapping_file_exit_2(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS[:1])
    (tmp_path / "m.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(
        capsys, "--db", db, "import", str(path), "--provider", "U", "--map", str(tmp_path / "m.json")
    )
    assert code == 2 and "not valid JSON" in err


def test_needs_import_cli(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    path = write_csv(
        tmp_path / "n.csv",
        ["Kodi ISCO", "Profesioni", "Bashkia/Qarku", "Periudha", "Kërkesa", "Burimi"],
        [
            ["7531", "Rrobaqepës", "Qarku Durrës", "2027", "40", "AKPA"],
            ["75", "", "Elbasan", "2027-Q2", "10", ""],
        ],
    )
    code, out, _ = run(capsys, "--db", db, "needs", "import", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == KEYS and data["added"] == 2
    code, out, _ = run(capsys, "--db", db, "needs", "import", str(path), "--dry-run")
    assert code == 0 and "2 unchanged" in out
