"""Messy course lists as people keep them, in every form docs/importing.md lists, written as
CSV (UTF-8 with and without BOM, Windows-1250/1252; comma, semicolon, tab), XLSX and ODS.

Each file has title and blank rows above the header; the XLSX title is a merged cell and its
dates are real date cells. EXPECTED says what each row must import as.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from coursehub.domain.model import CourseStatus, Education, Gender, TargetGroup, Weekday

G, W = TargetGroup, Weekday
MTWTF = (W.MO, W.TU, W.WE, W.TH, W.FR)

SQ_HEADERS = [
    "Kodi",
    "Emri i kursit",
    "Kodi ISCO",
    "Bashkia",
    "Adresa",
    "Data e fillimit",
    "Data e mbarimit",
    "Ditët e javës",
    "Orari",
    "Vende",
    "Mosha",
    "Gjinia",
    "Arsimi",
    "Grupet e synuara",
    "Trajneri",
    "Statusi",
    "Tarifa",
    "Shënime",
]
SQ_ROWS = [
    [
        "SQ-01",
        "Rrobaqepësi",
        "7531",
        "Durres",
        "QFP Durrës, Salla 2",
        "11 janar 2027",
        "28 shkurt 2027",
        "E hënë - e premte",
        "9-12",
        "15",
        "16-35",
        "Femra",
        "9-vjeçar",
        "viktima të trafikimit, romë dhe egjiptianë",
        "Mirela Hoxha",
        "Hapur",
        "falas",
        "",
    ],
    [
        "SQ-02",
        "Kuzhinier",
        "5120",
        "Elbasan",
        "Kuzhina",
        "1 mars 2027",
        "30 prill 2027",
        "Hën, Mër, Pre",
        "9.00–12.00",
        "12",
        "18-",
        "Meshkuj",
        "i mesëm",
        "punëkërkues të regjistruar; PAK",
        "Arben Leka",
        "Planifikuar",
        "5000",
        "Çdo javë",
    ],
    [
        "SQ-03",
        "Elektricist",
        "7411",
        "Kruje",
        "",
        "3 maj 2027",
        "30 qershor 2027",
        "e marte dhe e enjte",
        "14:00-17:00",
        "10",
        "16+",
        "Të gjitha",
        "arsim i lartë",
        "braktisës të shkollës dhe në rrezik trafikimi",
        "",
        "Anuluar",
        "2.500 lekë",
        "",
    ],
    [
        "SQ-04",
        "Hidraulik",
        "7126",
        "Shijak",
        "",
        "1 korrik 2027",
        "31 gusht 2027",
        "E shtunë",
        "8-13",
        "20",
        "-25",
        "",
        "fillor",
        "emigrantë të kthyer, përfitues të ndihmës ekonomike",
        "",
        "",
        "",
        "",
    ],
    [
        "SQ-05",
        "Parukeri",
        "5141",
        "Durrës",
        "",
        "1 shtator 2027",
        "31 tetor 2027",
        "e diel",
        "10-12",
        "8",
        "",
        "",
        "pa arsim",
        "persona me aftësi të kufizuara",
        "",
        "",
        "",
        "",
    ],
    [
        "SQ-06",
        "Kamarier",
        "5131",
        "Elbasan",
        "",
        "03.04.2027",
        "30/06/2027",
        "Sht, Die",
        "09:00-12:00",
        "14",
        "",
        "",
        "arsim bazë",
        "viktimë e trafikimit",
        "",
        "",
        "",
        "",
    ],
    [
        "SQ-07",
        "Saldator",
        "7212",
        "Elbasan",
        "",
        "15 nëntor 2027",
        "20 dhjetor 2027",
        "Mar, Enj",
        "9-12",
        "12",
        "",
        "",
        "",
        "punëkërkues",
        "",
        "",
        "",
        "",
    ],
    [
        "SQ-08",
        "Mekanik",
        "7231",
        "Durrës",
        "",
        "1.6.27",
        "2027-07-15",
        "e hene, e merkure",
        "9-12",
        "12",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]
EN_HEADERS = [
    "Course code",
    "Course title",
    "ISCO code",
    "Municipality",
    "Venue",
    "Start date",
    "End date",
    "Weekdays",
    "Time",
    "Seats",
    "Min age",
    "Max age",
    "Gender",
    "Minimum education",
    "Target groups",
    "Instructor",
    "Status",
    "Fee",
    "Notes",
]
EN_ROWS = [
    [
        "EN-01",
        "Tailoring",
        "7531",
        "Durrës",
        "Room 1",
        "2027-01-11",
        "2027-02-28",
        "Mon-Fri",
        "09:00-12:00",
        "15",
        "16",
        "35",
        "female",
        "basic",
        "trafficking survivors and Roma and Egyptians",
        "Elda Meta",
        "open",
        "free",
        "",
    ],
    [
        "EN-02",
        "Cooking",
        "5120",
        "Elbasan",
        "",
        "01/03/2027",
        "30/04/2027",
        "Monday, Wednesday, Friday",
        "9-12",
        "12",
        "18",
        "",
        "male",
        "lower secondary",
        "registered jobseekers; persons with disabilities",
        "",
        "planned",
        "5000",
        "",
    ],
    [
        "EN-03",
        "Electrician",
        "7411",
        "Krujë",
        "",
        "03.05.2027",
        "30.06.2027",
        "Tuesday and Thursday",
        "14-17",
        "10",
        "",
        "",
        "all",
        "university",
        "school dropouts, at risk of trafficking",
        "",
        "cancelled",
        "",
        "",
    ],
    [
        "EN-04",
        "Plumbing",
        "7126",
        "Shijak",
        "",
        "1 July 2027",
        "31 August 2027",
        "Sat",
        "8-13",
        "20",
        "",
        "25",
        "",
        "primary",
        "returned migrants, families on economic aid",
        "",
        "",
        "",
        "",
    ],
    [
        "EN-05",
        "Hairdressing",
        "5141",
        "Durrës",
        "",
        "01.09.2027",
        "31.10.2027",
        "Sun",
        "10-12",
        "8",
        "",
        "",
        "",
        "none",
        "victims of trafficking",
        "",
        "",
        "",
        "",
    ],
]


def _s(days: tuple, start: int, end: int) -> tuple:
    return tuple((d, time(start), time(end)) for d in days)


# Rows NN of SQ_ROWS and EN_ROWS describe the same course, so they share what they must import as.
_SAME_IN_BOTH: dict[str, dict[str, Any]] = {
    "01": dict(
        start=date(2027, 1, 11),
        end=date(2027, 2, 28),
        sessions=_s(MTWTF, 9, 12),
        ages=(16, 35),
        gender=Gender.FEMALE,
        education=Education.BASIC,
        groups={G.TRAFFICKING_SURVIVOR, G.ROMA_EGYPTIAN},
        fee=0,
    ),
    "02": dict(
        start=date(2027, 3, 1),
        end=date(2027, 4, 30),
        sessions=_s((W.MO, W.WE, W.FR), 9, 12),
        ages=(18, None),
        gender=Gender.MALE,
        groups={G.JOBSEEKER, G.DISABILITY},
        status=CourseStatus.PLANNED,
        fee=5000,
    ),
    "03": dict(
        municipality="Krujë",
        sessions=_s((W.TU, W.TH), 14, 17),
        education=Education.HIGHER,
        groups={G.SCHOOL_DROPOUT, G.AT_RISK},
        status=CourseStatus.CANCELLED,
    ),
    "04": dict(
        start=date(2027, 7, 1),
        end=date(2027, 8, 31),
        ages=(None, 25),
        education=Education.PRIMARY,
        groups={G.RETURNED_MIGRANT, G.SOCIAL_ASSISTANCE},
    ),
    "05": dict(sessions=_s((W.SU,), 10, 12), education=Education.NONE),
}
# What only one language's row says (or says differently: "i mesëm" is secondary, "lower
# secondary" is basic education).
_ONLY_IN_ONE: dict[str, dict[str, Any]] = {
    "SQ-01": dict(municipality="Durrës", seats=15, status=CourseStatus.OPEN, title="Rrobaqepësi"),
    "SQ-02": dict(education=Education.SECONDARY, notes="Çdo javë"),
    "SQ-03": dict(
        start=date(2027, 5, 3), end=date(2027, 6, 30), ages=(16, None), gender=Gender.ALL, fee=2500
    ),
    "SQ-04": dict(sessions=_s((W.SA,), 8, 13), status=CourseStatus.OPEN),
    "SQ-05": dict(start=date(2027, 9, 1), end=date(2027, 10, 31), ages=(None, None), groups={G.DISABILITY}),
    "SQ-06": dict(
        start=date(2027, 4, 3),
        end=date(2027, 6, 30),
        sessions=_s((W.SA, W.SU), 9, 12),
        education=Education.BASIC,
        groups={G.TRAFFICKING_SURVIVOR},
    ),
    "SQ-07": dict(
        start=date(2027, 11, 15),
        end=date(2027, 12, 20),
        sessions=_s((W.TU, W.TH), 9, 12),
        groups={G.JOBSEEKER},
    ),
    "SQ-08": dict(
        start=date(2027, 6, 1), end=date(2027, 7, 15), sessions=_s((W.MO, W.WE), 9, 12), groups=set()
    ),
    "EN-01": dict(trainer="Elda Meta"),
    "EN-02": dict(education=Education.BASIC),
    "EN-03": {},
    "EN-04": {},
    "EN-05": dict(groups={G.TRAFFICKING_SURVIVOR}),
}
EXPECTED: dict[str, dict[str, Any]] = {
    code: {**_SAME_IN_BOTH.get(code[-2:], {}), **own} for code, own in _ONLY_IN_ONE.items()
}

TITLE_ROWS = [["Lista e kurseve të formimit profesional 2027"], []]


def check_course(course, expected: dict[str, Any]) -> None:
    for name, want in expected.items():
        if name == "sessions":
            got = tuple((s.weekday, s.start, s.end) for s in sorted(course.sessions))
        elif name == "ages":
            got = (course.eligibility.min_age, course.eligibility.max_age)
        elif name in ("gender", "education"):
            got = getattr(course.eligibility, name)
        elif name == "groups":
            got, want = set(course.eligibility.groups), set(want)
        else:
            got = getattr(course, name)
        assert got == want, f"{course.code}.{name}: {got!r} != {want!r}"


def write_csv(
    path: Path,
    headers: list[str],
    rows: list[list[Any]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    title: bool = True,
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if title:
            writer.writerows(TITLE_ROWS)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _as_date_cell(text: str) -> Any:
    """Dates of the form dd.mm.yyyy or yyyy-mm-dd become real date cells."""
    for form in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    return text


def write_xlsx(
    path: Path,
    headers: list[str],
    rows: list[list[Any]],
    *,
    sheet: str = "Kurset 2027",
    extra_sheet: bool = True,
) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Shënime" if extra_sheet else sheet
    if extra_sheet:
        first["A1"] = "Kjo fletë nuk ka kurse."
        target = workbook.create_sheet(sheet)
    else:
        target = first
    target["A1"] = TITLE_ROWS[0][0]
    target.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    target.append([])
    target.append(headers)
    date_columns = {i for i, h in enumerate(headers) if "Dat" in h or "date" in h}
    for row in rows:
        cells = [(_as_date_cell(c) if i in date_columns and c else c) for i, c in enumerate(row)]
        cells = [
            int(c) if isinstance(c, str) and c.isdigit() and headers[i] in ("Vende", "Seats") else c
            for i, c in enumerate(cells)
        ]
        target.append(cells)
    workbook.save(path)
    return path


def write_ods(path: Path, headers: list[str], rows: list[list[Any]], *, sheet: str = "Kurset") -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)

    def add_row(values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            if isinstance(value, datetime):
                cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%d"))
                cell.addElement(P(text=value.strftime("%d.%m.%Y")))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            elif value:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell()
            row.addElement(cell)
        table.addElement(row)

    title = TableRow()
    merged = TableCell(valuetype="string", numbercolumnsspanned=6)
    merged.addElement(P(text=TITLE_ROWS[0][0]))
    title.addElement(merged)
    table.addElement(title)
    add_row([])
    add_row(headers)
    date_columns = {i for i, h in enumerate(headers) if "Dat" in h or "date" in h}
    for row in rows:
        add_row(
            [
                (
                    _as_date_cell(c)
                    if i in date_columns and c
                    else int(c)
                    if headers[i] in ("Vende", "Seats")
                    else c
                )
                for i, c in enumerate(row)
            ]
        )
    # LibreOffice ends a sheet with a long run of empty rows; readers must skip it.
    tail = TableRow(numberrowsrepeated=1_048_000)
    tail.addElement(TableCell(numbercolumnsrepeated=1024))
    table.addElement(tail)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path
