"""Shared fixtures: one linter for the whole session (building it loads every pack)."""

from __future__ import annotations

import pytest

from replylint import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter()


def codes(report: object) -> list[str]:
    """Codes of a report's findings, in order."""
    return [f.code for f in report.findings]  # type: ignore[attr-defined]
