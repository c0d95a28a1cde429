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


def target_forms(tokens: Sequence[Token]) -> list[frozenset[str]]:
    """The readings (case, number, and gender in the singular) the replaced words may have: those of the last
    declined word with which the declined words before it agree («денежные средства»: nominative or accusative
    plural); empty when none is declined."""
    declined = [t for t in tokens if any(r.pos in _DECLINED for r in t.readings)]
    if not declined:
        return []
    head, others = declined[-1], declined[:-1]
    candidates = [_form(r.grammemes) for r in head.readings if r.pos in _DECLINED and r.grammemes & _CASES]
    agreeing = [f for f in candidates if all(any(f - _GENDERS <= r.grammemes for r in t.readings) for t in others)]
    return list(dict.fromkeys(agreeing or candidates))


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


def _inflect_text(text: str, form: frozenset[str]) -> str:
    return _WORD.sub(lambda m: _inflect_word(m.group(), form), text)


def inflect_like(replacement: str, tokens: Sequence[Token], before: Token | None) -> str | None:
    """A Russian replacement whose declined words (written in the nominative) take the form of ``tokens``; None
    when the form is ambiguous in a way that changes the replacement and the word ``before`` them (None at the
    start of a sentence) does not settle it: a verb before them takes the accusative, nothing the nominative."""
    forms = target_forms(tokens)
    if not forms:
        return replacement
    texts = {form: _inflect_text(replacement, form) for form in forms}
    if len(set(texts.values())) == 1:
        return texts[forms[0]]
    if before is None:
        wanted = "nomn"
    elif any(r.pos in ("VERB", "INFN") for r in before.readings):
        wanted = "accs"
    else:
        return None
    return next((text for form, text in texts.items() if wanted in form), None)


def match_case(replacement: str, replaced: str) -> str:
    """``replacement`` with a capital first letter when the text it replaces has one."""
    if replaced[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement
