"""Registering someone already registered: the GUI shows the likely matches first; the user
opens the existing record or confirms a different person (audited)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from coursehub.domain.model import Education, Gender
from coursehub.domain.people import Role
from coursehub.domain.trainees import Trainee
from coursehub.domain.users import User
from coursehub.ui.pages import PageId
from coursehub.ui.same_person_dialog import SamePersonDialog
from tests.dialogs import when_shown

pytestmark = pytest.mark.ui
PASSWORD = "a-long-password"
BORN = date(2001, 4, 2)


@pytest.fixture
def page(window, workspace, ctx):
    workspace.people.auth.setup("admin", PASSWORD)
    ctx.actor = workspace.login("admin", PASSWORD)
    existing = Trainee("Arbër Hoxha", BORN, Gender.MALE, Education.SECONDARY, "Durrës", consent_given=True)
    workspace.people.trainees.register(ctx.actor, existing)
    shown = window.show_page(PageId.TRAINEES)
    shown.reload()
    return shown


def _fill_form_then(ctx, qtbot, name: str, answer) -> None:
    """While the modal form runs: type a person, save, then answer the same-person dialog."""

    def fill(form) -> None:
        form.name_edit.setText(name)
        form.birth.setDate(QDate(BORN.year, BORN.month, BORN.day))
        form.municipality.setCurrentText("Durrës")
        form.consent.setChecked(True)
        when_shown(lambda: ctx.dialogs.same_person, answer)
        form.accept()

    when_shown(lambda: ctx.dialogs.trainee, fill)


def test_opening_the_existing_record_registers_nobody(page, ctx, qtbot, workspace):
    seen: list[list[str]] = []

    def open_existing(dialog: SamePersonDialog) -> None:
        seen.append([dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())])
        dialog.open_button.click()

    _fill_form_then(ctx, qtbot, "HOXHA  Arber", open_existing)
    page.register_person()
    assert len(seen) == 1 and len(seen[0]) == 1
    people = workspace.people.trainees.list(ctx.actor)
    assert len(people) == 1
    assert page.current_trainee().pseudonym == seen[0][0]


def test_confirming_a_different_person_registers_and_is_audited(page, ctx, qtbot, workspace):
    _fill_form_then(ctx, qtbot, "Arber Hoxha", lambda d: d.different_button.click())
    page.register_person()
    people = workspace.people.trainees.list(ctx.actor)
    assert len(people) == 2
    added = max(people, key=lambda p: p.id or 0)
    entries = workspace.people.audit.entries(ctx.actor, subject_id=added.id)
    assert [e.after for e in entries if e.action == "trainee.not_duplicate"] == [
        {"different_from": [min(people, key=lambda p: p.id or 0).pseudonym]}
    ]


def test_a_coordinator_is_never_shown_another_organisations_person(page, ctx, qtbot, workspace):
    admin = ctx.actor
    workspace.people.auth.add_user(
        admin, User("ngo", Role.NGO_COORDINATOR, "Shoqata Ura e Shpresës (demo)"), PASSWORD
    )
    ctx.actor = workspace.login("ngo", PASSWORD)
    page.reload()
    asked: list[SamePersonDialog] = []
    _fill_form_then(ctx, qtbot, "Arbër Hoxha", asked.append)
    page.register_person()
    assert asked == []  # registered straight away: the office's Arbër Hoxha is not theirs to see
    assert [p.name for p in workspace.people.trainees.list(ctx.actor)] == ["Arbër Hoxha"]
    assert len(workspace.people.trainees.list(admin)) == 2
