"""`not-counting` has one meaning in every check kind that takes it: a match that overlaps a look-alike does not
count, whether the look-alike contains it or only overlaps it (docs/writing-rules.md#not-counting)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from replylint.analysis import analyze
from replylint.checks import CHECKS
from replylint.checks.base import CheckInput
from replylint.models import ContextKind, Language

#: The text, a look-alike that contains the match, one that only overlaps it, and one elsewhere.
TEXT = "Have you had a chance to speak with your bank today?"
CONTAINS, OVERLAPS, ELSEWHERE = "a chance to speak with your bank", "chance to speak", "today"


def _hits(kind: str, data: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> int:
    cls = CHECKS[kind]
    check = cls(cls.Options.model_validate(options or {}), {Language.EN: cls.Data.model_validate(data)})
    return len(list(check.run(CheckInput(analyze(TEXT, Language.EN), None, ContextKind.OTHER))))


@pytest.mark.parametrize("look_alike", [CONTAINS, OVERLAPS])
def test_phrase_and_profanity_matches_that_overlap_do_not_count(look_alike: str) -> None:
    for kind in ("phrase", "profanity"):
        assert _hits(kind, {"phrases": ["speak with your bank"], "not-counting": [ELSEWHERE]}) == 1
        assert _hits(kind, {"phrases": ["speak with your bank"], "not-counting": [look_alike]}) == 0


@pytest.mark.parametrize("look_alike", [CONTAINS, OVERLAPS])
def test_presence_phrases_and_patterns_that_overlap_do_not_count(look_alike: str) -> None:
    for data in ({"phrases": ["speak with your bank"]}, {"patterns": ["speak with your bank"]}):
        assert _hits("presence", {**data, "not-counting": [ELSEWHERE]}) == 0
        assert _hits("presence", {**data, "not-counting": [look_alike]}) == 1


@pytest.mark.parametrize("look_alike", [CONTAINS, OVERLAPS])
def test_clause_predicates_that_overlap_do_not_count(look_alike: str) -> None:
    data = {"subjects": ["you"], "predicates": ["speak"], "not-counting": [ELSEWHERE]}
    options = {"skip-questions": False}
    assert _hits("clause", data, options) == 1
    assert _hits("clause", {**data, "not-counting": [look_alike]}, options) == 0
