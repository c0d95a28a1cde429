"""The collector in a process that lints on: warm long replies with the collector as it is and with
``collector.hold_long_lived()``, in fresh processes (each pair at the same moment, for a loaded machine).

.venv/bin/python bench/collector.py [--rounds 3]

Each process builds a linter, lints the English and Russian corpora once (its word caches fill, as in an audit or
the service), then times warm passes over en_long and ru_long by the thread's CPU time, and records each full pass
of the collector (``gc.callbacks``) and what one ``gc.collect()`` costs at the end. Printed per round and side: p50,
p99 and max (ms), the full passes in the timed passes (count and CPU ms), and the closing collection.
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
import gc, json, sys, time
sys.path.insert(0, {bench!r})
from run import english, long_replies, russian
from replylint import Linter, collector
clock = time.thread_time_ns
linter = Linter()
if {hold!r}:
    collector.hold_long_lived()
en, ru = english(), russian()
for text in en + ru:
    linter.lint(text)
full, began = [], [0]
def seen(phase, info):
    if phase == "start":
        began[0] = clock()
    elif info["generation"] == 2:
        full.append((clock() - began[0]) / 1e6)
gc.callbacks.insert(0, seen)
times = []
for texts in (long_replies(en), long_replies(ru)):
    for _ in range(2):
        for text in texts:
            t = clock()
            linter.lint(text)
            times.append((clock() - t) / 1e6)
gc.callbacks.remove(seen)
t = clock()
gc.collect()
closing = (clock() - t) / 1e6
times.sort()
print(json.dumps([times[len(times) // 2], times[round(0.99 * (len(times) - 1))], times[-1], full, closing]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    results: dict[str, list[list[float]]] = {"as is": [], "hold_long_lived": []}
    for round_ in range(args.rounds):
        sides = list(results) if round_ % 2 == 0 else list(reversed(results))
        running = {
            side: subprocess.Popen(
                [sys.executable, "-c", CHILD.format(bench=str(HERE), hold=side == "hold_long_lived")],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for side in sides
        }
        for side, process in running.items():
            out, _ = process.communicate()
            p50, p99, most, full, closing = json.loads(out)
            results[side].append([p50, p99, most])
            print(
                f"round {round_ + 1}, {side:15s}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {most:.1f} ms; "
                f"{len(full)} full passes ({sum(full):.1f} ms, longest {max(full, default=0):.1f}); "
                f"gc.collect() at the end {closing:.1f} ms"
            )
    for side, runs in results.items():
        p50, p99, most = (statistics.median(r[k] for r in runs) for k in range(3))
        print(f"median, {side:15s}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {most:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
