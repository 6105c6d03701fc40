"""`coursehub overlaps`, `acknowledge`, `gaps` and `eligible`: the JSON shapes of issue 7."""

from __future__ import annotations

import json

import pytest

from coursehub.cli.main import main


@pytest.fixture
def db(demo_store, db_path):
    return str(db_path)


def run_json(capsys, *argv):
    assert main(["--lang", "en", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def eligible_json(capsys, db, education: str, group: str):
    """`eligible --json` for a woman born 2000-01-01 of this education and target group."""
    return run_json(
        capsys,
        *("--db", db, "eligible", "--born", "2000-01-01", "--gender", "female"),
        *("--education", education, "--group", group, "--today", "2027-01-05", "--json"),
    )


def test_overlaps_json_shape(db, capsys):
    data = run_json(capsys, "--db", db, "overlaps", "--json")
    kinds = {o["kind"] for o in data["overlaps"]}
    assert kinds >= {"duplicate_offer", "venue_clash", "trainer_clash", "holiday"}
    first = data["overlaps"][0]
    assert set(first) >= {"kind", "courses", "dates", "message"}
    assert set(first["courses"][0]) == {"provider", "code"}
    assert all(len(d) == 10 and d[4] == "-" for o in data["overlaps"] for d in o["dates"])


def test_acknowledge_from_the_command_line(db, capsys):
    findings = run_json(capsys, "--db", db, "overlaps", "--json")["overlaps"]
    ref = findings[0]["fingerprint"][:8]
    assert (
        main(
            [
                "--lang",
                "en",
                "--db",
                db,
                "acknowledge",
                ref,
                "--reason",
                "both needed: waiting lists are full",
            ]
        )
        == 0
    )
    assert "Acknowledged" in capsys.readouterr().out
    quiet = run_json(capsys, "--db", db, "overlaps", "--json")["overlaps"]
    assert len(quiet) == len(findings) - 1
    everything = run_json(capsys, "--db", db, "overlaps", "--json", "--all")["overlaps"]
    (acked,) = [o for o in everything if o["acknowledged"]]
    assert acked["acknowledged"]["reason"] == "both needed: waiting lists are full"
    assert main(["--lang", "en", "--db", db, "acknowledge", "zzzz", "--reason", "x"]) == 1
    assert "No current finding" in capsys.readouterr().err


def test_gaps_json_shape(db, capsys):
    data = run_json(capsys, "--db", db, "gaps", "--year", "2027", "--json")
    row = data["gaps"][0]
    assert set(row) >= {"occupation", "area", "period", "demand", "supply", "gap", "courses"}
    assert row["gap"] == row["demand"] - row["supply"]
    assert any(c["kind"] == "month" for c in data["coverage"])
    assert data["shares"]


def test_eligible_json_in_the_shape_of_courses(db, capsys):
    data = eligible_json(capsys, db, "secondary", "jobseeker")
    courses = run_json(capsys, "--db", db, "courses", "--json")["courses"]
    assert data["courses"] and set(data["courses"][0]) == set(courses[0])
    assert "ZVP-D-CC" in {c["code"] for c in data["courses"]}


def test_tables_without_json(db, capsys):
    for argv in (["overlaps"], ["gaps"], ["eligible", "--born", "1990-02-03", "--trade", "7531"]):
        assert main(["--lang", "en", "--db", db, *argv]) == 0
    out = capsys.readouterr().out
    assert "Venue clash" in out and "Share of demand" in out and "Why not" in out


def test_bad_date_is_explained(db, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "en", "--db", db, "eligible", "--born", "31.02.2000"])
    assert stopped.value.code == 2
    assert "not a date written as YYYY-MM-DD" in capsys.readouterr().err


def test_eligible_takes_albanian_words_for_education_and_groups(db, capsys):
    coded = eligible_json(capsys, db, "secondary", "jobseeker")
    worded = eligible_json(capsys, db, "i mesëm", "punëkërkues të regjistruar")
    assert worded == coded
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--db", db, "eligible", "--born", "2000-01-01", "--group", "pilots"])
    assert "not a known target group" in capsys.readouterr().err
