"""Reliability tests: the long runs (marked slow) only run when asked for with `-m slow`."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    """A database file holding the demo catalogue of 2027, closed."""
    from coursehub.services.demo import load_demo
    from coursehub.services.workspace import Workspace

    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    workspace.close()
    return db_path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "slow" in (config.getoption("markexpr", "") or ""):
        return
    skip = pytest.mark.skip(reason="long reliability run: use `pytest -m slow`")
    for item in items:
        if "slow" in item.keywords and HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)
