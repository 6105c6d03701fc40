"""One small stylesheet used by every screen, so the program looks the same everywhere.

The week calendar takes its provider colours from the printout (printing.styles), so the
screen and the notice board match."""

from __future__ import annotations

ACCENT = "#1f4e79"
ALBANIAN_RED = "#d62828"
STALE_TEXT = "#8a8a8a"
INVALID_BACKGROUND = "#fde2e2"

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #f6f7f9; }}
QListWidget#navigation {{
    background: {ACCENT}; color: white; border: none; font-size: 11pt; padding-top: 8px;
}}
QListWidget#navigation::item {{ padding: 9px 14px; }}
QListWidget#navigation::item:selected {{ background: #2f6da3; color: white; border-left: 4px solid #ffffff; }}
QListWidget#navigation::item:hover:!selected {{ background: #285f92; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: {ACCENT}; }}
QLabel#hint {{ color: #555555; }}
QLabel#problems {{ color: #9b1c1c; }}
QLabel#demo {{ background: #fff3c4; color: #6b4a00; font-weight: 600; padding: 1px 8px; }}
QFrame#detail {{ background: white; border: 1px solid #d5d9e0; border-radius: 6px; }}
QTableView {{ background: white; gridline-color: #e3e6eb; selection-background-color: #cfe2f3;
              selection-color: black; }}
QHeaderView::section {{ background: #e9edf2; border: none; border-right: 1px solid #d5d9e0;
                        padding: 4px 6px; font-weight: 600; }}
QPushButton {{ padding: 5px 12px; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{
    background: {INVALID_BACKGROUND}; border: 1px solid {ALBANIAN_RED};
}}
QStatusBar {{ background: #e9edf2; }}
"""
