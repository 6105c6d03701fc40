"""Logging in when the database has user accounts, and the first administrator's setup."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.domain.people import Actor
from coursehub.domain.users import password_problems
from coursehub.i18n import _
from coursehub.services.workspace import Workspace
from coursehub.ui.common import Button, button_box, labelled_form, problems_label
from coursehub.ui.workers import on_worker


class _CredentialsDialog(QDialog):
    def __init__(
        self, title: str, intro: str, parent: QWidget | None, *, repeat: bool, username: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.actor: Actor | None = None
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        rows = [(_("&User name:"), self.username), (_("&Password:"), self.password)]
        if repeat:
            rows.append((_("&Repeat the password:"), self.repeat))
        form = labelled_form(rows)
        note = QLabel(intro)
        note.setWordWrap(True)
        self.message = problems_label()
        self.buttons = button_box(Button.Ok | Button.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()
        self.resize(420, 220)

    def try_accept(self) -> None:
        raise NotImplementedError


class LoginDialog(_CredentialsDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(
            _("Log in to CourseHub"),
            _("Trainee records are protected: log in with your own account."),
            parent,
            repeat=False,
            username=username,
        )
        self.workspace = workspace
        self.buttons.button(Button.Ok).setText(_("&Log in"))

    def try_accept(self) -> None:
        try:
            self.actor = on_worker(self.workspace).login(self.username.text().strip(), self.password.text())
        except CourseHubError as error:
            self.message.setText(error.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class SetupDialog(_CredentialsDialog):
    """Create the first administrator; everyone then logs in with their own account."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Set up user accounts"),
            _(
                "Create the first administrator account. From then on everyone logs in, and only the "
                "right people see trainee records."
            ),
            parent,
            repeat=True,
        )
        self.workspace = workspace

    def try_accept(self) -> None:
        password = self.password.text()
        problems = password_problems(password)
        if problems:
            self.message.setText(problems[0].message)
            return
        if password != self.repeat.text():
            self.message.setText(_("The two passwords differ."))
            return
        try:
            on_worker(self.workspace).people.auth.setup(self.username.text().strip(), password)
            self.actor = on_worker(self.workspace).login(self.username.text().strip(), password)
        except CourseHubError as error:
            self.message.setText(error.message)
            return
        self.accept()
