"""What the importer reports: problems tied to a spreadsheet cell, and unreadable files."""

from __future__ import annotations

from dataclasses import dataclass

from coursehub.domain.errors import CourseHubError
from coursehub.domain.text import shown_value


class UnreadableFile(CourseHubError):
    """The file cannot be read as a table at all (exit code 2): nothing was changed."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One problem as the person sees it: spreadsheet row (1-based), column header, value."""

    row: int
    column: str
    value: str
    message: str

    def __post_init__(self) -> None:
        # a cell's value is quoted back to the person: never a hidden right-to-left override
        # that would turn the message around, never 100,000 characters
        object.__setattr__(self, "value", shown_value(str(self.value)))

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.row}" + (f", {self.column}" if self.column else "")
        shown = f" «{self.value}»" if self.value else ""
        return f"[{where}]{shown}: {self.message}"
