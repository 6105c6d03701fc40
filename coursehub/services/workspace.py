"""An open database with its services: what the GUI and the command line work on."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from coursehub.domain.reference import Reference, load_reference
from coursehub.services.catalogue import CatalogueService
from coursehub.services.demo import load_demo
from coursehub.services.ports import Store
from coursehub.storage import open_store


class Workspace:
    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Workspace:
        return cls(open_store(path, read_only=read_only), path)

    @cached_property
    def reference(self) -> Reference:
        return load_reference()

    @cached_property
    def catalogue(self) -> CatalogueService:
        return CatalogueService(self.store, self.reference)

    def load_demo_if_empty(self, force: bool = False) -> int:
        if force or self.catalogue.count() == 0:
            return load_demo(self.store)
        return 0

    def close(self) -> None:
        self.store.close()
