"""The packaged program's contract with the code: one version, resources found when frozen."""

from __future__ import annotations

import configparser
import importlib
import sys
from pathlib import Path

import pytest

import coursehub
from coursehub import paths
from coursehub.cli.main import main as cli_main

ROOT = Path(__file__).resolve().parents[2]


def test_setup_cfg_takes_the_version_from_the_package() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert config["metadata"]["version"] == "attr: coursehub.__version__"


def test_version_option_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli_main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"CourseHub {coursehub.__version__}"


def test_frozen_program_looks_for_resources_in_its_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    try:
        frozen = importlib.reload(paths)
        bundle = tmp_path.resolve()
        found = (frozen.GUIDE_DIR, frozen.LOCALE_DIR, frozen.MIGRATIONS_DIR)
        expected = (bundle / "docs/guide", bundle / "resources/locale", bundle / "db/migrations")
        assert found == expected
    finally:
        monkeypatch.undo()
        importlib.reload(paths)
    assert paths.GUIDE_DIR == ROOT / "docs" / "guide"
