"""The import wizard on a course list without ISCO, Days and Time columns: it says which
required fields have no column and waits for a mapping, instead of crashing."""

from __future__ import annotations

import pytest

from tests.ui.conftest import import_wizard_on

pytestmark = pytest.mark.ui


def test_wizard_names_missing_columns_and_does_not_go_on(window, ctx, qtbot, tmp_path):
    from PySide6.QtWidgets import QWizard

    source = tmp_path / "pa-orar.csv"
    source.write_text(
        "Kodi,Kursi,Bashkia,Data e fillimit,Data e mbarimit,Vende\n"
        "NV-01,Rrobaqepësi,Durrës,01.04.2027,30.06.2027,12\n",
        encoding="utf-8",
    )
    wizard = import_wizard_on(qtbot, ctx, window, source)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.preview is not None and wizard.preview.missing == ["occupation", "days", "time"]
    assert "Required fields with no column: ISCO code, Days, Time." in wizard.mapping_page.notes.text()
    assert not wizard.mapping_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # until they are mapped
