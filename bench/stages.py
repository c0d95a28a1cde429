"""Where a warm reply's time goes, stage by stage, and what bounds each stage (µs of CPU time per reply, no profiler).

.venv/bin/python bench/stages.py [--corpus en|ru|en_long|ru_long] [--rounds 3]

Each stage of ``Linter.lint`` is run and timed on its own, in the order the linter runs them, over one warm pass
of the corpus; the figure is the median over the rounds of the mean per reply. Analysis is taken apart: its pieces
are timed alone on the same text, and the loop that builds the tokens is the whole call less those pieces. Phrase
matching is timed inside the stages that run it (the ``phrases`` column). ``bound`` says what sets a stage's cost:
a library call (compiled code we call once per reply), a Python loop over the tokens (its µs per token beside
it), or our own work per cue, match, rule or finding. Under the table, the floors: what a bare library call or a
bare Python object per token costs on the same replies, and ``Linter.lint`` itself timed in the same rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian

#: What bounds each stage (checks not listed are our own work per rule).
BOUNDS = {
    "normalise, language detection": "library: str and regex scans of the text",
    "tokens by chunk": "own: a str.split, a dict lookup per chunk (spaCy's tokenizer only for new chunks)",
    "placeholder and quotation expressions": "library: regex scans",
    "tokens and sentences (analysis loop)": "Python loop per token",
    "matcher doc reading: symbol string": "Python loop per token",
    "matcher doc reading: key index": "Python loop per token",
    "matcher doc reading: lanes": "Python loop per token",
    "context inference": "own: cue matching (4 small matchers)",
    "sentence acts": "own: the act matcher's proposals and the grammar per match",
    "findings": "library: a pydantic Finding each; own: messages",
    "report": "library: pydantic Report and SentenceActs",
    "rules after the others (learned acts, obfuscation)": "own: learned sums per word and pair of words",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en", "ru", "en_long", "ru_long"], default="en_long")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from replylint import Linter, customer_message, engine
    from replylint.analysis import analyze, matcher, morphology
    from replylint.analysis.doc import Token
    from replylint.analysis.language import detect_language
    from replylint.analysis.normalise import normalise, tokenizer_input
    from replylint.analysis.pipeline import _tokens
    from replylint.analysis.spans import placeholder_spans, quoted_spans
    from replylint.checks.base import CheckInput
    from replylint.models import Language

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

    clock = time.thread_time_ns
    rounds: list[dict[str, float]] = []
    phrases: list[dict[str, float]] = []
    tokens_per_reply = statistics.mean(len(analyze(text).tokens) for text in texts)

    def measure(text: str, spent: dict[str, int], inside: dict[str, int]) -> None:
        """Time one reply: ``Linter.lint`` whole, then each stage alone; phrase matching inside each stage."""

        def stage(name: str, run: Callable[[], Any]) -> Any:
            before, t = phrase_ns[0], clock()
            out = run()
            spent[name] += clock() - t
            inside[name] += phrase_ns[0] - before
            return out

        matcher.PhraseMatcher.finditer = finditer  # type: ignore[method-assign]
        t = clock()
        linter.lint(text)
        spent["(Linter.lint, whole)"] += clock() - t
        matcher.PhraseMatcher.finditer = timed  # type: ignore[method-assign]
        t = clock()
        doc = analyze(text, None)
        whole = clock() - t
        # Its pieces alone, right after it on the same text; the loop that builds the tokens is what is left.
        t = clock()
        norm = normalise(text)
        english = detect_language(norm.text) is Language.EN
        chunked = tokenizer_input(norm.text)
        pieces = clock() - t
        spent["normalise, language detection"] += pieces
        for name, run in (
            ("tokens by chunk", lambda: _tokens(english, chunked)),
            ("placeholder and quotation expressions", lambda: (placeholder_spans(norm.text), quoted_spans(norm.text))),
        ):
            t = clock()
            run()
            spent[name] += clock() - t
            pieces += clock() - t
        t = clock()
        analyze(text, None)  # again, as warm as its pieces were: the loop is the smaller whole less the pieces
        whole = min(whole, clock() - t)
        spent["tokens and sentences (analysis loop)"] += max(0, whole - pieces)
        stage("matcher doc reading: symbol string", lambda: matcher._encoded(doc))
        stage("matcher doc reading: key index", doc.key_positions)
        stage("matcher doc reading: lanes", lambda: matcher._lane(doc))
        info = stage("context inference", lambda: customer_message.infer_from_reply(doc))
        acts = stage("sentence acts", lambda: tuple(linter._acts.acts(doc, info.kind)))
        item = CheckInput(doc, None, info.kind, False, linter._domains, acts)
        hits: list[tuple[Any, Any]] = []
        for rule in linter._first[None]:
            if rule.check.applies(doc):
                found = stage(f"rule: {type(rule.check).__name__}", partial(engine._hits, rule, item))
                hits.extend((rule, h) for h in found)
        after = [r for r in linter._after[None] if r.check.applies(doc)]
        # Each rule reads the spans of the findings before it as the engine gives them (its own category's only, for
        # a rule that reads its own category).
        spans = [(r.spec.category, (h.start, h.end)) for r, h in hits if h.start is not None and h.end is not None]
        stage(
            "rules after the others (learned acts, obfuscation)", lambda: hits.extend(_after_hits(after, item, spans))
        )
        findings = stage("findings", lambda: [linter._finding(rule, hit, doc) for rule, hit in hits])
        stage("report", lambda: engine._report(engine._Run(item, info, findings, 0)))

    for _ in range(args.rounds):
        spent: dict[str, int] = defaultdict(int)
        inside: dict[str, int] = defaultdict(int)
        for text in texts:
            measure(text, spent, inside)
        matcher.PhraseMatcher.finditer = finditer  # type: ignore[method-assign]
        rounds.append({k: v / len(texts) / 1000 for k, v in spent.items()})
        phrases.append({k: v / len(texts) / 1000 for k, v in inside.items()})

    def med(table: list[dict[str, float]], key: str) -> float:
        return statistics.median(r.get(key, 0.0) for r in table)

    stages = [k for k in rounds[0] if not k.startswith("(")]
    total = statistics.median(sum(r[k] for k in stages) for r in rounds)
    print(
        f"{args.corpus}: {len(texts)} replies, {tokens_per_reply:.0f} tokens each, {args.rounds} rounds; "
        f"stages {total:.0f} µs per reply, Linter.lint {med(rounds, '(Linter.lint, whole)'):.0f} µs"
    )
    print(f"  {'stage':42s} {'µs':>7s} {'share':>6s} {'phrases':>8s} {'µs/token':>9s}  bound")
    for key in sorted(stages, key=lambda k: -med(rounds, k)):
        value = med(rounds, key)
        if value < 1:
            continue
        bound = BOUNDS.get(key, "own: the check's work per reply")
        per_token = f"{value / tokens_per_reply:9.3f}" if bound.startswith("Python loop") else " " * 9
        print(f"  {key:42s} {value:7.1f} {value / total:6.1%} {med(phrases, key):8.1f} {per_token}  {bound}")
    print(f"  {'phrase matching, all matchers (inside the rows)':42s} {sum(med(phrases, k) for k in stages):7.1f}")
    floors(texts, analyze, morphology, Token, clock)
    return 0


def _after_hits(rules: list[Any], item: Any, spans: list[tuple[Any, tuple[int, int]]]) -> list[tuple[Any, Any]]:
    return [
        (rule, hit)
        for rule in rules
        for hit in rule.check.run_after(
            item, [span for c, span in spans if c == rule.spec.category or not rule.check.own_category]
        )
    ]


def floors(texts: list[str], analyze: Any, morphology: Any, token: Any, clock: Callable[[], int]) -> None:
    """What a Python object per token and pymorphy3 cost on the same replies: the floor of the loops above."""
    docs = [analyze(text) for text in texts]
    count = sum(len(d.tokens) for d in docs)
    t = clock()
    for doc in docs:
        [token(k.text, k.start, k.end, k.folded, k.match_keys, k.sentence, k.is_alpha, k.is_punct) for k in doc.tokens]
    built = clock() - t
    t = clock()
    for doc in docs:
        [k.folded for k in doc.tokens]
    bare = clock() - t
    words = [[k.folded for k in d.tokens if k.is_alpha and "а" <= k.folded[0] <= "я"] for d in docs]
    russian = sum(map(len, words))
    print(f"floors, µs per reply ({count / len(docs):.0f} tokens, {russian / len(docs):.0f} Russian words):")
    print(f"  {'a bare loop reading one attribute per token':58s} {bare / len(docs) / 1000:7.1f}")
    print(f"  {'one slots Token built per token (the analysis loop floor)':58s} {built / len(docs) / 1000:7.1f}")
    if russian:
        readings, parse = morphology.russian_readings, morphology.analyzer().parse
        t = clock()
        for ws in words:
            [readings(w) for w in ws]
        cached = clock() - t
        t = clock()
        for ws in words:
            [parse(w) for w in ws]
        parsed = clock() - t
        print(f"  {'pymorphy3 readings, cached (a dict hit per word)':58s} {cached / len(docs) / 1000:7.1f}")
        print(f"  {'pymorphy3 MorphAnalyzer.parse per word (uncached)':58s} {parsed / len(docs) / 1000:7.1f}")


if __name__ == "__main__":
    sys.exit(main())
