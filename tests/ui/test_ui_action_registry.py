"""The window's commands are declared once, in `ui/actions.py`: every menu entry and every
command button of a screen comes from the registry, and every command says what it does."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton

from coursehub.i18n import _
from coursehub.ui.actions import ACTIONS, MENU_ACTIONS, MENUS, SPEC_OF, ActionId
from coursehub.ui.pages import PAGES, PageId


def _menu_entries(menu: QMenu) -> list[QAction]:
    entries: list[QAction] = []
    for action in menu.actions():
        if action.menu() is not None:
            entries += _menu_entries(action.menu())
        elif not action.isSeparator():
            entries.append(action)
    return entries


def test_every_action_id_is_declared_exactly_once() -> None:
    assert [spec.id for spec in ACTIONS].count(ActionId.QUIT) == 1
    assert sorted(spec.id.value for spec in ACTIONS) == sorted(a.value for a in ActionId)


def test_every_declared_action_says_what_it_does() -> None:
    for spec in ACTIONS:
        assert spec.text.strip() and spec.tooltip.strip(), spec.id
        assert spec.tooltip.replace("&", "") != spec.text.replace("&", ""), spec.id
        assert spec.handler is not None or spec.make is not None or spec.id not in MENU_ACTIONS, spec.id


def test_no_action_sits_in_two_menus_and_every_screen_has_its_command() -> None:
    listed = [entry for menu in MENUS for entry in menu.entries if entry is not None]
    assert len(listed) == len(set(listed))
    assert {SPEC_OF[a].page for a in listed if SPEC_OF[a].page is not None} == set(PageId)
    assert {spec.id for spec in PAGES} == set(PageId)


@pytest.mark.parametrize("language", ["sq", "en"])
def test_every_menu_entry_comes_from_the_registry(window, language: str) -> None:
    window.switch_language(language)
    menus = [top.menu() for top in window.menuBar().actions()]
    in_menus = [entry for menu in menus for entry in _menu_entries(menu)]
    assert len(menus) == len(MENUS)
    assert set(in_menus) == set(window.actions_by_id.values())
    assert set(window.actions_by_id) == MENU_ACTIONS
    for action_id, action in window.actions_by_id.items():
        assert action.toolTip().startswith(_(SPEC_OF[action_id].tooltip)), action_id
        assert action.statusTip() == _(SPEC_OF[action_id].tooltip), action_id


def test_a_changed_declaration_changes_the_menu(window, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from coursehub.ui import actions, main_window

    changed = tuple(
        replace(spec, text="Refresh everything", shortcut="Ctrl+Shift+F5")
        if spec.id is ActionId.REFRESH
        else spec
        for spec in actions.ACTIONS
    )
    monkeypatch.setattr(main_window, "ACTIONS", changed)
    window.switch_language("en")  # the menus are built again
    refresh = window.actions_by_id[ActionId.REFRESH]
    assert refresh.text() == "Refresh everything"
    assert refresh.shortcut().toString() == "Ctrl+Shift+F5"


def test_menu_shortcuts_do_not_clash(window) -> None:
    keys = [a.shortcut().toString() for a in window.actions_by_id.values() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), keys


def test_screen_buttons_are_registered_commands(window) -> None:
    for page_id, expected in (
        (
            PageId.CATALOGUE,
            {
                ActionId.NEW_COURSE,
                ActionId.EDIT_COURSE,
                ActionId.DUPLICATE_COURSE,
                ActionId.CANCEL_COURSE,
                ActionId.ATTENDANCE,
            },
        ),
        (
            PageId.TRAINEES,
            {
                ActionId.REGISTER_PERSON,
                ActionId.EDIT_PERSON,
                ActionId.RECORD_CONSENT,
                ActionId.NEEDS_ATTENTION,
                ActionId.ENROL,
                ActionId.WITHDRAW,
                ActionId.COMPLETE,
                ActionId.DID_NOT_COMPLETE,
            },
        ),
    ):
        page = window.show_page(page_id)
        assert set(page.buttons) == expected
        for action_id, button in page.buttons.items():
            assert isinstance(button, QPushButton)
            assert button.toolTip().startswith(_(SPEC_OF[action_id].tooltip)), action_id
            assert "(Alt+" in button.toolTip(), action_id


def test_a_menu_command_runs_its_registered_handler(window) -> None:
    page = window.show_page(PageId.CATALOGUE)
    window.show_page(PageId.GAPS)
    window.actions_by_id[ActionId.FIND].trigger()  # a registered handler: shows the catalogue
    assert window.current_page() is PageId.CATALOGUE
    assert page.search.hasFocus() or page.search.selectedText() == page.search.text()
