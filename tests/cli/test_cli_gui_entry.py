from __future__ import annotations

from pathlib import Path

from coursehub.cli.main import main


def test_demo_flag_without_a_command_opens_the_window_with_demo_data(tmp_path: Path):
    seen = []

    def fake_gui(ctx) -> int:
        seen.append((ctx.db_path, ctx.args.demo_first, getattr(ctx.args, "demo", False)))
        return 0

    db = tmp_path / "d.db"
    assert main(["--db", str(db), "--demo"], gui=fake_gui) == 0
    assert main(["--db", str(db)], gui=fake_gui) == 0
    assert main(["--db", str(db), "gui", "--demo"], gui=fake_gui) == 0
    assert seen == [(db, True, False), (db, False, False), (db, False, True)]


def test_without_a_display_the_program_says_so_and_names_the_cli(tmp_path: Path, capsys, monkeypatch):
    from coursehub import app

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    code = app.main(["--lang", "en", "--db", str(tmp_path / "d.db")])
    err = capsys.readouterr().err
    assert code == 2
    assert "No display was found" in err
    assert "coursehub --help" in err and "coursehub courses" in err


def test_display_problem_checks_the_xcb_cursor_library_and_leaves_windows_alone():
    from coursehub.app import display_problem

    missing = display_problem({"DISPLAY": ":0"}, "linux", lambda name: None)
    assert missing is not None and "libxcb-cursor0" in missing
    assert display_problem({"DISPLAY": ":0"}, "linux", lambda name: "libxcb-cursor.so.0") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", lambda name: None) is None
    assert display_problem({}, "win32") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
