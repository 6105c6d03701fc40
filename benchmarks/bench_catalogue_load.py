"""CPU time of the catalogue table's load at 100,000 courses, phase by phase and where it
runs: the load job in its worker (the storage read, `courses_for_table`, and the rest: filter
choices, people), then on the GUI thread the fill (`CataloguePage._loaded`) and the first
paint; then, off that path, folding the search texts (in a worker in the program). Thread
CPU time, so other jobs on a busy machine do not count.

    python3 benchmarks/bench_gui.py --db /tmp/big.db --runs 1      # builds the database once
    python3 benchmarks/bench_catalogue_load.py --db /tmp/big.db --runs 3
    python3 benchmarks/bench_catalogue_load.py --db /tmp/big.db --code /tmp/older-checkout

`--code` measures another copy of CourseHub (e.g. `git archive OLD | tar -x -C DIR`), so that
before and after can alternate in one session (docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QUndoStack
import coursehub.ui.catalogue_page as catalogue_page
import coursehub.ui.workers as workers
from coursehub.services.catalogue import CatalogueService
from coursehub.services.workspace import Workspace
from coursehub.ui.application import prepare_application
from coursehub.ui.context import UiContext
from coursehub.ui.settings import Settings

settings = Settings(Path(tempfile.mkdtemp()) / "settings.ini")
app = prepare_application(settings)
workspace = Workspace.open(Path(sys.argv[1]), read_only=True)
ctx = UiContext(workspace, settings, QUndoStack())
ctx.load_in_background = True
jobs = []
make_task = workers.Task.__init__
def remember_job(task, opener, job):
    jobs.append(job)
    make_task(task, opener, job)
workers.Task.__init__ = remember_job
read = CatalogueService.courses_for_table
read_time = []
def timed_read(service):
    started = time.thread_time()
    courses = read(service)
    read_time.append(time.thread_time() - started)
    return courses
CatalogueService.courses_for_table = timed_read
loaded = catalogue_page.CataloguePage._loaded
catalogue_page.CataloguePage._loaded = lambda page, result: None  # filled below, timed
page = catalogue_page.CataloguePage(ctx)
page.resize(1400, 800)
page.show()
QThreadPool.globalInstance().waitForDone()
app.processEvents()
read_time.clear()
started = time.thread_time()
result = jobs[0](workspace.for_worker_thread(), None, None)
worker = time.thread_time() - started
catalogue_page.CataloguePage._loaded = loaded
started = time.thread_time()
page._loaded(result)
fill = time.thread_time() - started
started = time.thread_time()
page.table.repaint()
paint = time.thread_time() - started
courses = page.model._all
started = time.thread_time()
page.model.search_texts(courses)
fold = time.thread_time() - started
print(read_time[0], worker - read_time[0], fill, paint, fold, page.model.total)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a catalogue made by bench_gui.py --db")
    parser.add_argument("--code", type=Path, default=ROOT, help="the CourseHub copy to measure")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(args.code)
    for _ in range(args.runs):
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.db), str(args.code)],
            capture_output=True, text=True, env=env, check=True,
        ).stdout  # fmt: skip
        read, rest, fill, paint, fold, total = map(float, output.split()[-6:])
        print(
            f"{int(total):,} courses: worker {read:.3f} s (storage read) + {rest:.3f} s (filter choices, "
            f"people); GUI thread {fill:.3f} s (fill) + {paint:.3f} s (first paint); critical path "
            f"{read + rest + fill + paint:.3f} s CPU; then the search texts {fold:.3f} s in a worker"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
