"""Small-number suppression for aggregate reports to partners and ministries.

Such reports name nobody and carry no record ids; a count of people from 1 to 4 is shown as
"<5", so that nobody in a small group (for example the survivors of trafficking on one
course) can be singled out by combining tables. 0 stays 0: it reveals nobody.
"""

from __future__ import annotations

from collections.abc import Mapping

SMALL_GROUP = 5


def suppress_small(count: int, threshold: int = SMALL_GROUP) -> str:
    """A number of people as an aggregate report may show it: "<5" for 1 to 4."""
    if count < 0:
        raise ValueError("a count of people cannot be negative")
    return f"<{threshold}" if 0 < count < threshold else str(count)


def suppress_counts(counts: Mapping[str, int], threshold: int = SMALL_GROUP) -> dict[str, str]:
    """Every count of a table of people counts, suppressed the same way."""
    return {key: suppress_small(value, threshold) for key, value in counts.items()}
