from __future__ import annotations

from dataclasses import replace

import pytest

from coursehub.domain.errors import ValidationError
from coursehub.domain.model import CourseStatus, Provider, ProviderKind
from coursehub.domain.reference import load_reference
from coursehub.domain.validation import course_problems
from coursehub.services.catalogue import CatalogueService
from coursehub.services.demo import PROVIDERS, demo_courses, demo_needs, load_demo
from tests.conftest import DEMO_YEAR


def test_demo_catalogue_is_large_valid_and_loaded_once(store):
    courses = demo_courses(DEMO_YEAR)
    assert len(courses) >= 40
    assert len({c.provider for c in courses}) >= 6
    reference = load_reference()
    assert all(course_problems(c, reference) == [] for c in courses)
    assert {reference.qark_of(c.municipality) for c in courses} == {"Durrës", "Elbasan"}
    assert load_demo(store, DEMO_YEAR) == len(courses)
    assert load_demo(store, DEMO_YEAR) == 0
    service = CatalogueService(store)
    assert service.count() == len(courses)
    assert len(service.needs()) == len(demo_needs(DEMO_YEAR))


def test_demo_providers_that_are_not_public_have_licences():
    for provider in PROVIDERS:
        assert provider.kind.is_public or provider.licence_number


def test_save_course_validates_and_refuses_duplicate_codes(demo_store):
    service = CatalogueService(demo_store)
    existing = service.find_course("QFP Durrës", "QFPD-RQ-01")
    with pytest.raises(ValidationError, match="already has a course with this code"):
        service.save_course(replace(existing, id=None, version=0))
    with pytest.raises(ValidationError) as error:
        service.save_course(replace(existing, seats=0))
    assert [p.field for p in error.value.problems] == ["seats"]
    assert service.find_course("QFP Durrës", "QFPD-RQ-01").seats == existing.seats


def test_edit_and_cancel(demo_store):
    service = CatalogueService(demo_store)
    course = service.find_course("qfp durres", "QFPD-RQ-01")  # provider name is folded
    saved = service.save_course(replace(course, title="Rrobaqepësi bazë"))
    assert (saved.title, saved.version) == ("Rrobaqepësi bazë", course.version + 1)
    assert service.cancel_course(saved.id).status is CourseStatus.CANCELLED


def test_new_course_records_when_the_provider_list_changed(demo_store):
    service = CatalogueService(demo_store)
    service.save_provider(Provider("Shoqata e Re", ProviderKind.NGO, licence_number="X-9"))
    course = replace(demo_courses(DEMO_YEAR)[0], provider="Shoqata e Re", id=None)
    stored = service.save_course(course)
    assert stored.id is not None and stored.provider == "Shoqata e Re"
    assert service.provider_list_dates()["Shoqata e Re"] is not None


def test_provider_names_are_unique_ignoring_accents(demo_store):
    service = CatalogueService(demo_store)
    with pytest.raises(ValidationError, match="already exists"):
        service.save_provider(Provider("QFP DURRES", ProviderKind.PUBLIC_QFP))
