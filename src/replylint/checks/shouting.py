"""Shouting: words written in capitals for emphasis, told apart from acronyms, codes and names.

A capitalised word is an *acronym* (never shouting) when it is allow-listed, has no vowel (СБП, DM), is a
Roman numeral, or — Russian — pymorphy3 does not know it or reads it as an abbreviation or a proper name,
or — English — it is at most three letters long and no common English word (CPU, PSN, signatures such as
^JS). Latin capitals in a Russian sentence name brands and codes (SAMSUNG, USB-C), never shouting, and so do
Russian nouns in the nominative right after the noun they name («сеть ЛЕНТА») or next to a proper name («ПОЧТА
РОССИИ»). Any other
capitalised word is *shouted*. A run of shouted words (capitals only between them) is flagged when it is long
enough; a shouted word alone when it is a long emphatic word: a Russian dictionary word or an English word of
the rule's ``emphatic`` list (English has no dictionary here, and brand names in capitals are common), or a
short word of its ``short-emphatic`` list («ВАМ», «НЕ»).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

import regex
from pydantic import Field
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

from replylint.analysis.doc import Doc, Token
from replylint.analysis.morphology import fold, is_known_russian, russian_readings
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, register
from replylint.checks.common import PROPER_NOUN
from replylint.models import Language

_VOWELS = frozenset("AEIOUYАЕЁИОУЫЭЮЯ")
_ROMAN = regex.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
#: pymorphy3 grammemes of proper names: a name in capitals («ИВАНОВ», «МОСКВА») is not shouted.
_PROPER = PROPER_NOUN | {"Init"}  # initials too
#: Punctuation that may stand inside a shouted run ("WE CANNOT, SORRY").
_IN_RUN = frozenset({",", "-", "—", "–", "'", "’", "&"})
#: Two capitals in a row: without them no word of a reply is written in capitals.
_CAPITALS = regex.compile(r"\p{Lu}{2}")


class ShoutingOptions(CheckOptions):
    """Thresholds and the allow-list of words that are never shouting."""

    allow: list[str] = Field(default_factory=list, description="Words never counted as shouting (brands, codes).")
    min_run_words: int = Field(2, ge=2, alias="min-run-words", description="Shouted words a run needs.")
    min_run_letters: int = Field(
        7, ge=1, alias="min-run-letters", description="Letters the shouted words of a run need together."
    )
    min_word_letters: int = Field(
        5, ge=2, alias="min-word-letters", description="Letters an emphatic word needs to shout alone."
    )
    skip_quoted: bool = Field(True, alias="skip-quoted", description="Ignore capitals inside quotations.")


class ShoutingData(LanguageData):
    """Acronyms of this language and (English) words that shout even alone."""

    allow: list[str] = Field(default_factory=list, description="Common acronyms written in capitals.")
    emphatic: list[str] = Field(default_factory=list, description="Words that shout alone, in lower case.")
    short_emphatic: list[str] = Field(
        default_factory=list,
        alias="short-emphatic",
        description="Short words that shout alone whatever ``min-word-letters`` says («ВАМ», «НЕ»), in lower case.",
    )


def _letters(word: str) -> str:
    return "".join(ch for ch in word if ch.isalpha())


def _is_capitalised(token: Token) -> bool:
    letters = _letters(token.text)
    return len(letters) >= 2 and letters.isupper()


@register("shouting")
class ShoutingCheck(Check):
    """Flags runs of capitalised words, and long emphatic words, written in capitals."""

    Options: ClassVar[type[CheckOptions]] = ShoutingOptions
    Data: ClassVar[type[LanguageData]] = ShoutingData
    language_neutral: ClassVar[bool] = True

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, ShoutingOptions)
        allow = {word.upper() for word in options.allow}
        emphatic: set[str] = set()
        short: set[str] = set()
        for item in data.values():
            assert isinstance(item, ShoutingData)
            allow.update(word.upper() for word in item.allow)
            emphatic.update(word.lower() for word in item.emphatic)
            short.update(word.lower() for word in item.short_emphatic)
        self._allow = frozenset(allow)
        self._emphatic = frozenset(emphatic)
        self._short = frozenset(short)

    def _shouted(self, token: Token, russian: bool) -> bool:
        """Whether a capitalised word is a word written in capitals rather than an acronym or a name."""
        word = _letters(token.text)
        if word in self._allow or _VOWELS.isdisjoint(word) or _ROMAN.fullmatch(word):
            return False
        cyrillic = bool(_CYRILLIC.search(word))
        if russian and not cyrillic:
            return False  # Latin capitals in a Russian reply name brands, products and codes (SAMSUNG, iPhone SE)
        if cyrillic:
            readings = token.readings
            if not readings or not is_known_russian(token.folded) or any("Abbr" in r.grammemes for r in readings):
                return False
            return not _PROPER & readings[0].grammemes
        return len(word) > 3 or word.lower() in ENGLISH_STOP_WORDS

    def _emphatic_alone(self, token: Token) -> bool:
        options = self.options
        assert isinstance(options, ShoutingOptions)
        word = _letters(token.text).lower()
        if word in self._short:
            return True
        if len(word) < options.min_word_letters:
            return False
        return bool(_CYRILLIC.search(word)) or word in self._emphatic

    def _runs(self, doc: Doc) -> Iterator[list[Token]]:
        """Maximal runs of capitalised words within a sentence; punctuation of :data:`_IN_RUN` may join them."""
        options = self.options
        assert isinstance(options, ShoutingOptions)
        run: list[Token] = []
        for token in doc.tokens:
            if not run and not token.text.isupper():
                continue  # most tokens: no run is open and this one cannot start one
            capitalised = (  # an alphabetic token is all letters: capitalised when upper case with two or more
                token.is_alpha
                and len(token.text) >= 2
                and token.text.isupper()
                and not (options.skip_quoted and token.quoted)
                and not (token.start and doc.text[token.start - 1] in "@#")
            )
            joins = token.text in _IN_RUN or (token.is_alpha and token.text.isupper() and len(token.text) == 1)
            if run and token.sentence != run[-1].sentence:
                yield run
                run = []
            if capitalised:
                run.append(token)
            elif not (run and joins):
                if run:
                    yield run
                run = []
        if run:
            yield run

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, ShoutingOptions)
        doc = item.doc
        if not _CAPITALS.search(doc.text):
            return
        for run in self._runs(doc):
            russian = doc.language is Language.RU or (
                doc.language is Language.MIXED and _russian_sentence(doc, run[0].sentence)
            )
            if russian and _is_name(doc, run):
                continue
            shouted = [t for t in run if self._shouted(t, russian)]
            letters = sum(len(_letters(t.text)) for t in shouted)
            if len(shouted) >= options.min_run_words and letters >= options.min_run_letters:
                start, end = shouted[0].start, shouted[-1].end
                yield Hit(start, end, {"match": doc.text[start:end]}, _sentence_case(doc, shouted))
            elif len(shouted) == 1 and self._emphatic_alone(shouted[0]) and not _is_label(doc, shouted[0]):
                token = shouted[0]
                yield Hit(token.start, token.end, {"match": token.text}, _sentence_case(doc, shouted))


def _sentence_case(doc: Doc, shouted: list[Token]) -> str:
    """The text from the first shouted word to the last with those words in lower case (the first capitalised
    when it opens its sentence); acronyms between them keep their capitals."""
    first_of_sentence = doc.tokens[doc.sentences[shouted[0].sentence].first]
    parts, position = [], shouted[0].start
    for token in shouted:
        word = token.text.lower()
        parts += [doc.text[position : token.start], word.capitalize() if token is first_of_sentence else word]
        position = token.end
    return "".join(parts)


def _is_label(doc: Doc, token: Token) -> bool:
    """A heading word such as «ВНИМАНИЕ:» or "UPDATE!" standing alone before the message."""
    sentence = doc.sentences[token.sentence]
    words = [t for t in doc.tokens[sentence.first : sentence.last] if t.is_alpha]
    following = doc.text[token.end : token.end + 2].lstrip()
    return words == [token] or following.startswith(":")


def _nominative(token: Token, pos: str) -> bool:
    return any(r.pos == pos and "nomn" in r.grammemes for r in token.readings)


def _is_name(doc: Doc, run: list[Token]) -> bool:
    """A name in capitals: one with a proper name in it («ПОЧТА РОССИИ»), or one right after the noun it names
    («сеть ЛЕНТА», «программа СПАСИБО», «магазин ЗОЛОТОЕ ЯБЛОКО»).

    The name stays in the nominative whatever the case of that noun; shouting is rarely a bare noun phrase
    («ЗАПРЕЩЕНО», «НЕ НЕСЁТ», «ЛИЧНАЯ договорённость»).
    """
    words = [t for t in run if t.is_alpha]
    if len(words) > 1 and any(t.readings and _PROPER & t.readings[0].grammemes for t in words):
        return True  # «ПОЧТА РОССИИ», «БАНК ИВАНОВ И СЫНОВЬЯ»
    if not (_nominative(words[-1], "NOUN") and all(_nominative(t, "NOUN") or _nominative(t, "ADJF") for t in words)):
        return False
    before = doc.text[: run[0].start].rstrip().rsplit(maxsplit=1)
    if not before or not before[-1].isalpha() or before[-1].isupper():
        return False
    return any(r.pos == "NOUN" for r in russian_readings(fold(before[-1])))


def _russian_sentence(doc: Doc, index: int) -> bool:
    """Whether most words of a sentence of a mixed reply are Russian."""
    sentence = doc.sentences[index]
    words = [t for t in doc.tokens[sentence.first : sentence.last] if t.is_alpha and not _is_capitalised(t)]
    return sum(1 for t in words if _CYRILLIC.search(t.text)) * 2 > len(words)
