"""Register or edit a trainee: the facts eligibility needs, contact, groups and consent,
checked as you type with the same messages as the service."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from coursehub.domain.model import Education, Gender
from coursehub.domain.reference import Reference
from coursehub.domain.trainees import Trainee, trainee_problems
from coursehub.i18n import _
from coursehub.ui.common import (
    Button,
    date_display_format,
    labelled_form,
    lay_out_form_dialog,
    person_education_label,
    to_date,
    to_qdate,
)
from coursehub.ui.widgets import GroupBoxes, OptionalDateEdit


class TraineeDialog(QDialog):
    def __init__(
        self, reference: Reference, trainee: Trainee | None, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reference, self.original, self.today = reference, trainee, today
        self.setWindowTitle(
            _("Register a person") if trainee is None else _("Edit {code}").format(code=trainee.pseudonym)
        )
        self.name_edit = QLineEdit()
        self.birth = OptionalDateEdit(date_display_format(), QDate(today.year - 25, 1, 1))
        self.gender = QComboBox()
        self.gender.addItem(_("not stated"), None)
        self.gender.addItem(_("female"), Gender.FEMALE)
        self.gender.addItem(_("male"), Gender.MALE)
        self.education = QComboBox()
        for level in Education:
            self.education.addItem(person_education_label(level), level)
        self.municipality = QComboBox()
        self.municipality.setEditable(True)
        self.municipality.addItem("")
        self.municipality.addItems(sorted(reference.municipalities))
        self.phone = QLineEdit()
        self.jobseeker = QLineEdit()
        self.referred = QLineEdit()
        self.consent = QCheckBox(_("The person agreed that we keep these details"))
        groups = GroupBoxes(columns=2)
        self.groups = groups.boxes
        form = labelled_form(
            (
                (_("&Name:"), self.name_edit),
                (_("&Birth date:"), self.birth),
                (_("&Gender:"), self.gender),
                (_("&Education:"), self.education),
                (_("&Municipality:"), self.municipality),
                (_("&Phone:"), self.phone),
                (_("&Jobseeker number:"), self.jobseeker),
                (_("&Referred by:"), self.referred),
            )
        )
        form.addRow(QLabel(_("Groups:")), groups)
        form.addRow("", self.consent)
        self.problems, self.buttons = lay_out_form_dialog(self, form)
        self._load(trainee)
        for signal in (
            self.name_edit.textChanged,
            self.birth.dateChanged,
            self.phone.textChanged,
            self.municipality.currentTextChanged,
            self.gender.currentIndexChanged,
        ):
            signal.connect(self.validate)
        self.validate()
        self.resize(620, 560)

    def _load(self, trainee: Trainee | None) -> None:
        if trainee is None:
            return  # the birth date starts empty: it is required, and no guess is saved by mistake
        self.name_edit.setText(trainee.name)
        if trainee.birth_date:
            self.birth.setDate(to_qdate(trainee.birth_date))
        self.gender.setCurrentIndex(max(self.gender.findData(trainee.gender), 0))
        self.education.setCurrentIndex(int(trainee.education))
        self.municipality.setCurrentText(trainee.municipality)
        self.phone.setText(trainee.phone)
        self.jobseeker.setText(trainee.jobseeker_number)
        self.referred.setText(trainee.referred_by)
        self.consent.setChecked(trainee.consent_given)
        for group, check in self.groups.items():
            check.setChecked(group in trainee.groups)

    def trainee(self) -> Trainee:
        base = self.original or Trainee(name="", birth_date=None)
        return replace(
            base,
            name=self.name_edit.text().strip(),
            birth_date=None if self.birth.is_empty() else to_date(self.birth.date()),
            gender=Gender(self.gender.currentData()) if self.gender.currentData() else None,
            education=Education(self.education.currentData()),
            municipality=self.municipality.currentText().strip(),
            phone=self.phone.text().strip(),
            jobseeker_number=self.jobseeker.text().strip(),
            referred_by=self.referred.text().strip(),
            groups=frozenset(g for g, check in self.groups.items() if check.isChecked()),
            consent_given=self.consent.isChecked(),
        )

    def validate(self) -> list[str]:
        problems = trainee_problems(self.trainee(), self.reference, self.today)
        messages = [p.message + (f" ({p.value})" if p.value else "") for p in problems]
        self.problems.setText("\n".join(f"• {m}" for m in messages))
        self.buttons.button(Button.Save).setEnabled(not problems)
        return messages
