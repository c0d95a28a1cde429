"""Where an audit's memory comes from over its run: RSS after the imports, after ``Linter()`` and every N rows.

.venv/bin/python bench/audit_rss.py [--every 1000] [--trace] [--baseline ../main/src]

One fresh process per side lints the en+ru benchmark texts (20,932 rows) through ``lint_stream`` with the console
script's start (``collector``, ``spacy_import``) and prints its RSS (``/proc/self/statm``) at each step, the CPU
time of the rows and its peak RSS (``ru_maxrss``). With ``--baseline`` another checkout's code (its ``src``, put
first on the path) runs at the same moment, so the two sides share the machine's load. ``--trace`` starts
``tracemalloc`` after ``Linter()`` and prints, for the highest sample, the memory it saw by file and by line (it
doubles the process's memory and slows it several times: compare its shares, not its RSS). ``--allocator`` prints what
Python's small-object allocator holds after ``Linter()`` and at the highest sample (``sys._debugmallocstats``): the
bytes in live blocks, in free blocks and in unused pools, and the live blocks by size.
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
every, trace, allocator = int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"
def pymalloc():
    # sys._debugmallocstats writes to the C stderr: read it through a file put in its place for the call.
    import tempfile
    with tempfile.TemporaryFile("w+") as out:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()
    stats, sizes = {}, {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5 and all(p.isdigit() for p in parts):
            sizes[int(parts[1])] = int(parts[3])
        elif line.startswith(("# bytes in allocated blocks", "# bytes in available blocks")) or "unused pools" in line:
            stats[line.split("=")[0].strip("# ").strip()] = int(line.split("=")[1].replace(",", ""))
    return {"stats": stats, "sizes": sizes}
samples = [("imports", rss())]
shared_linter()
samples.append(("Linter()", rss()))
heaps = [("Linter()", pymalloc())] if allocator else []
if trace:
    import tracemalloc
    tracemalloc.start()
highest, snapshot = 0.0, None
with open(sys.argv[1], "rb") as stream:
    started = time.process_time()
    for count, _ in enumerate(lint_stream(read_rows(stream, "jsonl", Columns())), 1):
        if count % every == 0:
            samples.append((f"{count:,} rows", rss()))
            if (trace or allocator) and samples[-1][1] > highest:
                highest = samples[-1][1]
                if trace:
                    snapshot = tracemalloc.take_snapshot()
                if allocator:
                    heaps[1:] = [(samples[-1][0], pymalloc())]
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
print(json.dumps({"samples": samples, "cpu": cpu, "peak": peak, "trace": lines, "heaps": heaps}))
"""


def _start(path: Path, every: int, trace: bool, src: str | None, allocator: bool = False) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(src).resolve()), env.get("PYTHONPATH")) if p)
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(every), "1" if trace else "0", "1" if allocator else "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _print_heaps(name: str, heaps: list[tuple[str, dict[str, dict[str, int]]]]) -> None:
    """What Python's small-object allocator held at each step (MiB), and the live blocks by size that grew most."""
    if not heaps:
        return
    print(f"\n{name}: Python's small-object allocator, MiB")
    for step, heap in heaps:
        print(f"- {step}: " + "; ".join(f"{key} {value / 2**20:.1f}" for key, value in heap["stats"].items()))
    if len(heaps) == 2:
        first, last = ({int(k): v for k, v in heap["sizes"].items()} for _, heap in heaps)
        grown = sorted(last, key=lambda size: (first.get(size, 0) - last[size]) * size)[:8]
        growth = {size: last[size] - first.get(size, 0) for size in grown}
        parts = [f"{size} B +{n:,} ({n * size / 2**20:.1f} MiB)" for size, n in growth.items()]
        print(f"- live blocks grown from {heaps[0][0]} to {heaps[1][0]}, by size: " + ", ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1000, help="rows between two samples")
    parser.add_argument("--trace", action="store_true", help="tracemalloc by file and line at the highest sample")
    parser.add_argument("--baseline", help="another checkout's src, run at the same moment")
    parser.add_argument("--allocator", action="store_true", help="Python's small allocator at the highest sample")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        rows = english() + russian()
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
        sides = {"this": _start(path, args.every, args.trace, None, args.allocator)}
        if args.baseline:
            sides["baseline"] = _start(path, args.every, args.trace, args.baseline, args.allocator)
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
        _print_heaps(name, results[name].get("heaps") or [])
        if results[name]["trace"]:
            print(f"\n{name}: tracemalloc at the highest sample, by file then by line")
            print("\n".join(results[name]["trace"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
