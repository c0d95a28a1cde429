"""Reports unchanged: a digest of every report on the benchmark corpora, to compare code before and after a change.

.venv/bin/python bench/reports.py --write before.json     # on the old code
.venv/bin/python bench/reports.py --compare before.json   # on the new code: exits 1 when a report differs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian


def digests() -> dict[str, list[str]]:
    """Per corpus, the SHA-256 of each reply's JSON report, in corpus order."""
    from replylint import Linter

    linter = Linter()
    en, ru = english(), russian()
    corpora = {"en": en, "ru": ru, "en_long": long_replies(en), "ru_long": long_replies(ru)}
    return {
        name: [hashlib.sha256(linter.lint(text).model_dump_json().encode()).hexdigest()[:16] for text in texts]
        for name, texts in corpora.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", help="write the digests here")
    group.add_argument("--compare", help="compare with digests written earlier")
    args = parser.parse_args()
    now = digests()
    if args.write:
        Path(args.write).write_text(json.dumps(now), encoding="utf-8")
        print(f"{sum(map(len, now.values())):,} reports digested")
        return 0
    before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    differ = 0
    for name, hashes in now.items():
        changed = [i for i, (a, b) in enumerate(zip(hashes, before[name], strict=True)) if a != b]
        differ += len(changed)
        first = f" (first: #{changed[0]})" if changed else ""
        print(f"{name}: {len(hashes):,} reports, {len(changed)} differ{first}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
