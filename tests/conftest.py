"""Shared fixtures: a fresh database per test, the demo year fixed, Qt offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# In CI the property tests run the same examples every time (a red CI must mean a change, not
# a new random draw); on a developer's machine they keep exploring new cases.
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci-derandomized", derandomize=True)
    settings.load_profile("ci-derandomized")

DEMO_YEAR = 2027
pytest_plugins = ["tests.postgres_backend"]  # `--backend postgres`: the suite on a server


@pytest.fixture(autouse=True)
def _english_and_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Tests run in English unless they switch, and never touch the real profile."""
    from coursehub.i18n import set_language

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("COURSEHUB_DB", raising=False)
    monkeypatch.delenv("COURSEHUB_DEMO_DB", raising=False)
    # The CLI picks its language from COURSEHUB_LANG (default Albanian) unless --lang is given.
    monkeypatch.setenv("COURSEHUB_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coursehub.db"


@pytest.fixture(autouse=True)
def _backend(request: pytest.FixtureRequest):
    """On `--backend postgres`, the database files tests open are server databases."""
    from tests.postgres_backend import on_postgres

    if on_postgres(request.config) and not request.node.get_closest_marker("skip"):
        request.getfixturevalue("pg_files")


@pytest.fixture
def store(db_path: Path, _backend):
    import coursehub.storage

    opened = coursehub.storage.open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store):
    from coursehub.services.demo import load_demo

    load_demo(store, DEMO_YEAR)
    return store
