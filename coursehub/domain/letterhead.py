"""The office's letterhead: its name, address and logo, set once and printed at the top of
every printout; a provider may have its own logo for its sheets and certificates."""

from __future__ import annotations

from dataclasses import dataclass

MAX_NAME = 120
MAX_ADDRESS = 200


@dataclass(frozen=True, slots=True)
class Letterhead:
    name: str = ""
    address: str = ""
    logo_png: bytes = b""  # checked and, for an SVG, drawn as PNG when it was set

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address or self.logo_png)
