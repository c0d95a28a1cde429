"""Where ``Linter.lint`` spends its time: cProfile over one warm pass of a corpus.

.venv/bin/python bench/hotspots.py [--corpus en|ru|en_long|ru_long] [--top 30] [--sort tottime|cumulative]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import english, long_replies, russian


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["en", "ru", "en_long", "ru_long"], default="en")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", choices=["tottime", "cumulative"], default="tottime")
    parser.add_argument("--cold", action="store_true", help="profile the first pass (word caches empty)")
    args = parser.parse_args()

    from replylint import Linter

    linter = Linter()
    base = english() if args.corpus.startswith("en") else russian()
    texts = long_replies(base) if args.corpus.endswith("_long") else base
    if not args.cold:
        for text in texts:
            linter.lint(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        linter.lint(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"{len(texts)} replies, {stats.total_tt:.2f} s profiled ({1000 * stats.total_tt / len(texts):.3f} ms each)")
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
