"""Scaling benchmark: seconds per character of ``Linter.lint`` from 1 KB to 1 MB, for real replies and for each
family of hostile input (docs/security.md). A flat row means time linear in the reply; ``make bench`` runs it
and docs/performance.md holds the table. Real replies are read from ``../shared/data`` (never copied here).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from replylint import Linter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
#: Rounds timed at each size; the best counts (a shared machine's other work is not the linter's).
ROUNDS = 2
#: Characters linted at each size below the largest (as many replies of that size as it takes).
SAMPLE = 200_000
#: A size expected to take longer than this is not run, nor the larger ones (shown as "—").
GIVE_UP_SECONDS = 120.0
_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»…—"


def _replies(name: str, key: str, limit: int = 3000) -> list[str]:
    texts: list[str] = []
    with (DATA / name).open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get(key)
            if isinstance(text, str) and text.strip():
                texts.append(text.strip())
            if len(texts) >= limit:
                break
    return texts


def _fill(pieces: Sequence[str], size: int, sep: str = "\n\n") -> str:
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        piece = pieces[i % len(pieces)]
        out.append(piece)
        total += len(piece) + len(sep)
        i += 1
    return sep.join(out)[:size]


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _every_word(texts: Sequence[str], change: Callable[[str], str]) -> list[str]:
    return [" ".join(change(w) if len(w) > 3 else w for w in t.split(" ")) for t in texts]


def _hidden(word: str) -> str:
    return word[:2] + "\u200b" + word[2:]


def _lookalike(word: str) -> str:
    return word.replace("o", "о", 1).replace("a", "а", 1)


def families() -> dict[str, Callable[[int], str]]:
    """Each family: a function from a size in characters to a reply of that size."""
    english = _replies("twcs_company_replies.jsonl", "reply_text")
    russian = _replies("russe_detox_pairs_ru.jsonl", "toxic") + _replies("russe_detox_pairs_ru.jsonl", "neutral")
    rng = random.Random(11)
    noise = "".join(rng.choice(_PUNCT) for _ in range(20_000))
    return {
        "real replies, English": lambda n: _fill(english, n),
        "real replies, Russian": lambda n: _fill(russian, n),
        "'!' × n": _repeat("!"),
        "'{%' × n": _repeat("{%"),
        "'${' × n": _repeat("${"),
        "'=' × n": _repeat("="),
        "'!?' × n": _repeat("!?"),
        '"\'" × n': _repeat("'"),
        "random punctuation, no spaces": _repeat(noise),
        "zero-width space in every word": lambda n: _fill(_every_word(english, _hidden), n),
        "look-alike letters in every word": lambda n: _fill(_every_word(english, _lookalike), n),
        "lone surrogates": _repeat("Hello \ud800 there. "),
        "'Sorry!!!! ' × n": _repeat("Sorry!!!! "),
    }


def seconds_per_char(linter: Linter, stream: str, size: int) -> float:
    """Seconds per character of linting ``stream`` cut into replies of ``size`` characters (at least
    :data:`SAMPLE` characters of it in all, so that every size reads the same kind of text), best of
    :data:`ROUNDS`."""
    pieces = [stream[i : i + size] for i in range(0, max(size, min(len(stream), SAMPLE)), size)]
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for piece in pieces:
            linter.lint(piece)
        best = min(best, time.perf_counter() - start)
    return best / sum(len(p) for p in pieces)


def _expected_seconds(row: Sequence[float | None], size: int) -> float:
    """Seconds the next size would take, if time per character keeps growing as it did from the last size."""
    last = row[-1] or 0.0
    growth = max(1.0, last / (row[-2] or last)) if len(row) > 1 else 1.0
    return last * growth * max(size, SAMPLE)


def measure(names: Sequence[str] | None, sizes: Sequence[int]) -> dict[str, list[float | None]]:
    """Seconds per character per family and size (None: not run, a smaller size took too long)."""
    linter = Linter()
    table: dict[str, list[float | None]] = {}
    for name, make in families().items():
        if names and name not in names:
            continue
        stream = make(sizes[-1])
        seconds_per_char(linter, stream, sizes[0])  # warm: dictionaries load, the words' caches fill
        row: list[float | None] = []
        for size in sizes:
            if row and (row[-1] is None or _expected_seconds(row, size) > GIVE_UP_SECONDS):
                row.append(None)
                continue
            row.append(seconds_per_char(linter, stream, size))
            print(f"{name:38} {size:>9,} {row[-1] * 1e6:8.2f} µs/char", file=sys.stderr, flush=True)
        table[name] = row
    return table


def render(table: dict[str, list[float | None]], sizes: Sequence[int]) -> str:
    """The Markdown table: µs per character at each size; the rise (the largest ratio of a larger size's figure
    to a smaller size's: how much time per character grows with the reply, 1.00× when it never does), and the
    spread (the row's largest figure over its smallest, however they are ordered)."""
    head = " | ".join(f"{s // 1000:,} KB" for s in sizes)
    lines = [f"| input | {head} | rise | spread |", "|---" * (len(sizes) + 3) + "|"]
    for name, row in table.items():
        cells = [f"{v * 1e6:.2f}" if v is not None else "—" for v in row]
        done = [v for v in row if v is not None]
        rise = max([1.0, *(done[j] / done[i] for i in range(len(done)) for j in range(i + 1, len(done)))])
        spread = max(done) / min(done) if done else 1.0
        stopped = "" if len(done) == len(row) else " (stopped)"
        lines.append(f"| {name} | {' | '.join(cells)} | {rise:.2f}×{stopped} | {spread:.2f}× |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--family", action="append", help="only this family (repeatable)")
    parser.add_argument("--max-size", type=int, default=SIZES[-1], help="largest size, in characters")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"scaling: {DATA} not found (the shared corpora sit next to the project)")
    sizes = [s for s in SIZES if s <= args.max_size]
    print("µs per character of Linter.lint (one reply of each size):\n")
    print(render(measure(args.family, sizes), sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
