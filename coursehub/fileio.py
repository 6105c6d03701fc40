"""Writing files safely: to a temporary name in the same folder, then renamed into place,
readable only by the user where the platform allows. No half-written file is ever left."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_write(
    target: Path | str,
    mode: str = "wb",
    *,
    private: bool = True,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO]:
    """Open a temporary file beside `target`; on success fsync it and rename it over `target`.

    private=True (for anything with personal data, and the default) makes it 0600 on POSIX.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with contextlib.suppress(OSError):  # mkstemp makes 0600; a shared file keeps its mode
            os.chmod(temporary, 0o600 if private else _shared_mode(target))
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_bytes_atomic(target: Path | str, data: bytes, *, private: bool = True) -> None:
    with atomic_write(target, "wb", private=private) as handle:
        handle.write(data)


def _shared_mode(target: Path) -> int:
    """The mode of the file being replaced, else readable by everyone (0644)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
