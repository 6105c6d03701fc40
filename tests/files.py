"""Telling files apart in tests: a file's SHA-256, and each file's in a folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

PAGE = 4096  # an SQLite page: damage is written over one


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_digests(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir())}
