"""The shell hook beside ``curl``: ``replylint check --server URL -`` as a fresh process per reply, and the same
request by ``curl``, in turn, against one ``replylint serve`` on loopback. ``--baseline OTHER/src`` adds another
checkout's client (the console script run with that ``src`` first on the path) to the same turns. Prints, per
client, the median and p90 of the wall clock and of the process's CPU time (user + system), in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import BIN, ROOT, start_service

REPLY = "Hello Anna, you should have checked the size chart before ordering!!! We cannot refund worn items."


def _run(cmd: list[str], stdin: bytes, env: dict[str, str] | None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one fresh process fed ``stdin``."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {os.waitstatus_to_exitcode(status)}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def _p90(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, round(0.9 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=30, help="calls per client (default 30)")
    parser.add_argument("--baseline", help="another checkout's src/ whose client joins the turns")
    args = parser.parse_args()
    started = start_service()
    if started is None:
        sys.exit("replylint serve did not become healthy")
    url, server = started
    script = [sys.executable, str(BIN / "replylint"), "check", "--server", url, "-"]
    clients: dict[str, tuple[list[str], bytes, dict[str, str] | None]] = {
        "replylint check --server": (script, REPLY.encode(), None)
    }
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
        clients["baseline check --server"] = (script, REPLY.encode(), env)
    curl = shutil.which("curl")
    if curl:
        body = json.dumps({"text": REPLY}).encode()
        clients["curl"] = ([curl, "-sf", "--data-binary", "@-", f"{url}/v1/lint"], body, None)
    try:
        for cmd, stdin, extra in clients.values():  # one call each first: the service's first lint, the disk cache
            _run(cmd, stdin, extra)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in clients}
        for _ in range(args.calls):
            for name, (cmd, stdin, extra) in clients.items():
                runs[name].append(_run(cmd, stdin, extra))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.calls} calls each, in turn")
    print("| client | wall median | wall p90 | CPU median | CPU p90 |")
    print("|---|---:|---:|---:|---:|")
    for name, values in runs.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        print(
            f"| {name} | {statistics.median(wall):.1f} ms | {_p90(wall):.1f} ms "
            f"| {statistics.median(cpu):.1f} ms | {_p90(cpu):.1f} ms |"
        )


if __name__ == "__main__":
    main()
