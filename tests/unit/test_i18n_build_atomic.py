"""Compiling the catalogues never leaves a half-written .mo for a running program to read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coursehub import fileio, i18n_build

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Course"
msgstr "Kursi"
"""


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    po = tmp_path / "sq" / "LC_MESSAGES" / "ui.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    monkeypatch.setattr(i18n_build, "po_files", lambda *_args: [po])
    return po


def test_compiled_catalogue_is_complete_and_readable_by_everyone(catalogue: Path) -> None:
    assert i18n_build.main([]) == 0
    mo = catalogue.with_suffix(".mo")
    assert mo.read_bytes() == i18n_build.compiled(catalogue)
    if os.name == "posix":
        assert stat.S_IMODE(mo.stat().st_mode) == 0o644  # shipped with the program, not private
    assert sorted(p.name for p in catalogue.parent.iterdir()) == ["ui.mo", "ui.po"]  # no .part left


def test_a_failed_write_leaves_the_old_catalogue_whole(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mo = catalogue.with_suffix(".mo")
    mo.write_bytes(b"old catalogue")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", disk_full)
    with pytest.raises(OSError):
        i18n_build.main([])
    assert mo.read_bytes() == b"old catalogue"
    assert sorted(p.name for p in catalogue.parent.iterdir()) == ["ui.mo", "ui.po"]
