"""The schema's triggers refuse in plain words on any write path inside a transaction."""

from __future__ import annotations

import pytest

from coursehub.domain.errors import ConflictError, PermissionDenied
from coursehub.domain.trainees import Enrolment, EnrolmentStatus
from tests.enrolment.conftest import NGO_A


def _enrol(store, trainee_id: int, course_id: int, status: EnrolmentStatus) -> None:
    with store.write() as uow:
        uow.enrolments.add(Enrolment(trainee_id=trainee_id, course_id=course_id, status=status))


def test_trigger_refusals_become_plain_errors(world, store):
    course = world.course(NGO_A, "S1", seats=1)
    first, second = world.register(world.office, "Ana"), world.register(world.office, "Besa")
    no_consent = world.register(world.office, "Cen", consent=False)
    _enrol(store, first.id, course.id, EnrolmentStatus.ENROLLED)
    with pytest.raises(ConflictError, match="every seat is taken"):
        _enrol(store, second.id, course.id, EnrolmentStatus.ENROLLED)
    with pytest.raises(PermissionDenied, match="consent is not recorded"):
        _enrol(store, no_consent.id, course.id, EnrolmentStatus.WAITING)
    with pytest.raises(PermissionDenied, match="cannot be changed or deleted"), store.write() as uow:
        uow.conn.execute("DELETE FROM audit_log")
