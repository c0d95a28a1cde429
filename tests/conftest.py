"""Shared fixtures: one linter for the whole session (building it loads every pack)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from replylint import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


def codes(report: object) -> list[str]:
    """Codes of a report's findings, in order."""
    return [f.code for f in report.findings]  # type: ignore[attr-defined]


def _slowdown(linter: Linter, short: str, long: str) -> float:
    """Time per character of ``long`` over that of ``short``: best of five interleaved rounds, after a warm run
    of each (a new word's first analysis is not what is measured, nor a moment when the machine is busy)."""
    repeats = max(1, len(long) // len(short))
    linter.lint(short)
    linter.lint(long)
    best_short = best_long = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            linter.lint(short)
        best_short = min(best_short, (time.perf_counter() - start) / (repeats * len(short)))
        start = time.perf_counter()
        linter.lint(long)
        best_long = min(best_long, (time.perf_counter() - start) / len(long))
    return best_long / best_short


@pytest.fixture(scope="session")
def slowdown() -> Callable[[Linter, str, str], float]:
    """How many times slower per character a long text lints than a short one (linear: about 1)."""
    return _slowdown
