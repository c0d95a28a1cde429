"""The replylint benchmark: latency, throughput, cold start, service round trip and peak RSS, with the peers
proselint and alex timed on the same English replies. Run it with ``make bench`` (see docs/performance.md).

Every measurement runs in a fresh process, so one cannot warm the next. The corpora are read from
``../shared/data`` next to the project root and never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from memory import wait_sampling

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
BIN = Path(sys.executable).parent
NODE_DIR = ROOT / "bench" / ".node"
ALEX_VERSION = "11.0.1"
#: Replies linted before timing starts (lazy set-up of every tool happens here, not in the timed pass).
WARM_UP = 50
#: Length band of the "long" subset, in characters.
LONG_MIN, LONG_MAX = 300, 800
#: Extra warm passes over the (smaller) long subsets, for more latency samples.
LONG_REPEATS = 2
COLD_RUNS = 7
HOOK_RUNS = 9
SERVICE_REQUESTS = 300

#: Load average per core above which the machine counts as busy: the run says so and repeats the in-process
#: measurements, reporting the median of each figure.
BUSY_LOAD = 0.5
BUSY_REPEATS = 3

TARGETS = {
    "p50_long_ms": ("≤", 0.5),
    "p99_long_ms": ("≤", 2.0),
    "throughput_en": ("≥", 1500.0),
    "ratio_proselint": ("≥", 6.0),
    "jobs_ratio": ("≥", 1.85),
    "cold_start_s": ("≤", 1.5),
    "hook_ms": ("≤", 80.0),
    "peak_rss_mb": ("≤", 180.0),
}


# --- corpora -------------------------------------------------------------------------------------------------


def _read_jsonl(name: str) -> Iterator[dict[str, Any]]:
    path = DATA / name
    if not path.is_file():
        sys.exit(
            f"bench: {path} not found. The benchmark reads the public corpora in ../shared/data next to the "
            "project root (see docs/performance.md); they are not part of the repository."
        )
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def english() -> list[str]:
    """Brand replies on Twitter: ``reply_text`` of twcs_company_replies.jsonl."""
    return [r["reply_text"] for r in _read_jsonl("twcs_company_replies.jsonl") if r.get("reply_text", "").strip()]


def russian() -> list[str]:
    """Both sides of russe_detox_pairs_ru.jsonl: each toxic comment and its first neutral rewrite."""
    texts = []
    for record in _read_jsonl("russe_detox_pairs_ru.jsonl"):
        texts.extend(t for t in (record.get("toxic"), record.get("neutral1")) if t and t.strip())
    return texts


def long_replies(texts: Sequence[str]) -> list[str]:
    """Replies of 300–800 characters: consecutive corpus texts joined with a space until the result reaches a
    length drawn uniformly from 300–800 (seeded); a join that would pass 800 starts over from the current text."""
    draw = random.Random(0)
    out, current, target = [], "", draw.randint(LONG_MIN, LONG_MAX)
    for text in texts:
        text = " ".join(text.split())
        joined = f"{current} {text}" if current else text
        # Too long together: start over from this text (or from nothing, if it alone is too long).
        current = joined if len(joined) <= LONG_MAX else text if len(text) <= LONG_MAX else ""
        if len(current) >= target:
            out.append(current)
            current, target = "", draw.randint(LONG_MIN, LONG_MAX)
    return out


# --- measurements that run in a child process ----------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed_pass(fn: Callable[[str], object], texts: Sequence[str]) -> tuple[float, float, list[float], list[float]]:
    """Replies per second over one pass by the wall clock and by this process's CPU time, and each call's
    latency in milliseconds by both clocks (CPU time does not count the time other processes held the core)."""
    wall, cpu = [], []
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    started, cpu_started = clock(), time.process_time()
    for text in texts:
        t0, c0 = clock(), cpu_clock()
        fn(text)
        cpu.append((cpu_clock() - c0) / 1e6)
        wall.append((clock() - t0) / 1e6)
    wall_s, cpu_s = (clock() - started) / 1e9, time.process_time() - cpu_started
    return len(texts) / wall_s, len(texts) / cpu_s, wall, cpu


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_replylint() -> dict[str, Any]:
    """Build a linter, then per corpus: a first pass (word caches cold) and a second, warm pass."""
    t0 = time.perf_counter()
    from replylint import Linter

    imported = time.perf_counter()
    linter = Linter()
    built = time.perf_counter()
    en, ru = english(), russian()
    corpora = {"en": en, "ru": ru, "en_long": long_replies(en), "ru_long": long_replies(ru)}
    for text in en[:WARM_UP] + ru[:WARM_UP]:
        linter.lint(text)
    out: dict[str, Any] = {
        "import_s": imported - t0,
        "build_s": built - imported,
        "rules": len(linter.rules),
        "corpora": {},
    }
    for name, texts in corpora.items():
        first, first_cpu, _, _ = _timed_pass(linter.lint, texts)
        warm, _, latencies, cpu = _timed_pass(linter.lint, texts)
        for _ in range(LONG_REPEATS if name.endswith("_long") else 0):
            more = _timed_pass(linter.lint, texts)
            latencies += more[2]
            cpu += more[3]
        out["corpora"][name] = {
            "replies": len(texts),
            "mean_chars": statistics.fmean(len(t) for t in texts),
            "throughput_first": first,
            "throughput_first_cpu": first_cpu,
            "throughput_warm": warm,
            "p50_ms": _percentile(latencies, 0.5),
            "p99_ms": _percentile(latencies, 0.99),
            "max_ms": max(latencies),
            "p50_cpu_ms": _percentile(cpu, 0.5),
            "p99_cpu_ms": _percentile(cpu, 0.99),
        }
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def _peer_pass(name: str, set_up: Callable[[], Callable[[str], object]], version: str) -> dict[str, Any]:
    """What the proselint comparison times, the same for both tools in a fresh process each: the set-up (imports,
    building the linter) and the same 50-reply warm-up, then one pass over the English replies (for replylint its
    first pass: every word past the warm-up is new to its caches). ``setup_s`` is the set-up and warm-up by the
    wall clock; ``process_cpu_s`` the process's CPU time from its start, interpreter start-up included."""
    started = time.perf_counter()
    lint = set_up()
    texts = english()
    for text in texts[:WARM_UP]:
        lint(text)
    setup = time.perf_counter() - started
    rate, cpu_rate, latencies, _ = _timed_pass(lint, texts)
    return {
        "name": name,
        "version": version,
        "replies": len(texts),
        "setup_s": setup,
        "throughput": rate,
        "throughput_cpu": cpu_rate,
        "p50_ms": _percentile(latencies, 0.5),
        "process_cpu_s": time.process_time(),
    }


def child_proselint() -> dict[str, Any]:
    """proselint's own per-text entry point (``LintFile.lint``) with every default check enabled."""
    from importlib.metadata import version

    def set_up() -> Callable[[str], object]:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(__register__)
        return lambda text: LintFile("<reply>", text).lint()

    return _peer_pass("proselint", set_up, version("proselint"))


def child_replylint_en() -> dict[str, Any]:
    """replylint as :func:`child_proselint` runs proselint: ``Linter().lint`` on the same replies."""
    from importlib.metadata import version

    def set_up() -> Callable[[str], object]:
        from replylint import Linter

        return Linter().lint

    return _peer_pass("replylint", set_up, version("replylint"))


CHILDREN = {"replylint": child_replylint, "proselint": child_proselint, "replylint_en": child_replylint_en}


def run_child(name: str, repeats: int = 1) -> dict[str, Any]:
    """Run one measurement in ``repeats`` fresh interpreters; the median of each figure."""
    results = []
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", name], capture_output=True, text=True, check=False, cwd=ROOT
        )
        if done.returncode != 0:
            raise RuntimeError(f"{name} measurement failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout)
        result["process_wall_s"] = time.perf_counter() - started  # the whole process: start-up counted
        results.append(result)
    return _median(results)


def _median(results: list[Any]) -> Any:
    """The median of every number across runs of the same measurement (other values from the first run)."""
    first = results[0]
    if isinstance(first, dict):
        return {key: _median([r[key] for r in results]) for key in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        return statistics.median(results)
    return first


def versus_proselint(repeats: int = 1) -> dict[str, Any]:
    """replylint and proselint by the same steps (:func:`_peer_pass`), fresh processes in turn; medians."""
    runs: dict[str, list[Any]] = {"replylint": [], "proselint": []}
    for _ in range(repeats):
        runs["replylint"].append(run_child("replylint_en"))
        runs["proselint"].append(run_child("proselint"))
    return {name: _median(results) for name, results in runs.items()}


def _busy() -> bool:
    return os.getloadavg()[0] / (os.cpu_count() or 1) > BUSY_LOAD


# --- measurements driven from the parent ---------------------------------------------------------------------


def _wall(cmd: Sequence[str], stdin: bytes | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (``ru_maxrss``) and peak anonymous memory (sampled ``RssAnon``, :mod:`memory`), in
    MB, of one fresh process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        assert proc.stdin is not None
        if stdin is not None:
            proc.stdin.write(stdin)
        proc.stdin.close()
        ended = wait_sampling(proc.pid)
        elapsed = time.perf_counter() - started
        proc.returncode = ended.code
        if proc.returncode not in (0, 1):
            err.seek(0)
            message = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {message}")
    return elapsed, ended.maxrss_kib / 1024, ended.anon_peak_kib / 1024


REPLY = "Hello Anna, you should have checked the size chart before ordering!!! We cannot refund worn items."


def cold_start() -> dict[str, Any]:
    """``replylint check -`` on one reply, each run in a fresh process."""
    runs = [_wall([str(BIN / "replylint"), "check", "-"], REPLY.encode()) for _ in range(COLD_RUNS)]
    return {"median_s": statistics.median(r[0] for r in runs), "peak_rss_mb": max(r[1] for r in runs)}


#: Pairs of ``audit --jobs 1`` and ``--jobs 2`` runs (in turn, the order swapped each pair) at least, and when the
#: machine is busy (:data:`BUSY_REPEATS`): the ratio of one pair moved by 0.2 between runs on a quiet machine.
JOBS_PAIRS = 2


def audit_jobs(texts: Sequence[str], pairs: int = JOBS_PAIRS) -> dict[str, Any]:
    """``replylint audit --jobs N`` over a JSON Lines file of the English and Russian replies, end to end,
    and over a 20-row file to show the fixed cost (starting the processes and building their linters). The two
    run in turn ``pairs`` times, the order swapped each time; each figure is the median of its runs, and
    ``ratio`` the median of the pairs' ratios of ``--jobs 2`` over ``--jobs 1``."""
    out: dict[str, Any] = {}
    runs: dict[str, list[tuple[float, float, float]]] = {"1": [], "2": []}
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "replies.jsonl", Path(tmp) / "few.jsonl"
        big.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
        small.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts[:20]), encoding="utf-8")

        def base(jobs: str) -> list[str]:
            return [str(BIN / "replylint"), "audit", "--jobs", jobs, "--no-progress", "--output", os.devnull]

        for number in range(pairs):
            for jobs in ("1", "2") if number % 2 == 0 else ("2", "1"):
                runs[jobs].append(_wall([*base(jobs), str(big)]))
        for jobs in ("1", "2"):
            wall = statistics.median(run[0] for run in runs[jobs])
            fixed = _wall([*base(jobs), str(small)])[0]
            out[jobs] = {
                "rows": len(texts),
                "wall_s": wall,
                "walls_s": [run[0] for run in runs[jobs]],
                "fixed_s": fixed,
                "throughput": len(texts) / wall,
                "throughput_net": len(texts) / max(wall - fixed, 1e-9),
                "parent_rss_mb": statistics.median(run[1] for run in runs[jobs]),
                "parent_anon_mb": statistics.median(run[2] for run in runs[jobs]),
            }
    out["ratio"] = statistics.median(one[0] / two[0] for one, two in zip(runs["1"], runs["2"], strict=True))
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_service() -> tuple[str, subprocess.Popen[bytes]] | None:
    """``replylint serve`` started on a free loopback port: its URL and process once it answers ``/healthz``, or
    None (the process stopped) if it did not within a minute."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "replylint"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return url, server
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            server.wait(timeout=10)
            return None
        time.sleep(0.1)


def service() -> dict[str, Any]:
    """``replylint serve`` on this machine: HTTP round trips of a warm client, and the shell hook
    ``replylint check --server URL -`` as a fresh process per reply."""
    check = subprocess.run(
        [str(BIN / "replylint"), "serve", "--help"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if check.returncode != 0:
        return {"skipped": "replylint serve is not available"}
    started = start_service()
    if started is None:
        return {"skipped": "replylint serve did not become healthy"}
    url, server = started
    try:
        body = json.dumps({"text": REPLY}).encode()
        latencies = []
        for _ in range(SERVICE_REQUESTS):
            request = urllib.request.Request(f"{url}/v1/lint", data=body, headers={"Content-Type": "application/json"})
            t0 = time.perf_counter()
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()
            latencies.append((time.perf_counter() - t0) * 1000)
        hook = [
            _wall([str(BIN / "replylint"), "check", "--server", url, "-"], REPLY.encode()) for _ in range(HOOK_RUNS)
        ]
        # The same check from a shell without Python: curl posts the reply as JSON.
        curl = shutil.which("curl")
        command = [curl or "curl", "-sf", "--data-binary", "@-", f"{url}/v1/lint"]
        curl_runs = [_wall(command, body)[0] for _ in range(HOOK_RUNS if curl else 0)]
        return {
            "curl_median_ms": statistics.median(curl_runs) * 1000 if curl_runs else None,
            "http_p50_ms": _percentile(latencies, 0.5),
            "http_p99_ms": _percentile(latencies, 0.99),
            "hook_median_ms": statistics.median(h[0] for h in hook) * 1000,
            "hook_peak_rss_mb": max(h[1] for h in hook),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def alex() -> dict[str, Any]:
    """alex's ``text()`` per reply in Node, installed into bench/.node on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return {"skipped": "node and npm are needed to time alex"}
    if not (NODE_DIR / "node_modules" / "alex" / "package.json").is_file():
        print(f"bench: installing alex@{ALEX_VERSION} into {NODE_DIR} ...", file=sys.stderr)
        subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--silent", f"alex@{ALEX_VERSION}"],
            check=True,
        )
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(english(), handle)
    try:
        done = subprocess.run(
            [node, str(ROOT / "bench" / "alex.mjs"), str(NODE_DIR), handle.name, str(WARM_UP)],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- report --------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "unknown"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    load = os.getloadavg()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "os": platform.platform(),
        "node": node or "n/a",
        "load": load,
    }


def _verdict(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    op, limit = TARGETS[key]
    ok = value <= limit if op == "≤" else value >= limit
    return f"{'met' if ok else 'NOT met'} ({op} {limit:g})"


def render(results: dict[str, Any]) -> str:
    """The results as Markdown tables (the ones in docs/performance.md)."""
    m, rl = results["machine"], results["replylint"]
    c = rl["corpora"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}, Node {m['node']}; {m['os']}.",
        f"replylint {rl['rules']} rules; import {rl['import_s']:.2f} s, Linter() {rl['build_s']:.2f} s. "
        f"Load average when the run started: {m['load']:.2f}"
        + (
            " (other processes were running: wall-clock figures are inflated; CPU-time figures less so)."
            if m["load"] > 0.5
            else "."
        ),
        "",
        "Latency by the wall clock (and by the thread's CPU time), warm; throughput over the first pass of a fresh",
        "linter (word caches empty) by the wall clock (and by CPU time), and over a second, warm pass.",
        "",
        "| corpus | replies | mean chars | p50 ms | p99 ms | max ms | replies/s, first pass | replies/s, warm |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in c.items():
        lines.append(
            f"| {name} | {row['replies']:,} | {row['mean_chars']:.0f} | "
            f"{row['p50_ms']:.3f} ({row['p50_cpu_ms']:.3f}) | {row['p99_ms']:.3f} ({row['p99_cpu_ms']:.3f}) | "
            f"{row['max_ms']:.1f} | "
            f"{row['throughput_first']:,.0f} ({row['throughput_first_cpu']:,.0f}) | {row['throughput_warm']:,.0f} |"
        )
    long_p50 = max(c["en_long"]["p50_ms"], c["ru_long"]["p50_ms"])
    long_p99 = max(c["en_long"]["p99_ms"], c["ru_long"]["p99_ms"])
    en_rate = c["en"]["throughput_first"]
    versus, alx = results.get("proselint", {}), results.get("alex", {})
    ours, prose = versus.get("replylint", {}), versus.get("proselint", {})
    ratio_prose = ours["throughput"] / prose["throughput"] if "throughput" in prose else None
    ratio_alex = en_rate / alx["throughput"] if "throughput" in alx else None
    jobs, cold, svc = results["jobs"], results["cold"], results["service"]
    rows = [
        ("warm p50, 300–800 chars (worst of en/ru)", f"{long_p50:.3f} ms", _verdict("p50_long_ms", long_p50)),
        ("warm p99, 300–800 chars (worst of en/ru)", f"{long_p99:.3f} ms", _verdict("p99_long_ms", long_p99)),
        (
            "throughput, one process, English (first pass)",
            f"{en_rate:,.0f} replies/s",
            _verdict("throughput_en", en_rate),
        ),
        (
            "throughput, one process, Russian (first pass)",
            f"{c['ru']['throughput_first']:,.0f} replies/s",
            "",
        ),
    ]
    for n in ("1", "2"):
        j = jobs[n]
        rows.append(
            (
                f"`replylint audit --jobs {n}`, {j['rows']:,} en+ru rows",
                f"{j['throughput']:,.0f} rows/s end to end ({j['wall_s']:.1f} s); "
                f"{j['throughput_net']:,.0f} rows/s without the {j['fixed_s']:.1f} s fixed cost",
                "",
            )
        )
    jobs_ratio = jobs.get("ratio", jobs["2"]["throughput"] / jobs["1"]["throughput"])
    pairs = len(jobs["1"].get("walls_s", [0]))
    rows.append(
        (
            f"`audit --jobs 2` over `--jobs 1`, end to end (median of {pairs} pairs run in turn)",
            f"{jobs_ratio:.2f}×",
            _verdict("jobs_ratio", jobs_ratio),
        )
    )
    if ratio_prose is not None:
        rows.append(
            (
                f"proselint {prose['version']} on the same {prose['replies']:,} English replies, one pass after the "
                "same 50-reply warm-up, a fresh process each, start-up not counted",
                f"{prose['throughput']:,.0f} replies/s; replylint {ours['throughput']:,.0f} (its first pass) → "
                f"{ratio_prose:.1f}× (by CPU time: {ours['throughput_cpu'] / prose['throughput_cpu']:.1f}×)",
                _verdict("ratio_proselint", ratio_prose),
            )
        )
        rows.append(
            (
                "the same two processes from start to exit, start-up counted (interpreter, imports, set-up)",
                f"replylint {ours['process_wall_s']:.2f} s ({ours['process_cpu_s']:.2f} s CPU, "
                f"{ours['setup_s']:.2f} s to set up), proselint {prose['process_wall_s']:.2f} s "
                f"({prose['process_cpu_s']:.2f} s CPU, {prose['setup_s']:.2f} s) → "
                f"{prose['process_wall_s'] / ours['process_wall_s']:.1f}× "
                f"(by CPU time: {prose['process_cpu_s'] / ours['process_cpu_s']:.1f}×)",
                "",
            )
        )
    if ratio_alex is not None:
        rows.append(
            (
                f"alex {alx['version']} on the same English replies",
                f"{alx['throughput']:,.0f} replies/s → replylint is {ratio_alex:.1f}×",
                "",
            )
        )
    elif "skipped" in alx:
        rows.append(("alex", alx["skipped"], "n/a"))
    rows.append(
        (
            "CLI cold start, `replylint check -`, one reply",
            f"{cold['median_s']:.2f} s (median of {COLD_RUNS})",
            _verdict("cold_start_s", cold["median_s"]),
        )
    )
    if "skipped" in svc:
        rows.append(("service round trip", svc["skipped"], "n/a"))
    else:
        rows.append(
            (
                "shell hook `replylint check --server URL -`",
                f"{svc['hook_median_ms']:.1f} ms (median of {HOOK_RUNS} fresh processes)",
                _verdict("hook_ms", svc["hook_median_ms"]),
            )
        )
        if svc["curl_median_ms"] is not None:
            rows.append(
                (
                    "shell hook `curl --data-binary @- URL/v1/lint`",
                    f"{svc['curl_median_ms']:.1f} ms (median of {HOOK_RUNS} fresh processes)",
                    _verdict("hook_ms", svc["curl_median_ms"]),
                )
            )
        rows.append(
            (
                "HTTP `POST /v1/lint`, warm client",
                f"p50 {svc['http_p50_ms']:.2f} ms, p99 {svc['http_p99_ms']:.2f} ms",
                "",
            )
        )
    audit_rss = jobs["1"]["parent_rss_mb"]
    rows += [
        (
            f"peak RSS, `replylint audit --jobs 1` over {jobs['1']['rows']:,} replies",
            f"{audit_rss:.0f} MB (`ru_maxrss`); {jobs['1']['parent_anon_mb']:.1f} MB its own (peak `RssAnon`)",
            _verdict("peak_rss_mb", audit_rss),
        ),
        ("peak RSS, the benchmark process (all corpora held in memory)", f"{rl['peak_rss_mb']:.0f} MB", ""),
        ("peak RSS, CLI on one reply", f"{cold['peak_rss_mb']:.0f} MB", ""),
    ]
    loads = results.get("loads", {})
    lines += [
        "",
        f"Load average (1 min) at the start of each step: {', '.join(f'{k} {v:.1f}' for k, v in loads.items())}.",
    ]
    lines += ["", "| measure | result | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {t} |" for a, b, t in rows]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--no-peers", action="store_true", help="skip proselint and alex")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child]()))
        return 0
    en, ru = english(), russian()  # fail early and clearly when the data is absent
    results: dict[str, Any] = {"machine": machine(), "loads": {}}
    repeats = BUSY_REPEATS if _busy() else 1
    if repeats > 1:
        print(
            f"bench: WARNING: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other processes are "
            f"running; wall-clock figures are inflated. Repeating replylint and proselint {repeats} times (medians).",
            file=sys.stderr,
        )
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("replylint", lambda: run_child("replylint", repeats)),
        ("cold", cold_start),
        ("jobs", lambda: audit_jobs(en + ru, max(JOBS_PAIRS, repeats))),
        ("service", service),
    ]
    if not args.no_peers:
        steps += [("proselint", lambda: versus_proselint(repeats)), ("alex", alex)]
    for name, step in steps:
        results["loads"][name] = os.getloadavg()[0]
        print(f"bench: {name} ... (load average {results['loads'][name]:.1f})", file=sys.stderr, flush=True)
        started = time.perf_counter()
        results[name] = step()
        print(f"bench: {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(render(results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
