"""Writing files safely: to a temporary name in the same folder, then renamed into place,
readable only by the user where the platform allows. No half-written file is ever left.

Every file CourseHub writes for a person (PDFs, exports, backups, a decrypted copy, a
trainee's subject access export) goes through `checked_output_path` first: an output
name must be an ordinary file in a folder that already exists. A folder, an empty name, a
device such as /dev/full or a pipe is refused before anything is written (a rename over a
device node would replace it with a regular file), and no folder is created unasked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.i18n import _


class OutputFileError(CourseHubError, OSError):
    """An output file that cannot or may not be written; nothing was written.

    It is also an OSError so that callers that already catch OSError keep working."""

    def __init__(self, message: str, error_number: int | None = None) -> None:
        CourseHubError.__init__(self, message)
        self.errno = error_number
        self.strerror = message

    def __str__(self) -> str:
        return self.message


def checked_output_path(target: Path | str, *, create_folder: bool = False) -> Path:
    """`target` as a Path when a file may be written there; else OutputFileError.

    create_folder=True only for CourseHub's own folders (backups, logs), never for a
    name the person typed."""
    text = str(target)
    if not text.strip():
        raise OutputFileError(_("No output file was named; give a file name, e.g. -o report.pdf."))
    path = Path(text).expanduser()
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as error:
        raise _refused(path, os_reason(error), error.errno) from error
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _refused(path, _("it is a folder; give a file name inside it."), errno.EISDIR)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise _refused(path, _("it is a device or a special file, not an ordinary file."), errno.EINVAL)
    folder = path.parent
    if create_folder:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise _refused(
            path,
            _("there is no folder {folder}; create it first or choose another.").format(folder=folder),
            errno.ENOENT,
        )
    return path


def _refused(path: Path, reason: str, error_number: int | None) -> OutputFileError:
    return OutputFileError(
        _("Cannot write {path}: {reason} Nothing was written.").format(path=path, reason=reason),
        error_number,
    )


def write_failed(path: Path, error: OSError) -> OutputFileError:
    """The plain error for a write that failed part way (a full disk, no permission)."""
    if isinstance(error, OutputFileError):
        return error
    reason = os_reason(error)
    return _refused(path, reason[:1].upper() + reason[1:] + ".", error.errno)


@contextlib.contextmanager
def atomic_write(
    target: Path | str,
    mode: str = "wb",
    *,
    private: bool = True,
    encoding: str | None = None,
    newline: str | None = None,
    create_folder: bool = False,
) -> Iterator[IO]:
    """Open a temporary file beside `target`; on success fsync it and rename it over `target`.

    private=True (for anything with personal data, and the default) makes it 0600 on POSIX.
    A failed write raises OutputFileError (also an OSError) and leaves nothing behind.
    """
    target = checked_output_path(target, create_folder=create_folder)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise write_failed(target, error) from error
    try:
        with contextlib.suppress(OSError):  # mkstemp makes 0600; a shared file keeps its mode
            os.chmod(temporary, 0o600 if private else _shared_mode(target))
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise write_failed(target, error) from error
        raise


def write_bytes_atomic(
    target: Path | str, data: bytes, *, private: bool = True, create_folder: bool = False
) -> None:
    with atomic_write(target, "wb", private=private, create_folder=create_folder) as handle:
        handle.write(data)


def _shared_mode(target: Path) -> int:
    """The mode of the file being replaced, else readable by everyone (0644)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
