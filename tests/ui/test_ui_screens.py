"""The other screens end to end: overlaps, gaps, calendar, providers, import, enrolment, print."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from coursehub.ui.actions import ActionId
from coursehub.ui.pages import PageId
from tests.dialogs import when_shown
from tests.ui.conftest import (
    administrator_and_a_trainee,
    import_wizard_on,
    log_in_when_asked,
    wait_for_workers,
    write_course_list,
)

pytestmark = pytest.mark.ui


def test_see_an_overlap_and_open_its_course(window, workspace, qtbot):
    from coursehub.domain.findings import FindingKind

    page = window.show_page(PageId.OVERLAPS)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: bool(page.findings), timeout=10_000)
    kinds = {f.kind for f in page.findings}
    assert FindingKind.DUPLICATE_OFFER in kinds and FindingKind.VENUE_CLASH in kinds
    page.table.selectRow(0)
    finding = page.current_finding()
    assert finding is not None and finding.courses[0].title in page.detail.toPlainText()
    page.show_in_catalogue()
    assert window.pages[PageId.CATALOGUE].model.rowCount() == len(finding.courses)
    window.show_page(PageId.OVERLAPS)
    page.open_first_course(0)
    catalogue = window.pages[PageId.CATALOGUE]
    assert window.current_page() is PageId.CATALOGUE
    assert catalogue.current_course().code == finding.courses[0].code


def test_gaps_table_and_chart(window, qtbot):
    page = window.show_page(PageId.GAPS)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    assert page.gaps.rowCount() == len(page.report.rows) > 0
    assert page.chart.rows[0].gap == max(r.gap for r in page.report.rows)
    image = page.chart.grab().toImage()
    assert image.width() > 100


def test_calendar_paints_blocks_and_opens_a_course_on_click(window, qtbot):
    page = window.show_page(PageId.CALENDAR)
    page.show_week(date(2027, 3, 1))
    page.view.resize(1000, 600)
    page.view.repaint()
    assert page.plan.blocks
    qtbot.keyClick(page.view, Qt.Key.Key_PageDown)
    assert page.monday == date(2027, 3, 8)
    qtbot.keyClick(page.view, Qt.Key.Key_PageUp)
    assert page.monday == date(2027, 3, 1)
    page.view.repaint()
    placed = page.view.placed[0]
    qtbot.mouseClick(page.view, Qt.MouseButton.LeftButton, pos=placed.rect.center().toPoint())
    assert window.current_page() is PageId.CATALOGUE
    assert window.pages[PageId.CATALOGUE].current_course().id == placed.block.course.id


def test_add_a_holiday_closure(window, workspace):
    from coursehub.domain.model import HolidayAdjustment
    from coursehub.domain.people import SYSTEM

    page = window.show_page(PageId.PROVIDERS)
    page.set_year(2027)
    workspace.catalogue.save_holiday_adjustment(HolidayAdjustment(date(2027, 6, 7), "Dekret"), SYSTEM)
    page.reload_holidays()
    assert any(row[1] == "Dekret" for row in page.holidays.items)


def test_import_through_the_wizard(window, workspace, ctx, qtbot, tmp_path):
    source = tmp_path / "lista.csv"
    write_course_list(source)
    wizard = import_wizard_on(qtbot, ctx, window, source)
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.current_mapping()["Kodi ISCO"] == "occupation"
    wizard.next()
    preview = wizard.preview
    assert (preview.valid_rows, preview.invalid_rows) == (2, 1)
    model = wizard.preview_page.model
    bad = next(
        r
        for r in range(model.rowCount())
        if "dhjetë" in [model.data(model.index(r, c)) for c in range(model.columnCount())]
    )
    assert model.data(model.index(bad, 0))  # the reason is shown in the Check column
    assert not wizard.preview_page.isComplete()
    wizard.preview_page.skip_invalid.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.report_page.done, timeout=20_000)
    assert wizard.report.added == 2 and wizard.report.written
    added = workspace.catalogue.find_course("Qendra Dritare për Gratë (demo)", "NV-03")
    assert added.municipality == "Durrës"


def test_enrol_a_person(window, workspace, ctx):
    from coursehub.domain.trainees import EnrolmentStatus

    ctx.actor = administrator_and_a_trainee(workspace)
    page = window.show_page(PageId.TRAINEES)
    page.reload()
    page.table.selectRow(0)
    assert page.eligible.rowCount() > 0
    page.eligible_table.selectRow(0)
    course = page.chosen_course()
    page.enrol()
    assert [(e.course_id, e.status) for e in page.enrolments.items] == [(course.id, EnrolmentStatus.ENROLLED)]
    catalogue = window.show_page(PageId.CATALOGUE)
    catalogue.reload()
    catalogue.eligible.setCurrentIndex(1)  # "eligible for" the person just registered
    assert 0 < catalogue.model.rowCount() < catalogue.model.total


def test_trainees_are_locked_until_accounts_exist(window):
    page = window.show_page(PageId.TRAINEES)
    assert not page.body.isEnabled()
    assert page.setup_button.isVisibleTo(page)


def test_print_an_enrolment_sheet_with_preview(window, ctx, qtbot):
    page = window.show_page(PageId.CATALOGUE)
    page.search.setText("Rrobaqepësi")
    page.table.selectRow(0)
    page.print_course("sheet", False)
    qtbot.waitUntil(lambda: ctx.dialogs.pdf is not None, timeout=20_000)
    dialog = ctx.dialogs.pdf
    assert dialog.data.startswith(b"%PDF")
    if dialog.images is not None:
        assert len(dialog.images) >= 1 and dialog.images[0].width() > 100
    dialog.close()


def test_exchange_dry_run_is_shown_course_by_course(window, workspace, tmp_path):
    from coursehub.services.exchange import Verdict
    from coursehub.ui.exchange_dialog import ExchangeDialog

    target = tmp_path / "exchange.xlsx"
    count = workspace.exchange.export_xlsx(target)
    report = workspace.exchange.import_exchange(target, dry_run=True)
    dialog = ExchangeDialog(report, window)
    assert dialog.table.rowCount() == len(report.outcomes) == count
    assert report.count(Verdict.UNCHANGED) == count
    assert dialog.choices() == {}


def test_an_administrator_manages_user_accounts(window, workspace, ctx):
    from coursehub.domain.people import Role
    from coursehub.ui.common import Button
    from coursehub.ui.users_dialog import NewUserDialog, UsersDialog

    workspace.people.auth.setup("admin", "a-long-password")
    ctx.actor = workspace.login("admin", "a-long-password")
    new = NewUserDialog(["Shoqata Ura e Shpresës (demo)"], window)
    new.username.setText("drita")
    new.role.setCurrentIndex(list(Role).index(Role.NGO_COORDINATOR))
    new.password.setText("another-long-one")
    assert not new.buttons.button(Button.Save).isEnabled()  # a coordinator needs an organisation
    new.organisation.setCurrentIndex(1)
    assert new.buttons.button(Button.Save).isEnabled()
    new.display_name.setText("x" * 81)
    assert not new.buttons.button(Button.Save).isEnabled()  # too long a name
    new.display_name.setText(" Drita Hoxha ")
    assert new.buttons.button(Button.Save).isEnabled()
    workspace.people.auth.add_user(ctx.actor, new.user(), new.password.text())
    dialog = UsersDialog(ctx, window)
    assert [u.username for u in dialog.model.items] == ["admin", "drita"]
    shown = [dialog.model.index(1, column).data() for column in range(dialog.model.columnCount())]
    assert shown[:2] == ["drita", "Drita Hoxha"]
    # the status bar names a signed-in user by their full name
    from coursehub.ui.main_window import user_label_text

    drita = workspace.people.auth.users(ctx.actor)[1].actor()
    assert user_label_text(drita) == "Drita Hoxha (drita, NGO coordinator)"
    assert user_label_text(ctx.actor) == "admin (Administrator)"
    dialog.table.selectRow(1)
    dialog.toggle_active()
    assert not next(u for u in dialog.model.items if u.username == "drita").active


def test_acknowledge_an_overlap_with_a_reason(window, ctx, qtbot):

    page = window.show_page(PageId.OVERLAPS)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: bool(page.findings), timeout=10_000)
    before = len(page.findings)
    page.table.selectRow(0)
    chosen = page.current_finding()

    def give_reason(dialog) -> None:
        dialog.reason.setPlainText("Both needed: the waiting lists are full.")
        dialog.accept()

    when_shown(lambda: ctx.dialogs.reason, give_reason)
    page.acknowledge()
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: len(page.findings) == before - 1, timeout=10_000)
    assert chosen.fingerprint not in {f.fingerprint for f in page.findings}
    page.show_acknowledged.setChecked(True)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: len(page.findings) == before, timeout=10_000)


def test_switching_user_applies_the_new_role(window, workspace, ctx):
    from coursehub.domain.people import Role
    from coursehub.domain.users import User

    workspace.people.auth.setup("admin", "a-long-password")
    ctx.actor = workspace.login("admin", "a-long-password")
    workspace.people.auth.add_user(ctx.actor, User("vera", Role.VIEWER), "viewer-password")

    log_in_when_asked(ctx, "vera", "viewer-password")
    window.switch_user()
    assert ctx.actor.username == "vera" and ctx.actor.role is Role.VIEWER
    page = window.show_page(PageId.CATALOGUE)
    page.table.selectRow(0)
    assert not page.buttons[ActionId.NEW_COURSE].isEnabled()
    assert not page.buttons[ActionId.EDIT_COURSE].isEnabled()
    assert "vera" in window.user_label.text()


def test_calendar_block_colour_is_the_providers_whatever_the_filter(window):
    from coursehub.domain.provider_style import provider_look

    page = window.show_page(PageId.CALENDAR)
    page.show_week(date(2027, 3, 1))
    page.view.resize(1000, 600)

    def fill_of(provider: str) -> str:
        page.view.repaint()
        placed = next(p for p in page.view.placed if p.block.course.provider == provider)
        spot = placed.rect.center().toPoint()
        spot.setX(int(placed.rect.right()) - 4)  # right of the patterned band, beside the text
        return page.view.grab().toImage().pixelColor(spot).name()

    everyone = fill_of("QFP Elbasan")
    page.provider.setCurrentIndex(page.provider.findText("QFP Elbasan"))
    assert fill_of("QFP Elbasan") == everyone == provider_look("QFP Elbasan").fill
