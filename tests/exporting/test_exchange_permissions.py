"""Only office staff and administrators merge another office's exchange file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursehub.domain.errors import PermissionDenied
from coursehub.domain.people import Actor, Role
from coursehub.services.catalogue import CatalogueService
from coursehub.services.exchange import ExchangeService
from coursehub.storage import open_store


@pytest.fixture
def exchange_file(demo_store, tmp_path: Path) -> Path:
    target = tmp_path / "exchange.xlsx"
    ExchangeService(demo_store).export_xlsx(target)
    return target


@pytest.mark.parametrize(
    "actor",
    [
        Actor("ana", Role.VIEWER),
        Actor("besa", Role.NGO_COORDINATOR, organisation="Shoqata Ura e Shpresës (demo)"),
    ],
)
def test_viewers_and_ngo_coordinators_cannot_merge(actor, exchange_file, tmp_path):
    other = open_store(tmp_path / "other.db")
    try:
        for dry_run in (False, True):
            with pytest.raises(PermissionDenied, match="Employment Office staff"):
                ExchangeService(other).import_exchange(exchange_file, dry_run=dry_run, actor=actor)
        assert CatalogueService(other).count() == 0
    finally:
        other.close()


def test_office_staff_can_merge(exchange_file, tmp_path):
    other = open_store(tmp_path / "other.db")
    try:
        ExchangeService(other).import_exchange(exchange_file, actor=Actor("drita", Role.OFFICE_STAFF))
        assert CatalogueService(other).count() == 44
    finally:
        other.close()
