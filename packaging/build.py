"""Build the self-contained CourseHub for the OS this runs on (docs/packaging.md).

    python packaging/build.py   # -> dist/CourseHub/ (Linux also dist/CourseHub-<version>-linux-<arch>.tar.gz)

Needs PyInstaller and CourseHub's dependencies in the Python that runs it (a build venv).
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "coursehub.spec"
ICON_SVG = ROOT / "resources" / "icons" / "coursehub.svg"
ICON_ICO = ROOT / "packaging" / "windows" / "coursehub.ico"
# Qt's own translations for other languages: CourseHub speaks sq (ours, in resources/locale/sq/qt)
# and en (Qt's built-in strings), so Qt's catalogue of ~40 languages is dead weight.
QT_TRANSLATIONS_GLOB = "**/PySide6/Qt/translations"
# Qt platform back ends for embedded devices and remote screens; the program needs the desktop
# ones (xcb, wayland, windows, cocoa) and offscreen (headless runs, the smoke test).
UNUSED_QT_PLUGINS = (
    "platforms/*qeglfs*", "platforms/*qlinuxfb*", "platforms/*qminimalegl*", "platforms/*qvnc*",
    "platforms/*qvkkhrdisplay*", "egldeviceintegrations",
)  # fmt: skip


def version() -> str:
    """The version from its single source, coursehub/__init__.py (read, not imported)."""
    text = (ROOT / "coursehub" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("coursehub/__init__.py has no __version__ line")
    return match.group(1)


def write_windows_icon() -> None:
    """Render the SVG icon into the .ico Windows wants for the .exe and the installer."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["build"])  # noqa: F841 (Qt needs one)
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICON_SVG)).render(painter)
    painter.end()
    if not image.save(str(ICON_ICO), "ICO"):
        raise SystemExit(f"could not write {ICON_ICO}")


def run_pyinstaller(dist: Path, work: Path) -> Path:
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
        "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "CourseHub"


def trim(bundle: Path) -> None:
    for folder in bundle.glob(QT_TRANSLATIONS_GLOB):
        shutil.rmtree(folder)
    for plugins in bundle.glob("**/PySide6/Qt/plugins"):
        for pattern in UNUSED_QT_PLUGINS:
            for path in plugins.glob(pattern):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    for library in bundle.glob("**/PySide6/Qt/lib/libQt6EglFs*"):
        library.unlink()  # used only by the eglfs platform plugin removed above
    # Translation sources are for translators; the program reads the compiled .mo/.qm.
    for source in list(bundle.rglob("*.po")) + list(bundle.rglob("*.ts")):
        if "resources" in source.parts:
            source.unlink()


def folder_size(folder: Path) -> int:
    """Bytes on disk, each file once (PyInstaller links some libraries by symlink)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def make_tarball(bundle: Path, dist: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    target = dist / f"CourseHub-{version()}-linux-{machine}.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(bundle, arcname=f"CourseHub-{version()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--no-tarball", action="store_true", help="Linux: skip the .tar.gz")
    parser.add_argument("--print-version", action="store_true", help="print the version and stop")
    args = parser.parse_args(argv)
    if args.print_version:
        print(version())
        return 0
    if sys.platform.startswith("win"):
        write_windows_icon()
    bundle = run_pyinstaller(args.dist.resolve(), args.work.resolve())
    trim(bundle)
    print(f"CourseHub {version()}: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    if sys.platform.startswith("linux") and not args.no_tarball:
        tarball = make_tarball(bundle, args.dist.resolve())
        print(f"tarball: {tarball} ({tarball.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
