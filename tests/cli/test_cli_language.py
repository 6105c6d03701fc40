from __future__ import annotations

import pytest

from coursehub.app import main


def test_argparse_words_follow_the_language(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "sq", "courses", "--no-such-option"])
    assert stop.value.code == 2
    assert "argumente të panjohur: --no-such-option" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "show this help message and exit" in capsys.readouterr().out
