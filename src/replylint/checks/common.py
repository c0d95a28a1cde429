"""Small pieces several checks share: span overlap, acts that silence a check, the URL pattern and the grammemes of
names."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import regex

from replylint.models import Act, SentenceActs

#: A web address from its scheme or ``www.`` to the next white space.
URL = regex.compile(r"(?i)\b(?:https?://|www\.)\S+")
#: The start of a web address (a token that is one).
URL_START = regex.compile(r"(?i)https?://|www\.")
#: pymorphy3 grammemes of a person's first name, surname and patronymic.
PERSON_NAME = frozenset({"Name", "Surn", "Patr"})
#: pymorphy3 grammemes of proper nouns: names, places, organisations, trademarks.
PROPER_NOUN = PERSON_NAME | {"Geox", "Orgn", "Trad"}


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the span ``[start, end)`` shares a character with one of ``spans``."""
    return any(s < end and start < e for s, e in spans)


def performs_any(sentences: Iterable[SentenceActs], acts: Collection[Act]) -> bool:
    """Whether one of the sentences performs one of ``acts`` (the ``unless-acts`` that silence a check)."""
    wanted = frozenset(acts)
    return bool(wanted) and any(not wanted.isdisjoint(s.acts) for s in sentences)


def drop_overlaps(spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Keep the first and longest of overlapping spans."""
    last_end = -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            last_end = end
            yield start, end
