"""Cross-organisation clash check without revealing identity (issue 12, item 11): the
server compares keyed hashes of name and birth date; each coordinator learns only that
their own trainee clashes with a course, never who the other organisation's record is."""

from __future__ import annotations

import pytest

from tests.server.access_data import add_enrolled_person, seed
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


def test_the_same_person_in_two_organisations_clashing_courses_is_flagged_to_both(cluster, make_database):
    office = seed(cluster, make_database("clash_a"))
    with cluster.connect(office.database) as conn:
        # NGO B registered Ana Alfa too (in capitals, spaced and dotted differently), same birth date,
        # and enrolled her in course B1, which meets when A1 does (same sessions and dates).
        ngo_b, b1 = office.providers["b"], office.courses["b"]
        add_enrolled_person(conn, "EL-2027-0009", "ANA  ALFA.", "1990-01-01", ngo_b, b1)
        # a namesake born on another day is somebody else
        add_enrolled_person(conn, "EL-2027-0010", "Ana Alfa", "1990-01-02", ngo_b, b1)
    database = office.database
    with cluster.connect(database, f"coord_a_{database}", PASSWORD) as coord_a:
        rows = coord_a.execute("SELECT * FROM coursehub_cross_organisation_clashes()").fetchall()
        # Ana holds seats in A1 and B1 for NGO A already; NGO B's record of her is in B1,
        # which meets at the same hours as A1 (and is B1 itself)
        assert rows == [
            ("DR-2027-0001", office.courses["a"], office.courses["b"]),
            ("DR-2027-0001", office.courses["b"], office.courses["b"]),
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            coord_a.execute("SELECT * FROM clash_check_key")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            coord_a.execute("SELECT coursehub_person_hash('Besa Beta', '1991-02-02', '')")
    with cluster.connect(database, f"coord_b_{database}", PASSWORD) as coord_b:
        rows = coord_b.execute("SELECT * FROM coursehub_cross_organisation_clashes()").fetchall()
        assert [r[0] for r in rows] == ["EL-2027-0009", "EL-2027-0009"]
    with (
        cluster.connect(database, f"viewer_{database}", PASSWORD) as viewer,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        viewer.execute("SELECT * FROM coursehub_cross_organisation_clashes()")
    with cluster.connect(database) as conn:
        checks = conn.execute(
            "SELECT actor FROM audit_log WHERE action = 'clash.cross_organisation_check' ORDER BY id"
        ).fetchall()
        assert checks == [(f"coord_a_{database}",), (f"coord_b_{database}",)]


def test_coursehub_server_clashes_tells_the_coordinator(cluster, make_database, monkeypatch, capsys):
    import json

    from coursehub.cli.main import main

    office = seed(cluster, make_database("clash_b"))
    with cluster.connect(office.database) as conn:
        add_enrolled_person(conn, "EL-2027-0009", "ana alfa", "1990-01-01", None, office.courses["b"])
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    address = cluster.url(office.database, f"coord_a_{office.database}")
    assert main(["--db", address, "server", "clashes", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["clashes"][0] == {
        "pseudonym": "DR-2027-0001",
        "course": ["Shpresa", "A1"],
        "other_course": ["Tjeter", "B1"],
    }
    assert main(["--db", address, "server", "clashes"]) == 0
    assert "another organisation has enrolled the same person in Tjeter / B1" in capsys.readouterr().out
    staff = cluster.url(office.database, f"staff_{office.database}")
    assert main(["--db", staff, "server", "clashes"]) == 1
    assert "Only NGO coordinators" in capsys.readouterr().err
    other = cluster.url(office.database, f"coord_b_{office.database}")
    assert main(["--db", other, "server", "clashes"]) == 0
    assert "None of your trainees" in capsys.readouterr().out


def test_sessions_on_public_holidays_do_not_clash(cluster, make_database, monkeypatch, capsys):
    """As everywhere else (analysis/overlaps.py): a session on a public holiday is not held,
    so it clashes with nothing; the office's correction of the calendar counts too."""
    import json

    from coursehub.cli.main import main

    office = seed(cluster, make_database("clash_holidays"))
    with cluster.connect(office.database) as conn:
        add_enrolled_person(
            conn, "EL-2027-0009", "Ana Alfa", "1990-01-01", office.providers["b"], office.courses["b"]
        )
        conn.execute(  # NGO A's Ana keeps only A1
            "UPDATE enrolments SET status = 'withdrawn' WHERE trainee_id = %s AND course_id = %s",
            (office.trainees["own"], office.courses["b"]),
        )
        # A1 meets on two Mondays, 15 March (Summer Day, observed) and 22 March 2027 (Nevruz),
        # both public holidays; B1 meets on Mondays at the same hours from March to May.
        conn.execute(
            "UPDATE courses SET start_date = '2027-03-15', end_date = '2027-03-22' WHERE id = %s",
            (office.courses["a"],),
        )
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    address = cluster.url(office.database, f"coord_a_{office.database}")
    assert main(["--db", address, "server", "clashes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"clashes": []}
    # without the days off (a raw call), the two Mondays would count
    with cluster.connect(office.database, f"coord_a_{office.database}", PASSWORD) as coord_a:
        assert coord_a.execute("SELECT * FROM coursehub_cross_organisation_clashes()").fetchall() == [
            ("DR-2027-0001", office.courses["a"], office.courses["b"])
        ]
        held = coord_a.execute(
            "SELECT * FROM coursehub_cross_organisation_clashes(ARRAY['2027-03-15']::date[])"
        ).fetchall()
        assert held == [("DR-2027-0001", office.courses["a"], office.courses["b"])]  # the 22nd is held
    # the office corrects the calendar: 22 March is a working day this year, so A1 meets then
    with cluster.connect(office.database) as conn:
        conn.execute(
            "INSERT INTO holiday_adjustments (day, name, closed) VALUES ('2027-03-22', 'Nevruz', false)"
        )
    assert main(["--db", address, "server", "clashes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["clashes"] == [
        {"pseudonym": "DR-2027-0001", "course": ["Shpresa", "A1"], "other_course": ["Tjeter", "B1"]}
    ]
