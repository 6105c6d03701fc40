"""Files written beside their target, checked, then renamed into place."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def part_file(target: Path) -> Iterator[Path]:
    """`target.part`, for a copy to be written and checked before `os.replace` puts it in
    place; removed afterwards if it is still there (a refused or broken copy never stays)."""
    temporary = target.with_name(target.name + ".part")
    try:
        yield temporary
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
