"""Every labelled enum gives each member its own label, in English and in Albanian."""

from __future__ import annotations

import pytest

from coursehub import i18n
from coursehub.domain.attendance import Mark, NonCompletion, Outcome
from coursehub.domain.labelled import LabelledEnum
from coursehub.domain.model import CourseStatus, Gender, LicenceLapse, ProviderKind, TargetGroup
from coursehub.domain.people import Role
from coursehub.domain.trainees import EnrolmentStatus

LABELLED: list[type[LabelledEnum]] = [
    Mark,
    NonCompletion,
    Outcome,
    CourseStatus,
    Gender,
    LicenceLapse,
    ProviderKind,
    TargetGroup,
    Role,
    EnrolmentStatus,
]


@pytest.mark.parametrize("kind", LABELLED, ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_each_member_has_a_distinct_label(kind: type[LabelledEnum], language: str) -> None:
    with i18n.language_for_document(language):
        labels = [member.label for member in kind]
    assert all(labels) and len(set(labels)) == len(labels), labels


def test_members_of_two_enums_with_one_value_keep_their_own_labels() -> None:
    with i18n.language_for_document("en"):
        assert Outcome.COMPLETED == EnrolmentStatus.COMPLETED == "completed"
        assert Outcome.COMPLETED.label == "completed"
        assert NonCompletion.OTHER.label == "other reason"
        assert ProviderKind.OTHER.label == "Other"
