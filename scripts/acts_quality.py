"""Sentence acts and the judgements built on them, measured on the labelled development sets.

- per-act precision and recall on the sentences of ``ru_exchanges_300`` (gold acts per sentence), or with ``--lang
  en`` on the English tune replies whose sentences two readers labelled (``scripts/data/en_sentence_acts.jsonl``;
  ``--reader`` keeps one reader's rows), with the way-forward acts as one, what they are taken for, and how the
  readers' sentences agree with the reply-level ``next_step`` label;
- ``--gold-kind``: the ``dev-en`` and ``dev-ru`` measures of ``scripts/quality.py`` with the customer's message
  taken as its gold kind, so missing-apology and missing-next-step are measured apart from the classifier.

    .venv/bin/python scripts/acts_quality.py [--half tune|test] [--gold-kind] [--samples N]
    .venv/bin/python scripts/acts_quality.py --lang en [--reader a|b] [--samples N]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from replylint import ContextInfo, ContextKind, Language, Linter, customer_message
from replylint.analysis import Doc, analyze
from replylint.analysis.acts import sentence_acts
from replylint.models import Act

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import ROOT, Half, en_exchanges, en_sentence_acts, read_jsonl, ru_exchanges
from quality import en_dev, prf, render, ru_dev

#: The acts that give a way forward (RL603 counts all but a contact channel alone; the readers' guidelines list it).
WAY_FORWARD = frozenset({Act.COMMITMENT, Act.INSTRUCTION, Act.INFO_REQUEST, Act.OFFER, Act.CONTACT_CHANNEL, Act.ANSWER})
#: What a way-forward act is most often confused with: the columns of the English confusion table.
CONFUSED = (*sorted(WAY_FORWARD, key=list(Act).index), Act.PLEASANTRY, Act.SIGN_OFF, Act.EXPLANATION, Act.REFUSAL)
#: A labelled sentence: where it lies in its reply and its gold acts.
Gold = tuple[int, int, set[Act]]


def _kind(value: str | None) -> ContextKind | None:
    return ContextKind(value) if value else None


def score_sentences(
    replies: Iterable[tuple[str, Language, ContextKind | None, list[Gold]]], name: str, *, english: bool = False
) -> tuple[list[str], list[str]]:
    """Per-act precision / recall / F1 of the act layer against gold sentences (a predicted sentence counts for
    every gold sentence it overlaps), and the disagreements; ``english`` adds the way-forward acts as one and what
    each of them is found as."""
    counts: dict[Act, Counter[str]] = {act: Counter() for act in Act}
    forward = Counter[str]()
    confused: dict[Act, Counter[Act]] = {act: Counter() for act in CONFUSED}
    with_act = Counter[Act]()
    misses: list[str] = []
    sentences = 0
    for reply, lang, kind, golds in replies:
        predicted = sentence_acts(analyze(reply, lang), kind)
        for start, end, wanted in golds:
            sentences += 1
            found = {a for s in predicted if s.start < end and start < s.end for a in s.acts}
            for act in Act:
                if act in found and act in wanted:
                    counts[act]["tp"] += 1
                elif act in found:
                    counts[act]["fp"] += 1
                elif act in wanted:
                    counts[act]["fn"] += 1
            for act in wanted & confused.keys():
                confused[act].update(found & set(CONFUSED))
                with_act[act] += 1
            step, gold_step = bool(found & WAY_FORWARD), bool(wanted & WAY_FORWARD)
            forward["tp" if step and gold_step else "fp" if step else "fn" if gold_step else "tn"] += 1
            if found != wanted:
                extra = ",".join(sorted(a.value for a in found - wanted))
                lost = ",".join(sorted(a.value for a in wanted - found))
                misses.append(f"+[{extra}] -[{lost}] | {' '.join(reply[start:end].split())[:150]}")
    lines = [f"Sentence acts, {name}: {sentences} sentences", "", "| act | gold | precision | recall | F1 |"]
    lines.append("|---|---|---|---|---|")
    total = Counter[str]()
    for act in Act:
        c = counts[act]
        total.update(c)
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"| {act.value} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    lines.append(f"| **all (micro)** | {total['tp'] + total['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
    if english:
        p, r, f = prf(forward["tp"], forward["fp"], forward["fn"])
        lines.append(f"| **any way-forward act** | {forward['tp'] + forward['fn']} | {p:.2f} | {r:.2f} | {f:.2f} |")
        lines += ["", "Share of the sentences with a gold act (row) found with each act (column):", ""]
        lines.append("| gold \\ found | n | " + " | ".join(a.value for a in CONFUSED) + " |")
        lines.append("|---|---|" + "---|" * len(CONFUSED))
        for act, c in confused.items():
            n = with_act[act]
            shares = " | ".join(f"{c[a] / n:.2f}" if n else "—" for a in CONFUSED)
            lines.append(f"| {act.value} | {n} | {shares} |")
    return lines, misses


def act_rows(half: Half) -> tuple[list[str], list[str]]:
    """Per-act precision / recall / F1 over the reply sentences of one half of ``ru_exchanges_300``."""
    replies = []
    for item in ru_exchanges(half):
        reply: str = item["reply"]
        golds: list[Gold] = []
        position = 0
        for gold in item["sentences"]:
            start = reply.find(gold["text"], position)
            if start < 0:
                continue
            position = start + len(gold["text"])
            golds.append((start, position, {Act(a) for a in gold["acts"]}))
        replies.append((reply, Language.RU, _kind(item["context_kind"]), golds))
    return score_sentences(replies, f"ru_exchanges_300 ({half} half)")


def reply_labels() -> dict[str, dict[str, Any]]:
    """The reply-level labels (``complaint``, ``next_step``) of every English tune row by key, as the sentence labels
    name it: ``dev:<id>`` or ``<source>:<tweet_id>``."""
    labels = {f"dev:{r['id']}": r for r in en_exchanges("tune")}
    for row in read_jsonl(ROOT / "scripts" / "data" / "en_reply_labels.jsonl"):
        labels[f"{row['source']}:{row['tweet_id']}"] = row
    return labels


def en_act_rows(reader: str | None) -> tuple[list[str], list[str]]:
    """The English acts per sentence against the readers' labels (one reader's rows with ``reader``), each reply
    read as answering its labelled kind, and how the readers' sentences agree with the reply-level labels."""
    labels = reply_labels()
    rows = [(row, text) for row, text in en_sentence_acts() if reader is None or row["reader"] == reader]
    replies = []
    agree = Counter[tuple[bool, bool]]()
    for row, text in rows:
        label = labels.get(row["key"], {})
        kind = ContextKind.COMPLAINT if label.get("complaint") else ContextKind.OTHER if label else None
        golds = [(s["start"], s["end"], {Act(a) for a in s["acts"]}) for s in row["sentences"]]
        replies.append((text, Language.EN, kind, golds))
        if label.get("complaint") and label.get("next_step") is not None:
            agree[any(g[2] & WAY_FORWARD for g in golds), bool(label["next_step"])] += 1
    name = f"en_sentence_acts ({'readers ' + ', '.join(sorted({r['reader'] for r, _ in rows})) if rows else 'none'})"
    lines, misses = score_sentences(replies, name, english=True)
    n = sum(agree.values())
    both, neither = agree[True, True], agree[False, False]
    lines += [
        "",
        f"Replies to a complaint with a reply-level label: {n}. The readers' sentences give a way-forward act and the"
        f" label a next step: {both}; neither: {neither}; sentences only: {agree[True, False]}; label only:"
        f" {agree[False, True]} (agreement {(both + neither) / n if n else 0:.3f}, Cohen's kappa {_kappa(agree):.3f}).",
    ]
    return lines, misses


def _kappa(table: Counter[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two yes/no labellings."""
    n = sum(table.values())
    if not n:
        return 0.0
    observed = (table[True, True] + table[False, False]) / n
    first = (table[True, True] + table[True, False]) / n
    second = (table[True, True] + table[False, True]) / n
    expected = first * second + (1 - first) * (1 - second)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


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
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="the sentence labels to measure on")
    parser.add_argument("--reader", help="English: one reader's rows only")
    args = parser.parse_args(argv)
    lines, misses = en_act_rows(args.reader) if args.lang == "en" else act_rows(args.half)
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
