"""Word normalisation: pymorphy3 readings for Russian, Snowball stems for English. Cached per word."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3
import snowballstemmer

#: Words each cache below remembers: enough for the everyday vocabulary of replies, and a bound on memory
#: (about 25 MB in all when full) however many replies a process lints.
WORD_CACHE = 50_000


@dataclass(frozen=True, slots=True)
class Reading:
    """One candidate analysis of a Russian word form (pymorphy3 ``Parse``)."""

    lemma: str
    pos: str | None
    grammemes: frozenset[str]
    score: float


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process's one pymorphy3 analyzer of Russian."""
    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def fold(word: str) -> str:
    """Lower-case a word and fold ``ё`` to ``е`` and typographic apostrophes to ``'``."""
    folded = word.lower().replace("ё", "е").replace("’", "'")
    return word if folded == word else folded  # the same object when nothing changes: caches hold one copy


@lru_cache(maxsize=WORD_CACHE)
def russian_readings(word: str) -> tuple[Reading, ...]:
    """All pymorphy3 readings of a (folded) Russian word, most probable first."""
    # Interned lemma and part of speech: cached readings share them rather than holding a copy each.
    return tuple(
        Reading(
            lemma=sys.intern(fold(parse.normal_form)),
            pos=sys.intern(str(parse.tag.POS)) if parse.tag.POS else None,
            grammemes=frozenset(parse.tag.grammemes),
            score=parse.score,
        )
        for parse in analyzer().parse(word)
    )


@lru_cache(maxsize=50_000)
def is_known_russian(word: str) -> bool:
    """Whether pymorphy3's dictionary holds the (folded) word, rather than guessing its readings."""
    return bool(analyzer().word_is_known(word))


@lru_cache(maxsize=WORD_CACHE)
def english_stem(word: str) -> str:
    """Snowball stem of a (folded) English word: ``blamed``, ``blaming`` → ``blame``."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=WORD_CACHE)
def match_keys(word: str) -> frozenset[str]:
    """Keys under which a folded word matches a phrase: its form plus lemmas or stem."""
    if not word or not word[0].isalpha():
        return frozenset((word,))
    if "а" <= word[0] <= "я":
        return frozenset((word, *(r.lemma for r in russian_readings(word))))
    return frozenset((word, english_stem(word)))


@cache
def known_grammemes() -> frozenset[str]:
    """Every grammeme pymorphy3's Russian dictionary knows (``VERB``, ``impr``, ``1per``, …)."""
    return frozenset(str(g) for g in analyzer().TagClass.KNOWN_GRAMMEMES)


def warm_up() -> None:
    """Load the dictionaries now rather than on the first Russian word."""
    analyzer()
    _stemmer()
