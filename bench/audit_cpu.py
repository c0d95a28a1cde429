"""Where an audit's CPU time goes: the parent process and its workers, for ``--jobs 1`` and ``--jobs 2``.

.venv/bin/python bench/audit_cpu.py [--jobs 1 2]

Each run is a fresh process auditing the en+ru benchmark texts (20,932 rows) as JSON Lines; printed are its wall
time, the CPU time of the parent and of its workers (``resource.getrusage``) and the parent's peak RSS. CPU time
is what a loaded machine does not inflate much: on two free cores ``--jobs 2`` can reach at most
2 × (CPU of ``--jobs 1``) / (CPU of ``--jobs 2``) times the one-process rate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, russian

CHILD = """
import json, resource, sys, time
from replylint.audit.run import audit_file
started = time.perf_counter()
summary = audit_file(sys.argv[1], jobs=int(sys.argv[2]), output="/dev/null")
wall = time.perf_counter() - started
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([summary.rows, wall, me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_maxrss]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        rows = english() + russian()
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
        for jobs in args.jobs:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), str(jobs)], check=True, capture_output=True, text=True
            )
            count, wall, parent, workers, rss = json.loads(out.stdout)
            print(
                f"--jobs {jobs}: {count:,} rows, {wall:.1f} s wall; CPU parent {parent:.2f} s, "
                f"workers {workers:.2f} s, total {parent + workers:.2f} s; parent peak RSS {rss / 1024:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
