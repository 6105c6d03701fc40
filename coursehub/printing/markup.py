"""Safe text for ReportLab Paragraphs.

Paragraph text is markup: a course title from someone's spreadsheet may contain
`<img src=...>` (ReportLab would fetch it) or `<font ...>`. Every value that did not come
from our own code goes through `esc` before it is put into markup.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# Control characters break the Paragraph parser and print as boxes; keep tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: object) -> str:
    """`value` as literal text inside Paragraph markup; line breaks kept as <br/>."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br/>")


def bold(value: object) -> str:
    return f"<b>{esc(value)}</b>"


def ellipsize(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis (for cramped calendar blocks)."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"
