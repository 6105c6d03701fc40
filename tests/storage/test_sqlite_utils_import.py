"""sqlite-utils is loaded without numpy and pandas: they cost every start and it never needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("numpy", reason="numpy is not installed: nothing to keep from loading")


def test_opening_a_database_does_not_load_numpy_and_numpy_still_loads_after(tmp_path):
    probe = (
        "import sys\n"
        "from coursehub.services.workspace import Workspace\n"
        f"opened = Workspace.open({str(tmp_path / 'c.db')!r})\n"
        "opened.catalogue.count()\n"
        "print('numpy' in sys.modules, 'pandas' in sys.modules)\n"
        "import numpy\n"
        "print(numpy.arange(3).sum())\n"
        "opened.close()\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == ["False", "False", "3"]
