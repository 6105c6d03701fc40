"""Small helpers every screen uses: locale formats, our own texts on stock buttons, plain
messages for errors, and accessible names for controls.

Qt ships no Albanian translation of its stock dialogs, so every button text is ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError, ValidationError
from coursehub.domain.model import Education
from coursehub.i18n import _, current_language

Button = QDialogButtonBox.StandardButton
MessageButton = QMessageBox.StandardButton


def locale() -> QLocale:
    if current_language() == "sq":
        return QLocale(QLocale.Language.Albanian, QLocale.Country.Albania)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def format_date(day: date | None) -> str:
    """14.03.2027 in Albanian, 14 Mar 2027 in English."""
    if day is None:
        return ""
    pattern = "dd.MM.yyyy" if current_language() == "sq" else "d MMM yyyy"
    return locale().toString(QDate(day.year, day.month, day.day), pattern)


def format_number(value: int | float, decimals: int = 0) -> str:
    """100 000 and 1 234,5 in Albanian; 100,000 and 1,234.5 in English."""
    if isinstance(value, int):
        return locale().toString(value)
    return locale().toString(float(value), "f", decimals)


def date_display_format() -> str:
    return "dd.MM.yyyy" if current_language() == "sq" else "d MMM yyyy"


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _button_texts() -> dict[Button, str]:
    return {
        Button.Ok: _("OK"),
        Button.Cancel: _("Cancel"),
        Button.Save: _("Save"),
        Button.Close: _("Close"),
        Button.Yes: _("Yes"),
        Button.No: _("No"),
        Button.Apply: _("Apply"),
        Button.Reset: _("Reset"),
        Button.Discard: _("Discard"),
        Button.Help: _("Help"),
        Button.Retry: _("Retry"),
        Button.Open: _("Open"),
    }


def translate_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    for which, text in _button_texts().items():
        button = box.button(which)
        if button is not None:
            button.setText(text)
            button.setAccessibleName(text.replace("&", ""))
    return box


def button_box(buttons: Button) -> QDialogButtonBox:
    return translate_buttons(QDialogButtonBox(buttons))


def _message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: MessageButton,
    default: MessageButton,
    detail: str = "",
) -> MessageButton:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    if detail:
        box.setInformativeText(detail)
    texts = _button_texts()
    for which in (
        MessageButton.Ok,
        MessageButton.Cancel,
        MessageButton.Yes,
        MessageButton.No,
        MessageButton.Save,
        MessageButton.Discard,
        MessageButton.Close,
        MessageButton.Help,
    ):
        button = box.button(which)
        if button is not None:
            button.setText(texts[Button(which.value)])
    return MessageButton(box.exec())


def inform(parent: QWidget | None, text: str, detail: str = "") -> None:
    _message(
        parent, QMessageBox.Icon.Information, "CourseHub", text, MessageButton.Ok, MessageButton.Ok, detail
    )


def warn(parent: QWidget | None, text: str, detail: str = "", guide_page: str | None = None) -> None:
    """A warning; with a guide page, a Help button opens the guide where it explains the fix."""
    if guide_page is None:
        _message(
            parent, QMessageBox.Icon.Warning, "CourseHub", text, MessageButton.Ok, MessageButton.Ok, detail
        )
        return
    buttons = MessageButton.Ok | MessageButton.Help
    hint = _("Help opens the guide's page on what to do.")
    detail = f"{detail}\n\n{hint}" if detail else hint
    answer = _message(parent, QMessageBox.Icon.Warning, "CourseHub", text, buttons, MessageButton.Ok, detail)
    if answer == MessageButton.Help:
        from coursehub.ui.help_window import open_guide  # the guide window uses this module

        open_guide(parent, guide_page)


def confirm(parent: QWidget | None, text: str, detail: str = "") -> bool:
    answer = _message(
        parent,
        QMessageBox.Icon.Question,
        "CourseHub",
        text,
        MessageButton.Yes | MessageButton.No,
        MessageButton.No,
        detail,
    )
    return answer == MessageButton.Yes


def error_text(error: CourseHubError) -> str:
    if isinstance(error, ValidationError):
        return "\n".join(f"• {p.message}" + (f" ({p.value})" if p.value else "") for p in error.problems)
    return str(getattr(error, "in_window", None) or error.message)  # a window's own wording, if any


def show_error(parent: QWidget | None, error: CourseHubError, guide_page: str | None = None) -> None:
    """A CourseHub error in plain words, never a traceback; errors with a known fix offer
    the guide's page about it."""
    from coursehub.ui.help_window import guide_page_for

    warn(parent, error_text(error), guide_page=guide_page or guide_page_for(error))


def attempt(parent: QWidget | None, change: Callable[[], object]) -> bool:
    """Make a change the person asked for; a refusal is shown in plain words. True when made."""
    try:
        change()
    except CourseHubError as error:
        show_error(parent, error)
        return False
    return True


def add_buttons(row: QBoxLayout, commands: Iterable[tuple[str, Callable[[], object]]]) -> list[QPushButton]:
    """A button a command on `row`, each named for screen readers by its words."""
    buttons = []
    for text, slot in commands:
        button = QPushButton(text)
        name(button, text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        buttons.append(button)
    return buttons


def name(widget: QWidget, accessible: str, tooltip: str = "") -> QWidget:
    """Label a control for screen readers (and optionally with a tooltip)."""
    widget.setAccessibleName(accessible)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def labelled_form(rows: Iterable[tuple[str, QWidget]]) -> QFormLayout:
    """A form of (label text with its &mnemonic, field) rows: each label is its field's buddy
    and names the field for screen readers."""
    form = QFormLayout()
    for text, widget in rows:
        label = QLabel(text)
        label.setBuddy(widget)
        name(widget, text.replace("&", "").rstrip(":"))
        form.addRow(label, widget)
    return form


def problems_label() -> QLabel:
    """The wrapped label under a form listing what still keeps it from being saved."""
    label = QLabel()
    label.setObjectName("problems")
    label.setWordWrap(True)
    return label


def lay_out_form_dialog(dialog: QDialog, form: QFormLayout) -> tuple[QLabel, QDialogButtonBox]:
    """The form dialogs' shared shape: the form, the problems label under it, then Save and
    Cancel wired to accept and reject. Returns the label and the buttons."""
    problems = problems_label()
    buttons = button_box(Button.Save | Button.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(problems)
    layout.addWidget(buttons)
    return problems, buttons


def person_education_label(level: Education) -> str:
    """A person's schooling, in words for a person (the course wording says what is required)."""
    labels = {
        Education.NONE: _("no schooling"),
        Education.PRIMARY: _("primary school (5 years)"),
        Education.BASIC: _("basic school (9 years)"),
        Education.SECONDARY: _("upper secondary school"),
        Education.HIGHER: _("higher education (university)"),
    }
    return labels[level]


def available_screen_size(widget: QWidget | None = None) -> tuple[int, int]:
    """Width and height of the desktop area the widget's screen offers (without task bars)."""
    from PySide6.QtGui import QGuiApplication

    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return (1024, 768)
    area = screen.availableGeometry()
    return (area.width(), area.height())


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.92) -> None:
    """Resize to width x height, or to `share` of the available screen when that is smaller,
    so a window never opens larger than a 1024x768 screen."""
    screen_width, screen_height = available_screen_size(widget)
    widget.setProperty("wantedSize", (width, height, share))  # screenshots replay it for 1024x768
    widget.resize(min(width, int(screen_width * share)), min(height, int(screen_height * share)))


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Tab moves through `widgets` in this order (the order the eye reads them)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
