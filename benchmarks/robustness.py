"""Time and memory of ingestion on hostile-but-valid input: one very long line, and very many short rows.

    python benchmarks/robustness.py [--line-mb 1 3 10] [--rows 2000 5000 20000]

Each input is written to a temporary folder and ingested by the command line
(`python -m analysis ingest DIR --out DIR`) in a fresh process, so the figures
are what a user sees: CPU seconds (user + system of the child), wall seconds
and the child's peak resident memory.  The long line is the quote pattern
that made attribution quadratic (`"Iraq" said.` repeated, one paragraph);
the rows are a CSV of short articles.  Growth is reported as net CPU seconds per MB
(or per 1,000 rows) at each size: roughly constant means linear.

Writes benchmarks/results/robustness.json: ``rows`` (objects with ``input``,
``size``, ``unit``, ``seconds_cpu``, ``seconds_wall``, ``peak_rss_mb``,
``sentences``, ``seconds_cpu_net`` = CPU less the start-up measured on a
one-line page) and, per input kind, the ratio of the largest size's
per-unit CPU time to the smallest's (``line_growth_ratio``,
``rows_growth_ratio``; 1.0 is perfectly linear).
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import write_results

ROOT = Path(__file__).resolve().parents[1]
UNIT = '"Iraq" said. '
# the command line in a child that writes its own peak memory when it exits (RUSAGE_CHILDREN would give the
# largest child so far, not this one)
CHILD = ("import atexit, os, resource, runpy, sys\n"
         "atexit.register(lambda: open(os.environ['PEAK_RSS_FILE'], 'w').write("
         "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
         "sys.argv = ['analysis', *sys.argv[1:]]\n"
         "runpy.run_module('analysis', run_name='__main__')\n")


def long_line(folder: Path, mb: float) -> None:
    body = UNIT * int(mb * 1024 * 1024 // len(UNIT))
    (folder / "long.txt").write_text("A page with one long line\n\n" + body + "\n", encoding="utf-8")


def many_rows(folder: Path, n: int) -> None:
    with open(folder / "rows.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "text"])
        for i in range(n):
            w.writerow([f"r{i}", f"Report {i}", f"Outlet {i % 20}",
                        f"Officials in city {i} said on day {i % 300} that talks on item {i} would go on. "
                        f"\"We are ready,\" a spokesman for group {i % 50} told reporters."])


def ingest(folder: Path, out: Path, max_mb: float = 20.0) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    rss_file = out.parent / "peak_rss_kb"
    proc = subprocess.run([sys.executable, "-c", CHILD, "ingest", str(folder), "--out", str(out),
                           "--max-mb", str(max_mb)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "TQDM_DISABLE": "1", "PEAK_RSS_FILE": str(rss_file)})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"ingest failed on {folder}:\n{proc.stderr[-2000:]}")
    sentences = None
    for line in proc.stdout.splitlines():
        if "sentences" in line:
            for part in line.split(";"):
                if part.strip().endswith("sentences"):
                    sentences = int(part.split()[0])
    return {"seconds_cpu": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2),
            "seconds_wall": round(wall, 2),
            "peak_rss_mb": round(int(rss_file.read_text()) / 1024, 1), "sentences": sentences}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--line-mb", type=float, nargs="+", default=[1, 3, 10])
    ap.add_argument("--rows", type=int, nargs="+", default=[2000, 5000, 20000])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:     # start-up and a one-line page: subtracted before growth
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        (folder / "one.txt").write_text("A title\n\nOne short sentence said nothing.\n", encoding="utf-8")
        base = ingest(folder, Path(tmp) / "out")["seconds_cpu"]
    print(f"start-up and a one-line page: {base:.1f} s CPU (subtracted below)")
    rows = []
    for kind, sizes, make, unit in (("long_line", sorted(args.line_mb), long_line, "MB"),
                                    ("many_rows", sorted(args.rows), many_rows, "rows")):
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "corpus"
                folder.mkdir()
                make(folder, size)
                # the size limit is raised above the input: the point is the time, not the refusal
                limit = max(20.0, size * 1.5 if unit == "MB" else 20.0)
                row = {"input": kind, "size": size, "unit": unit, **ingest(folder, Path(tmp) / "out", limit)}
            if not row["sentences"]:
                sys.exit(f"{kind} {size} {unit}: nothing was ingested, so the time says nothing")
            row["seconds_cpu_net"] = round(max(0.0, row["seconds_cpu"] - base), 2)
            per = row["seconds_cpu_net"] / (size if unit == "MB" else size / 1000)
            row["cpu_per_unit"] = round(per, 3)
            rows.append(row)
            print(f"{kind:10s} {size:>8g} {unit:4s} cpu {row['seconds_cpu']:7.1f} s  wall {row['seconds_wall']:7.1f} s  "
                  f"peak {row['peak_rss_mb']:7.0f} MB  ({per:.2f} s per {'MB' if unit == 'MB' else '1k rows'})",
                  flush=True)
    results = {"rows": rows, "startup_seconds_cpu": base}
    for kind, key in (("long_line", "line_growth_ratio"), ("many_rows", "rows_growth_ratio")):
        mine = [r for r in rows if r["input"] == kind]
        if len(mine) >= 2 and mine[0]["cpu_per_unit"] > 0:
            results[key] = round(mine[-1]["cpu_per_unit"] / mine[0]["cpu_per_unit"], 2)
    print("wrote", write_results("robustness", results))


if __name__ == "__main__":
    main()
