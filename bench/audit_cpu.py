"""Where an audit's CPU time goes: the parent process and its workers, for ``--jobs 1`` and ``--jobs 2``.

.venv/bin/python bench/audit_cpu.py [--jobs 1 2]

Each run is a fresh process auditing the en+ru benchmark texts (20,932 rows) as JSON Lines; printed are its wall
time, the CPU time of the parent and of its workers (``resource.getrusage``) and the parent's peak RSS. CPU time
is what a loaded machine does not inflate much: on two free cores ``--jobs 2`` can reach at most
2 × (CPU of ``--jobs 1``) / (CPU of ``--jobs 2``) times the one-process rate.

``--pairs N`` runs ``--jobs 1`` and ``--jobs 2`` in turn N times (the side that starts alternates) and prints each
pair's wall-clock ratio, their median and spread, and the load average at each run: a single pair on a shared
machine says little.

``--parts`` adds, in one more process, the CPU time of each part of the parent's work in ``--jobs 2``, each part
run on its own over the same rows: reading and parsing the rows, pickling the chunks sent to the workers, the
linting itself (the workers' share), pickling the outcomes (in a worker) and unpickling them (in the parent),
counting them into the summary and writing the results lines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, russian

CHILD = """
import json, resource, sys, time
from replylint import collector, spacy_import
collector.pause()  # as the console script does for an audit
spacy_import.install()
from replylint.audit.run import audit_file
started = time.perf_counter()
summary = audit_file(sys.argv[1], jobs=int(sys.argv[2]), output="/dev/null")
wall = time.perf_counter() - started
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([summary.rows, wall, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_maxrss]))
"""


PARTS = """
import json, pickle, sys, time
from replylint.audit.pool import CHUNK_ROWS, _chunks, lint_rows
from replylint.audit.read import Columns, read_rows
from replylint.audit.summary import AuditSummary
from replylint.engine import shared_linter
parts = {}
def part(name, work):
    started = time.process_time()
    result = work()
    parts[name] = time.process_time() - started
    return result
with open(sys.argv[1], "rb") as stream:
    rows = part("read and parse rows", lambda: list(read_rows(stream, "jsonl", Columns())))
chunks = list(_chunks(iter(rows), CHUNK_ROWS))
sent = part("pickle the chunks of rows", lambda: [pickle.dumps(c, pickle.HIGHEST_PROTOCOL) for c in chunks])
linter = shared_linter()
results = part("lint (the workers)", lambda: [lint_rows(linter, c) for c in chunks])
back = part("pickle the outcomes (a worker)", lambda: [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in results])
outcomes = [o for chunk in part("unpickle the outcomes", lambda: [pickle.loads(b) for b in back]) for o in chunk]
summary = AuditSummary()
part("count into the summary", lambda: [summary.add(o) for o in outcomes])
with open("/dev/null", "w", encoding="utf-8") as out:
    part("write the results lines", lambda: [out.write(o.json_line + "\\n") for o in outcomes])
sizes = {"rows": sum(map(len, sent)), "outcomes": sum(map(len, back))}
print(json.dumps({"parts": parts, "pickled_bytes": sizes}))
"""


def _run(path: Path, jobs: int) -> tuple[int, float, float, float, int]:
    """One audit in a fresh process: rows, wall seconds, CPU of the parent and of its workers, peak RSS (KiB)."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(jobs)], check=True, capture_output=True, text=True
    )
    count, wall, parent, workers, rss = json.loads(out.stdout)
    return count, wall, parent, workers, rss


def pairs(path: Path, n: int) -> None:
    """``--jobs 1`` against ``--jobs 2``, ``n`` pairs in turn: the ratio of their wall times, pair by pair."""
    ratios = []
    for i in range(n):
        walls = {}
        for jobs in (1, 2) if i % 2 == 0 else (2, 1):
            load = os.getloadavg()[0]
            _, walls[jobs], parent, workers, _ = _run(path, jobs)
            cpu = f"CPU {parent:.2f} + {workers:.2f} s"
            print(f"pair {i + 1} --jobs {jobs}: {walls[jobs]:.1f} s wall, {cpu}, load {load:.1f}")
        ratios.append(walls[1] / walls[2])
        print(f"pair {i + 1}: --jobs 2 over --jobs 1 {ratios[-1]:.2f}×")
    print(f"{n} pairs: median {statistics.median(ratios):.2f}×, range {min(ratios):.2f}–{max(ratios):.2f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--parts", action="store_true", help="also time each part of the parent's work")
    parser.add_argument("--pairs", type=int, default=0, help="instead: N alternating pairs of --jobs 1 and --jobs 2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        rows = english() + russian()
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
        if args.pairs:
            pairs(path, args.pairs)
            return 0
        for jobs in args.jobs:
            count, wall, parent, workers, rss = _run(path, jobs)
            print(
                f"--jobs {jobs}: {count:,} rows, {wall:.1f} s wall; CPU parent {parent:.2f} s, "
                f"workers {workers:.2f} s, total {parent + workers:.2f} s; parent peak RSS {rss / 1024:.0f} MiB"
            )
        if args.parts:
            out = subprocess.run([sys.executable, "-c", PARTS, str(path)], check=True, capture_output=True, text=True)
            result = json.loads(out.stdout)
            for name, seconds in result["parts"].items():
                print(f"  {name}: {seconds:.2f} s CPU")
            sizes = result["pickled_bytes"]
            print(f"  pickled: rows {sizes['rows'] / 2**20:.1f} MiB, outcomes {sizes['outcomes'] / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
