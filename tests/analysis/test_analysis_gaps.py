"""The gap rule of docs/analysis.md: ISCO roll-up, area roll-up, period intersection."""

from __future__ import annotations

from datetime import date

import pytest

from coursehub.analysis.gaps import gap_rows, share_rows
from coursehub.domain.model import Area, AreaKind, CourseStatus, Need, Period
from coursehub.domain.reference import load_reference

REF = load_reference()
D = date
YEAR = Period.year(2027)


def need(code: str, area: str, demand: int, *, qark: bool = False, period: Period = YEAR) -> Need:
    return Need(code, Area(AreaKind.QARK if qark else AreaKind.MUNICIPALITY, area), period, demand)


@pytest.fixture
def catalogue(course):
    return [
        course("TAIL-D", occupation="7531", municipality="Durrës", seats=12),
        course("TAIL-S", occupation="7531", municipality="Shijak", seats=8),
        course("WELD-D", occupation="7212", municipality="Durrës", seats=10),
        course("COOK-D", occupation="5120", municipality="Durrës", seats=20),
        course("COOK-X", occupation="5120", municipality="Durrës", seats=99, status=CourseStatus.CANCELLED),
        course("TAIL-E", occupation="7531", municipality="Elbasan", seats=30),
        course(
            "AUT-D",
            occupation="7531",
            municipality="Durrës",
            seats=5,
            start=D(2027, 9, 1),
            end=D(2027, 10, 31),
        ),
    ]


def row_for(rows, index=0):
    row = rows[index]
    return row.supply, row.gap, sorted(c.code for c in row.courses)


def test_unit_group_need_in_a_municipality(catalogue):
    rows = gap_rows([need("7531", "Durrës", 25)], catalogue, REF)
    assert row_for(rows) == (17, 8, ["AUT-D", "TAIL-D"])


def test_bare_municipality_is_not_the_qark_but_a_qark_need_counts_all_its_municipalities(catalogue):
    rows = gap_rows([need("7531", "Durrës", 10, qark=True)], catalogue, REF)
    assert row_for(rows) == (25, -15, ["AUT-D", "TAIL-D", "TAIL-S"])
    assert rows[0].area == "Qark Durrës"


def test_one_and_two_digit_needs_roll_up(catalogue):
    two = gap_rows([need("75", "Durrës", 40)], catalogue, REF)
    assert row_for(two) == (17, 23, ["AUT-D", "TAIL-D"])
    one = gap_rows([need("7", "Durrës", 40)], catalogue, REF)
    assert row_for(one) == (27, 13, ["AUT-D", "TAIL-D", "WELD-D"])


def test_period_intersection_without_pro_rating(catalogue):
    q1 = gap_rows([need("7531", "Durrës", 5, period=Period.quarter(2027, 1))], catalogue, REF)
    assert row_for(q1) == (12, -7, ["TAIL-D"])  # the March course counts all 12 seats
    # a range that ends the day before a course starts does not count it
    before_autumn = Period(D(2027, 4, 1), D(2027, 8, 31), "01.04.2027-31.08.2027")
    assert row_for(gap_rows([need("7531", "Durrës", 5, period=before_autumn)], catalogue, REF)) == (0, 5, [])
    touching = Period(D(2027, 4, 1), D(2027, 9, 1), "range")
    assert row_for(gap_rows([need("7531", "Durrës", 5, period=touching)], catalogue, REF)) == (
        5,
        0,
        ["AUT-D"],
    )


def test_cancelled_courses_are_no_supply(catalogue):
    assert row_for(gap_rows([need("5120", "Durrës", 30)], catalogue, REF)) == (20, 10, ["COOK-D"])


def test_shares_of_demand_and_of_seats(catalogue):
    rows = {
        r.occupation: r
        for r in share_rows(
            [need("7531", "Durrës", 30, qark=True), need("5120", "Durrës", 10)], catalogue, REF
        )
    }
    # scope: live courses in the Durrës qark in 2027: 12 + 8 + 10 + 20 + 5 = 55 seats
    assert rows["7531"].demand_share == pytest.approx(0.75)
    assert rows["7531"].seat_share == pytest.approx(25 / 55)
    assert rows["5120"].seat_share == pytest.approx(20 / 55)
    assert rows["7212"].demand == 0 and rows["7212"].seat_share == pytest.approx(10 / 55)
    assert "7531" in rows and "TAIL-E" not in str(rows)  # Elbasan is outside every need
    assert next(iter(rows)) == "7531"  # the most under-supplied first
