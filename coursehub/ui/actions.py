"""Every command of the main window, declared once (the pattern MusicBrainz Picard uses).

An `ActionId` names a command; its `ActionSpec` in `ACTIONS` says everything about it: the
words, the tooltip, the keys, the icon, what it does (`handler`, given the main window) and
whether it changes the database. The menus (`MENUS`) and the catalogue screen's row of
buttons are built from these declarations, so a command is renamed, given other keys or
switched off in one place, and a test checks that nothing in a menu bypasses the registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QStyle

from coursehub.i18n import N_, _, current_language
from coursehub.ui import settings as keys
from coursehub.ui.pages import PageId, page_spec

if TYPE_CHECKING:  # the window imports this module; handlers only need its type
    from PySide6.QtGui import QAction

    from coursehub.ui.main_window import MainWindow

Keys = str | QKeySequence.StandardKey
Handler = Callable[["MainWindow"], object]


class ActionId(Enum):
    IMPORT_COURSES = "import_courses"
    IMPORT_NEEDS = "import_needs"
    MERGE_EXCHANGE = "merge_exchange"
    PRINT_CALENDAR = "print_calendar"
    BACKUP = "backup"
    USERS = "users"
    LETTERHEAD = "letterhead"
    CONNECT_SERVER = "connect_server"
    SWITCH_USER = "switch_user"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    NEW_COURSE = "new_course"
    EDIT_COURSE = "edit_course"
    DUPLICATE_COURSE = "duplicate_course"
    CANCEL_COURSE = "cancel_course"
    FIND = "find"
    ATTENDANCE = "attendance"  # a button of the catalogue screen
    SHOW_CATALOGUE = "page_catalogue"
    SHOW_CALENDAR = "page_calendar"
    SHOW_OVERLAPS = "page_overlaps"
    SHOW_GAPS = "page_gaps"
    SHOW_TRAINEES = "page_trainees"
    SHOW_PROVIDERS = "page_providers"
    SHOW_NEEDS = "page_needs"
    SIDEBAR = "sidebar"
    REFRESH = "refresh"
    LANGUAGE_SQ = "language_sq"
    LANGUAGE_EN = "language_en"
    GUIDE = "guide"
    CONTEXT_HELP = "context_help"
    SHORTCUTS = "shortcuts"
    README = "readme"
    DOCS = "docs"
    ABOUT = "about"
    # Buttons of the trainees screen (not in a menu: they act on the person chosen there).
    REGISTER_PERSON = "register_person"
    EDIT_PERSON = "edit_person"
    RECORD_CONSENT = "record_consent"
    NEEDS_ATTENTION = "needs_attention"
    ENROL = "enrol"
    WITHDRAW = "withdraw"
    COMPLETE = "complete"
    DID_NOT_COMPLETE = "did_not_complete"


@dataclass(frozen=True)
class ActionSpec:
    id: ActionId
    text: str  # marked with N_ (a language's own name is not translated)
    tooltip: str  # what the command does, marked with N_; the keys are added when shown
    handler: Handler | None  # None: `make` gives an action that knows, or a screen's button only
    shortcut: Keys = ""
    icon: QStyle.StandardPixmap | None = None
    edits: bool = False  # a menu command that changes the database: off while read-only
    checked: Callable[[MainWindow], bool] | None = None  # a check mark, and where it starts
    page: PageId | None = None  # shows this screen: left out when the screen is not in the build
    button_text: str | None = None  # shorter words when the command is also a screen's button
    make: Callable[[MainWindow, str], QAction] | None = None  # an action Qt provides


def _show(page: PageId, action: ActionId, tooltip: str) -> ActionSpec:
    """The View menu's command for a screen: its title and keys come from `pages.PAGES`."""
    spec = page_spec(page)
    return ActionSpec(action, spec.title, tooltip, lambda w: w.show_page(page), spec.shortcut, page=page)


_Icon = QStyle.StandardPixmap
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.IMPORT_COURSES,
        N_("&Import a course list…"),
        N_("Read a provider's course list from a CSV, XLSX or ODS file, checked before saving"),
        lambda w: w.import_courses(),
        "Ctrl+I",
        _Icon.SP_DialogOpenButton,
        edits=True,
    ),
    ActionSpec(
        ActionId.IMPORT_NEEDS,
        N_("Import labour-market &needs…"),
        N_("Read the labour-market needs (occupations and places wanted) from a file"),
        lambda w: w.import_needs(),
        "Ctrl+Shift+I",
        edits=True,
    ),
    ActionSpec(
        ActionId.MERGE_EXCHANGE,
        N_("&Merge an exchange workbook…"),
        N_("Take in the courses another office sent as an exchange workbook"),
        lambda w: w.merge_exchange(),
        edits=True,
    ),
    ActionSpec(
        ActionId.PRINT_CALENDAR,
        N_("&Print the week calendar…"),
        N_("Preview and print the sessions of the week shown in the calendar"),
        lambda w: w.print_calendar(),
        "Ctrl+P",
    ),
    ActionSpec(
        ActionId.BACKUP,
        N_("&Back up now"),
        N_("Save a checked copy of the whole database to a file you choose"),
        lambda w: w.backup_now(),
        icon=_Icon.SP_DialogSaveButton,
    ),
    ActionSpec(
        ActionId.USERS,
        N_("&User accounts…"),
        N_("Add user accounts, set passwords and roles (administrators)"),
        lambda w: w.manage_users(),
        edits=True,
    ),
    ActionSpec(
        ActionId.LETTERHEAD,
        N_("&Letterhead…"),
        N_("Set the name, address and logo printed at the top of every paper"),
        lambda w: w.edit_letterhead(),
    ),
    ActionSpec(
        ActionId.CONNECT_SERVER,
        N_("Connect to a &server…"),
        N_("Work on the shared database of a CourseHub server instead of this file"),
        lambda w: w.connect_to_server(),
    ),
    ActionSpec(
        ActionId.SWITCH_USER,
        N_("Log in as someone &else…"),
        N_("Hand the program to another person without closing it"),
        lambda w: w.switch_user(),
    ),
    ActionSpec(
        ActionId.QUIT,
        N_("&Quit"),
        N_("Close CourseHub (everything is already saved)"),
        lambda w: w.close(),
        QKeySequence.StandardKey.Quit,
    ),
    ActionSpec(
        ActionId.UNDO,
        N_("&Undo"),
        N_("Take back the last change to a course"),
        None,
        QKeySequence.StandardKey.Undo,
        make=lambda w, text: w.undo_stack.createUndoAction(w, text),
    ),
    ActionSpec(
        ActionId.REDO,
        N_("&Redo"),
        N_("Make the change taken back again"),
        None,
        QKeySequence.StandardKey.Redo,
        make=lambda w, text: w.undo_stack.createRedoAction(w, text),
    ),
    ActionSpec(
        ActionId.NEW_COURSE,
        N_("&New course…"),
        N_("Add a course to the catalogue"),
        lambda w: w.catalogue_page().new_course(),
        "Ctrl+N",
        _Icon.SP_FileIcon,
        edits=True,
    ),
    ActionSpec(
        ActionId.EDIT_COURSE,
        N_("&Edit course…"),
        N_("Change the course chosen in the catalogue"),
        lambda w: w.catalogue_page().edit_course(),
        "Ctrl+E",
        edits=True,
        button_text=N_("&Edit…"),
    ),
    ActionSpec(
        ActionId.DUPLICATE_COURSE,
        N_("&Duplicate course…"),
        N_("Start a new course from a copy of the chosen one"),
        lambda w: w.catalogue_page().duplicate_course(),
        "Ctrl+D",
        edits=True,
        button_text=N_("D&uplicate…"),
    ),
    ActionSpec(
        ActionId.CANCEL_COURSE,
        N_("&Cancel course"),
        N_("Mark the chosen course as cancelled (it stays in the records)"),
        lambda w: w.catalogue_page().cancel_course(),
        "Ctrl+Shift+Del",
        edits=True,
    ),
    ActionSpec(
        ActionId.FIND,
        N_("&Find courses"),
        N_("Go to the catalogue's search box"),
        lambda w: w.focus_search(),
        QKeySequence.StandardKey.Find,
    ),
    ActionSpec(
        ActionId.ATTENDANCE,
        N_("A&ttendance…"),
        N_("Open the attendance grid of the chosen course: its trainees by session date"),
        None,
    ),
    _show(PageId.CATALOGUE, ActionId.SHOW_CATALOGUE, N_("Show every course of every provider")),
    _show(PageId.CALENDAR, ActionId.SHOW_CALENDAR, N_("Show the sessions of a week, day by day")),
    _show(PageId.OVERLAPS, ActionId.SHOW_OVERLAPS, N_("Show duplicate offers, clashes and holidays")),
    _show(PageId.GAPS, ActionId.SHOW_GAPS, N_("Show seats against labour-market needs")),
    _show(PageId.TRAINEES, ActionId.SHOW_TRAINEES, N_("Show the people and their enrolments")),
    _show(PageId.PROVIDERS, ActionId.SHOW_PROVIDERS, N_("Show the providers and their days off")),
    _show(PageId.NEEDS, ActionId.SHOW_NEEDS, N_("Show the labour-market needs")),
    ActionSpec(
        ActionId.SIDEBAR,
        N_("&Side bar"),
        N_("Show or hide the list of screens on the left"),
        lambda w: w.toggle_sidebar(),
        "F9",
        checked=lambda w: bool(w.settings.get(keys.SIDEBAR_SHOWN)),
    ),
    ActionSpec(
        ActionId.REFRESH,
        N_("&Refresh"),
        N_("Read everything again from the database"),
        lambda w: w.refresh(),
        QKeySequence.StandardKey.Refresh,
        _Icon.SP_BrowserReload,
    ),
    ActionSpec(
        ActionId.LANGUAGE_SQ,
        "Shqip",
        N_("Show CourseHub in Albanian"),
        lambda w: w.switch_language("sq"),
        checked=lambda _w: current_language() == "sq",
    ),
    ActionSpec(
        ActionId.LANGUAGE_EN,
        "English",
        N_("Show CourseHub in English"),
        lambda w: w.switch_language("en"),
        checked=lambda _w: current_language() == "en",
    ),
    ActionSpec(
        ActionId.GUIDE,
        N_("CourseHub &guide"),
        N_("Open the user guide, with a search box"),
        lambda w: w.open_guide(),
        icon=_Icon.SP_DialogHelpButton,
    ),
    ActionSpec(
        ActionId.CONTEXT_HELP,
        N_("&Help on this screen"),
        N_("Open the guide's page about the screen in front of you"),
        lambda w: w.help_on_screen(),
        "F1",
    ),
    ActionSpec(
        ActionId.SHORTCUTS,
        N_("&Keyboard shortcuts"),
        N_("List the keys of every command"),
        lambda w: w.show_shortcuts(),
        "Ctrl+F1",
    ),
    ActionSpec(
        ActionId.README,
        N_("Open the &README"),
        N_("Open the README shipped with the program"),
        lambda w: w.open_doc("README.md"),
    ),
    ActionSpec(
        ActionId.DOCS,
        N_("Open the &documentation folder"),
        N_("Open the folder of technical documentation shipped with the program"),
        lambda w: w.open_doc("docs"),
    ),
    ActionSpec(
        ActionId.ABOUT,
        N_("&About CourseHub"),
        N_("The program's version and who it is for"),
        lambda w: w.about(),
    ),
    ActionSpec(
        ActionId.REGISTER_PERSON,
        N_("&Register a person…"),
        N_("Register a new trainee: name, birth date, groups, consent"),
        None,
    ),
    ActionSpec(
        ActionId.EDIT_PERSON,
        N_("&Edit…"),
        N_("Change the record of the chosen person"),
        None,
    ),
    ActionSpec(
        ActionId.RECORD_CONSENT,
        N_("Record &consent"),
        N_("Record that the chosen person signed the consent form"),
        None,
    ),
    ActionSpec(
        ActionId.NEEDS_ATTENTION,
        N_("Needs a&ttention…"),
        N_("List the people at risk of dropping out, among those you may see"),
        None,
    ),
    ActionSpec(
        ActionId.ENROL,
        N_("E&nrol in the chosen course"),
        N_("Enrol the chosen person in the course chosen below (or put them on its waiting list)"),
        None,
    ),
    ActionSpec(
        ActionId.WITHDRAW,
        N_("&Withdraw"),
        N_("Take the chosen person off the chosen course; a waiting person gets the seat"),
        None,
    ),
    ActionSpec(
        ActionId.COMPLETE,
        N_("Mark co&mpleted"),
        N_("Record that the chosen person finished the chosen course"),
        None,
    ),
    ActionSpec(
        ActionId.DID_NOT_COMPLETE,
        N_("Did &not complete…"),
        N_("Record that the chosen person left the chosen course, and why; the seat is offered on"),
        None,
    ),
)

SPEC_OF = {spec.id: spec for spec in ACTIONS}
EDITING_ACTIONS = tuple(spec.id for spec in ACTIONS if spec.edits)

SEPARATOR = None


@dataclass(frozen=True)
class MenuSpec:
    title: str  # marked with N_
    entries: tuple[ActionId | None, ...]  # None: a separator


MENUS = (
    MenuSpec(
        N_("&File"),
        (
            ActionId.IMPORT_COURSES,
            ActionId.IMPORT_NEEDS,
            ActionId.MERGE_EXCHANGE,
            ActionId.PRINT_CALENDAR,
            ActionId.BACKUP,
            ActionId.USERS,
            ActionId.LETTERHEAD,
            SEPARATOR,
            ActionId.CONNECT_SERVER,
            ActionId.SWITCH_USER,
            ActionId.QUIT,
        ),
    ),
    MenuSpec(
        N_("&Edit"),
        (
            ActionId.UNDO,
            ActionId.REDO,
            SEPARATOR,
            ActionId.NEW_COURSE,
            ActionId.EDIT_COURSE,
            ActionId.DUPLICATE_COURSE,
            ActionId.CANCEL_COURSE,
            SEPARATOR,
            ActionId.FIND,
        ),
    ),
    MenuSpec(
        N_("&View"),
        (
            ActionId.SHOW_CATALOGUE,
            ActionId.SHOW_CALENDAR,
            ActionId.SHOW_OVERLAPS,
            ActionId.SHOW_GAPS,
            ActionId.SHOW_TRAINEES,
            ActionId.SHOW_PROVIDERS,
            ActionId.SHOW_NEEDS,
            SEPARATOR,
            ActionId.SIDEBAR,
            ActionId.REFRESH,
        ),
    ),
    MenuSpec(N_("&Language"), (ActionId.LANGUAGE_SQ, ActionId.LANGUAGE_EN)),
    MenuSpec(
        N_("&Help"),
        (
            ActionId.GUIDE,
            ActionId.CONTEXT_HELP,
            ActionId.SHORTCUTS,
            ActionId.README,
            ActionId.DOCS,
            SEPARATOR,
            ActionId.ABOUT,
        ),
    ),
)

MENU_ACTIONS = frozenset(entry for menu in MENUS for entry in menu.entries if entry is not None)


def action_button(action: ActionId, slot: Callable[[], object]) -> QPushButton:
    """A screen's button for a registered command: its words, its tooltip and its Alt key."""
    spec = SPEC_OF[action]
    text = _(spec.button_text or spec.text)
    button = QPushButton(text)
    button.setAccessibleName(plain_words(text))
    button.setToolTip(with_keys(_(spec.tooltip), alt_key(text)))
    button.clicked.connect(lambda _checked=False: slot())
    return button


def plain_words(text: str) -> str:
    """A command's words without the & of its Alt key or a trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip(" …◀▶")


def alt_key(text: str) -> str:
    """The Alt key a button's text gives it ("&New" -> "Alt+N"), or "" for none."""
    mnemonic = re.search(r"&([^&\s])", text.replace("&&", ""))
    return f"Alt+{mnemonic.group(1).upper()}" if mnemonic else ""


def with_keys(words: str, keys_text: str) -> str:
    return f"{words} ({keys_text})" if keys_text else words
