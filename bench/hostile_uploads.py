"""Hostile uploads against every reader: time and memory to refuse each (issue 16 §1).

    .venv/bin/python bench/hostile_uploads.py [--only NAME] [--keep DIR]

Builds at full size (in a temporary folder, or DIR kept between runs) the hostile files: a zip bomb (an .xlsx
of 1 GB of blanks), a sheet of 3,000,000 rows (its <dimension> true, lying, or missing), a sheet whose
<dimension> claims 3,000,000 rows, one of 100,000 empty rows and no <dimension>, a macro workbook named .xlsx, a
CSV of 1,000,000 village rows and one of 1,000,000 one-letter rows (under the size limit); and the costliest files
the limits let through: a village list of 9,990 rows and a Biểu 3 of 990 rows each with an error, and sheets
filling the row, cell and unpacked-size limits. Each file goes to each reader that takes it, as the web upload or
the command passes it: the village import (`import_villages` with an upload, and `sedp import-villages FILE`),
Biểu 3/4 (`village_forms.read_workbook`) and Biểu 1/2 (`figures.read_workbook`); the files at the limits also to
the guard alone (`open_xlsx` and every row read).

Each case runs in a fresh process (address space capped at 3 GB, so a regression cannot take the machine): it
measures the resident memory when idle (Django loaded, the reader imported), then runs the reader once and prints
the wall time, the peak resident memory above idle (VmHWM − VmRSS) and, in a second run under tracemalloc, the
peak of Python allocations; and the outcome: the first error and how many were listed of how many.
Goal: every hostile file refused in under 2 s and under 200 MB above idle. The database is a throw-away SQLite one
with empty tables (the command looks the file's communes up).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GOAL_SECONDS, GOAL_MB = 2.0, 200


def _bieu3_rows(n: int):
    """A Biểu 3 as the project writes it (title block, header on row 7) with `n` activities whose cost is not
    an amount: an error in every row."""
    from sedp.exports.village_forms import COLUMNS, HEADER_ROW

    yield ["Biểu 3"]
    yield ["KẾ HOẠCH TRUNG HẠN 2027 – 2031"]
    yield ["Thôn, buôn: Buôn Ea Kmát — Xã, phường: Ea Kao — Tỉnh: Đắk Lắk"]
    for _ in range(HEADER_ROW - 4):
        yield []
    yield [c.header for c in COLUMNS]
    row = [1, "", "Đường bê tông", "", "Xây dựng", "", 1, "km", "2027", "nhiều"]
    for _ in range(n):
        yield row


def _numbers(rows: int, cols: int):
    row = list(range(cols))
    for _ in range(rows):
        yield row


def build(folder: Path) -> dict[str, Path]:
    """The hostile files, built once into `folder`."""
    from sedp.exports.tests import hostile

    recipes = {
        "zip-bomb.xlsx": lambda t: hostile.zip_bomb(1 << 30, target=t),
        "3m-rows.xlsx": lambda t: hostile.many_rows(3_000_000, target=t),
        "3m-rows-dimension-lies.xlsx": lambda t: hostile.many_rows(3_000_000, declared="lie", target=t),
        "3m-rows-no-dimension.xlsx": lambda t: hostile.many_rows(3_000_000, declared=None, target=t),
        "dimension-3m-rows.xlsx": lambda t: hostile.build_xlsx(
            hostile.village_rows(1), dimension="A1:W3000000", target=t
        ),
        "100k-empty-rows.xlsx": lambda t: hostile.build_xlsx(([] for _ in range(100_000)), target=t),
        "xlsm-named.xlsx": lambda t: hostile.macro_workbook(target=t),
        "1m-rows.csv": lambda t: Path(t).write_bytes(hostile.csv_rows(1_000_000)),
        "1m-short-rows.csv": lambda t: Path(t).write_bytes(hostile.csv_rows(1_000_000, row="a")),
        "9990-bad-rows.xlsx": lambda t: hostile.build_xlsx(
            hostile.village_rows(9_990, bad=True), dimension=hostile.dimension(9_991), target=t
        ),
        "9990-bad-rows.csv": lambda t: Path(t).write_bytes(
            hostile.csv_rows(9_990, row="24169,Buôn Ea Nao,buôn,x,700,20,95")
        ),
        # At the limits (10,000 rows, 300,000 cells, 10 MB unpacked): accepted, so read in full.
        "limit-10000x30.xlsx": lambda t: hostile.build_xlsx(
            _numbers(10_000, 30), dimension="A1:AD10000", target=t
        ),
        "limit-300x1000.xlsx": lambda t: hostile.build_xlsx(
            _numbers(300, 1000), dimension="A1:ALL300", target=t
        ),
        "limit-10000x12-text.xlsx": lambda t: hostile.build_xlsx(
            ([f"Thôn {'x' * 25}"] * 12 for _ in range(10_000)), dimension="A1:L10000", target=t
        ),
        "bieu3-990-bad-rows.xlsx": lambda t: hostile.build_xlsx(
            _bieu3_rows(990), sheet="Biểu 3", dimension="A1:W997", target=t
        ),
    }
    files = {}
    for name, make in recipes.items():
        path = folder / name
        if not path.exists():
            started = time.perf_counter()
            make(str(path))
            print(
                f"  built {name}: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
            )
        files[name] = path
    return files


# Which reader takes which file (a CSV goes to the village import only; Biểu forms are .xlsx).
READERS = {
    "guard: open, read all": lambda name: name.startswith("limit"),
    "village import (web)": lambda name: not name.startswith(("bieu3", "limit")),
    "sedp import-villages": lambda name: not name.startswith(("bieu3", "limit")),
    "Biểu 3/4 (web)": lambda name: name.endswith(".xlsx") and not name.startswith(("9990", "limit")),
    "Biểu 1/2 (web)": lambda name: name.endswith(".xlsx") and not name.startswith(("9990", "bieu3", "limit")),
}


def _status_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in MB. getrusage's ru_maxrss would do for the
    peak, but Linux carries it over from the parent through fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(reader: str, path: str, trace: bool) -> None:
    """Run one reader on one file in this (fresh) process and print a JSON line."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import CommandError, call_command
    from django.utils import translation

    from sedp.exports import guard, village_forms
    from sedp.places.importers import import_villages
    from sedp.places.models import Unit
    from sedp.plans.baseline import figures

    translation.activate("vi")
    commune = Unit(pk=0, name="Phường Ea Kao", level="commune")

    def run():
        with open(path, "rb") as fh:
            upload = File(fh, name=Path(path).name)  # as the view gets it: a file with its size
            if reader == "guard: open, read all":
                wb = guard.open_xlsx(upload)
                read = [guard.sheet_rows(ws) for ws in wb.worksheets]
                cells = sum(len(r) for rows in read for r in rows)
                rows = sum(map(len, read))
                return [f"accepted: {rows:_} rows, {cells:_} cells read".replace("_", ".")], None
            if reader == "village import (web)":
                errors = import_villages(upload, filename=upload.name, commune=commune).errors
                return errors, errors
            if reader == "Biểu 3/4 (web)":
                errors = village_forms.read_workbook(upload)[3]
                return errors, errors
            if reader == "Biểu 1/2 (web)":
                errors = figures.read_workbook(upload, 2027, []).errors
                return errors, errors
        import io
        from contextlib import redirect_stderr

        err = io.StringIO()
        with redirect_stderr(err):
            try:
                call_command("import_villages", path, stderr=err)
            except CommandError as exc:
                return [*err.getvalue().splitlines(), str(exc)], None
        return [], None

    idle = _status_mb("VmRSS")
    if trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    try:
        errors, report = run()
        outcome = str(errors[0]) if errors else "accepted"
    except MemoryError:
        errors, report, outcome = [], None, "MemoryError"
    seconds = time.perf_counter() - started
    out = {"seconds": seconds, "idle_mb": idle}
    if trace:
        out["py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    else:
        out["peak_mb"] = _status_mb("VmHWM") - idle
    total = getattr(report, "total", None) or len(errors)
    out.update(outcome=outcome, listed=len(errors), total=total)
    print(json.dumps(out, ensure_ascii=False))


def measure(reader: str, path: Path, trace: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", reader, str(path)] + (["--trace"] if trace else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": 300.0, "outcome": "TIMEOUT (300 s)"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {
            "seconds": float("nan"),
            "outcome": "crashed: " + (done.stderr.strip().splitlines() or ["?"])[-1],
        }
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the files whose name contains this")
    parser.add_argument("--keep", help="build the files in this folder and keep them")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, trace=args.trace)
        return

    folder = Path(args.keep or tempfile.mkdtemp(prefix="sedp-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sedp.settings",
        SEDP_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        SEDP_TESTING="1",
    )
    import django

    django.setup()
    if not (
        folder / "bench.sqlite3"
    ).exists():  # empty tables: a commune code in a file is looked up, not found
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    print(f"Hostile files in {folder}:")
    files = build(folder)
    print()
    print(f"{'file':30} {'MB':>6}  {'reader':22} {'s':>6} {'+RSS MB':>8} {'py MB':>6}  outcome")
    worst_s = worst_mb = 0.0
    for name, path in files.items():
        if args.only and args.only not in name:
            continue
        for reader, takes in READERS.items():
            if not takes(name):
                continue
            plain = measure(reader, path, trace=False)
            traced = measure(reader, path, trace=True)
            hostile = not name.startswith(("9990", "bieu3", "limit"))  # the others are within the limits
            if hostile:
                worst_s = max(worst_s, plain["seconds"])
                worst_mb = max(worst_mb, plain.get("peak_mb", float("inf")))
            listed = (
                f" [{plain['listed']} listed of {plain['total']:,}]".replace(",", ".")
                if plain.get("total", 0) > 1
                else ""
            )
            print(
                f"{name:30} {path.stat().st_size / 1e6:6.1f}  {reader:22} {plain['seconds']:6.2f} "
                f"{plain.get('peak_mb', float('nan')):8.1f} {traced.get('py_peak_mb', float('nan')):6.1f}  "
                f"{plain['outcome'][:90]}{listed}"
            )
    print()
    ok = worst_s < GOAL_SECONDS and worst_mb < GOAL_MB
    print(
        f"Hostile files: slowest refusal {worst_s:.2f} s, most memory {worst_mb:.1f} MB above idle "
        f"(goal < {GOAL_SECONDS:.0f} s, < {GOAL_MB} MB): {'met' if ok else 'NOT MET'}."
    )


if __name__ == "__main__":
    main()
