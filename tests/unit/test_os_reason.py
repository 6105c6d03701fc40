"""Why a file could not be used, in plain words and in the user's language."""

from __future__ import annotations

import errno

from coursehub.domain.errors import os_reason
from coursehub.i18n import set_language


def test_usual_causes_in_plain_words_in_both_languages():
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "the file or folder does not exist"
    )
    assert "another program" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    set_language("sq")
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "disku është plot"


def test_other_causes_keep_the_system_words():
    assert os_reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    assert os_reason(OSError("no errno at all")) == "no errno at all"
