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
