"""Near-duplicate replies grouped, so that cross-validation never puts one brand template on both sides of a fold.

A reply is normalised (handles, links, numbers, a trailing signature such as ``^JD`` and punctuation dropped,
lower case) and read as its set of word pairs; two replies whose sets overlap by at least :data:`OVERLAP`
(Jaccard) are one template, and templates that chain are one group ("Please send us an email at <link> and we
will assist", "Just to confirm, have you already tried recovering your account using the steps here: <link>").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The least Jaccard overlap of two replies' word pairs that makes them one template.
OVERLAP = 0.5

_LINK = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d+")
_SIGNATURE = re.compile(r"[\^*/-]\s*[a-z]{1,3}\s*$")
_NOT_WORD = re.compile(r"[^a-z ]+")


def template_words(text: str) -> list[str]:
    """A reply's words with what varies within one template (handles, links, numbers, signature) dropped."""
    text = _DIGITS.sub(" ", _HANDLE.sub(" ", _LINK.sub(" ", text.lower())))
    return _NOT_WORD.sub(" ", _SIGNATURE.sub(" ", text.strip())).split()


class Joined:
    """Items 0..n-1 in groups: two joined items (or chains of them) share a root (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        """The root of an item's group."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """Put the groups of two items together."""
        self.parent[self.root(i)] = self.root(j)

    def roots(self) -> list[int]:
        """Each item's group, as the number of its root."""
        return [self.root(i) for i in range(len(self.parent))]


def template_groups(texts: Sequence[str]) -> list[int]:
    """Each text's group: texts of one template (or a chain of them) share a number."""
    pairs = [set(zip(["", *words], [*words, ""], strict=True)) for words in map(template_words, texts)]
    joined = Joined(len(texts))
    for i, mine in enumerate(pairs):
        for j in range(i):
            theirs = pairs[j]
            if len(mine & theirs) >= OVERLAP * len(mine | theirs):
                joined.join(i, j)
    return joined.roots()
