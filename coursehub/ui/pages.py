"""The screens of the main window, each named by a `PageId` and declared once in `PAGES`.

Code reaches a screen by its id (`MainWindow.show_page(PageId.GAPS)`) or, when it needs the
screen's own methods, by its class (`MainWindow.page_of(CataloguePage)`), so that a renamed
screen fails the type check instead of failing at run time. A screen's module is imported the
first time it is shown, which keeps the window's start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from importlib.util import find_spec

from coursehub.i18n import N_


class PageId(Enum):
    CATALOGUE = "catalogue"
    CALENDAR = "calendar"
    OVERLAPS = "overlaps"
    GAPS = "gaps"
    TRAINEES = "trainees"
    PROVIDERS = "providers"
    NEEDS = "needs"


@dataclass(frozen=True)
class PageSpec:
    id: PageId
    title: str  # marked with N_, translated when shown
    module: str
    cls: str
    shortcut: str

    def is_of(self, page_class: type) -> bool:
        return (self.module, self.cls) == (page_class.__module__, page_class.__name__)


PAGES = (
    PageSpec(PageId.CATALOGUE, N_("Catalogue"), "coursehub.ui.catalogue_page", "CataloguePage", "Ctrl+1"),
    PageSpec(PageId.CALENDAR, N_("Week calendar"), "coursehub.ui.calendar_page", "CalendarPage", "Ctrl+2"),
    PageSpec(PageId.OVERLAPS, N_("Overlaps"), "coursehub.ui.overlaps_page", "OverlapsPage", "Ctrl+3"),
    PageSpec(PageId.GAPS, N_("Gaps"), "coursehub.ui.gaps_page", "GapsPage", "Ctrl+4"),
    PageSpec(
        PageId.TRAINEES,
        N_("Trainees and enrolment"),
        "coursehub.ui.trainees_page",
        "TraineesPage",
        "Ctrl+5",
    ),
    PageSpec(
        PageId.PROVIDERS,
        N_("Providers and holidays"),
        "coursehub.ui.providers_page",
        "ProvidersPage",
        "Ctrl+6",
    ),
    PageSpec(PageId.NEEDS, N_("Labour-market needs"), "coursehub.ui.needs_page", "NeedsPage", "Ctrl+7"),
)


def page_spec(page: PageId) -> PageSpec:
    return next(spec for spec in PAGES if spec.id is page)


def available_pages() -> list[PageSpec]:
    """The screens whose module is present in this build."""
    return [spec for spec in PAGES if find_spec(spec.module) is not None]
