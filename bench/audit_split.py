"""What splitting an audit between two processes costs: CPU time to lint a part of the rows in a fresh process.

.venv/bin/python bench/audit_split.py [--rounds 2]

The en+ru benchmark texts (20,932 rows) in chunks of ``CHUNK_ROWS``, linted in a fresh process each: all of them,
every other chunk (what each of two ``audit --jobs 2`` workers lints: ``even``, ``odd``), and each contiguous half
(what a worker reading its own byte range of the file would lint: ``first``, ``second``). Each process fills its
own word caches, so two parts together cost more than the whole; ``2 × all / (part + part)`` is the most two free
cores can give over one. CPU time moves with the machine's load; the words each process had to work out (misses of
the pymorphy3 readings, match keys and English stems, and entries of the lexeme table) do not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, russian

CHILD = """
import json, sys, time
from replylint.analysis import morphology, pipeline
from replylint.audit.pool import CHUNK_ROWS, _chunks, lint_rows
from replylint.audit.read import Columns, read_rows
from replylint.engine import shared_linter
with open(sys.argv[1], "rb") as stream:
    chunks = list(_chunks(read_rows(stream, "jsonl", Columns()), CHUNK_ROWS))
half = len(chunks) // 2
part = {"all": chunks, "even": chunks[0::2], "odd": chunks[1::2], "first": chunks[:half], "second": chunks[half:]}
linter = shared_linter()
started = time.process_time()
for chunk in part[sys.argv[2]]:
    lint_rows(linter, chunk)
cpu = time.process_time() - started
cached = (morphology.russian_readings, morphology.match_keys, morphology.english_stem)
misses = sum(len(f.__self__) for f in cached) + len(pipeline._LEXEMES)  # words each cache worked out
print(json.dumps([cpu, misses]))
"""

PARTS = ("all", "even", "odd", "first", "second")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "replies.jsonl"
        rows = english() + russian()
        path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows), encoding="utf-8")
        for number in range(1, args.rounds + 1):
            cpu, words = {}, {}
            for name in PARTS:
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(path), name], check=True, capture_output=True, text=True
                )
                cpu[name], words[name] = json.loads(out.stdout)
            interleaved, halves = cpu["even"] + cpu["odd"], cpu["first"] + cpu["second"]
            print(
                f"round {number}: CPU s all {cpu['all']:.2f}; every other chunk {cpu['even']:.2f} + {cpu['odd']:.2f} "
                f"= {interleaved:.2f} (bound {2 * cpu['all'] / interleaved:.2f}×); halves {cpu['first']:.2f} + "
                f"{cpu['second']:.2f} = {halves:.2f} (bound {2 * cpu['all'] / halves:.2f}×)"
            )
            print(
                f"  words worked out: all {words['all']:,}; every other chunk {words['even'] + words['odd']:,}; "
                f"halves {words['first'] + words['second']:,}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
