"""The attendance grid on a course running today: keys mark cells, a whole column at once,
saving goes through the service in a worker (never on the GUI thread), people at risk are
highlighted, and the needs-attention list finds them."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from coursehub.domain.attendance import Mark
from tests.builders import WEEKDAY_MORNINGS
from tests.ui.conftest import administrator_and_a_trainee, save_running_course, wait_for_workers
from tests.ui.test_ui_no_storage_on_gui_thread import GuiThreadCalls


def running_course(workspace, admin) -> tuple[int, list[str]]:
    """A course meeting every weekday from four weeks ago to four weeks ahead, with three
    people enrolled; returns its id and their pseudonyms."""
    from coursehub.domain.model import Education, Gender
    from coursehub.domain.trainees import Trainee

    course = save_running_course(
        workspace, admin, code="ATT-GUI", days_before=28, days_after=28, sessions=WEEKDAY_MORNINGS, seats=8
    )
    pseudonyms = []
    for name in ("Besa Leka", "Drita Lika", "Erion Duka"):
        person = workspace.people.trainees.register(
            admin,
            Trainee(name, date(1999, 1, 5), Gender.FEMALE, Education.SECONDARY, "Durrës", consent_given=True),
        )
        workspace.people.enrolment.enrol(admin, person.id, course.id, override_reason="test")
        pseudonyms.append(person.pseudonym)
    return int(course.id), sorted(pseudonyms)


@pytest.fixture
def grid_dialog(qtbot, workspace, ctx):
    from coursehub.ui.attendance_grid import AttendanceDialog

    ctx.actor = administrator_and_a_trainee(workspace)
    course_id, pseudonyms = running_course(workspace, ctx.actor)
    calls = GuiThreadCalls(workspace.store)
    dialog = AttendanceDialog(ctx, course_id)
    qtbot.addWidget(dialog)
    assert dialog.load()
    dialog.show()
    return dialog, pseudonyms, calls


def test_keys_mark_cells_and_save_through_a_worker(qtbot, workspace, grid_dialog):
    dialog, pseudonyms, calls = grid_dialog
    model, table = dialog.model, dialog.table
    assert [model.grid.rows[r].pseudonym for r in range(model.rowCount())] == pseudonyms
    column = table.currentIndex().column()
    day = model.day_of(column)
    assert day is not None and day <= date.today() and model.markable(0, column)
    qtbot.keyClick(table, Qt.Key.Key_P)
    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert [model.mark_at(r, column) for r in range(3)] == [Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED]
    assert table.currentIndex().row() == 2  # each key stepped down a row
    # the column before: nothing marked yet, the whole column present at once
    past = [c for c in range(column - 1, 1, -1) if model.markable(0, c)]
    table.setCurrentIndex(model.index(0, past[0]))
    qtbot.keyClick(
        table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [model.mark_at(r, past[0]) for r in range(3)] == [Mark.PRESENT] * 3
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # clears the current cell again
    assert model.mark_at(0, past[0]) is None
    assert len(model.pending) == 5 and dialog.save_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_workers(qtbot)
    assert model.pending == {}
    assert calls.where == []  # neither loading nor saving touched the database on the GUI thread
    grid = workspace.people.attendance.grid(dialog.ctx.actor, dialog.course_id)
    saved = {row.pseudonym: row.marks for row in grid.rows}
    assert saved[pseudonyms[0]] == {day: Mark.PRESENT}
    assert saved[pseudonyms[1]] == {day: Mark.ABSENT, model.day_of(past[0]): Mark.PRESENT}


def test_holidays_and_future_dates_take_no_mark(grid_dialog):
    dialog, _pseudonyms, _calls = grid_dialog
    model = dialog.model
    for column in range(2, model.columnCount()):
        session = model.grid.sessions[column - 2]
        if not session.is_held or session.day > date.today():
            assert not model.set_mark(0, column, Mark.PRESENT)
            assert model.mark_at(0, column) is None


def test_people_at_risk_are_highlighted_and_listed(qtbot, workspace, grid_dialog):
    from coursehub.ui.attendance_grid import _AT_RISK, NeedsAttentionDialog

    dialog, pseudonyms, calls = grid_dialog
    model = dialog.model
    past = [c for c in range(2, model.columnCount()) if model.markable(0, c)]
    for column in past[-3:]:
        model.set_mark(0, column, Mark.ABSENT)
        model.set_mark(1, column, Mark.PRESENT)
    assert model.at_risk(0) and not model.at_risk(1)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == _AT_RISK
    assert dialog.save()
    attention = NeedsAttentionDialog(dialog.ctx)
    qtbot.addWidget(attention)
    assert attention.load()
    assert [a.pseudonym for a in attention.model.items] == [pseudonyms[0]]
    assert attention.model.items[0].absences_in_a_row == 3
    assert calls.where == []


def test_the_model_passes_qts_model_checks(qtmodeltester, grid_dialog):
    dialog, _pseudonyms, _calls = grid_dialog
    qtmodeltester.check(dialog.model, force_py=True)


def test_staff_change_the_courses_threshold_from_the_grid(qtbot, grid_dialog):
    dialog, _pseudonyms, calls = grid_dialog
    assert dialog.threshold.value() == 80 and dialog.threshold.isEnabled()
    dialog.threshold.setValue(60)
    dialog.threshold.editingFinished.emit()
    assert dialog.model.grid.threshold == 60
    assert calls.where == []


def _choose_enrolment(qtbot, window, pseudonym: str, actor):
    window.ctx.actor = actor
    from coursehub.ui.pages import PageId

    page = window.show_page(PageId.TRAINEES)
    page.reload()
    wait_for_workers(qtbot)
    row = next(r for r, t in enumerate(page.model.items) if t.pseudonym == pseudonym)
    page.table.selectRow(row)
    wait_for_workers(qtbot)
    page.enrolment_table.selectRow(0)
    return page


def test_completing_below_the_threshold_asks_staff_for_a_reason(qtbot, monkeypatch, window, grid_dialog):
    from PySide6.QtWidgets import QInputDialog

    dialog, pseudonyms, _calls = grid_dialog
    model = dialog.model
    for column in [c for c in range(2, model.columnCount()) if model.markable(0, c)][-5:]:
        model.set_mark(0, column, Mark.ABSENT)
    assert dialog.save()
    asked: list[str] = []

    def answer(_parent, _title, label, *_args, **_kwargs):
        asked.append(label)
        return "came to every make-up lesson", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    page = _choose_enrolment(qtbot, window, pseudonyms[0], dialog.ctx.actor)
    page.complete()
    assert asked and "threshold of 80%" in asked[0]
    outcome = window.ctx.workspace.people.enrolment.outcome_of(
        dialog.ctx.actor, model.grid.rows[0].trainee_id, dialog.course_id
    )
    assert outcome.threshold_override_reason == "came to every make-up lesson"


def test_did_not_complete_records_why_from_the_trainees_page(qtbot, monkeypatch, window, grid_dialog):
    from PySide6.QtWidgets import QInputDialog

    from coursehub.domain.attendance import NonCompletion, Outcome

    dialog, pseudonyms, _calls = grid_dialog
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: (NonCompletion.MOVED.label, True))
    page = _choose_enrolment(qtbot, window, pseudonyms[1], dialog.ctx.actor)
    page.did_not_complete()
    trainee_id = dialog.model.grid.rows[1].trainee_id
    outcome = window.ctx.workspace.people.enrolment.outcome_of(dialog.ctx.actor, trainee_id, dialog.course_id)
    assert (outcome.outcome, outcome.reason) == (Outcome.DID_NOT_COMPLETE, NonCompletion.MOVED)
