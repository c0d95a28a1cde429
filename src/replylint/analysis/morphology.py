"""Word normalisation: pymorphy3 readings for Russian, Snowball stems for English. Cached per word."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import pymorphy3
import snowballstemmer

#: Entries a plain bounded table remembers (the readings' scores, inflected words): a bound on memory however
#: many replies a process lints.
WORD_CACHE = 50_000

#: Words a per-word table takes in before it starts a new generation (:class:`WordCache`, the lexeme table, the
#: tokenizer's chunks, the profanity verdicts): it then holds at most twice as many, the words of this generation
#: and those of the last not asked for again. The words a process keeps meeting are carried from one generation to
#: the next; the others (the rare words of a long export, the words of a language it has stopped reading) go with
#: their generation. 12,000 took 17 MiB off an audit's peak RSS together with a smaller spaCy vocabulary, but a warm
#: process whose replies meet more distinct words than a generation holds (the benchmark's long Russian replies) then
#: works most words out again on every pass (p50 1.8 → 3.3 ms); at 20,000 both match one table of 50,000 words
#: emptied when full (docs/performance.md). A dict of 10,923 to 21,845 keys has one table size, so 16,000 took no
#: memory off an audit (its peak RSS 2 MB higher, its tables turning more often; twenty-first round).
GENERATION = 20_000

_K = TypeVar("_K")
_V = TypeVar("_V")
#: What :meth:`Generations.carried` gives for a key the previous generation does not hold.
ABSENT: Any = object()


class Generations(dict[_K, _V]):
    """A per-word table kept in two generations: when it holds :data:`GENERATION` entries it becomes the previous
    generation and a new one starts; an entry of the previous one asked for again (:meth:`carried`) moves over
    without being worked out again, and the rest go with it at the next turn. A hit is one dict lookup."""

    __slots__ = ("previous",)

    #: Generations of this many times :data:`GENERATION` entries (a table of more entries than words: chunks).
    scale = 1

    def __init__(self) -> None:
        super().__init__()
        self.previous: dict[_K, _V] = {}

    def carried(self, key: _K) -> _V:
        """The previous generation's entry for ``key``, taken out of it, or :data:`ABSENT`."""
        value: _V = self.previous.pop(key, ABSENT)
        return value

    def filled(self, key: _K, make: Callable[[_K], _V]) -> _V:
        """The entry for a ``key`` this generation lacks: the previous generation's carried over, else ``make(key)``;
        entered either way."""
        value = self.carried(key)
        if value is ABSENT:
            value = make(key)
        self.put(key, value)
        return value

    def put(self, key: _K, value: _V) -> None:
        """Enter ``value``, turning the generation first when this one is full."""
        if len(self) >= GENERATION * self.scale:
            self.previous = dict(self)
            super().clear()
        self[key] = value

    def clear(self) -> None:
        """Forget every entry, of both generations."""
        super().clear()
        self.previous = {}


class WordCache(Generations[str, _V]):
    """What ``compute`` gives for each word, worked out on the word's first lookup (``cache[word]``), in
    :class:`Generations`. An entry is one dict slot, where a ``functools.lru_cache`` entry adds a linked-list node
    (80 against 24 bytes a word, measured)."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> _V:
        return self.filled(word, self.compute)


def word_cache(compute: Callable[[str], _V]) -> Callable[[str], _V]:
    """``compute`` cached per word (:class:`WordCache`): the cache's bound lookup, so a call is a dict lookup."""
    return WordCache(compute).__getitem__


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
    stemmer = snowballstemmer.stemmer("english")
    if hasattr(stemmer, "maxCacheSize"):
        # PyStemmer keeps a cache of its own (10,000 words, each with its stem and a use count: 2.2 MiB when full),
        # which :func:`english_stem` already is; without it a new word's stem is also made faster.
        stemmer.maxCacheSize = 0
    return stemmer


def fold(word: str) -> str:
    """Lower-case a word and fold ``ё`` to ``е`` and typographic apostrophes to ``'``."""
    folded = word.lower().replace("ё", "е").replace("’", "'")
    return word if folded == word else folded  # the same object when nothing changes: caches hold one copy


#: One float object per distinct score of a reading (pymorphy3 makes a new one per parse: 37,000 readings of 15,000
#: Russian words hold 4,400 distinct scores); starts over at :data:`WORD_CACHE` scores.
_SCORES: dict[float, float] = {}


def _score(score: float) -> float:
    if len(_SCORES) >= WORD_CACHE:
        _SCORES.clear()
    return _SCORES.setdefault(score, score)


@word_cache
def russian_readings(word: str) -> tuple[Reading, ...]:
    """All pymorphy3 readings of a (folded) Russian word, most probable first."""
    # Interned lemma, part of speech and score: cached readings share them rather than holding a copy each.
    return tuple(
        Reading(
            lemma=sys.intern(fold(parse.normal_form)),
            pos=sys.intern(str(parse.tag.POS)) if parse.tag.POS else None,
            grammemes=frozenset(parse.tag.grammemes),
            score=_score(parse.score),
        )
        for parse in analyzer().parse(word)
    )


@word_cache
def other_verb_tied(word: str) -> bool:
    """Whether a (folded) Russian word's likeliest imperative reading ties with another verb's indicative: «нашли»,
    «пришли» are "found", "came" far more often than the familiar "send!" of «наслать», «прислать»."""
    readings = russian_readings(word)
    if not readings or "impr" not in readings[0].grammemes:
        return False
    top = readings[0]
    return any(r.score >= top.score and r.lemma != top.lemma and "indc" in r.grammemes for r in readings)


@word_cache
def familiar_form(word: str) -> bool:
    """Whether a (folded) Russian word most likely speaks in the «ты» register: the pronoun «ты» or «твой», a verb
    in the second person singular («даёшь»), or a singular imperative («купи»; not «пришли», «нашли»)."""
    readings = russian_readings(word)
    if not readings:
        return False
    top = readings[0]
    if top.lemma in ("ты", "твой"):
        return True
    if top.pos != "VERB" or "sing" not in top.grammemes or len(word) < 3 or not is_known_russian(word):
        return False  # «см» is centimetres; a word pymorphy3 guesses («спешелти») is no verb it knows
    return "2per" in top.grammemes or (
        "impr" in top.grammemes and "excl" in top.grammemes and not other_verb_tied(word)
    )


@word_cache
def is_known_russian(word: str) -> bool:
    """Whether pymorphy3's dictionary holds the (folded) word, rather than guessing its readings."""
    return bool(analyzer().word_is_known(word))


@word_cache
def english_stem(word: str) -> str:
    """Snowball stem of a (folded) English word: ``blamed``, ``blaming`` → ``blame``; the word itself (the same
    object, not a copy kept beside it) when stemming leaves it as it is."""
    stem = str(_stemmer().stemWord(word))
    return word if stem == word else stem


@word_cache
def match_keys(word: str) -> tuple[str, ...]:
    """Keys under which a folded word matches a phrase, each once: its form, then its lemmas or stem. A tuple, not a
    set: every word an audit meets keeps one, and a tuple of two keys takes 72 bytes where a set takes 216."""
    if not word or not word[0].isalpha():
        return (word,)
    if "а" <= word[0] <= "я":
        return tuple(dict.fromkeys((word, *(r.lemma for r in russian_readings(word)))))
    stem = english_stem(word)
    return (word,) if stem == word else (word, stem)


@cache
def known_grammemes() -> frozenset[str]:
    """Every grammeme pymorphy3's Russian dictionary knows (``VERB``, ``impr``, ``1per``, …)."""
    return frozenset(str(g) for g in analyzer().TagClass.KNOWN_GRAMMEMES)


def warm_up() -> None:
    """Load the dictionaries now rather than on the first Russian word."""
    analyzer()
    _stemmer()
