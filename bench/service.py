"""The service's round trip and throughput, and the same figures for another checkout's service in the same run
(the standard-library service before the move to FastAPI/uvicorn: ``--baseline ../main/src``).

Each service runs alone with one lint worker process, on a loopback port, with the same replies. A round trip
is one ``POST /v1/lint`` on a fresh connection (both services answer one request per connection); the services
take turns request by request, so the machine's load (shared, noisy) falls on both alike. Throughput is 8
clients posting at once, in bursts that alternate between the services. Prints a JSON object and a Markdown
table.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPLIES = [
    "Hello Anna, you should have checked the size chart before ordering!!! We cannot refund worn items.",
    "Thank you for writing. We have sent a new parcel today; the tracking number is in your e-mail.",
    "Здравствуйте! Это ваша вина, надо было читать условия. Ожидайте.",
    "Добрый день, Ольга. Приносим извинения за задержку: курьер привезёт заказ завтра до 14:00.",
]
ROUNDS = 5
PER_ROUND = 60
CLIENTS = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Service:
    """``replylint serve`` from the package at ``src`` (None: the installed one), started and stopped here."""

    def __init__(self, name: str, src: str | None) -> None:
        self.name = name
        self.url = f"http://127.0.0.1:{_free_port()}"
        env = {**os.environ, **({"PYTHONPATH": src} if src else {})}
        port = self.url.rsplit(":", 1)[1]
        # The old service's pool flag is --workers; the new one's --lint-workers (--workers are uvicorn processes).
        pool = "--lint-workers" if src is None else "--workers"
        command = [sys.executable, "-m", "replylint", "serve", "--port", port, pool, "1"]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"{name}: the service did not become healthy") from None
                time.sleep(0.2)
        for text in REPLIES * 5:  # every reply once in the lint worker before timing
            self.post(text)

    def post(self, text: str) -> float:
        """One round trip in milliseconds."""
        body = json.dumps({"text": text}).encode()
        request = urllib.request.Request(f"{self.url}/v1/lint", data=body, headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
        return (time.perf_counter() - started) * 1000

    def burst(self) -> float:
        """Requests per second with CLIENTS posting at once."""
        texts = [REPLIES[i % len(REPLIES)] for i in range(PER_ROUND * 2)]
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(self.post, texts))
        return len(texts) / (time.perf_counter() - started)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="the src folder of the checkout whose service to compare with")
    args = parser.parse_args()
    services = [Service("this checkout", None)]
    if args.baseline:
        services.append(Service(f"baseline ({args.baseline})", str(Path(args.baseline).resolve())))
    trips: dict[str, list[float]] = {s.name: [] for s in services}
    rates: dict[str, list[float]] = {s.name: [] for s in services}
    try:
        for round_ in range(ROUNDS):
            for i in range(PER_ROUND):
                for service in services if i % 2 else services[::-1]:
                    trips[service.name].append(service.post(REPLIES[i % len(REPLIES)]))
            for service in services if round_ % 2 else services[::-1]:
                rates[service.name].append(service.burst())
    finally:
        for service in services:
            service.stop()
    results: dict[str, Any] = {"load_average": os.getloadavg()[0]}
    for name in trips:
        ordered = sorted(trips[name])
        results[name] = {
            "round_trip_p50_ms": statistics.median(ordered),
            "round_trip_p90_ms": ordered[int(len(ordered) * 0.9)],
            "throughput_rps": statistics.median(rates[name]),
        }
    print(json.dumps(results, indent=2))
    print("\n| service | round trip p50 | p90 | throughput, 8 clients |\n|---|---|---|---|")
    for name in trips:
        row = results[name]
        print(
            f"| {name} | {row['round_trip_p50_ms']:.2f} ms | {row['round_trip_p90_ms']:.2f} ms "
            f"| {row['throughput_rps']:.0f} req/s |"
        )


if __name__ == "__main__":
    main()
