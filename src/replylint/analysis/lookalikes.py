"""``not-counting``: look-alikes of what a rule looks for, one meaning in every check kind.

A match (a phrase, a pattern, a predicate, an offending word) that overlaps a look-alike found in the reply does
not count: "you should have received" hides "you should have", «не получили» hides «получили»."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.analysis.doc import Doc
from replylint.analysis.matcher import PhraseMatcher


class NotCounting:
    """A rule's look-alikes in one language, compiled once."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self._matcher = PhraseMatcher(phrases)

    def spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Where the look-alikes lie in a reply."""
        return [(m.start, m.end) for m in self._matcher.finditer(doc)] if self._matcher else []


def hidden(start: int, end: int, look_alikes: Sequence[tuple[int, int]]) -> bool:
    """Whether the span ``[start, end)`` overlaps one of the look-alikes, so it does not count."""
    return any(s < end and start < e for s, e in look_alikes)
