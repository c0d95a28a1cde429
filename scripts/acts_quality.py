"""Sentence acts and the judgements built on them, measured on the labelled development sets.

- per-act precision and recall on the sentences of ``ru_exchanges_300`` (gold acts per sentence);
- ``--gold-kind``: the ``dev-en`` and ``dev-ru`` measures of ``scripts/quality.py`` with the customer's message
  taken as its gold kind, so missing-apology and missing-next-step are measured apart from the classifier.

    .venv/bin/python scripts/acts_quality.py [--half tune|test] [--gold-kind] [--samples N]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from replylint import ContextInfo, ContextKind, Language, Linter, customer_message
from replylint.analysis import Doc, analyze
from replylint.analysis.acts import sentence_acts
from replylint.models import Act

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import Half, en_exchanges, ru_exchanges
from quality import en_dev, prf, render, ru_dev


def _kind(value: str | None) -> ContextKind | None:
    return ContextKind(value) if value else None


def act_rows(half: Half) -> tuple[list[str], list[str]]:
    """Per-act precision / recall / F1 over the reply sentences of one half, and the disagreements."""
    counts: dict[Act, Counter[str]] = {act: Counter() for act in Act}
    misses: list[str] = []
    sentences = 0
    for item in ru_exchanges(half):
        reply: str = item["reply"]
        doc = analyze(reply, Language.RU)
        predicted = sentence_acts(doc, _kind(item["context_kind"]))
        position = 0
        for gold in item["sentences"]:
            start = reply.find(gold["text"], position)
            if start < 0:
                continue
            end = start + len(gold["text"])
            position = end
            sentences += 1
            found = {a for s in predicted if s.start < end and start < s.end for a in s.acts}
            wanted = {Act(a) for a in gold["acts"]}
            for act in Act:
                if act in found and act in wanted:
                    counts[act]["tp"] += 1
                elif act in found:
                    counts[act]["fp"] += 1
                elif act in wanted:
                    counts[act]["fn"] += 1
            if found != wanted:
                extra = ",".join(sorted(a.value for a in found - wanted))
                lost = ",".join(sorted(a.value for a in wanted - found))
                misses.append(f"+[{extra}] -[{lost}] | {gold['text'][:150]}")
    lines = [
        f"Sentence acts, ru_exchanges_300 ({half} half): {sentences} sentences",
        "",
        "| act | gold | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    total = Counter[str]()
    for act in Act:
        c = counts[act]
        total.update(c)
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"| {act.value} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    lines.append(f"| **all (micro)** | {total['tp'] + total['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    return lines, misses


def gold_kinds(half: Half) -> dict[str, ContextKind]:
    """The gold kind of every customer message of the development sets (EN: complaint or not)."""
    kinds: dict[str, ContextKind] = {}
    for en in en_exchanges(half):
        if en["complaint"] is not None:
            kinds[en["customer"]] = ContextKind.COMPLAINT if en["complaint"] else ContextKind.OTHER
    for ru in ru_exchanges(half):
        if ru["context"] and ru["context_kind"]:
            kinds[ru["context"]] = ContextKind(ru["context_kind"])
    return kinds


def with_gold_kinds(half: Half) -> None:
    """Make the engine read each customer message of the development sets as its gold kind."""
    kinds = gold_kinds(half)
    classify = customer_message.classify_message

    def gold(doc: Doc) -> ContextInfo:
        kind = kinds.get(doc.text)
        return ContextInfo(kind=kind, source="context", signals=["gold"]) if kind else classify(doc)

    customer_message.classify_message = gold  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "test"), default="tune")
    parser.add_argument("--gold-kind", action="store_true", help="also run dev-en and dev-ru with gold kinds")
    parser.add_argument("--samples", type=int, default=0, metavar="N", help="print N disagreements")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    lines, misses = act_rows(args.half)
    print("\n".join(lines))
    if args.samples:
        print(f"\n### {min(args.samples, len(misses))} of {len(misses)} sentences whose acts differ")
        for line in random.Random(args.seed).sample(misses, min(args.samples, len(misses))):
            print(f"- {line}")
    if args.gold_kind:
        with_gold_kinds(args.half)
        linter = Linter()
        ru_rows = ru_dev(linter, ru_exchanges(args.half), f"ru_exchanges_300 ({args.half} half)")
        rows: list[Any] = [*en_dev(linter, args.half), *ru_rows]
        print("\nWith the gold kind of each customer message:\n")
        print(render(rows, args.samples, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
