"""Obfuscation: invisible characters or look-alike letters inside a span that another rule flags."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import ClassVar

from replylint.analysis import Doc
from replylint.checks.base import CheckInput, FindingsCheck, Hit, register

#: Characters named in one message at most.
NAMED = 3


def _describe(chars: str) -> str:
    return f"U+{ord(chars[0]):04X} {unicodedata.name(chars[0], '')}".rstrip()


@register("obfuscation")
class ObfuscationCheck(FindingsCheck):
    """Flags a flagged span that only matched once hidden characters were removed or look-alike letters folded:
    text written so that a checker would miss it."""

    language_neutral: ClassVar[bool] = True

    def applies(self, doc: Doc) -> bool:
        return doc.norm is not None and bool(doc.norm.folds)

    def run_after(self, item: CheckInput, spans: Sequence[tuple[int, int]]) -> Iterable[Hit]:
        norm = item.doc.norm
        if norm is None:
            return
        folds = norm.folds
        where = [f.at for f in folds]
        reported: set[int] = set()
        for start, end in sorted(set(spans)):
            inside = [
                i
                for i in range(bisect_left(where, start), bisect_left(where, end))
                if folds[i].at > start or not folds[i].hidden
            ]
            if not inside or reported.issuperset(inside):
                continue
            reported.update(inside)
            names = list(dict.fromkeys(_describe(folds[i].original) for i in inside))
            shown = ", ".join(names[:NAMED]) + (", …" if len(names) > NAMED else "")
            yield Hit(start, end, {"match": item.doc.text[start:end], "characters": shown})
