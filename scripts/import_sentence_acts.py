"""Turn readers' English sentence labels (verbatim sentence texts and their acts) into the repo's span file.

Each input line is ``{"key", "sentences": [{"text", "acts"}], …}``, one reply per line, from one reader; the output
keeps the key, the reader, a digest of the reply's text and each sentence's span and acts — no text, which comes
back from ``../shared`` by key (:func:`devdata.en_sentence_acts`). A reply whose sentences are not found verbatim
and in order in its text is reported and left out, never guessed.

    .venv/bin/python scripts/import_sentence_acts.py a=/tmp/en_acts/a.jsonl b=/tmp/en_acts/b.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from replylint.models import Act

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import EN_SENTENCE_ACTS, en_reply_texts, read_jsonl, sentence_spans, text_digest


def convert(reader: str, path: Path, texts: dict[str, str]) -> tuple[list[dict[str, object]], list[str]]:
    """The span rows of one reader's file, and the keys that could not be placed (with why)."""
    known = {a.value for a in Act}
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    for item in read_jsonl(path):
        key = item["key"]
        text = texts.get(key)
        spans = None if text is None else sentence_spans(text, [s["text"] for s in item["sentences"]])
        unknown = {a for s in item["sentences"] for a in s["acts"]} - known
        if text is None or spans is None or unknown:
            problems.append(f"{key}: {'no text' if text is None else 'unknown acts' if unknown else 'span mismatch'}")
            continue
        sentences = [
            {"start": start, "end": end, "acts": sorted(set(s["acts"]))}
            for (start, end), s in zip(spans, item["sentences"], strict=True)
        ]
        rows.append({"key": key, "reader": reader, "digest": text_digest(text), "sentences": sentences})
    return rows, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", metavar="READER=PATH", help="one reader's labels")
    parser.add_argument("--out", type=Path, default=EN_SENTENCE_ACTS)
    args = parser.parse_args(argv)
    texts = en_reply_texts()
    rows: list[dict[str, object]] = []
    for spec in args.inputs:
        reader, _, path = spec.partition("=")
        converted, problems = convert(reader, Path(path), texts)
        rows += converted
        print(f"{reader}: {len(converted)} replies kept, {len(problems)} left out", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
