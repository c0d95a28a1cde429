"""How far two labellings of the same exchanges agree: in English complaint, missing apology, missing next step; in
Russian each of the nine categories.

The development labels (``en_exchanges_700``, tune half, from ``../shared/data/dev``) against a second, blind
labelling of the same rows (JSON Lines with ``id``, ``complaint``, ``apology``, ``next_step``; by default
``/tmp/en_relabel/part1.jsonl``). Nothing is copied into the repository. For each judgement: the rows both label,
how many each calls positive, F1 of one labelling against the other (the same either way round) and Cohen's kappa.
F1 here is the ceiling of a reader that follows one labeller perfectly, scored against the other. The next step is
also split by what the reply does, read from its sentence acts (:func:`step_class`), so the classes the two
labellings part on show. Only for reporting: nothing is tuned on where they part.

    .venv/bin/python scripts/label_agreement.py [SECOND_LABELS] [--half tune|test]
    .venv/bin/python scripts/label_agreement.py SECOND_LABELS --ru FIRST   # a Russian batch labelled twice

A Russian batch (``--ru``: the exchanges' format, ``expect`` and ``allow``) is compared with a second labelling of its
replies (``id``, ``expect``, ``allow``) per category, a row left out of a category where either labelling allows it
without expecting it, and over all nine categories as ``make quality`` scores replylint (micro F1 of the second
labelling read as predictions against the first, the first's ``allow`` neither hit nor miss): the score of a reader
who labels as carefully as the second labeller, beside which replylint's own score on the batch is read.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replylint import ContextKind, Language
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.models import Act

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import en_exchanges, read_jsonl
from quality import RU_CATEGORIES

SECOND = Path("/tmp/en_relabel/part1.jsonl")

#: The classes of step 2 of issue 8's next-step work, by the acts a reply performs, first match wins.
CLASSES: tuple[tuple[str, Callable[[set[Act], bool], bool]], ...] = (
    ("link", lambda acts, link: link),
    ("commitment", lambda acts, link: Act.COMMITMENT in acts),
    ("DM or contact request", lambda acts, link: Act.INSTRUCTION in acts and Act.CONTACT_CHANNEL in acts),
    ("question or check-in", lambda acts, link: Act.INFO_REQUEST in acts),
    ("other instruction or offer", lambda acts, link: bool({Act.INSTRUCTION, Act.OFFER} & acts)),
    ("explanation or refusal only", lambda acts, link: bool({Act.EXPLANATION, Act.REFUSAL, Act.ANSWER} & acts)),
    ("sign-off, thanks or sympathy only", lambda acts, link: True),
)


@dataclass(frozen=True)
class Agreement:
    """Two labellings of one binary judgement on the same rows."""

    rows: int
    first: int
    second: int
    both: int
    f1: float
    kappa: float


def agreement(first: Sequence[bool], second: Sequence[bool]) -> Agreement:
    """Counts, F1 of one labelling against the other, and Cohen's kappa."""
    n = len(first)
    a, b = sum(first), sum(second)
    both = sum(x and y for x, y in zip(first, second, strict=True))
    f1 = 2 * both / (a + b) if a + b else 1.0
    observed = sum(x == y for x, y in zip(first, second, strict=True)) / n if n else 1.0
    expected = (a * b + (n - a) * (n - b)) / (n * n) if n else 1.0
    kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    return Agreement(n, a, b, both, f1, kappa)


def step_class(reply: str) -> str:
    """What the reply does towards a next step, from its sentence acts (read as a reply to a complaint)."""
    doc = analyze(reply, Language.EN)
    acts = {act for sentence in sentence_acts(doc, ContextKind.COMPLAINT) for act in sentence.acts}
    link = "http" in reply or "www." in reply
    return next(name for name, test in CLASSES if test(acts, link))


Row = dict[str, Any]


def paired(dev: Sequence[Row], second: Sequence[Row]) -> list[tuple[Row, Row]]:
    """The rows both labellings hold, by id, in the order of the development rows."""
    by_id = {row["id"]: row for row in second}
    return [(row, by_id[row["id"]]) for row in dev if row["id"] in by_id]


def measures(pairs: Sequence[tuple[Row, Row]]) -> dict[str, Agreement]:
    """Agreement on the complaint (rows neither leaves open), the missing apology (a complaint with no apology, each
    labelling's own complaint), and the missing next step (replies the development labels call a complaint, as
    ``make quality`` counts them), the last also by :func:`step_class`."""
    out: dict[str, Agreement] = {}
    judged = [(d, s) for d, s in pairs if d["complaint"] is not None and s["complaint"] is not None]
    out["complaint"] = agreement([bool(d["complaint"]) for d, _ in judged], [bool(s["complaint"]) for _, s in judged])
    out["missing apology"] = agreement(
        [bool(d["complaint"]) and not d["apology"] for d, _ in judged],
        [bool(s["complaint"]) and not s["apology"] for _, s in judged],
    )
    complaints = [(d, s) for d, s in pairs if d["complaint"]]
    out["missing next step"] = agreement(
        [not d["next_step"] for d, _ in complaints], [not s["next_step"] for _, s in complaints]
    )
    by_class: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for d, s in complaints:
        by_class[step_class(d["reply"])].append((not d["next_step"], not s["next_step"]))
    for name, _ in CLASSES:
        if labels := by_class.get(name):
            out[f"missing next step: {name}"] = agreement([x for x, _ in labels], [y for _, y in labels])
    return out


def ru_measures(pairs: Sequence[tuple[Row, Row]]) -> tuple[dict[str, Agreement], float]:
    """Per category, agreement on the rows where neither labelling leaves it open (``allow`` without ``expect``); and
    the second labelling's micro F1 over the nine categories against the first, scored as ``make quality`` scores
    replylint (the first labelling's ``allow`` is neither a hit nor a miss)."""
    out: dict[str, Agreement] = {}
    tp = fp = fn = 0
    for category in (c.value for c in RU_CATEGORIES):
        first: list[bool] = []
        second: list[bool] = []
        for d, s in pairs:
            in_d, in_s = category in d["expect"], category in s["expect"]
            if category not in d["allow"] or in_d:
                tp += in_s and in_d
                fp += in_s and not in_d
                fn += in_d and not in_s
                if category not in s["allow"] or in_s:
                    first.append(in_d)
                    second.append(in_s)
        out[category] = agreement(first, second)
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return out, micro


def render(found: dict[str, Agreement], first: str = "dev labels") -> str:
    """A Markdown table of the measures, the first labelling's column named ``positive, <first>``."""
    lines = [
        f"| judgement | rows | positive, {first} | positive, second | both | F1 | kappa |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, a in found.items():
        lines.append(f"| {name} | {a.rows} | {a.first} | {a.second} | {a.both} | {a.f1:.3f} | {a.kappa:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("second", nargs="?", type=Path, help=f"the second labelling (JSON Lines; English: {SECOND})")
    parser.add_argument("--half", choices=("tune", "test"), default="tune")
    parser.add_argument("--ru", type=Path, metavar="FIRST", help="a Russian batch the second labelling labels again")
    args = parser.parse_args(argv)
    if args.ru:
        if args.second is None:
            parser.error("--ru needs the second labelling of its batch")
        pairs = paired(list(read_jsonl(args.ru)), list(read_jsonl(args.second)))
        found, micro = ru_measures(pairs)
        print(f"{len(pairs)} rows of {args.ru.name} labelled twice\n")
        print(render(found, "first"))
        print(f"\nnine categories micro F1 of the second labelling against the first: {micro:.3f}")
        return 0
    pairs = paired(en_exchanges(args.half), list(read_jsonl(args.second or SECOND)))
    print(f"{len(pairs)} rows of en_exchanges_700 ({args.half} half) labelled twice\n")
    print(render(measures(pairs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
