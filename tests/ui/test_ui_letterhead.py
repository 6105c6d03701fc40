"""File → Letterhead…: administrators set the office's name, address and logo; a bad logo
file is named at once and nothing is saved; others are refused plainly."""

from __future__ import annotations

import os
from pathlib import Path

from coursehub.domain.people import Actor, Role
from tests.ui.conftest import administrator_and_a_trainee

SVG = Path(__file__).resolve().parents[2] / "resources" / "icons" / "coursehub.svg"


def test_an_administrator_sets_the_letterhead(window, workspace, ctx, qtbot, tmp_path):
    from coursehub.services.audit import AuditTrail
    from coursehub.services.letterhead import LetterheadService
    from coursehub.ui.letterhead_dialog import LetterheadDialog

    ctx.actor = administrator_and_a_trainee(workspace)
    dialog = LetterheadDialog(ctx, window)
    qtbot.addWidget(dialog)
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"GIF89a not a png")
    assert not dialog.use_logo(bad)
    assert str(bad) in dialog.problems.text() and "not a PNG or SVG" in dialog.problems.text()
    assert dialog.use_logo(SVG) and dialog.problems.text() == ""
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    dialog.name_edit.setText("Zyra Rajonale e Punësimit Durrës")
    dialog.address.setPlainText("Rruga Aleksandër Goga\nDurrës")
    if os.environ.get("COURSEHUB_SHOTS"):
        dialog.show()
        qtbot.wait(50)
        dialog.grab().save(os.path.join(os.environ["COURSEHUB_SHOTS"], "letterhead-dialog.png"))
    dialog.accept()
    saved = LetterheadService(workspace.store, AuditTrail()).letterhead()
    assert saved.name == "Zyra Rajonale e Punësimit Durrës" and saved.logo_png.startswith(b"\x89PNG")


def test_others_are_refused(window, workspace, ctx, monkeypatch):
    from coursehub.ui import letterhead_dialog

    administrator_and_a_trainee(workspace)
    ctx.actor = Actor("office", Role.OFFICE_STAFF, user_id=5)
    shown: list[str] = []
    monkeypatch.setattr(letterhead_dialog, "show_error", lambda _parent, error: shown.append(error.message))
    window.edit_letterhead()
    assert shown and "administrator" in shown[0]
