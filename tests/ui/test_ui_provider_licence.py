"""The provider dialog edits the licence (number, issuer, valid-until or none); a coordinator
sees their licence but cannot change it; the list shows the last valid day."""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtCore import QDate

from coursehub.domain.model import Provider, ProviderKind
from coursehub.ui.providers_page import NO_END_DATE, ProviderDialog, _licence_text


def test_the_dialog_reads_and_writes_the_licence(qtbot):
    provider = Provider("Ura", ProviderKind.NGO, licence_number="L-1", licence_issuer="AKPA", id=3, version=2)
    dialog = ProviderDialog(provider)
    qtbot.addWidget(dialog)
    assert dialog.valid_until.date() == NO_END_DATE and dialog.valid_until.text() == "no end date"
    assert dialog.provider() == provider  # nothing changed
    dialog.valid_until.setDate(QDate(2027, 12, 31))
    dialog.issuer.setText(" Ministria ")
    edited = dialog.provider()
    assert (edited.licence_valid_until, edited.licence_issuer) == (date(2027, 12, 31), "Ministria")
    assert _licence_text(edited).startswith("L-1 (until 31") and "2027" in _licence_text(edited)
    dialog.valid_until.setDate(NO_END_DATE)
    assert dialog.provider().licence_valid_until is None
    if os.environ.get("COURSEHUB_SHOTS"):
        dialog.show()
        dialog.grab().save(os.path.join(os.environ["COURSEHUB_SHOTS"], "provider-licence.png"))


def test_a_coordinator_cannot_change_the_licence_fields(qtbot):
    dialog = ProviderDialog(Provider("Ura", ProviderKind.NGO, licence_number="L-1"), may_edit_licence=False)
    qtbot.addWidget(dialog)
    assert not any(f.isEnabled() for f in (dialog.licence, dialog.issuer, dialog.valid_until))
    assert dialog.contact.isEnabled() and dialog.name_edit.isEnabled()
