"""The user guide inside the program: the Markdown pages of docs/guide/<language>/, shown
offline in a QTextBrowser, with a search over every page of the guide.

F1 opens the page about the current screen (`PAGE_FOR_SCREEN`); error dialogs that have a
fix open the page that explains it (`guide_page_for`). One window is kept and reused, so
F1 pressed twice does not stack windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _, current_language
from coursehub.paths import GUIDE_DIR
from coursehub.ui.actions import alt_key, plain_words, with_keys
from coursehub.ui.common import fit_to_screen, name
from coursehub.ui.pages import PageId

CONTENTS = "index.md"

# The guide page about each screen of the main window.
PAGE_FOR_SCREEN = {
    PageId.CATALOGUE: "catalogue.md",
    PageId.CALENDAR: "printing.md",
    PageId.OVERLAPS: "overlaps.md",
    PageId.GAPS: "gaps.md",
    PageId.TRAINEES: "trainees.md",
    PageId.PROVIDERS: "providers.md",
    PageId.NEEDS: "gaps.md",
}
IMPORTING_PAGE = "importing.md"
DATABASE_PAGE = "database-problems.md"
SERVER_PAGE = "server.md"

_open_window: HelpWindow | None = None


@dataclass(frozen=True)
class GuidePage:
    file: str
    title: str
    text: str


def guide_folder(language: str | None = None) -> Path:
    """The guide's folder in this language, English when a language has no guide."""
    folder = GUIDE_DIR / (language or current_language())
    return folder if folder.is_dir() else GUIDE_DIR / "en"


def guide_pages(language: str | None = None) -> list[GuidePage]:
    """Every page of the guide, the contents first, then in the contents' order."""
    folder = guide_folder(language)
    index = (folder / CONTENTS).read_text(encoding="utf-8")
    order = [CONTENTS, *re.findall(r"\]\(([\w-]+\.md)\)", index)]
    order += sorted(p.name for p in folder.glob("*.md") if p.name not in order)
    pages = []
    for file in dict.fromkeys(order):
        path = folder / file
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), file)
            pages.append(GuidePage(file, title, text))
    return pages


def search_guide(words: str, language: str | None = None) -> list[tuple[GuidePage, int]]:
    """Pages holding every word (case and accents as typed, ë matches e), most hits first."""
    wanted = [_fold(word) for word in words.split() if word.strip()]
    if not wanted:
        return []
    found = []
    for page in guide_pages(language):
        text = _fold(_plain(page.text))
        if all(word in text for word in wanted):
            found.append((page, sum(text.count(word) for word in wanted)))
    return sorted(found, key=lambda hit: -hit[1])


def _fold(text: str) -> str:
    """Lower case, ë as e and ç as c: people often type Albanian without them."""
    return text.lower().replace("ë", "e").replace("ç", "c")


def _plain(markdown: str) -> str:
    """The words a reader sees: no image paths or link targets."""
    return re.sub(r"\]\([^)]*\)", "]", markdown)


def guide_page_for(error: CourseHubError) -> str | None:
    """The guide page that explains how to fix this error, if there is one."""
    from coursehub.domain.safety import DatabaseFileError
    from coursehub.domain.server import ServerLoginRefused, ServerNotReady, ServerUnavailable
    from coursehub.importing.problems import UnreadableFile

    if isinstance(error, DatabaseFileError):
        return DATABASE_PAGE
    if isinstance(error, ServerUnavailable | ServerLoginRefused | ServerNotReady):
        return SERVER_PAGE
    if isinstance(error, UnreadableFile):
        return IMPORTING_PAGE
    return None


def give_tooltips(screen: QWidget) -> None:
    """Every button of a screen's rows of commands gets a tooltip: its words and its Alt key
    ("New course (Alt+N)"); buttons that already explain themselves keep their own."""
    for button in [*screen.findChildren(QPushButton), *screen.findChildren(QToolButton)]:
        text = button.text()
        if not text.strip() or button.toolTip():
            continue
        button.setToolTip(with_keys(plain_words(text), alt_key(text)))


class GuideBrowser(QTextBrowser):
    """Shows the Markdown pages; pictures are scaled down to the width of the view."""

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        url = QUrl(url)
        if kind == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            image = QImage(url.toLocalFile())
            width = max(self.viewport().width() - 40, 200)
            if not image.isNull() and image.width() > width:
                image = image.scaledToWidth(width)
            return image
        return super().loadResource(kind, url)


class HelpWindow(QDialog):
    """The guide: a search box and the list of pages on the left, the page on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = ""
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.pages_list = QListWidget()
        self.pages_list.setWordWrap(True)  # long titles wrap rather than scroll sideways
        self.browser = GuideBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(True)
        self.found_label = QLabel()
        self.found_label.setWordWrap(True)
        self.search.textChanged.connect(self._list_pages)
        self.search.returnPressed.connect(self._open_first_found)
        self.pages_list.currentItemChanged.connect(self._page_chosen)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.found_label)
        column.addWidget(self.pages_list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        fit_to_screen(self, 1000, 720)
        self.retranslate()

    def retranslate(self) -> None:
        """Labels and pages in the current language, staying on the same page."""
        current = self.current_file()
        self.language = current_language()
        self.setWindowTitle(_("CourseHub guide"))
        name(self.search, _("Search the guide"))
        self.search.setPlaceholderText(_("Search the guide…"))
        name(self.pages_list, _("Pages of the guide"))
        name(self.browser, _("Guide page"))
        self.browser.setSearchPaths([str(guide_folder())])
        self._list_pages()
        self.open_page(current or CONTENTS)

    def current_file(self) -> str:
        source = self.browser.source()
        return Path(source.toLocalFile()).name if source.isLocalFile() else ""

    def open_page(self, file: str) -> None:
        path = guide_folder() / file
        if not path.is_file():
            path = guide_folder() / CONTENTS
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        self._mark_word()

    def _list_pages(self) -> None:
        words = self.search.text().strip()
        self.pages_list.blockSignals(True)
        self.pages_list.clear()
        if words:
            hits = search_guide(words)
            for page, count in hits:
                item = QListWidgetItem(f"{page.title} ({count})")
                item.setData(256, page.file)
                self.pages_list.addItem(item)
            self.found_label.setText(
                _("Found on {n} pages.").format(n=len(hits)) if hits else _("No page holds these words.")
            )
        else:
            for page in guide_pages():
                item = QListWidgetItem(page.title)
                item.setData(256, page.file)
                self.pages_list.addItem(item)
            self.found_label.setText("")
        self.found_label.setVisible(bool(words))
        self.pages_list.blockSignals(False)

    def _open_first_found(self) -> None:
        if self.pages_list.count():
            self.pages_list.setCurrentRow(0)

    def _page_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_page(item.data(256))

    def _mark_word(self) -> None:
        """Select the first word searched for, so the eye finds it on the page."""
        words = self.search.text().split()
        if words:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
            self.browser.find(words[0])


def open_guide(parent: QWidget | None, file: str = CONTENTS) -> HelpWindow:
    """Show the guide at this page, in the interface language (one window, reused)."""
    global _open_window
    window = _open_window
    if window is None or not shiboken6.isValid(window) or window.parent() is not parent:
        window = HelpWindow(parent)
        _open_window = window
    elif window.language != current_language():
        window.retranslate()
    window.open_page(file)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def open_guide_window() -> HelpWindow | None:
    """The guide window if one was opened (for the language switch and for tests)."""
    return _open_window if _open_window is not None and shiboken6.isValid(_open_window) else None
