"""Is the database on a network share? SQLite must not be written there.

SQLite's own documentation: a database used over SMB/NFS can be corrupted by broken file
locking, and WAL mode does not work over a network filesystem at all. Offices exchange
courses by file (export and import) instead.

Detection, cheapest first: a UNC path (\\\\server\\share), a Windows drive letter whose
type is DRIVE_REMOTE (GetDriveTypeW), a Linux mount of a network filesystem type
(/proc/mounts), or on macOS the filesystem type that statfs reports. Mount tables and the
drive-type lookup can be injected so every branch is testable on any machine.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

NETWORK_FS_TYPES = frozenset(
    {
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "fuse.sshfs",
        "sshfs",
        "9p",
        "afs",
        "ncpfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
        "webdav",
        "afpfs",
        "fuse.glusterfs",
        "glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


@dataclass(frozen=True)
class MountEntry:
    mount_point: str
    fs_type: str
    source: str = ""


@dataclass(frozen=True)
class NetworkLocation:
    """Why the path counts as a network share, in terms a person can check."""

    kind: str  # "unc", "mapped-drive", or the filesystem type, e.g. "cifs"
    where: str  # the share, drive or mount point


def parse_proc_mounts(text: str) -> list[MountEntry]:
    """Lines of /proc/mounts: source, mount point (octal escapes for spaces), type, ..."""
    entries = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            entries.append(MountEntry(_unescape_mount(fields[1]), fields[2], fields[0]))
    return entries


def _unescape_mount(field: str) -> str:
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def read_mount_table() -> list[MountEntry]:
    try:
        return parse_proc_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def mount_for(path: PurePath, mounts: Iterable[MountEntry]) -> MountEntry | None:
    """The mount entry with the longest mount point containing `path`."""
    best: MountEntry | None = None
    text = str(path)
    for entry in mounts:
        point = entry.mount_point.rstrip("/") or "/"
        inside = text == point or text.startswith(point + "/") or point == "/"
        if inside and (best is None or len(point) > len(best.mount_point.rstrip("/") or "/")):
            best = entry
    return best


def network_location(
    path: Path | str,
    *,
    platform: str = sys.platform,
    mounts: Iterable[MountEntry] | None = None,
    drive_type: Callable[[str], int] | None = None,
    statfs_type: Callable[[str], str | None] | None = None,
) -> NetworkLocation | None:
    """Where `path` lives on a network share, or None for a local disk."""
    if platform == "win32" or _looks_windows(str(path)):
        return _windows_location(str(path), drive_type or _windows_drive_type)
    resolved = _resolved(Path(path))
    if platform == "darwin":
        fs_type = (statfs_type or _darwin_fs_type)(str(resolved))
        if fs_type and fs_type.lower() in NETWORK_FS_TYPES | {"smbfs", "nfs", "afpfs", "webdav"}:
            return NetworkLocation(fs_type.lower(), str(resolved))
        return None
    entry = mount_for(resolved, read_mount_table() if mounts is None else mounts)
    if entry is not None and entry.fs_type.lower() in NETWORK_FS_TYPES:
        return NetworkLocation(entry.fs_type.lower(), entry.mount_point)
    return None


def _looks_windows(text: str) -> bool:
    return text.startswith(("\\\\", "//")) and not text.startswith("///")


def _windows_location(text: str, drive_type: Callable[[str], int]) -> NetworkLocation | None:
    windows = PureWindowsPath(text)
    drive = windows.drive
    if drive.startswith(("\\\\", "//")):
        if drive.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
            return NetworkLocation("unc", drive)
        if not drive.startswith(("\\\\?\\", "\\\\.\\")):
            return NetworkLocation("unc", drive)
        return None
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return NetworkLocation("mapped-drive", drive)
    return None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]  # Windows only
    except (AttributeError, OSError):
        return 0


def _darwin_fs_type(path: str) -> str | None:  # pragma: no cover - macOS only
    """f_fstypename from statfs(2); `stat -f %T` would cost a process per open."""
    with contextlib.suppress(Exception):
        import ctypes
        import ctypes.util

        class StatFs(ctypes.Structure):
            _fields_ = [
                ("f_bsize", ctypes.c_uint32),
                ("f_iosize", ctypes.c_int32),
                ("f_blocks", ctypes.c_uint64),
                ("f_bfree", ctypes.c_uint64),
                ("f_bavail", ctypes.c_uint64),
                ("f_files", ctypes.c_uint64),
                ("f_ffree", ctypes.c_uint64),
                ("f_fsid", ctypes.c_int32 * 2),
                ("f_owner", ctypes.c_uint32),
                ("f_type", ctypes.c_uint32),
                ("f_flags", ctypes.c_uint32),
                ("f_fssubtype", ctypes.c_uint32),
                ("f_fstypename", ctypes.c_char * 16),
                ("f_mntonname", ctypes.c_char * 1024),
                ("f_mntfromname", ctypes.c_char * 1024),
                ("f_flags_ext", ctypes.c_uint32),
                ("f_reserved", ctypes.c_uint32 * 7),
            ]

        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        statfs = libc["statfs$INODE64"] if hasattr(libc, "statfs$INODE64") else libc.statfs
        result = StatFs()
        if statfs(os.fsencode(path), ctypes.byref(result)) == 0:
            return str(result.f_fstypename.decode(errors="replace"))
    return None


def _resolved(path: Path) -> Path:
    """The real location: the existing parent of a file not yet created, links followed."""
    probe = path.expanduser()
    with contextlib.suppress(OSError):
        return probe.resolve()
    return probe.absolute()
