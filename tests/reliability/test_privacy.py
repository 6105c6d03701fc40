"""Aggregate reports: counts of people from 1 to 4 appear as "<5"; no names, no ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursehub.domain.privacy import suppress_counts, suppress_small
from coursehub.printing.committee_report import people_count


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")])
def test_small_counts_are_suppressed(count: int, shown: str):
    assert suppress_small(count) == shown
    assert people_count(count) == shown  # the committee report uses the same rule


@given(st.integers(0, 10**7))
def test_only_one_to_four_is_hidden(count: int):
    shown = suppress_small(count)
    assert (shown == "<5") == (1 <= count <= 4)
    assert shown == "<5" or int(shown) == count


def test_a_table_of_counts_and_a_negative_count():
    assert suppress_counts({"Durrës": 3, "Elbasan": 0, "Krujë": 9}) == {
        "Durrës": "<5",
        "Elbasan": "0",
        "Krujë": "9",
    }
    with pytest.raises(ValueError):
        suppress_small(-1)
