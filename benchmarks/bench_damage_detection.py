"""How often the check on open finds random damage: a figure for docs/reliability.md.

    python3 benchmarks/bench_damage_detection.py --trials 500

A demo database is copied; in each trial a run of random bytes overwrites a random place of
the copy, and the open-time check (header + PRAGMA quick_check) and the full PRAGMA
integrity_check are asked. Damage that only changes a stored value inside a record (a
letter in a title) keeps the file's structure valid; no check short of a checksum per page
can see it, which is why a detected share below 100 % is expected and reported as it is.
Bytes that land in unused space change nothing a reader sees; they are counted apart
(the SQL dump of the copy equals the original's).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from coursehub.services.demo import load_demo
from coursehub.storage import open_store
from coursehub.storage.backup import integrity_problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--bytes", type=int, default=64, help="length of each overwritten run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    original = folder / "demo.db"
    store = open_store(original)
    load_demo(store, 2027)
    store.close()
    size = original.stat().st_size
    rng = random.Random(args.seed)
    quick = full = harmless = silent = 0
    reference = dump(original)
    began = time.perf_counter()
    for trial in range(args.trials):
        copy = folder / f"trial{trial % 4}.db"
        shutil.copyfile(original, copy)
        data = bytearray(copy.read_bytes())
        offset = rng.randrange(0, size - args.bytes)
        data[offset : offset + args.bytes] = rng.randbytes(args.bytes)
        copy.write_bytes(bytes(data))
        quick += bool(integrity_problems(copy))
        found = bool(integrity_problems(copy, full=True))
        full += found
        if not found:
            if reference is not None and dump(copy) == reference:
                harmless += 1
            else:
                silent += 1
    elapsed = time.perf_counter() - began
    print(
        f"database {size:,} bytes ({size // 4096} pages), {args.trials} trials, "
        f"{args.bytes} random bytes each"
    )
    print(f"found by header + quick_check: {quick} ({100 * quick / args.trials:.1f} %)")
    print(f"found by full integrity_check: {full} ({100 * full / args.trials:.1f} %)")
    print(f"not found, nothing readable changed (unused space): {harmless}")
    print(f"not found, a stored value changed (needs a page checksum to see): {silent}")
    damaging = args.trials - harmless
    for name, count in (("quick_check", quick), ("integrity_check (on open up to 4 MiB)", full)):
        print(
            f"{name} among the trials that changed anything: {count} of {damaging} "
            f"({100 * count / max(damaging, 1):.1f} %)"
        )
    print(f"{elapsed / args.trials * 1000:.1f} ms per trial")


def dump(path: Path) -> list[str] | None:
    conn = sqlite3.connect(path)
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        return list(conn.iterdump())
    except (sqlite3.Error, UnicodeDecodeError, AttributeError, TypeError):
        return None
    finally:
        conn.close()


if __name__ == "__main__":
    main()
