"""What makes the slow tail of warm long replies: the collector's pauses, and what the slowest replies hold.

.venv/bin/python bench/tail.py [--corpus ru_long|en_long] [--rounds 3]

In one process, after a first pass: warm passes in turn with the collector as it is and after ``gc.freeze()``
(p50 and p99 of the thread's CPU time per reply, median over the rounds); the collections of one warm pass of each
kind (count, total and longest pause per generation); the objects a warm pass leaves in reference cycles; then the
slowest 2 % of replies, by their median over every pass, against the middle 40: characters, tokens, sentences,
longest sentence and findings.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en_long", "ru_long"], default="ru_long")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from replylint import Linter
    from replylint.analysis import analyze

    texts = long_replies(english() if args.corpus == "en_long" else russian())
    linter = Linter()
    findings = [len(linter.lint(text).findings) for text in texts]
    pauses: dict[int, list[float]] = {}
    began = [0]

    def collected(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[0] = time.thread_time_ns()
        else:
            pauses.setdefault(info["generation"], []).append((time.thread_time_ns() - began[0]) / 1e6)

    def one_pass() -> list[float]:
        times = []
        for text in texts:
            t = time.thread_time_ns()
            linter.lint(text)
            times.append((time.thread_time_ns() - t) / 1e6)
        return times

    passes: dict[str, list[list[float]]] = {"collector as it is": [], "gc.freeze()": []}
    for round_ in range(args.rounds):
        for kind, runs in passes.items():
            gc.freeze() if kind == "gc.freeze()" else gc.unfreeze()
            if round_ == 0:
                pauses.clear()
                gc.callbacks.append(collected)
            runs.append(one_pass())
            if round_ == 0:
                gc.callbacks.remove(collected)
                seen = {g: f"{len(p)} ({sum(p):.1f} ms, longest {max(p):.2f})" for g, p in sorted(pauses.items())}
                print(f"{kind}: collections by generation in one pass of {sum(runs[0]):.0f} ms: {seen}")
    gc.unfreeze()
    # What a warm pass leaves in reference cycles: the collector has to find and free it (0 when every reply's
    # objects are freed by reference counting as its report is returned).
    gc.collect()
    gc.disable()
    one_pass()
    print(f"objects a warm pass leaves in reference cycles: {gc.collect()}")
    gc.enable()
    for kind, runs in passes.items():
        p50 = statistics.median(sorted(r)[len(r) // 2] for r in runs)
        p99 = statistics.median(sorted(r)[round(0.99 * (len(r) - 1))] for r in runs)
        print(f"{kind}: p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    each = [statistics.median(r[i] for runs in passes.values() for r in runs) for i in range(len(texts))]
    order = sorted(range(len(texts)), key=each.__getitem__)
    middle = len(order) // 2
    for name, group in (
        ("slowest 2 %", order[-max(1, len(order) // 50) :]),
        ("middle 40", order[middle - 20 : middle + 20]),
    ):
        docs = [analyze(texts[i]) for i in group]
        figures = [
            statistics.mean(each[i] for i in group),
            statistics.mean(len(texts[i]) for i in group),
            statistics.mean(len(d.tokens) for d in docs),
            statistics.mean(len(d.sentences) for d in docs),
            statistics.mean(max(s.last - s.first for s in d.sentences) for d in docs),
            statistics.mean(findings[i] for i in group),
        ]
        time_ms, chars, tokens, sentences, longest, found = figures
        print(
            f"{name}: {time_ms:.3f} ms, {chars:.0f} chars, {tokens:.0f} tokens, {sentences:.1f} sentences, "
            f"longest {longest:.1f} tokens, {found:.1f} findings"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
