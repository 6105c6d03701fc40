"""The erasure ledger: which pseudonyms were erased or anonymised, and when.

It lives beside the database (`<name>.erasures`), not inside it, so restoring an older
backup cannot roll it back: after a restore, and when the files beside the database are
rewritten, every erasure in it is applied again, and an erased person never comes back.
It holds no personal data: a pseudonym (DR-2027-0142), a time and the kind of erasure.
One JSON object per line, appended and flushed to disk before the erasure is committed.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.i18n import _

ANONYMISED, DELETED = "anonymised", "deleted"


@dataclass(frozen=True)
class Erasure:
    pseudonym: str
    at: datetime
    kind: str  # ANONYMISED (anonymous counts kept) or DELETED (every trace removed)


def ledger_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".erasures")


class ErasureLedger:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, db_path: Path) -> ErasureLedger:
        return cls(ledger_path(Path(db_path)))

    def append(self, erasure: Erasure) -> None:
        line = json.dumps(
            {"pseudonym": erasure.pseudonym, "at": erasure.at.isoformat(), "kind": erasure.kind}
        )
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise CourseHubError(
                _(
                    "The erasure could not be written to the erasure ledger {path} ({reason}); "
                    "nothing was erased."
                ).format(path=self.path, reason=os_reason(error))
            ) from error

    def entries(self) -> list[Erasure]:
        """Every erasure recorded; a damaged line (a write cut short) is skipped."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise CourseHubError(
                _("The erasure ledger {path} cannot be read ({reason}).").format(
                    path=self.path, reason=os_reason(error)
                )
            ) from error
        found = []
        for line in text.splitlines():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                data = json.loads(line)
                found.append(
                    Erasure(str(data["pseudonym"]), datetime.fromisoformat(data["at"]), str(data["kind"]))
                )
        return found
