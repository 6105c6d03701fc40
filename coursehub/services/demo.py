"""A realistic, clearly fictional demo catalogue for the Durrës and Elbasan qarks.

Course titles follow the offers public centres in Durrës and Elbasan advertise
(../shared/data/vet-facts). The NGOs are invented. The data is built so that every
feature has something to show: duplicated offers, a venue and a trainer clash, sessions
on public holidays, municipalities with no course for a group, and unmet demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from coursehub.domain.model import (
    Area,
    AreaKind,
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    Need,
    Period,
    Provider,
    ProviderKind,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.services.catalogue import ensure_provider
from coursehub.services.ports import Store

PROVIDERS = (
    Provider("Zyra Vendore e Punësimit Durrës", ProviderKind.EMPLOYMENT_OFFICE,
             contact="Rr. Skënderbej, Durrës"),
    Provider("Zyra Vendore e Punësimit Elbasan", ProviderKind.EMPLOYMENT_OFFICE,
             contact="Bulevardi Qemal Stafa, Elbasan"),
    Provider("QFP Durrës", ProviderKind.PUBLIC_QFP, contact="Lagjja 13, Durrës"),
    Provider("QFP Elbasan", ProviderKind.PUBLIC_QFP, contact="Rruga Sulejman Pasha, Elbasan"),
    Provider("Shoqata Ura e Shpresës (demo)", ProviderKind.NGO, licence_number="AKPA-OJF-2024-117"),
    Provider("Fondacioni Hapa të Rinj (demo)", ProviderKind.NGO, licence_number="AKPA-OJF-2023-089"),
    Provider("Qendra Dritare për Gratë (demo)", ProviderKind.NGO, licence_number="AKPA-OJF-2025-031"),
    Provider("Bashkia Shijak", ProviderKind.MUNICIPALITY, contact="Sheshi Shijak"),
)

_D, _E = "Zyra Vendore e Punësimit Durrës", "Zyra Vendore e Punësimit Elbasan"
_QD, _QE = "QFP Durrës", "QFP Elbasan"
_URA, _HAPA, _DRITA, _SHIJAK = (p.name for p in PROVIDERS[4:])

MWF, TT, MTWTF, SAT = "MO WE FR", "TU TH", "MO TU WE TH FR", "SA"
G = TargetGroup


@dataclass(frozen=True)
class _Row:
    provider: str
    code: str
    title: str
    isco: str
    town: str
    venue: str
    trainer: str
    start: tuple[int, int]
    end: tuple[int, int]
    days: str
    hours: tuple[int, int]
    seats: int
    ages: tuple[int | None, int | None] = (None, None)
    gender: Gender = Gender.ALL
    education: Education = Education.NONE
    groups: tuple[TargetGroup, ...] = ()
    fee: int = 0
    status: CourseStatus = CourseStatus.OPEN


# provider, code, title, ISCO, municipality, venue, trainer, start, end (month, day of the
# demo year), days, hours, seats, then eligibility.
_ROWS = (
    _Row(_QD, "QFPD-RQ-01", "Rrobaqepësi", "7531", "Durrës", "QFP Durrës, Salla 2",
         "Mirela Hoxha", (2, 1), (5, 28), MWF, (9, 12), 16, (16, 45)),
    _Row(_URA, "URA-07", "Kurs rrobaqepësie për gra", "7531", "Durrës", "Qendra Ura, Lagjja 4",
         "Elda Meta", (3, 1), (6, 30), TT, (10, 13), 12, (18, 40), Gender.FEMALE,
         groups=(G.TRAFFICKING_SURVIVOR, G.AT_RISK)),
    _Row(_DRITA, "QD-RQ-1", "Qepje dhe modelim veshjesh", "7531", "Durrës", "Rr. Egnatia 12",
         "Elda Meta", (3, 1), (5, 30), TT, (11, 14), 10, (18, None), Gender.FEMALE,
         groups=(G.TRAFFICKING_SURVIVOR, G.SOCIAL_ASSISTANCE)),
    _Row(_QD, "QFPD-KZ-02", "Kuzhinier", "5120", "Durrës", "QFP Durrës, Kuzhina",
         "Arben Leka", (1, 18), (6, 18), MTWTF, (8, 12), 18, (16, 50),
         education=Education.BASIC),
    _Row(_D, "ZVP-D-KZ", "Ndihmës kuzhinier", "9412", "Durrës", "QFP Durrës, Kuzhina",
         "Arben Leka", (2, 1), (4, 30), MWF, (10, 13), 14, (18, 55), groups=(G.JOBSEEKER,)),
    _Row(_QD, "QFPD-EL-03", "Elektricist", "7411", "Durrës", "QFP Durrës, Punishtja 1",
         "Gent Shehu", (2, 15), (7, 15), MTWTF, (14, 18), 15, (18, 50), Gender.ALL,
         Education.BASIC),
    _Row(_QD, "QFPD-HD-04", "Hidraulik", "7126", "Durrës", "QFP Durrës, Punishtja 2",
         "Ilir Dervishi", (3, 1), (6, 30), MWF, (9, 13), 14, (18, 50)),
    _Row(_QD, "QFPD-TIK-05", "Riparim kompjuterash", "3512", "Durrës", "QFP Durrës, Salla TIK",
         "Klea Gjoni", (4, 5), (7, 30), TT, (15, 18), 15, (16, 35), education=Education.BASIC),
    _Row(_D, "ZVP-D-SS", "Start SMART: aftësi për punësim", "4222", "Durrës",
         "Zyra e Punësimit, Salla e takimeve", "Anila Prifti", (1, 11), (1, 22), MTWTF,
         (9, 13), 20, (18, None), groups=(G.JOBSEEKER,)),
    _Row(_D, "ZVP-D-CC", "Operator qendre thirrjesh (italisht)", "4222", "Durrës",
         "Zyra e Punësimit, Salla e takimeve", "Anila Prifti", (3, 1), (4, 30), MWF,
         (9, 12), 20, (18, 40), education=Education.SECONDARY, groups=(G.JOBSEEKER,)),
    _Row(_HAPA, "HTR-CC-2", "Operator call center", "4222", "Durrës", "Hapa të Rinj, Rr. Taulantia",
         "Besnik Kola", (3, 15), (5, 15), TT, (16, 19), 15, (18, 30),
         education=Education.SECONDARY, groups=(G.SCHOOL_DROPOUT, G.JOBSEEKER)),
    _Row(_QD, "QFPD-PR-06", "Parukeri", "5141", "Durrës", "QFP Durrës, Salla 3",
         "Ornela Zeka", (2, 1), (6, 30), TT, (9, 13), 12, (16, None)),
    _Row(_DRITA, "QD-EST-2", "Estetikë dhe kujdes për lëkurën", "5142", "Durrës",
         "Rr. Egnatia 12", "Ornela Zeka", (4, 6), (7, 2), TT, (9, 12), 10, (18, None),
         Gender.FEMALE, groups=(G.TRAFFICKING_SURVIVOR, G.AT_RISK)),
    _Row(_QD, "QFPD-KM-07", "Kamarier", "5131", "Durrës", "Hotel Shkolla, Plazh",
         "Erion Basha", (4, 1), (6, 15), MTWTF, (9, 13), 20, (16, 40)),
    _Row(_HAPA, "HTR-BAR-1", "Banakier dhe barista", "5132", "Durrës", "Hapa të Rinj, Rr. Taulantia",
         "Besnik Kola", (4, 6), (6, 5), TT, (10, 13), 14, (18, 30),
         groups=(G.SCHOOL_DROPOUT,)),
    _Row(_QD, "QFPD-MK-08", "Mekanik automjetesh", "7231", "Durrës", "QFP Durrës, Garazhi",
         "Ilir Dervishi", (9, 14), (12, 18), MWF, (9, 13), 12, (18, 45),
         status=CourseStatus.PLANNED),
    _Row(_QD, "QFPD-SL-09", "Saldator", "7212", "Durrës", "QFP Durrës, Punishtja 2",
         "Ilir Dervishi", (9, 14), (12, 11), TT, (9, 13), 12, (18, 50),
         status=CourseStatus.PLANNED),
    _Row(_URA, "URA-08", "Përpunim i të dhënave në kompjuter", "4132", "Krujë",
         "Qendra Rinore Fushë-Krujë", "Dorina Lala", (2, 1), (4, 30), MWF, (14, 17), 12,
         (16, 30), groups=(G.TRAFFICKING_SURVIVOR, G.AT_RISK, G.SCHOOL_DROPOUT)),
    _Row(_URA, "URA-09", "Ëmbëlsira dhe brumëra", "7512", "Krujë", "Qendra Rinore Fushë-Krujë",
         "Dorina Lala", (5, 3), (7, 31), MWF, (15, 18), 12, (16, None)),
    _Row(_D, "ZVP-D-RQK", "Rrobaqepësi (Krujë)", "7531", "Krujë", "Pallati i Kulturës Krujë",
         "Mirela Hoxha", (9, 7), (12, 17), TT, (9, 12), 15, (18, 50)),
    _Row(_SHIJAK, "BSH-01", "Bujqësi: kultivim perimesh në serra", "6111", "Shijak",
         "Qendra Komunitare Maminas", "Fatos Dema", (3, 2), (6, 26), SAT, (8, 13), 25, (18, None)),
    _Row(_SHIJAK, "BSH-02", "Pastrim profesional", "9112", "Shijak", "Qendra Komunitare Maminas",
         "Fatos Dema", (9, 1), (10, 31), TT, (9, 12), 15, (18, None),
         groups=(G.SOCIAL_ASSISTANCE, G.ROMA_EGYPTIAN)),
    _Row(_QE, "QFPE-KZ-01", "Kuzhinë", "5120", "Elbasan", "QFP Elbasan, Kuzhina",
         "Sokol Brahimi", (1, 25), (6, 25), MTWTF, (8, 12), 20, (16, 50),
         education=Education.BASIC),
    _Row(_E, "ZVP-E-KZ", "Gatim profesional", "5120", "Elbasan", "Hotel Skampa, Salla B",
         "Marsela Cani", (3, 1), (5, 28), MWF, (14, 17), 12, (18, 45), groups=(G.JOBSEEKER,)),
    _Row(_QE, "QFPE-MK-02", "Mekanikë", "7231", "Elbasan", "QFP Elbasan, Punishtja",
         "Edmond Pasha", (2, 1), (6, 30), MTWTF, (8, 12), 16, (16, 45)),
    _Row(_QE, "QFPE-HD-03", "Hidraulikë", "7126", "Elbasan", "QFP Elbasan, Punishtja",
         "Edmond Pasha", (2, 15), (6, 15), TT, (13, 17), 14, (16, 50)),
    _Row(_QE, "QFPE-EL-04", "Elektroteknikë", "7411", "Elbasan", "QFP Elbasan, Salla 4",
         "Ardit Kruja", (3, 1), (7, 15), MWF, (9, 13), 16, (16, 45), education=Education.BASIC),
    _Row(_QE, "QFPE-GJ-05", "Gjuhë angleze për turizëm", "4222", "Elbasan",
         "QFP Elbasan, Salla 2", "Brunilda Hasa", (2, 1), (5, 31), TT, (17, 19), 20, (16, None),
         education=Education.BASIC),
    _Row(_QE, "QFPE-TIK-06", "Instalim rrjetesh kompjuterike", "7422", "Elbasan",
         "QFP Elbasan, Salla TIK", "Ardit Kruja", (9, 14), (12, 18), MWF, (14, 17), 14,
         (18, 40), education=Education.SECONDARY, status=CourseStatus.PLANNED),
    _Row(_HAPA, "HTR-EL-01", "Riparim telefonash dhe pajisjesh", "7422", "Elbasan",
         "Hapa të Rinj Elbasan, Rr. Kozma Naska", "Ardit Kruja", (3, 1), (5, 29), MWF, (9, 12),
         12, (16, 25), groups=(G.SCHOOL_DROPOUT, G.ROMA_EGYPTIAN)),
    _Row(_HAPA, "HTR-PR-02", "Parukeri për të rinj", "5141", "Elbasan",
         "Hapa të Rinj Elbasan, Rr. Kozma Naska", "Valbona Hysa", (2, 8), (5, 29), TT, (10, 13),
         12, (16, 25), groups=(G.SCHOOL_DROPOUT,)),
    _Row(_DRITA, "QD-RQ-E1", "Rrobaqepësi për gra", "7531", "Elbasan",
         "Qendra Dritare Elbasan, Lagjja Kala", "Luljeta Muça", (3, 1), (7, 30), MWF, (9, 12), 12,
         (18, None), Gender.FEMALE, groups=(G.TRAFFICKING_SURVIVOR, G.AT_RISK,
                                            G.SOCIAL_ASSISTANCE)),
    _Row(_E, "ZVP-E-RQ", "Rrobaqepës industrial", "7533", "Elbasan", "Fabrika Tekstil-Al, Salla",
         "Luljeta Muça", (4, 5), (6, 25), MTWTF, (13, 17), 20, (18, 50), groups=(G.JOBSEEKER,)),
    _Row(_QE, "QFPE-KM-07", "Shërbim kamarieri", "5131", "Elbasan", "QFP Elbasan, Salla 2",
         "Brunilda Hasa", (9, 7), (11, 27), MWF, (9, 12), 18, (16, 40)),
    _Row(_E, "ZVP-E-KT", "Kontabilitet bazë me kompjuter", "4311", "Elbasan",
         "Zyra e Punësimit Elbasan, Salla 1", "Genta Rama", (2, 1), (4, 30), TT, (14, 17), 15,
         (18, 45), education=Education.SECONDARY, groups=(G.JOBSEEKER,)),
    _Row(_E, "ZVP-E-CRK", "Kuzhinier (Cërrik)", "5120", "Cërrik", "Shtëpia e Kulturës Cërrik",
         "Marsela Cani", (3, 2), (5, 27), TT, (9, 12), 12, (18, 50), groups=(G.JOBSEEKER,)),
    _Row(_HAPA, "HTR-CRK-1", "Saldim dhe punime metalike", "7212", "Cërrik",
         "Punishtja e Kombinatit, Cërrik", "Edmond Pasha", (5, 3), (7, 30), MWF, (14, 18), 10,
         (18, 35), Gender.MALE),
    _Row(_QE, "QFPE-LB-01", "Bujqësi bio dhe serra (Librazhd)", "6111", "Librazhd",
         "Qendra Shëndetësore e vjetër, Librazhd", "Ilirjan Bego", (3, 6), (6, 26), SAT, (8, 13),
         20, (18, None), education=Education.BASIC),
    _Row(_E, "ZVP-E-PQ", "Shitës dhe arkëtar", "5223", "Peqin", "Pallati i Kulturës Peqin",
         "Genta Rama", (5, 4), (6, 24), TT, (9, 12), 15, (18, 45), groups=(G.JOBSEEKER,)),
    _Row(_DRITA, "QD-GR-1", "Punime dore në tekstil (Gramsh)", "7318", "Gramsh",
         "Qendra Dritare, Gramsh", "Luljeta Muça", (6, 1), (8, 31), SAT, (9, 13), 12, (18, None),
         Gender.FEMALE, groups=(G.SOCIAL_ASSISTANCE,)),
    _Row(_QE, "QFPE-BL-02", "Përpunim i ullirit dhe ushqimeve", "8160", "Belsh",
         "Qendra Komunitare Belsh", "Sokol Brahimi", (9, 14), (11, 30), MWF, (14, 17), 15,
         (18, None), status=CourseStatus.PLANNED),
    _Row(_URA, "URA-10", "Kujdes për fëmijët (baby-sitter)", "5311", "Durrës",
         "Qendra Ura, Lagjja 4", "Elda Meta", (9, 14), (11, 30), TT, (10, 13), 12, (18, 45),
         Gender.FEMALE, Education.BASIC, groups=(G.TRAFFICKING_SURVIVOR, G.AT_RISK)),
    _Row(_QD, "QFPD-PS-10", "Pastiçeri", "7512", "Durrës", "QFP Durrës, Kuzhina",
         "Arben Leka", (9, 14), (12, 18), TT, (8, 12), 14, (16, 50)),
    _Row(_HAPA, "HTR-OLD-1", "Marangozi (anuluar)", "7115", "Durrës", "Hapa të Rinj, Rr. Taulantia",
         "Besnik Kola", (3, 1), (5, 29), MWF, (9, 12), 10, (18, 35),
         status=CourseStatus.CANCELLED),
)

_DAYS = {name.name: name for name in Weekday}


def demo_year(today: date | None = None) -> int:
    """The year the demo catalogue is set in: this year, or next year from September on."""
    today = today or date.today()
    return today.year + (1 if today.month >= 9 else 0)


def demo_courses(year: int) -> list[Course]:
    return [_course(row, year) for row in _ROWS]


def _course(row: _Row, year: int) -> Course:
    start_hour, end_hour = row.hours
    sessions = tuple(
        WeeklySession(_DAYS[day], time(start_hour), time(end_hour)) for day in row.days.split())
    return Course(
        provider=row.provider, code=row.code, title=row.title, occupation=row.isco,
        municipality=row.town, venue=row.venue, trainer=row.trainer,
        start=date(year, *row.start), end=date(year, *row.end), sessions=sessions,
        seats=row.seats, fee=row.fee, status=row.status,
        eligibility=Eligibility(min_age=row.ages[0], max_age=row.ages[1], gender=row.gender,
                                education=row.education, groups=frozenset(row.groups)),
    )


def demo_needs(year: int) -> list[Need]:
    """Labour-market needs for the year (invented, shaped like a regional skills survey)."""
    source = "Demo: anketa e nevojave për aftësi (fiktive)"

    def need(isco: str, area: str, demand: int, qark: bool = False,
             quarter: int | None = None) -> Need:
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        kind = AreaKind.QARK if qark else AreaKind.MUNICIPALITY
        return Need(isco, Area(kind, area), period, demand, source)

    return [
        need("5120", "Durrës", 60, qark=True),
        need("513", "Durrës", 80, qark=True),
        need("7531", "Durrës", 25),
        need("4222", "Durrës", 120),
        need("7411", "Durrës", 30, qark=True),
        need("7126", "Durrës", 15),
        need("72", "Durrës", 40, qark=True),
        need("5141", "Durrës", 10),
        need("7", "Elbasan", 150, qark=True),
        need("5120", "Elbasan", 35),
        need("7531", "Elbasan", 45, qark=True),
        need("3512", "Elbasan", 20),
        need("6111", "Librazhd", 30),
        need("5223", "Peqin", 12, quarter=2),
        need("4311", "Elbasan", 10, quarter=1),
        need("9112", "Shijak", 20),
    ]


def load_demo(store: Store, year: int | None = None) -> int:
    """Fill an empty catalogue with the demo data in one transaction; return courses added.

    Running it again adds nothing: courses are keyed on (provider, code).
    """
    year = year or demo_year()
    with store.write() as uow:
        provider_ids = {}
        for provider in PROVIDERS:
            stored = uow.providers.find(provider.name) or uow.providers.add(provider)
            provider_ids[provider.name] = int(stored.id or 0)
        new = [
            (course, provider_ids[course.provider]) for course in demo_courses(year)
            if uow.courses.find(course.provider, course.code) is None
        ]
        uow.courses.add_many(new)
        for provider_id in {pid for _, pid in new}:
            uow.providers.touch_list(provider_id)
        if not uow.needs.list():
            for need_row in demo_needs(year):
                uow.needs.add(need_row)
        return len(new)


__all__ = ["PROVIDERS", "demo_courses", "demo_needs", "demo_year", "ensure_provider", "load_demo"]
