"""A database on a network share is refused with an explanation; detection is injectable."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from coursehub.domain.safety import DatabaseOnNetworkShare
from coursehub.services.backup import open_safely
from coursehub.storage.network import (
    DRIVE_REMOTE,
    MountEntry,
    mount_for,
    network_location,
    parse_proc_mounts,
)

PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
//fileserver/zyra /mnt/zyra cifs rw,vers=3.0 0 0
nas:/export/kurse /srv/kurse nfs4 rw 0 0
user@host:/home /media/My\\040Share fuse.sshfs rw 0 0
tmpfs /mnt/zyra/local tmpfs rw 0 0
"""


def test_proc_mounts_are_parsed_with_escaped_spaces():
    entries = parse_proc_mounts(PROC_MOUNTS)
    assert MountEntry("/media/My Share", "fuse.sshfs", "user@host:/home") in entries
    assert mount_for(PurePosixPath("/mnt/zyra/a.db"), entries).fs_type == "cifs"
    assert mount_for(PurePosixPath("/mnt/zyra/local/a.db"), entries).fs_type == "tmpfs"
    assert mount_for(PurePosixPath("/mnt/zyrax/a.db"), entries).fs_type == "ext4"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/zyra/coursehub.db", "cifs"),
        ("/srv/kurse/sub/coursehub.db", "nfs4"),
        ("/media/My Share/coursehub.db", "fuse.sshfs"),
    ],
)
def test_network_mounts_are_recognised_on_linux(path: str, kind: str):
    found = network_location(path, platform="linux", mounts=parse_proc_mounts(PROC_MOUNTS))
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("path", ["/home/ana/coursehub.db", "/mnt/zyra/local/coursehub.db"])
def test_local_disks_are_not_network_shares(path: str):
    assert network_location(path, platform="linux", mounts=parse_proc_mounts(PROC_MOUNTS)) is None


@pytest.mark.parametrize(
    "path",
    [r"\\server\share\coursehub.db", "//server/share/coursehub.db", r"\\?\UNC\server\share\coursehub.db"],
)
def test_unc_paths_are_network_shares(path: str):
    found = network_location(path, platform="win32", drive_type=lambda root: 3)
    assert found is not None and found.kind == "unc"


def test_mapped_drive_is_a_network_share_and_a_local_drive_is_not():
    def drive_type(root: str) -> int:
        return DRIVE_REMOTE if root.upper() == "Z:\\" else 3

    assert (
        network_location(r"Z:\kurse\coursehub.db", platform="win32", drive_type=drive_type).kind
        == "mapped-drive"
    )
    assert network_location(r"C:\Users\ana\coursehub.db", platform="win32", drive_type=drive_type) is None


def test_macos_uses_the_filesystem_type():
    assert (
        network_location("/Volumes/zyra/c.db", platform="darwin", statfs_type=lambda p: "smbfs").kind
        == "smbfs"
    )
    assert network_location("/Users/ana/c.db", platform="darwin", statfs_type=lambda p: "apfs") is None


def test_this_machine_sees_its_own_test_folder_as_local(tmp_path: Path):
    assert network_location(tmp_path / "c.db") is None


def test_opening_on_a_share_is_refused_and_nothing_is_created(tmp_path: Path):
    path = tmp_path / "share" / "coursehub.db"

    def on_share(p: Path):
        return network_location(str(p), platform="win32", drive_type=lambda r: 3) or network_location(
            r"\\fileserver\zyra\coursehub.db", platform="win32"
        )

    with pytest.raises(DatabaseOnNetworkShare) as caught:
        open_safely(path, location_check=on_share)
    message = caught.value.message
    assert "network share" in message and "export" in message and "import" in message
    assert not path.exists() and not path.parent.exists()
