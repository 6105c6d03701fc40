"""User accounts, for administrators: add a person with a role, disable or enable an
account, set a password. Everything goes through the auth service, which checks the role."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.domain.people import Role
from coursehub.domain.text import fold
from coursehub.domain.users import User, password_problems, user_problems
from coursehub.i18n import _
from coursehub.ui.common import (
    Button,
    add_buttons,
    attempt,
    button_box,
    labelled_form,
    lay_out_form_dialog,
    show_error,
)
from coursehub.ui.context import UiContext
from coursehub.ui.widgets import RowRole, RowsModel, fit_columns, table_view


class NewUserDialog(QDialog):
    def __init__(self, providers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New user"))
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(_("e.g. Maria Kola"))
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.organisation = QComboBox()
        self.organisation.addItem("", "")
        for provider in providers:
            self.organisation.addItem(provider, provider)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = labelled_form(
            (
                (_("&User name:"), self.username),
                (_("&Full name:"), self.display_name),
                (_("&Role:"), self.role),
                (_("&Organisation (NGO coordinators):"), self.organisation),
                (_("&Password:"), self.password),
            )
        )
        self.problems, self.buttons = lay_out_form_dialog(self, form)
        for signal in (
            self.username.textChanged,
            self.display_name.textChanged,
            self.password.textChanged,
            self.role.currentIndexChanged,
            self.organisation.currentIndexChanged,
        ):
            signal.connect(self.validate)
        self.validate()

    def user(self) -> User:
        return User(
            username=self.username.text().strip(),
            role=Role(self.role.currentData()),
            organisation=self.organisation.currentData() or None,
            display_name=self.display_name.text().strip(),
        )

    def validate(self) -> None:
        problems = user_problems(self.user()) + password_problems(self.password.text())
        self.problems.setText("\n".join(f"• {p.message}" for p in problems))
        self.buttons.button(Button.Save).setEnabled(not problems)


class UsersDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.auth = ctx.services.people.auth
        self.setWindowTitle(_("User accounts"))
        self.model = RowsModel(
            [_("User name"), _("Full name"), _("Role"), _("Organisation"), _("Active")],
            [
                lambda u: u.username,
                lambda u: u.display_name,
                lambda u: u.role.label,
                lambda u: u.organisation or "",
                lambda u: _("yes") if u.active else _("no"),
            ],
            self,
        )
        self.table = table_view(self.model, _("User accounts"))
        buttons = QHBoxLayout()
        add_buttons(
            buttons,
            [
                (_("&Add a user…"), self.add_user),
                (_("&Disable or enable"), self.toggle_active),
                (_("Set a &password…"), self.set_password),
            ],
        )
        buttons.addStretch()
        close = button_box(Button.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(680, 420)
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_items(self.auth.users(self.ctx.actor))
        except CourseHubError as error:
            show_error(self, error)
        fit_columns(self.table)

    def current_user(self) -> User | None:
        index = self.table.currentIndex()
        return self.model.data(index, RowRole) if index.isValid() else None

    def add_user(self) -> None:
        providers = sorted((p.name for p in self.ctx.services.catalogue.providers()), key=fold)
        dialog = NewUserDialog(providers, self)
        if not dialog.exec():
            return
        attempt(self, lambda: self.auth.add_user(self.ctx.actor, dialog.user(), dialog.password.text()))
        self.reload()

    def toggle_active(self) -> None:
        user = self.current_user()
        if user is None:
            return
        attempt(self, lambda: self.auth.set_active(self.ctx.actor, user.username, not user.active))
        self.reload()

    def set_password(self) -> None:
        user = self.current_user()
        if user is None:
            return
        password, ok = QInputDialog.getText(
            self,
            _("Set a password"),
            _("New password for {user}:").format(user=user.username),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        try:
            self.auth.change_password(self.ctx.actor, user.username, password)
        except CourseHubError as error:
            show_error(self, error)
