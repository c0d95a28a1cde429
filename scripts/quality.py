"""The official quality report: replylint measured on public text nobody in the project wrote.

Reads ``../shared/data`` relative to the project root (see docs/quality.md) and prints a Markdown table:
false-positive rates on real brand replies, the complaint classifier against human labels, rudeness and blame
on toxic comments and their human neutral rewrites, next-step detection on replies that hand over a link, and
(tune data, marked as such) missing apology and next step on the hand-labelled replies of ``scripts/data``.

    .venv/bin/python scripts/quality.py [--samples N] [--seed S]
    .venv/bin/python scripts/quality.py --batch FILE …   # only new Russian batches, their numbers and no rows
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from replylint import Category, Channel, ContextKind, Language, Linter, Report, Severity
from replylint.analysis import analyze
from replylint.analysis.acts import sentence_acts
from replylint.checks.presence import PresenceCheck
from replylint.customer_message import classify

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import (
    DATA,
    DEV,
    Half,
    complaint_tweets,
    detox_half,
    en_exchanges,
    is_held_out,
    read_jsonl,
    ru_check,
    ru_exchanges,
    ru_extra,
    ru_kept,
)
from train_next_step import (
    BLIND_FROM,
    FRESH_FROM,
    LATEST_FROM,
    NEWEST_FROM,
    own_labels,
    presence_checks,
    scored_parts,
)

#: Categories whose warning- or error-level findings on a polite brand reply are false positives.
TONE = (
    Category.EXCLAMATION,
    Category.SHOUTING,
    Category.BLAME,
    Category.CONDESCENSION,
    Category.DISMISSAL,
    Category.RUDENESS,
)
#: Categories that should catch a toxic comment.
TOXIC = (Category.RUDENESS, Category.BLAME)
REPLY_SETS = {
    "twcs_company_replies": "customer_text",
    "ibm_customer_care_replies": "prev_customer_text",
}
DETOX_SETS = {"russe_detox_pairs_ru": Language.RU, "paradetox_pairs_en": Language.EN}
NEUTRAL_FIELDS = ("neutral1", "neutral2", "neutral3")
#: Links, removed to see whether the wording alone names a next step.
LINK = re.compile(r"https?://\S+|www\.\S+")


@dataclass
class Row:
    """One line of the table; ``samples`` are misses or false hits for hand review."""

    measure: str
    data: str
    n: int
    value: float
    target: str = ""
    met: bool | None = None
    percent: bool = True
    samples: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        value = f"{self.value:.1%}" if self.percent else f"{self.value:.3f}"
        met = "" if self.met is None else ("yes" if self.met else "**no**")
        return [self.measure, self.data, f"{self.n:,}", value, self.target, met]


def public_set(name: str) -> Iterator[dict[str, Any]]:
    """Rows of one public data set of ``../shared/data``."""
    return read_jsonl(DATA / f"{name}.jsonl")


def flagged(report: Report, categories: tuple[Category, ...]) -> list[str]:
    """Warning- or error-level findings of the given categories, as ``code: match`` strings."""
    return [
        f"{f.code}: {f.match or '(whole reply)'}"
        for f in report.at_or_above(Severity.WARNING)
        if f.category in categories
    ]


def one_line(text: str, limit: int = 200) -> str:
    """A text on one line, shortened for the samples."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def brand_replies(linter: Linter) -> list[Row]:
    """(a) tone findings on real brand replies, and (e) missing-next-step on replies to complaints."""
    groups = [*(c.value for c in TONE), "overall"]
    hits: dict[str, dict[str, list[str]]] = {}
    sizes: dict[str, int] = {}
    to_complaints = 0
    no_next_step: list[str] = []
    for name, context_field in REPLY_SETS.items():
        found: dict[str, list[str]] = {group: [] for group in groups}
        sizes[name] = 0
        for item in public_set(name):
            if item.get("lang_guess") == "other":  # the Japanese replies; "other?" ones are mostly short English
                continue
            if is_held_out(name, item["tweet_id"]):  # kept for independent evaluation
                continue
            sizes[name] += 1
            text = item["reply_text"]
            report = linter.lint(text, language="en", channel=Channel.SOCIAL, context=item.get(context_field))
            for category in TONE:
                if found_here := flagged(report, (category,)):
                    found[category.value].append(f"{'; '.join(found_here)} | {one_line(text)}")
            if found_here := flagged(report, TONE):
                found["overall"].append(f"{'; '.join(found_here)} | {one_line(text)}")
            info = report.context
            if name == "twcs_company_replies" and info.source == "context" and info.kind is ContextKind.COMPLAINT:
                to_complaints += 1
                if any(f.category == Category.MISSING_NEXT_STEP for f in report.findings):
                    no_next_step.append(f"{one_line(text)} || customer: {one_line(item[context_field], 120)}")
        hits[name] = found
    rows: list[Row] = []
    total = sum(sizes.values())
    for group in groups:
        label = f"{group}: replies flagged"
        for name in REPLY_SETS:
            share = len(hits[name][group]) / sizes[name]
            rows.append(Row(label, name, sizes[name], share, "≤ 3 %", share <= 0.03, samples=hits[name][group]))
        share = sum(len(hits[name][group]) for name in REPLY_SETS) / total
        rows.append(Row(label, "both", total, share, "≤ 3 %", share <= 0.03))
    rows.append(
        Row(
            "missing-next-step on replies to complaints",
            "twcs_company_replies (with customer_text)",
            to_complaints,
            len(no_next_step) / to_complaints,
            "informative",
            samples=no_next_step,
        )
    )
    return rows


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def complaint_classifier(half: Half) -> list[Row]:
    """(b) the customer-message classifier against human complaint labels, on one half of the tweets."""
    tp = fp = fn = 0
    addressed = [0, 0, 0]  # tp, fp, fn of the tweets that name an @handle
    false_hits: list[str] = []
    misses: list[str] = []
    rows = complaint_tweets(half)
    for item in rows:
        info = classify(item["text"])
        predicted = info.kind is ContextKind.COMPLAINT
        gold = item["is_complaint"] == 1
        if predicted and gold:
            tp += 1
        elif predicted:
            fp += 1
            false_hits.append(f"false hit {info.signals} | {one_line(item['text'])}")
        elif gold:
            fn += 1
            misses.append(f"miss ({info.kind.value}) | {one_line(item['text'])}")
        if "@" in item["text"] and (predicted or gold):
            addressed[0 if predicted and gold else 1 if predicted else 2] += 1
    precision, recall, f1 = prf(tp, fp, fn)
    name = f"complaints_twitter ({half} half)"
    n_addressed = sum("@" in item["text"] for item in rows)
    return [
        Row("complaint precision", name, len(rows), precision, percent=False, samples=false_hits),
        Row("complaint recall", name, len(rows), recall, percent=False, samples=misses),
        Row("complaint F1", name, len(rows), f1, "≥ 0.80", f1 >= 0.80, percent=False),
        Row("complaint F1, tweets naming an @handle", name, n_addressed, prf(*addressed)[2], percent=False),
    ]


def has(report: Report, category: Category) -> bool:
    """Whether the report has a warning- or error-level finding of the category."""
    return any(f.category == category for f in report.at_or_above(Severity.WARNING))


def en_dev(linter: Linter, half: Half) -> list[Row]:
    """(f) the English development exchanges: complaint, missing apology and missing next step against labels."""
    counts = {"complaint": [0, 0, 0], "apology": [0, 0, 0], "next": [0, 0, 0]}
    samples: dict[str, list[str]] = {key: [] for key in counts}
    rows = [r for r in en_exchanges(half) if r["complaint"] is not None]

    def tally(key: str, predicted: bool, gold: bool, line: str) -> None:
        if predicted and gold:
            counts[key][0] += 1
        elif predicted or gold:
            counts[key][1 if predicted else 2] += 1
            samples[key].append(f"{'false hit' if predicted else 'miss'} | {line}")

    for item in rows:
        report = linter.lint(item["reply"], language="en", channel=Channel.SOCIAL, context=item["customer"])
        complaint = item["complaint"]
        line = f"{one_line(item['reply'], 160)} || customer: {one_line(item['customer'], 120)}"
        tally(
            "complaint", report.context.kind is ContextKind.COMPLAINT, complaint, f"{report.context.signals} | {line}"
        )
        tally("apology", has(report, Category.MISSING_APOLOGY), complaint and not item["apology"], line)
        if complaint:
            tally("next", has(report, Category.MISSING_NEXT_STEP), not item["next_step"], line)
    name = f"en_exchanges_700 ({half} half)"
    out: list[Row] = []
    p, r, f = prf(*counts["complaint"])
    out.append(
        Row("complaint recall (customer message)", name, len(rows), r, "≥ 0.85", r >= 0.85, False, samples["complaint"])
    )
    out.append(Row("complaint precision (customer message)", name, len(rows), p, "≥ 0.90", p >= 0.90, False))
    p, r, f = prf(*counts["apology"])
    out.append(Row("missing-apology F1", name, len(rows), f, "≥ 0.90", f >= 0.90, False, samples["apology"]))
    out.append(Row("missing-apology precision / recall", name, len(rows), p, f"recall {r:.3f}", None, False))
    n_complaints = sum(1 for item in rows if item["complaint"])
    p, r, f = prf(*counts["next"])
    out.append(
        Row(
            "missing-next-step F1 (replies to complaints)",
            name,
            n_complaints,
            f,
            "≥ 0.85",
            f >= 0.85,
            False,
            samples["next"],
        )
    )
    out.append(Row("missing-next-step precision / recall", name, n_complaints, p, f"recall {r:.3f}", None, False))
    return out


#: The nine categories the Russian development set labels.
RU_CATEGORIES = (
    Category.MISSING_APOLOGY,
    Category.MISSING_NEXT_STEP,
    Category.BLAME,
    Category.CONDESCENSION,
    Category.DISMISSAL,
    Category.RUDENESS,
    Category.EXCLAMATION,
    Category.SHOUTING,
    Category.PRIVACY,
)


def ru_kinds(half: Half) -> list[Row]:
    """(g) the Russian customer messages: kind accuracy and the complaint class against ``context_kind``."""
    rows = [r for r in ru_exchanges(half) if r["context_kind"] and r["context"]]
    right = tp = fp = fn = 0
    misses: list[str] = []
    for item in rows:
        info = classify(item["context"])
        gold = ContextKind(item["context_kind"])
        right += info.kind is gold
        predicted, actual = info.kind is ContextKind.COMPLAINT, gold is ContextKind.COMPLAINT
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        if info.kind is not gold:
            misses.append(
                f"{info.kind.value} for {gold.value} {info.signals} | {item['id']} | {one_line(item['context'])}"
            )
    p, r, f = prf(tp, fp, fn)
    name = f"ru_exchanges_300 ({half} half)"
    return [
        Row("customer-message kind right", name, len(rows), right / len(rows), samples=misses),
        Row("complaint recall (customer message)", name, len(rows), r, "≥ 0.85", r >= 0.85, False),
        Row("complaint precision (customer message)", name, len(rows), p, "≥ 0.90", p >= 0.90, False),
        Row("complaint F1 (customer message)", name, len(rows), f, percent=False),
    ]


def ru_dev(linter: Linter, rows: list[dict[str, Any]], name: str, readable: bool = True) -> list[Row]:
    """(g) Russian exchanges: micro F1 over nine categories, and good replies flagged.

    A category in ``allow`` is neither a hit nor a miss; a good reply (``expect`` empty) counts as flagged when it
    gets a warning or error outside ``allow``. A set nobody may read (``readable`` false) keeps no samples.
    """
    tp = fp = fn = 0
    per: dict[str, list[int]] = {c.value: [0, 0, 0] for c in RU_CATEGORIES}
    samples: list[str] = []
    good = good_flagged = 0
    good_samples: list[str] = []
    for item in rows:
        report = linter.lint(item["reply"], language="ru", channel=item["channel"], context=item["context"])
        predicted = {c.value for c in RU_CATEGORIES if has(report, c)}
        expect, allow = set(item["expect"]), set(item["allow"])
        for category in RU_CATEGORIES:
            c = category.value
            if c in allow and c not in expect:
                continue
            if c in predicted and c in expect:
                per[c][0] += 1
                tp += 1
            elif c in predicted:
                per[c][1] += 1
                fp += 1
                samples.append(f"false {c} | {item['id']} | {one_line(item['reply'], 160)}")
            elif c in expect:
                per[c][2] += 1
                fn += 1
                samples.append(f"missed {c} | {item['id']} | {one_line(item['reply'], 160)}")
        if not expect:
            good += 1
            outside = [
                f"{f.code}: {f.match or '(whole reply)'}"
                for f in report.at_or_above(Severity.WARNING)
                if str(f.category) not in allow
            ]
            if outside:
                good_flagged += 1
                good_samples.append(f"{'; '.join(outside)} | {item['id']} | {one_line(item['reply'], 160)}")
    p, r, f = prf(tp, fp, fn)
    out = [
        Row("nine categories micro F1", name, len(rows), f, "≥ 0.90", f >= 0.90, False, samples),
        Row("nine categories precision / recall", name, len(rows), p, f"recall {r:.3f}", None, False),
    ]
    for c, (ctp, cfp, cfn) in per.items():
        cp, cr, _ = prf(ctp, cfp, cfn)
        out.append(Row(f"{c}: precision / recall", name, ctp + cfn, cp, f"recall {cr:.3f}", None, False))
    share = good_flagged / good if good else 0.0
    out.append(Row("good replies flagged", name, good, share, "≤ 5 %", share <= 0.05, samples=good_samples))
    if not readable:
        for row in out:
            row.samples = []
    return out


def toxicity(linter: Linter) -> list[Row]:
    """(c) rudeness and blame on toxic comments (recall) and on human neutral rewrites (false positives). The Russian
    rewrites of the tune half of russe_detox (``devdata.detox_half``) are negatives the blame classifier trains on
    (``train_hostile.py``), so the guard counts those of the test half only."""
    rows: list[Row] = []
    for name, language in DETOX_SETS.items():
        toxic_total = neutral_total = 0
        misses: list[str] = []
        false_hits: list[str] = []
        trained_on = name == "russe_detox_pairs_ru"
        for item in public_set(name):
            toxic = item.get("toxic") or ""
            if toxic.strip():
                toxic_total += 1
                if not flagged(linter.lint(toxic, language=language), TOXIC):
                    misses.append(one_line(toxic))
            if trained_on and detox_half(item) == "tune":
                continue
            for key in NEUTRAL_FIELDS:
                neutral = item.get(key) or ""
                if neutral.strip():
                    neutral_total += 1
                    hits = flagged(linter.lint(neutral, language=language), TOXIC)
                    if hits:
                        false_hits.append(f"{'; '.join(hits)} | {one_line(neutral)}")
        recall = 1 - len(misses) / toxic_total
        fp_rate = len(false_hits) / neutral_total
        rows.append(
            Row("rudeness+blame recall (toxic)", name, toxic_total, recall, "≥ 60 %", recall >= 0.60, samples=misses)
        )
        rows.append(
            Row(
                "rudeness+blame flagged (neutral, test half)" if trained_on else "rudeness+blame flagged (neutral)",
                name,
                neutral_total,
                fp_rate,
                "≤ 5 %",
                fp_rate <= 0.05,
                samples=false_hits,
            )
        )
    return rows


def next_step(linter: Linter) -> list[Row]:
    """(d) next-step detection on IBM replies that hand over a resolving link."""
    checks = [
        r.check
        for r in linter.rules
        if r.spec.category == Category.MISSING_NEXT_STEP and isinstance(r.check, PresenceCheck)
    ]
    if not checks:
        raise SystemExit("quality: no missing-next-step presence rule is selected")
    texts = [
        i["reply_text"]
        for i in public_set("ibm_customer_care_replies")
        if i["is_final_url_turn"] and not is_held_out("ibm", i["tweet_id"])
    ]
    misses = [one_line(t) for t in texts if not any(c.present(analyze(t, Language.EN)) for c in checks)]
    wording_misses = [
        one_line(t) for t in texts if not any(c.present(analyze(LINK.sub(" ", t), Language.EN)) for c in checks)
    ]
    complaint = ContextKind.COMPLAINT
    model_misses = [
        one_line(t) for t in texts if not any(c.present(analyze(t, Language.EN), kind=complaint) for c in checks)
    ]
    data = "ibm_customer_care_replies (is_final_url_turn)"
    detected = 1 - len(misses) / len(texts)
    by_wording = 1 - len(wording_misses) / len(texts)
    as_complaint = 1 - len(model_misses) / len(texts)
    return [
        Row("next step detected", data, len(texts), detected, "≥ 95 %", detected >= 0.95, samples=misses),
        Row("next step detected, links removed", data, len(texts), by_wording, "informative", samples=wording_misses),
        Row(
            "next step detected, each reply taken as answering a complaint",
            data,
            len(texts),
            as_complaint,
            "informative",
            samples=model_misses,
        ),
    ]


def hand_labelled(linter: Linter) -> list[Row]:
    """(h) missing apology and missing next step on the hand-labelled replies to complaints of
    ``scripts/data/en_reply_labels.jsonl``, all of them, the rows labelled blind (``BLIND_FROM`` to the line before
    ``NEWEST_FROM``), the latest blind batch among them (``LATEST_FROM`` on), the newest batch, labelled before the
    rules ran on it (``NEWEST_FROM`` to the line before ``FRESH_FROM``) and the freshest, labelled blind before the
    rules ran on it (``FRESH_FROM`` on), a reply the rule does not judge (``skip-foreign``) scored as not flagged,
    as the linter leaves it: tune data (the English acts were read against them and the next-step model is trained
    on them), so these numbers are no estimate for unseen replies (docs/acts.md has those)."""
    checks = presence_checks(linter)
    # The parts reported (:func:`scored_parts`; ``own`` only in all).
    parts = ("all", "blind", "latest", "newest", "fresh")
    # Each part but ``all``: its lines of the file and how they were labelled.
    described = {
        "blind": (f"lines {BLIND_FROM:,}–{NEWEST_FROM - 1:,}", "labelled blind"),
        "latest": (f"lines {LATEST_FROM:,}–{NEWEST_FROM - 1:,}", "labelled blind"),
        "newest": (f"lines {NEWEST_FROM:,}–{FRESH_FROM - 1:,}", "labelled before the rules ran"),
        "fresh": (f"lines {FRESH_FROM:,}–", "labelled blind before the rules ran"),
    }
    counts = {(part, category): [0, 0, 0] for part in parts for category in checks}
    samples: dict[tuple[str, Category], list[str]] = {key: [] for key in counts}
    labelled = own_labels()
    for text, apology, has_next_step, own_part in labelled:
        doc = analyze(text, Language.EN)
        acts = sentence_acts(doc, ContextKind.COMPLAINT)
        for category, check in checks.items():
            flagged = not check.present(doc, acts, ContextKind.COMPLAINT) and not check.leaves_alone(doc)
            gold = not (apology if category == Category.MISSING_APOLOGY else has_next_step)
            for part in (p for p in scored_parts(own_part) if p in parts):
                if flagged or gold:
                    counts[part, category][0 if flagged and gold else 1 if flagged else 2] += 1
                if flagged != gold:
                    samples[part, category].append(f"{'false hit' if flagged else 'miss'} | {one_line(text)}")
    rows = []
    for (part, category), (tp, fp, fn) in counts.items():
        data = "en_reply_labels (replies to complaints; TUNE data)"
        n = len(labelled)
        if part != "all":
            lines, how = described[part]
            data = f"en_reply_labels, {lines} ({how}; TUNE data)"
            n = sum(part in scored_parts(own_part) for *_, own_part in labelled)
        p, r, f = prf(tp, fp, fn)
        rows.append(Row(f"{category} F1", data, n, f, "tune data", None, False, samples[part, category]))
        rows.append(Row(f"{category} precision / recall", data, n, p, f"recall {r:.3f}", None, False))
    return rows


#: The measures, in the order of the table; ``--only`` picks some.
SECTIONS = ("dev-en", "dev-ru", "complaints", "brand", "toxic", "next-step", "labels")
DEV_SETS = ("en_exchanges_700", "ru_exchanges_300")


def render(rows: list[Row], samples: int, seed: int) -> str:
    """The Markdown table, then up to ``samples`` misses or false hits per measure."""
    header = ["measure", "data", "n", "result", "target", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row.cells()) + " |" for row in rows)
    if samples:
        rng = random.Random(seed)
        for row in rows:
            if row.samples:
                lines.append(
                    f"\n### {row.measure} — {row.data}: {min(samples, len(row.samples))} of {len(row.samples)}"
                )
                lines.extend(f"- {s}" for s in rng.sample(row.samples, min(samples, len(row.samples))))
    return "\n".join(lines)


def measure_batches(paths: list[Path]) -> int:
    """(g) on new Russian batches, before anyone reads them: the numbers only, so measuring keeps a batch unread."""
    linter = Linter()
    rows: list[Row] = []
    for path in paths:
        try:
            batch = list(read_jsonl(path))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"quality: {path}: {error}", file=sys.stderr)
            return 2
        rows += ru_dev(linter, batch, f"{path.name} (unread batch)", readable=False)
    print(render(rows, 0, 0))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=0, metavar="N", help="print N misses/false hits per measure")
    parser.add_argument("--seed", type=int, default=0, help="seed for choosing the samples")
    parser.add_argument(
        "--half", choices=("tune", "test"), default="test", help="half of the labelled sets to report (default test)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, metavar="SECTION", help=f"measure only these: {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--batch",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="measure only these Russian batches (the exchanges' format), printing none of their rows",
    )
    args = parser.parse_args(argv)
    if args.batch:
        return measure_batches(args.batch)
    if not DATA.is_dir():
        print(
            f"quality: no data folder at {DATA} (../shared/data from the project root; see docs/quality.md)",
            file=sys.stderr,
        )
        return 2
    missing = [n for n in (*REPLY_SETS, "complaints_twitter", *DETOX_SETS) if not (DATA / f"{n}.jsonl").is_file()]
    missing += [f"dev/{n}" for n in DEV_SETS if not (DEV / f"{n}.jsonl").is_file()]
    if missing:
        print(
            f"quality: the public data sets are missing: expected {', '.join(m + '.jsonl' for m in missing)} "
            f"in {DATA} (../shared/data from the project root; see docs/quality.md)",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    linter = Linter()
    sections = {
        "brand": lambda: brand_replies(linter),
        "complaints": lambda: complaint_classifier(args.half),
        "toxic": lambda: toxicity(linter),
        "next-step": lambda: next_step(linter),
        "dev-en": lambda: en_dev(linter, args.half),
        "dev-ru": lambda: (
            ru_kinds(args.half)
            + ru_dev(linter, ru_exchanges(args.half), f"ru_exchanges_300 ({args.half} half)")
            + ru_dev(linter, ru_extra(), "ru_exchanges_extra (tune data)")
            + ru_dev(linter, ru_check(), "ru_exchanges_check (never tuned on)", readable=False)
            + ru_dev(linter, ru_kept(), "ru_exchanges_kept (kept back)", readable=False)
        ),
        "labels": lambda: hand_labelled(linter),
    }
    rows = [row for key in args.only or SECTIONS for row in sections[key]()]
    elapsed = time.perf_counter() - started
    print(f"replylint {version('replylint')} quality report, {date.today().isoformat()}, {elapsed:.0f} s\n")
    print(render(rows, args.samples, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
