"""The labelled development data in ``../shared/data/dev`` and the one split every measure and training uses.

Each set is split once into a *tune* half and a *test* half by a salted hash of the row's id, so the split
does not depend on the order of the file and a row keeps its half when rows are added. Tune rules, cues and
models on the tune half only; ``make quality`` reports the test half. Rows of the public sets named in
``held_out_ids.txt`` are kept for independent evaluation: :func:`held_out` names them so that no script reads
them for tuning or training.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
DEV = DATA / "dev"
#: The fixed seed of the split: changing it reshuffles every half, so it never changes.
SALT = "replylint-dev-split-2026"

Half = Literal["tune", "test"]


def half_of(key: str) -> Half:
    """The half a row belongs to, from its id."""
    digest = hashlib.sha256(f"{SALT}:{key}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "test"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSON Lines file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@cache
def held_out() -> frozenset[str]:
    """Ids (``twcs:<tweet_id>``, ``ibm:<tweet_id>``) of public rows kept for independent evaluation."""
    path = DEV / "held_out_ids.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def is_held_out(source: str, tweet_id: str) -> bool:
    """Whether a row of ``twcs_company_replies`` / ``ibm_customer_care_replies`` is held out."""
    prefix = "twcs" if source.startswith("twcs") else "ibm"
    return f"{prefix}:{tweet_id}" in held_out()


#: The public sets whose rows are labelled by hand in ``scripts/data``: file, and the column of the customer's
#: message, per source.
PUBLIC_SETS = {
    "twcs": ("twcs_company_replies.jsonl", "customer_text"),
    "ibm": ("ibm_customer_care_replies.jsonl", "prev_customer_text"),
}


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def public_texts(side: Literal["customer", "reply"]) -> dict[tuple[str, str], str]:
    """The customer's message or the reply of every row of the public sets by ``(source, tweet_id)``, stripped;
    never a held-out row, nor an empty text."""
    texts: dict[tuple[str, str], str] = {}
    for source, (name, customer_column) in PUBLIC_SETS.items():
        column = customer_column if side == "customer" else "reply_text"
        for row in read_jsonl(DATA / name):
            if not is_held_out(source, row["tweet_id"]) and (text := (row.get(column) or "").strip()):
                texts[source, row["tweet_id"]] = text
    return texts


def public_brands() -> dict[tuple[str, str], str]:
    """The replying account (``company``) of every row of the public sets by ``(source, tweet_id)``, never a held-out
    row: the brand a reply was written for, which grouped cross-validation keeps on one side of a fold."""
    return {
        (source, row["tweet_id"]): str(row.get("company") or "")
        for source, (name, _) in PUBLIC_SETS.items()
        for row in read_jsonl(DATA / name)
        if not is_held_out(source, row["tweet_id"])
    }


#: The short name of each public set as the development exchanges' ``source`` spells it in full.
SOURCE_OF_SET = {name.removesuffix(".jsonl"): source for source, (name, _) in PUBLIC_SETS.items()}


def hand_labelled(labels: Path, side: Literal["customer", "reply"]) -> Iterator[tuple[dict[str, Any], str]]:
    """The rows of a file of hand labels (``source``, ``tweet_id`` and labels) with their texts read from the public
    sets by id: the customer's message or the reply. Never a held-out row, nor a text of a development exchange
    (so no test-half row is trained on)."""
    texts = public_texts(side)
    excluded = {_fold(r[side] or "") for r in en_exchanges()}
    for row in read_jsonl(labels):
        text = texts.get((row["source"], row["tweet_id"]))
        if text is not None and _fold(text) not in excluded:
            yield row, text


def en_exchanges(half: Half | None = None) -> list[dict[str, Any]]:
    """The 700 labelled English exchanges (or one half of them)."""
    rows = [r for r in read_jsonl(DEV / "en_exchanges_700.jsonl") if not is_held_out(r["source"], r["tweet_id"])]
    return [r for r in rows if half is None or half_of(r["id"]) == half]


def ru_exchanges(half: Half | None = None) -> list[dict[str, Any]]:
    """The 300 labelled Russian exchanges with sentence acts (or one half of them)."""
    rows = list(read_jsonl(DEV / "ru_exchanges_300.jsonl"))
    return [r for r in rows if half is None or half_of(r["id"]) == half]


def ru_extra() -> list[dict[str, Any]]:
    """The project's own Russian exchanges in ``scripts/data`` (written apart from the rule packs): tune data only."""
    return list(read_jsonl(ROOT / "scripts" / "data" / "ru_exchanges_extra.jsonl"))


def ru_check() -> list[dict[str, Any]]:
    """The project's Russian check exchanges in ``scripts/data``, written apart from the rules and never tuned on."""
    return list(read_jsonl(ROOT / "scripts" / "data" / "ru_exchanges_check.jsonl"))


def ru_kept() -> list[dict[str, Any]]:
    """The latest Russian exchanges written apart from the rules and kept back: measured, never read or tuned on."""
    return list(read_jsonl(ROOT / "scripts" / "data" / "ru_exchanges_kept.jsonl"))


#: The fields of ``russe_detox_pairs_ru.jsonl`` that hold a human neutral rewrite of the toxic comment.
DETOX_NEUTRAL_FIELDS = ("neutral1", "neutral2", "neutral3")


def detox_half(row: dict[str, Any]) -> Half:
    """The fixed half of a ``russe_detox_pairs_ru`` row: the neutral rewrites of the *tune* half are negatives the
    hostile classifiers train on (``train_hostile.py``), those of the *test* half the guard ``quality.py`` measures."""
    return half_of(f"russe_detox:{row['split']}:{row['idx']}")


def detox_neutral_ru(half: Half) -> list[str]:
    """The non-empty neutral rewrites of the ``russe_detox_pairs_ru`` rows of one half (:func:`detox_half`)."""
    rows = read_jsonl(DATA / "russe_detox_pairs_ru.jsonl")
    return [
        text
        for row in rows
        if detox_half(row) == half
        for key in DETOX_NEUTRAL_FIELDS
        if (text := row.get(key) or "").strip()
    ]


def complaint_tweets(half: Half | None = None) -> list[dict[str, Any]]:
    """``complaints_twitter.jsonl`` (customer tweets labelled ``is_complaint``), or one half of it."""
    rows = list(read_jsonl(DATA / "complaints_twitter.jsonl"))
    return [r for r in rows if half is None or half_of(f"complaints:{r['tweet_id']}") == half]


#: English sentence acts labelled by hand (spans and acts, no text): ``scripts/import_sentence_acts.py`` writes it.
EN_SENTENCE_ACTS = ROOT / "scripts" / "data" / "en_sentence_acts.jsonl"


def text_digest(text: str) -> str:
    """A short digest of a reply's text, kept beside its spans so that a changed text is noticed, not misread."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def en_reply_texts() -> dict[str, str]:
    """The reply of every English row a sentence label may name, by key: ``dev:<id>`` (a development exchange) or
    ``<source>:<tweet_id>`` (a public set's row). Never a held-out row."""
    texts = {f"dev:{r['id']}": r["reply"] for r in en_exchanges()}
    texts.update((f"{source}:{tweet_id}", text) for (source, tweet_id), text in public_texts("reply").items())
    return texts


def sentence_spans(text: str, sentences: list[str]) -> list[tuple[int, int]] | None:
    """Where each of a reader's sentences (verbatim, in order) lies in ``text``; None when one is not found there
    or words lie between them (nothing is guessed)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for sentence in sentences:
        start = text.find(sentence, at)
        if start < 0 or text[at:start].strip():
            return None
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    return spans if not text[at:].strip() else None


def en_sentence_acts(
    path: Path = EN_SENTENCE_ACTS, texts: dict[str, str] | None = None
) -> list[tuple[dict[str, Any], str]]:
    """The hand-labelled English sentence acts with each reply's text read back by key: rows of ``key``,
    ``reader``, ``digest`` and ``sentences`` (``start``, ``end``, ``acts``). A row whose text is missing or no longer
    has the digest its spans were taken on is reported on stderr and left out, as is a test-half development row.
    ``texts``: the replies by key (read from ``../shared`` when not given)."""
    texts = en_reply_texts() if texts is None else texts
    out: list[tuple[dict[str, Any], str]] = []
    for row in read_jsonl(path):
        text = texts.get(row["key"])
        if text is None or text_digest(text) != row["digest"]:
            print(f"en_sentence_acts: {row['key']}: {'no text' if text is None else 'text changed'}", file=sys.stderr)
        elif not (row["key"].startswith("dev:") and half_of(row["key"][4:]) == "test"):
            out.append((row, text))
    return out


if __name__ == "__main__":
    for name, reader in (("en", en_exchanges), ("ru", ru_exchanges), ("complaints", complaint_tweets)):
        print(name, {h: len(reader(h)) for h in ("tune", "test")})  # type: ignore[operator]
