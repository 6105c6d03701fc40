"""The application icon: drawn once in resources/icons/coursehub.svg, rendered to the PNG
sizes and the Windows .ico Qt and installers need.

    python3 -m coursehub.ui.icons        # regenerate resources/icons/generated/
    python3 -m coursehub.ui.icons --check  # exit 1 when the generated files are out of date

The generated folder holds a stamp with the SVG's SHA-256, so a test can tell whether the
files were made from the current drawing without depending on rasteriser details.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QPainter

from coursehub.paths import ICONS_DIR

SOURCE = ICONS_DIR / "coursehub.svg"
GENERATED = ICONS_DIR / "generated"
SIZES = (16, 24, 32, 48, 64, 128, 256)
STAMP = GENERATED / "source.sha256"


def source_hash(source: Path = SOURCE) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def png_path(size: int, folder: Path = GENERATED) -> Path:
    return folder / f"coursehub-{size}.png"


def expected_files(folder: Path = GENERATED) -> list[Path]:
    return [*(png_path(size, folder) for size in SIZES), folder / "coursehub.ico", folder / STAMP.name]


def render(size: int, source: Path = SOURCE) -> QImage:
    from PySide6.QtSvg import QSvgRenderer  # only needed when generating

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(source)).render(painter)
    painter.end()
    return image


def generate(folder: Path = GENERATED, source: Path = SOURCE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    # Qt picks PNG or ICO from the suffix (a format argument trips over PySide6 6.12's stubs,
    # which want bytes where the binding takes only str).
    for size in SIZES:
        render(size, source).save(str(png_path(size, folder)))
    render(256, source).save(str(folder / "coursehub.ico"))
    (folder / STAMP.name).write_text(source_hash(source) + "\n", encoding="ascii")
    return expected_files(folder)


def is_up_to_date(folder: Path = GENERATED, source: Path = SOURCE) -> bool:
    stamp = folder / STAMP.name
    return (
        all(path.exists() for path in expected_files(folder))
        and stamp.exists()
        and stamp.read_text(encoding="ascii").strip() == source_hash(source)
    )


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        path = png_path(size)
        if path.exists():
            icon.addFile(str(path))
    return icon


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        fine = is_up_to_date()
        print("icons up to date" if fine else "icons out of date: run python3 -m coursehub.ui.icons")
        return 0 if fine else 1
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["icons"])
    for path in generate():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
