"""Replacement text that fits where it goes: a Russian swap takes the case and number of the words it replaces,
and a replacement at the start of a sentence keeps its capital."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from replylint.analysis.doc import Token
from replylint.analysis.morphology import WORD_CACHE, analyzer

#: Parts of speech that carry a case and agree with the words around them.
_DECLINED = frozenset({"NOUN", "ADJF", "PRTF"})
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct", "gen2", "acc2", "loc2"})
_NUMBERS = frozenset({"sing", "plur"})
_GENDERS = frozenset({"masc", "femn", "neut"})
_WORD = re.compile(r"[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)*")


def _form(grammemes: frozenset[str]) -> frozenset[str]:
    """The case, number and (singular) gender of a reading."""
    keep = _CASES | _NUMBERS | (_GENDERS if "sing" in grammemes else frozenset())
    return grammemes & keep


def target_form(tokens: Sequence[Token]) -> frozenset[str]:
    """The case and number (and gender, singular) of the words replaced: those of the last declined word, read so
    that the declined words before it agree with it («денежные средства»: nominative plural); empty when none."""
    declined = [t for t in tokens if any(r.pos in _DECLINED for r in t.readings)]
    if not declined:
        return frozenset()
    head, others = declined[-1], declined[:-1]
    candidates = [_form(r.grammemes) for r in head.readings if r.pos in _DECLINED and r.grammemes & _CASES]
    for form in candidates:
        case_number = form - _GENDERS
        if all(any(case_number <= r.grammemes for r in t.readings) for t in others):
            return form
    return candidates[0] if candidates else frozenset()


@lru_cache(maxsize=WORD_CACHE)
def _inflect_word(word: str, form: frozenset[str]) -> str:
    """``word``, given in the nominative, in ``form``; unchanged when it is not a declined word in the nominative."""
    for parse in analyzer().parse(word.lower()):
        if parse.tag.POS in _DECLINED and "nomn" in parse.tag.grammemes:
            inflected = parse.inflect(set(form)) or parse.inflect(set(form & _CASES))
            if inflected is None:
                return word
            return inflected.word.capitalize() if word[:1].isupper() else str(inflected.word)
    return word


def inflect_like(replacement: str, tokens: Sequence[Token]) -> str:
    """A Russian replacement whose declined words (written in the nominative) take the form of ``tokens``."""
    form = target_form(tokens)
    if not form:
        return replacement
    return _WORD.sub(lambda m: _inflect_word(m.group(), form), replacement)


def match_case(replacement: str, replaced: str) -> str:
    """``replacement`` with a capital first letter when the text it replaces has one."""
    if replaced[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
