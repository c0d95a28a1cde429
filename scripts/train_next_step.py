"""Train the next-step model of RL603 for English replies to a complaint (``make train``).

Trains the spaCy bag-of-words text classifier of :mod:`replylint.next_step_model` on the replies to complaints of
the *tune* half of the English development exchanges and on the replies of ``twcs_company_replies`` /
``ibm_customer_care_replies`` labelled by hand in ``scripts/data/en_reply_labels.jsonl`` (ids, labels and notes
only; the texts are read from ``../shared/data``), and writes its weights to ``src/replylint/models/next_step/``.
Same data, same seed, same weights.

    .venv/bin/python scripts/train_next_step.py          # train on the tune data and write the weights
    .venv/bin/python scripts/train_next_step.py --cv 5   # 5-fold cross-validation: the rules against the model
    .venv/bin/python scripts/train_next_step.py --cv 5 --by-brand   # the same, folds drawn by brand

Cross-validation draws folds by template group (:mod:`template_groups`: one brand template never on both sides),
three draws of the folds, the model trained on the other folds each time, and scores each part of the tune data apart:
the development tune half, our rows labelled before the ninth round, the rows labelled blind (:data:`BLIND_FROM`), the
latest blind batch among them (:data:`LATEST_FROM`), the newest batch (:data:`NEWEST_FROM`), the freshest
(:data:`FRESH_FROM`) and all of them; with
``--by-brand`` folds are drawn by the replying account instead (:func:`brand_groups`: a brand's replies and every
template group that reaches across brands on one side), which asks how the model holds on brands it was not trained
on. It compares the rules alone, the model alone, the model deciding both ways, and the model deciding
only where the rules are least sure, at each width of :data:`WIDTHS` (:func:`sureness`), and names the combinations
that beat the rules out of fold on every part of every draw (:func:`_winners`).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from replylint import ContextKind, Language, Linter
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.checks.presence import PresenceCheck
from replylint.models import Act, Category, SentenceActs
from replylint.next_step_model import NEXT_STEP, Found, reply_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
import textcat_training
from devdata import SOURCE_OF_SET, en_exchanges, hand_labelled, public_brands
from template_groups import Joined, template_groups
from textcat_training import out_of_fold, prf, prf_line, train

EPOCHS = 10
#: Thresholds on the model's score that cross-validation compares.
THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9)
#: Pairs of thresholds compared for the model deciding both ways: the least score where the rules find a next step,
#: and where they find none (``learned-threshold`` and ``learned-adds`` of RL603; the first pair is shipped).
BOTH_WAYS = ((0.7, 0.95), (0.5, 0.95), (0.5, 0.9), (0.7, 0.7), (0.7, 0.9))
#: Replies labelled by hand (``complaint`` of the customer's message, ``apology``, ``next_step``, ``note``), by id.
OWN_LABELS = Path(__file__).resolve().parent / "data" / "en_reply_labels.jsonl"
#: The first line of ``en_reply_labels.jsonl`` labelled blind (to the line before :data:`NEWEST_FROM`), by readers
#: who never saw the rules.
BLIND_FROM = 1243
#: The first line of the latest blind batch (to the line before :data:`NEWEST_FROM`): rows no rule had been changed
#: for when they were added.
LATEST_FROM = 1685
#: The first line of the newest batch (to the line before :data:`FRESH_FROM`): twcs replies with no customer text in
#: the public set, labelled by an engineer of the project before any rule was run on them (the complaint judged from
#: the reply; twentieth round).
NEWEST_FROM = 2110
#: The first line of the freshest batches (to the end): more such twcs replies, labelled by readers who never saw the
#: rules, the code or the data, before any rule was run on them (lines 2,550–3,029 in the twenty-first round,
#: 3,030–3,509 in the twenty-second).
FRESH_FROM = 2550
#: Draws of the grouped folds that cross-validation compares.
DRAWS = (0, 1, 2)
#: Acts that make a step surer than a bare DM or contact request ("Please DM us", an instruction with a channel).
STRONG = frozenset({Act.COMMITMENT, Act.INFO_REQUEST, Act.OFFER})
#: How sure the rules' verdict is (:func:`sureness`), least first: a step that is only a link or a phrase, a step that
#: is only a bare DM or contact request, no step because a generic pointer ruled one out, no step otherwise, a step
#: act surer than a bare contact request.
PATTERN_ONLY, BARE_CONTACT, GENERIC_NONE, NONE_FOUND, SURE = range(5)
#: The widths at which cross-validation lets the model decide where the rules are least sure: the reply's
#: :func:`sureness` at most the width (``GENERIC_NONE`` is the ninth round's "least sure": a step that is only a link
#: or a bare DM or contact request, or no step because a generic pointer ruled one out).
WIDTHS = (PATTERN_ONLY, BARE_CONTACT, GENERIC_NONE, NONE_FOUND)
#: What cross-validation scores apart: the development tune half, our rows labelled before the blind ones, the blind
#: rows (the latest batch among them), the latest blind batch (:data:`LATEST_FROM`), the newest batch
#: (:data:`NEWEST_FROM`), the freshest batch (:data:`FRESH_FROM`), all.
PARTS = ("dev-en", "own", "blind", "latest", "newest", "fresh", "all")


@dataclass(frozen=True)
class Reply:
    """A labelled reply to a complaint, with what the rules find in it."""

    dataset: str
    text: str
    apology: bool
    next_step: bool
    acts: list[SentenceActs]
    rules_next_step: bool
    rules_apology: bool
    words: list[str]
    ruled_out: bool
    sureness: int
    brand: str = ""
    foreign: bool = False


def presence_checks(linter: Linter) -> dict[Category, PresenceCheck]:
    """The presence checks of RL601 (missing apology) and RL603 (missing next step), by category."""
    return {
        rule.spec.category: rule.check
        for rule in linter.rules
        if rule.spec.category in (Category.MISSING_APOLOGY, Category.MISSING_NEXT_STEP)
        and isinstance(rule.check, PresenceCheck)
    }


@cache
def _checks() -> tuple[PresenceCheck, PresenceCheck]:
    """The presence checks of RL603 and RL601."""
    found = presence_checks(Linter())
    return found[Category.MISSING_NEXT_STEP], found[Category.MISSING_APOLOGY]


def sureness(found: Found, acts: list[SentenceActs], generic: bool) -> int:
    """How sure the rules' verdict is: :data:`PATTERN_ONLY` (the least sure) to :data:`SURE`."""
    if found == "pattern":
        return PATTERN_ONLY
    if found == "act":
        steps = [set(s.acts) for s in acts if Act.INSTRUCTION in s.acts or STRONG & set(s.acts)]
        return BARE_CONTACT if all(not a & STRONG and Act.CONTACT_CHANNEL in a for a in steps) else SURE
    return GENERIC_NONE if generic else NONE_FOUND


def _reply(dataset: str, text: str, apology: bool, next_step: bool, brand: str = "") -> Reply:
    doc = analyze(text, Language.EN)
    acts = sentence_acts(doc, ContextKind.COMPLAINT)
    next_check, apology_check = _checks()
    found = next_check.rules_found(doc, acts)
    return Reply(
        dataset,
        text,
        apology,
        next_step,
        acts,
        found is not None,
        apology_check.rules_present(doc, acts),
        reply_words(doc, acts, found),
        next_check.ruled_out(acts),
        sureness(found, acts, bool(next_check.generic_spans(doc))),
        brand,
        next_check.leaves_alone(doc),
    )


def own_labels() -> list[tuple[str, bool, bool, str]]:
    """The hand-labelled replies to a complaint ``(text, apology, next_step, part)`` (:func:`devdata.hand_labelled`),
    the part ``own``, ``blind``, ``latest``, ``newest`` or ``fresh`` (:data:`PARTS`)."""
    return [row[:4] for row in own_labels_by_brand()]


def own_labels_by_brand() -> list[tuple[str, bool, bool, str, str]]:
    """:func:`own_labels` with the brand that wrote each reply (its ``company``) last."""
    lines = OWN_LABELS.read_text(encoding="utf-8").splitlines()
    part = {}
    for number, line in enumerate(lines, 1):
        if number >= BLIND_FROM and line.strip():
            row = json.loads(line)
            fresh, newest, latest = number >= FRESH_FROM, number >= NEWEST_FROM, number >= LATEST_FROM
            part[row["source"], row["tweet_id"]] = (
                "fresh" if fresh else "newest" if newest else "latest" if latest else "blind"
            )
    brands = public_brands()
    return [
        (
            text,
            bool(row["apology"]),
            bool(row["next_step"]),
            part.get((row["source"], row["tweet_id"]), "own"),
            brands.get((row["source"], row["tweet_id"]), ""),
        )
        for row, text in hand_labelled(OWN_LABELS, "reply")
        if row["complaint"]
    ]


def tune_replies() -> list[Reply]:
    """Every labelled reply to a complaint of the tune data."""
    brands = public_brands()
    replies = [
        _reply(
            "dev-en",
            r["reply"],
            bool(r["apology"]),
            bool(r["next_step"]),
            brands.get((SOURCE_OF_SET[r["source"]], r["tweet_id"]), ""),
        )
        for r in en_exchanges("tune")
        if r["complaint"]
    ]
    replies += [_reply(part, text, apology, step, brand) for text, apology, step, part, brand in own_labels_by_brand()]
    return replies


def fit(replies: list[Reply]) -> Any:
    """A pipeline trained on the replies."""
    return train(NEXT_STEP, [(r.words, r.next_step) for r in replies], EPOCHS)


def brand_groups(replies: list[Reply]) -> list[int]:
    """Each reply's group when folds are drawn by brand: the replies of one replying account, joined with every
    template group (:func:`template_groups.template_groups`) that reaches across accounts, so that neither a brand's
    wording nor a template is ever on both sides of a fold."""
    groups = template_groups([r.text for r in replies])
    joined = Joined(len(replies))
    first: dict[tuple[str, object], int] = {}
    for i, (reply, group) in enumerate(zip(replies, groups, strict=True)):
        for key in (("brand", reply.brand.lower() or f"?{i}"), ("template", group)):
            if key in first:
                joined.join(i, first[key])
            else:
                first[key] = i
    return joined.roots()


def cross_validate(replies: list[Reply], folds: int, by: str = "template") -> None:
    """Missing-next-step and missing-apology precision, recall and F1 per part of the tune data (:data:`PARTS`): the
    rules, the next-step model and its combinations with the rules (``model >= a / b``: at least ``a`` where the
    rules find a next step, ``b`` where they find none and no sentence performs a ``not-with`` act; ``least sure <=
    w``: the model decides so only where the rules' :func:`sureness` is at most ``w``, :data:`WIDTHS`), each reply
    scored by a model trained on the other folds, folds drawn by template group (the module's docstring); then the
    combinations that beat the rules by :func:`_winners`."""
    groups = brand_groups(replies) if by == "brand" else template_groups([r.text for r in replies])
    sizes = sorted(Counter(groups).values(), reverse=True)
    print(f"folds by {by}: {len(sizes)} groups, the largest {sizes[:5]}")
    f1s: dict[tuple[int, str], dict[str, float]] = {}
    for draw in DRAWS:
        scores = out_of_fold(replies, folds, fit, lambda reply: reply.words, groups, draw)
        for part in PARTS:
            members = [(r, s) for r, s in zip(replies, scores, strict=True) if in_part(r, part)]
            print(f"{part} ({len(members)} replies to complaints, {folds}-fold, grouped folds, draw {draw})")
            f1s[draw, part] = _decisions(members)
    winners = _winners(f1s)
    print(f"at least the rules' F1 on every part of every draw, above it on all on every draw: {winners or 'none'}")


def _winners(f1s: dict[tuple[int, str], dict[str, float]]) -> list[str]:
    """The combinations whose missing-next-step F1 is at least the rules' on every part of every draw and above it on
    all the tune data on every draw: the rule by which RL603 would let the model decide."""
    rules = "rules"
    names = [name for name in f1s[DRAWS[0], PARTS[0]] if name != rules]
    return [
        name
        for name in names
        if all(f1[name] >= f1[rules] for f1 in f1s.values())
        and all(f1s[draw, "all"][name] > f1s[draw, "all"][rules] for draw in DRAWS)
    ]


def scored_parts(dataset: str) -> tuple[str, ...]:
    """The parts of the tune data (:data:`PARTS`) a reply of ``dataset`` is scored in: all, its own, and for the
    latest blind batch the blind rows too (the newest batch is not blind: its reader knew the rules; the freshest,
    blind and unread by the rules' authors, is scored on its own)."""
    return ("all", dataset, "blind") if dataset == "latest" else ("all", dataset)


def in_part(reply: Reply, part: str) -> bool:
    """Whether a reply is scored in a part of the tune data (:func:`scored_parts`)."""
    return part in scored_parts(reply.dataset)


def _decisions(members: list[tuple[Reply, float]]) -> dict[str, float]:
    """The rules and the model's combinations with them, on replies with their out-of-fold scores, printed; their
    missing-next-step F1 by name. A reply RL603 does not judge (``PresenceCheck.leaves_alone``) is never flagged, as
    in the linter."""
    gold = [r.next_step for r, _ in members]
    apology = _flags([r.rules_apology for r, _ in members], [r.apology for r, _ in members])
    print(f"  {'missing-apology, rules':<29} {apology}")
    decided: dict[str, list[bool]] = {"rules": [r.rules_next_step for r, _ in members]}
    for t in THRESHOLDS:
        decided[f"model >= {t}"] = [s >= t for _, s in members]
    for t in THRESHOLDS:
        decided[f"rules and model >= {t}"] = [r.rules_next_step and s >= t for r, s in members]
    for t in THRESHOLDS:
        decided[f"rules or model >= {t}"] = [r.rules_next_step or s >= t for r, s in members]
    for found, none in BOTH_WAYS:
        decided[f"model >= {found} / {none}"] = [_both_ways(r, s, found, none) for r, s in members]
    for width in WIDTHS:
        for found, none in BOTH_WAYS[:3]:
            decided[f"least sure <= {width}, {found} / {none}"] = [
                _both_ways(r, s, found, none) if r.sureness <= width else r.rules_next_step for r, s in members
            ]
    f1s = {}
    missing = [not g for g in gold]
    for name, present in decided.items():
        flagged = [not (p or r.foreign) for p, (r, _) in zip(present, members, strict=True)]
        f1s[name] = prf(flagged, missing)[2]
        label = f"  missing-next-step, {name}" if name == "rules" else f"    {name}"
        print(f"{label:<31} {prf_line(flagged, missing)}")
    return f1s


def _both_ways(reply: Reply, score: float, found: float, none: float) -> bool:
    """The model deciding both ways: at least ``found`` where the rules find a step, ``none`` where they find none and
    no sentence performs a ``not-with`` act."""
    return score >= found if reply.rules_next_step else score >= none and not reply.ruled_out


def _flags(present: list[bool], labelled: list[bool]) -> str:
    """Precision, recall and F1 of flagging what is missing: the replies where ``present`` is false, against the
    replies whose label is false."""
    return prf_line([not p for p in present], [not g for g in labelled])


def main(argv: list[str] | None = None) -> int:
    rest = list(sys.argv[1:] if argv is None else argv)
    by = "template"
    if "--by-brand" in rest:  # folds drawn by the replying account
        rest.remove("--by-brand")
        by = "brand"
    validate = partial(cross_validate, by=by)
    return textcat_training.main(rest, __doc__.splitlines()[0], NEXT_STEP, tune_replies, fit, validate)


if __name__ == "__main__":
    sys.exit(main())
