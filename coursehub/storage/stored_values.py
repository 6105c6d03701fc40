"""Values as the two backends hand them back: one reading for both."""

from __future__ import annotations

from datetime import date
from typing import Any


def stored_day(value: Any) -> date:
    """A day from SQLite's ISO text (a timestamp's first ten characters) or PostgreSQL's date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
