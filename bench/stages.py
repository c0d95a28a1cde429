"""Where a warm reply's time goes, stage by stage (µs of CPU time per reply, no profiler).

.venv/bin/python bench/stages.py [--corpus en|ru|en_long|ru_long] [--rounds 3]

Each stage of ``Linter.lint`` is run and timed on its own, in the order the linter runs them, over one warm pass
of the corpus; the figure is the median over the rounds of the mean per reply. Phrase matching is timed inside
the stages that run it (it overlaps them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en", "ru", "en_long", "ru_long"], default="en_long")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from replylint import Linter, customer_message, engine
    from replylint.analysis import analyze, matcher
    from replylint.checks.base import CheckInput

    linter = Linter()
    base = english() if args.corpus.startswith("en") else russian()
    texts = long_replies(base) if args.corpus.endswith("_long") else base
    for text in texts:
        linter.lint(text)

    phrase_ns = [0]
    finditer = matcher.PhraseMatcher.finditer

    def timed(self: matcher.PhraseMatcher, doc: Any) -> Iterator[matcher.Match]:
        t0 = time.thread_time_ns()
        found = list(finditer(self, doc))
        phrase_ns[0] += time.thread_time_ns() - t0
        return iter(found)

    matcher.PhraseMatcher.finditer = timed  # type: ignore[method-assign]
    clock = time.thread_time_ns
    rounds: list[dict[str, float]] = []
    for _ in range(args.rounds):
        spent: dict[str, int] = defaultdict(int)
        phrase_ns[0] = 0
        for text in texts:
            t = clock()
            doc = analyze(text, None)
            spent["analysis"] += clock() - t
            t = clock()
            info = customer_message.infer_from_reply(doc)
            spent["context inference"] += clock() - t
            t = clock()
            acts = tuple(linter._acts.acts(doc, info.kind))
            spent["sentence acts"] += clock() - t
            item = CheckInput(doc, None, info.kind, False, linter._domains, acts)
            hits = []
            for rule in linter._first[None]:
                t = clock()
                if rule.check.applies(doc):
                    hits.extend((rule, h) for h in engine._hits(rule, item))
                spent[f"rule: {type(rule.check).__name__}"] += clock() - t
            t = clock()
            after = [r for r in linter._after[None] if r.check.applies(doc)]
            spans = [(h.start, h.end) for _, h in hits if h.start is not None and h.end is not None]
            for rule in after:
                hits.extend((rule, h) for h in rule.check.run_after(item, spans))  # type: ignore[attr-defined]
            spent["rules after (obfuscation)"] += clock() - t
            t = clock()
            findings = [linter._finding(rule, hit, doc) for rule, hit in hits]
            spent["findings"] += clock() - t
            t = clock()
            engine._report(engine._Run(item, info, findings, 0))
            spent["report"] += clock() - t
        spent["(phrase matching, all matchers)"] = phrase_ns[0]
        rounds.append({k: v / len(texts) / 1000 for k, v in spent.items()})
    matcher.PhraseMatcher.finditer = finditer  # type: ignore[method-assign]

    total = statistics.median(sum(v for k, v in r.items() if not k.startswith("(")) for r in rounds)
    print(f"{args.corpus}: {len(texts)} replies, {args.rounds} rounds; total {total:.0f} µs per reply")
    keys = sorted(rounds[0], key=lambda k: -statistics.median(r.get(k, 0.0) for r in rounds))
    for key in keys:
        value = statistics.median(r.get(key, 0.0) for r in rounds)
        if value >= 1:
            print(f"  {key:40s} {value:8.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
