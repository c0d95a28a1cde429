"""The act layer of a warm reply taken apart: its matcher, its proposals, its patterns, the matches its grammar reads.

.venv/bin/python bench/acts.py [--corpus en|ru|en_long|ru_long] [--rounds 3]

On docs analysed once and read once by the act layer, after a pass of ``Linter.lint``: the act stage alone, the act
matcher alone, and each act pattern's ``regex`` scan as the act layer runs it (a gated pattern after its gate, a
question pattern over the questions' stretches) (µs of CPU time per reply, median over the rounds); then, counted by
wrapping the matcher's steps, the phrases proposed per reply (straight tries and reach tests, how many of each hold)
and the matches the grammar reads (cues, look-alikes, vague promises).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en", "ru", "en_long", "ru_long"], default="en_long")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from replylint import Linter, customer_message
    from replylint.analysis import analyze, matcher
    from replylint.analysis.acts import question_matches
    from replylint.models import Language

    base = english() if args.corpus.startswith("en") else russian()
    texts = long_replies(base) if args.corpus.endswith("_long") else base
    linter = Linter()
    for text in texts:
        linter.lint(text)
    docs = [analyze(text) for text in texts]
    kinds = [customer_message.infer_from_reply(doc).kind for doc in docs]
    acts = linter._acts
    lang = Language.EN if args.corpus.startswith("en") else Language.RU
    compiled = acts._by_lang[lang]
    mine = [doc for doc in docs if doc.language in (lang, Language.MIXED)]
    clock = time.thread_time_ns

    def per_reply(run: Any, items: list[Any]) -> float:
        """Median over the rounds of the µs per reply ``run`` takes over ``items``."""
        rounds = []
        for _ in range(args.rounds):
            t = clock()
            for item in items:
                run(item)
            rounds.append((clock() - t) / len(docs) / 1000)
        return statistics.median(rounds)

    def scan(pattern: Any, gate: Any) -> Any:
        if gate is None:
            return lambda doc: [None for _ in pattern.finditer(doc.text)]
        return lambda doc: [None for _ in pattern.finditer(doc.text)] if gate.search(doc.text) else []

    def scan_questions(pattern: Any) -> Any:
        return lambda doc: [None for _ in question_matches(pattern, doc.text)] if "?" in doc.text else []

    for doc, kind in zip(docs, kinds, strict=True):
        acts.acts(doc, kind)  # each doc read once for the matchers (symbol string, key index, lanes), as in place
    stage = per_reply(lambda pair: acts.acts(*pair), list(zip(docs, kinds, strict=True)))
    matching = per_reply(lambda doc: list(compiled.matcher.finditer(doc)), mine)
    patterns = [(per_reply(scan(p, gate), mine), act, p.pattern) for act, p, gate in compiled.patterns]
    patterns += [(per_reply(scan_questions(p), mine), act, f"(question) {p.pattern}") for act, p in compiled.questions]
    print(f"{args.corpus}: {len(docs)} replies, {args.rounds} rounds, µs of CPU per reply")
    print(f"  {'the act stage, alone':46s} {stage:7.1f}")
    print(f"  {f'the act matcher ({len(compiled.matcher.phrases)} phrases)':46s} {matching:7.1f}")
    print(f"  {'the act patterns, all':46s} {sum(p[0] for p in patterns):7.1f}")
    for spent, act, text in sorted(patterns, key=lambda p: -p[0]):
        print(f"    {spent:6.1f}  {act.value:16s} {text[:60]}")

    counts: Counter[str] = Counter()
    straight, reachable = matcher.PhraseMatcher._match_straight, matcher._reachable

    def counted_straight(*a: Any) -> Any:
        found = straight(*a)
        counts["straight tries"] += 1
        counts["straight tries that match"] += found is not None
        return found

    def counted_reach(*a: Any) -> bool:
        found = reachable(*a)
        counts["reach tests"] += 1
        counts["reach tests that pass (then searched)"] += found
        return found

    matcher.PhraseMatcher._match_straight = staticmethod(counted_straight)
    matcher._reachable = counted_reach
    try:
        for doc in mine:
            for match in compiled.matcher.finditer(doc):
                plan = compiled.plans[match.phrase]
                counts["matches: cues" if plan.cue else "matches: vague" if plan.vague else "matches: look-alikes"] += 1
                counts["  cues tested at a clause start"] += plan.cue and plan.initial
                counts["  cues walked back for a negation and a hedge"] += plan.cue and plan.negatable
    finally:
        matcher.PhraseMatcher._match_straight = staticmethod(straight)
        matcher._reachable = reachable
    print("per reply:")
    for key in sorted(counts):
        print(f"  {key:46s} {counts[key] / len(docs):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
