"""Where an audit's memory comes from over its run: RSS after the imports, after ``Linter()`` and every N rows.

.venv/bin/python bench/audit_rss.py [--every 1000] [--trace] [--baseline ../main/src]

One fresh process per side lints the en+ru benchmark texts (20,932 rows) through ``lint_stream`` with the console
script's start (``collector``, ``spacy_import``) and prints its RSS (``/proc/self/statm``) at each step, the CPU
time of the rows and its peak RSS (``ru_maxrss``). With ``--baseline`` another checkout's code (its ``src``, put
first on the path) runs at the same moment, so the two sides share the machine's load. ``--trace`` starts
``tracemalloc`` after ``Linter()`` and prints, for the highest sample, the memory it saw by file and by line (it
doubles the process's memory and slows it several times: compare its shares, not its RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, russian

CHILD = """
import json, os, resource, sys, time
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
from replylint import collector, spacy_import
collector.pause()  # as the console script does for an audit
collector.hold_long_lived()
spacy_import.install()
from replylint.audit.pool import lint_stream
from replylint.audit.read import Columns, read_rows
from replylint.engine import shared_linter
every, trace = int(sys.argv[2]), sys.argv[3] == "1"
samples = [("imports", rss())]
shared_linter()
samples.append(("Linter()", rss()))
if trace:
    import tracemalloc
    tracemalloc.start()
highest, snapshot = 0.0, None
with open(sys.argv[1], "rb") as stream:
    started = time.process_time()
    for count, _ in enumerate(lint_stream(read_rows(stream, "jsonl", Columns())), 1):
        if count % every == 0:
            samples.append((f"{count:,} rows", rss()))
            if trace and samples[-1][1] > highest:
                highest, snapshot = samples[-1][1], tracemalloc.take_snapshot()
cpu = time.process_time() - started
samples.append(("end", rss()))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
lines = []
if snapshot is not None:
    for kind in ("filename", "lineno"):
        for stat in snapshot.statistics(kind)[:15]:
            frame = stat.traceback[0]
            where = frame.filename if kind == "filename" else f"{frame.filename}:{frame.lineno}"
            lines.append(f"{stat.size / 2**20:7.2f} MiB {stat.count:9,} blocks  {where}")
print(json.dumps({"samples": samples, "cpu": cpu, "peak": peak, "trace": lines}))
"""


def _start(path: Path, every: int, trace: bool, src: str | None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(src).resolve()), env.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(every), "1" if trace else "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1000, help="rows between two samples")
    parser.add_argument("--trace", action="store_true", help="tracemalloc by file and line at the highest sample")
    parser.add_argument("--baseline", help="another checkout's src, run at the same moment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        rows = english() + russian()
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
        sides = {"this": _start(path, args.every, args.trace, None)}
        if args.baseline:
            sides["baseline"] = _start(path, args.every, args.trace, args.baseline)
        results = {}
        for name, process in sides.items():
            out, _ = process.communicate()
            if process.returncode:
                print(f"{name}: the audit failed (exit {process.returncode})", file=sys.stderr)
                return 1
            results[name] = json.loads(out)
    print(f"load average at the end {os.getloadavg()[0]:.1f}; RSS in MiB")
    names = list(results)
    print("| step | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for i, (step, _) in enumerate(results[names[0]]["samples"]):
        print(f"| {step} | " + " | ".join(f"{results[n]['samples'][i][1]:.1f}" for n in names) + " |")
    print("| peak (ru_maxrss) | " + " | ".join(f"{results[n]['peak']:.1f}" for n in names) + " |")
    print("| CPU of the rows, s | " + " | ".join(f"{results[n]['cpu']:.2f}" for n in names) + " |")
    for name in names:
        if results[name]["trace"]:
            print(f"\n{name}: tracemalloc at the highest sample, by file then by line")
            print("\n".join(results[name]["trace"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
