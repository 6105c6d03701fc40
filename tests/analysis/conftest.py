"""Analysis tests build their catalogues with the `course` factory (analysis_catalogue.make)."""

from __future__ import annotations

import pytest

from tests.analysis.analysis_catalogue import make


@pytest.fixture
def course():
    """The factory: course("A", provider=..., start=..., sessions=(session(...),))."""
    return make
