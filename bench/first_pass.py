"""What a first pass costs beyond a warm one, beside proselint: the English tweets, fresh processes in turn.

.venv/bin/python bench/first_pass.py [--rounds 2] [--baseline ../main/src]

Each replylint process builds a linter, lints the same 50-reply warm-up as ``bench/run.py``, then passes over the
4,543 English tweets twice: the first pass (every word past the warm-up is new to its caches) and a warm one. It
prints both in replies per CPU second, and the collector's CPU time and passes in each (``gc.callbacks``).
proselint runs by ``bench/run.py --child proselint`` (one pass after the same warm-up) in the same round. With
``--baseline`` another checkout's code (its ``src``, first on the path) runs in turn as well. CPU time is what a
loaded machine moves least; only rounds of one sitting compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import gc, json, sys, time
sys.path.insert(0, sys.argv[1])
from run import WARM_UP, english
from replylint import Linter
lint = Linter().lint
texts = english()
for text in texts[:WARM_UP]:
    lint(text)
collected = {"cpu": 0.0, "passes": [0, 0, 0], "since": 0.0}
def watch(phase, info):
    if phase == "start":
        collected["since"] = time.process_time()
    else:
        collected["cpu"] += time.process_time() - collected["since"]
        collected["passes"][info["generation"]] += 1
gc.callbacks.append(watch)
out = {}
for name in ("first", "warm"):
    collected["cpu"], collected["passes"] = 0.0, [0, 0, 0]
    started = time.process_time()
    for text in texts:
        lint(text)
    cpu = time.process_time() - started
    out[name] = {"rate": len(texts) / cpu, "cpu": cpu, "gc_cpu": collected["cpu"], "gc_passes": collected["passes"]}
print(json.dumps(out))
"""


def _replylint(src: str | None) -> dict[str, dict[str, float]]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(src).resolve()), env.get("PYTHONPATH")) if p)
    out = subprocess.run([sys.executable, "-c", CHILD, str(HERE)], check=True, capture_output=True, text=True, env=env)
    result: dict[str, dict[str, float]] = json.loads(out.stdout)
    return result


def _proselint() -> float:
    command = [sys.executable, str(HERE / "run.py"), "--child", "proselint"]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE.parent)
    rate: float = json.loads(out.stdout)["throughput_cpu"]
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", help="another checkout's src, run in turn")
    args = parser.parse_args()
    for number in range(1, args.rounds + 1):
        load = os.getloadavg()[0]
        sides = {"this": _replylint(None)}
        if args.baseline:
            sides["baseline"] = _replylint(args.baseline)
        prose = _proselint()
        for name, side in sides.items():
            first, warm = side["first"], side["warm"]
            print(
                f"round {number} {name}: first pass {first['rate']:,.0f}, warm {warm['rate']:,.0f} replies per CPU "
                f"second ({first['rate'] / prose:.2f}× and {warm['rate'] / prose:.2f}× proselint); collector "
                f"{first['gc_cpu']:.2f} / {warm['gc_cpu']:.2f} s, passes {first['gc_passes']} / {warm['gc_passes']}"
            )
        print(f"round {number} proselint: {prose:,.0f} replies per CPU second; load average {load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
