"""Warm per-reply time of two checkouts, alternating fresh processes on the same texts (for a loaded machine).

.venv/bin/python bench/ab.py OLD/src NEW/src [--rounds 3] [--corpus en_long ru_long]

Each round runs one process per checkout and corpus, in turn; a process makes a first pass over the corpus, then
times a warm pass by the thread's CPU time. Printed: the median over rounds of each process's p50, p99 and mean
(ms) with their minimum and maximum (on a shared machine the minimum is the figure least inflated by others), the
ratio new/old of the median means and of the minimum means, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from run import english, long_replies, russian
from replylint import Linter
corpus = {corpus!r}
base = english() if corpus.startswith("en") else russian()
texts = long_replies(base) if corpus.endswith("_long") else base
linter = Linter()
for text in texts:
    linter.lint(text)
times = []
for text in texts:
    t = time.thread_time_ns()
    linter.lint(text)
    times.append((time.thread_time_ns() - t) / 1e6)
times.sort()
print(json.dumps([times[len(times) // 2], times[round(0.99 * (len(times) - 1))], sum(times) / len(times)]))
"""


def measure(src: str, corpus: str) -> list[float]:
    env = {**os.environ, "PYTHONPATH": src}
    code = CHILD.format(bench=str(HERE), corpus=corpus)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    figures: list[float] = json.loads(out.stdout)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", nargs="+", default=["en_long", "ru_long"])
    args = parser.parse_args()
    for corpus in args.corpus:
        runs: dict[str, list[list[float]]] = {"old": [], "new": []}
        for _ in range(args.rounds):
            for name in ("old", "new"):
                runs[name].append(measure(getattr(args, name), corpus))
        medians = {name: [statistics.median(r[k] for r in rs) for k in range(3)] for name, rs in runs.items()}
        for name, (p50, p99, mean) in medians.items():
            spread = ", ".join(
                f"{label} {min(r[k] for r in runs[name]):.3f}-{max(r[k] for r in runs[name]):.3f}"
                for k, label in enumerate(("p50", "p99", "mean"))
            )
            print(f"{corpus:8s} {name}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, mean {mean:.3f} ms (min-max: {spread})")
        print(
            f"{corpus:8s} new/old mean: {medians['new'][2] / medians['old'][2]:.2f}; of the minima "
            f"{min(r[2] for r in runs['new']) / min(r[2] for r in runs['old']):.2f} (load {os.getloadavg()[0]:.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
