"""Bare imperatives: commands that open a clause, with no softener in their sentence («Прочитайте правила.»).

A single instruction is normal support phrasing («Напишите нам номер заказа»), so a reply is flagged only when
it gives at least ``min-commands`` unsoftened commands. What counts as a command, what is an ordinary helpful
instruction, and what softens a sentence are data: Russian packs use pymorphy3's ``impr`` grammeme
(``:VERB,impr``), English packs list command verbs, since English has no imperative morphology.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from replylint.analysis import Doc, Token
from replylint.analysis.matcher import PhraseMatcher
from replylint.analysis.morphology import fold, other_verb_tied, russian_readings
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, PhraseListData, register
from replylint.checks.common import drop_overlaps, performs_any
from replylint.models import Act, Language

#: Punctuation after which a new clause (and so a command) may start.
CLAUSE_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "(", "…"})


class ImperativeOptions(CheckOptions):
    """How many bare commands make a reply bossy."""

    min_commands: int = Field(2, ge=1, alias="min-commands", description="Unsoftened commands needed to flag.")
    skip_quoted: bool = Field(True, alias="skip-quoted", description="Ignore commands inside quotations.")
    unless_acts: list[Act] = Field(
        default_factory=list,
        alias="unless-acts",
        description="Acts anywhere in the reply that make its commands steps («Да, можно: нажмите …, подтвердите …»).",
    )


class ImperativeData(PhraseListData):
    """Commands, look-alikes that are not commands, softeners, and words that may precede a command."""

    commands: list[str] = Field(default_factory=list, description="Phrases that are commands when opening a clause.")
    allow: list[str] = Field(
        default_factory=list, description="Phrases starting where a command starts that make it no command."
    )
    softeners: list[str] = Field(default_factory=list, description="Phrases that soften every command of a sentence.")
    lead: list[str] = Field(
        default_factory=list, description="Words that may stand between a clause start and its command (just)."
    )
    joins: list[str] = Field(
        default_factory=list, description="Conjunctions that open a new clause («и», «а»): a command may follow."
    )


@dataclass(frozen=True, slots=True)
class _Lexicon:
    commands: PhraseMatcher
    allow: PhraseMatcher
    softeners: PhraseMatcher
    lead: frozenset[str]
    joins: frozenset[str]


def _inside_word(tokens: list[Token], j: int) -> bool:
    """A hyphen glued to the words on both sides ("non-stop", «ну-ка») separates no clauses."""
    return 0 < j < len(tokens) - 1 and tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start


def _likely_verb(token: Token) -> bool:
    """Whether a Russian word is most likely a verb: «При этом …» opens with a preposition, not «переть»; and, when
    an imperative, not as likely another verb's indicative («Нашли, они у вахтёра»)."""
    readings = russian_readings(token.folded)
    return not readings or (readings[0].pos == "VERB" and not other_verb_tied(token.folded))


def _opens_clause(doc: Doc, first: int, lexicon: _Lexicon) -> bool:
    """Whether only lead words and @mentions stand between a clause start (or a joining conjunction) and the token."""
    tokens = doc.tokens
    sentence = tokens[first].sentence
    j = first - 1
    while j >= 0 and tokens[j].sentence == sentence:
        token = tokens[j]
        if token.folded in lexicon.joins:
            return True
        if token.text in CLAUSE_PUNCT:
            return not _inside_word(tokens, j)
        if token.folded not in lexicon.lead and not token.text.startswith("@"):
            return False
        j -= 1
    return True


@register("imperative")
class ImperativeCheck(Check):
    """Flags the bare commands of a reply that gives at least ``min-commands`` of them."""

    Options: ClassVar[type[CheckOptions]] = ImperativeOptions
    Data: ClassVar[type[LanguageData]] = ImperativeData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._lexicons: dict[Language, _Lexicon] = {}
        for lang, item in data.items():
            assert isinstance(item, ImperativeData)
            self._lexicons[lang] = _Lexicon(
                commands=PhraseMatcher(item.commands + item.extra_phrases),
                allow=PhraseMatcher(item.allow),
                softeners=PhraseMatcher(item.softeners),
                lead=frozenset(fold(w) for w in item.lead),
                joins=frozenset(fold(w) for w in item.joins),
            )

    def commands(self, doc: Doc, lang: Language) -> Iterator[tuple[int, int]]:
        """Character spans of the unsoftened commands of one language, in order."""
        options = self.options
        assert isinstance(options, ImperativeOptions)
        lexicon = self._lexicons[lang]
        matches = list(lexicon.commands.finditer(doc))
        if not matches:
            return
        tokens = doc.tokens
        skipped = {tokens[m.first].sentence for m in lexicon.softeners.finditer(doc)}
        skipped.update(s for s, sent in enumerate(doc.sentences) if tokens[sent.last - 1].text == "?")
        allowed = {m.first for m in lexicon.allow.finditer(doc)}
        for match in matches:
            token = tokens[match.first]
            if match.first in allowed or token.sentence in skipped or (options.skip_quoted and token.quoted):
                continue
            if lang is Language.RU and not _likely_verb(tokens[match.last - 1]):
                continue
            if _opens_clause(doc, match.first, lexicon):
                yield match.start, match.end

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, ImperativeOptions)
        doc = item.doc
        found = list(drop_overlaps(span for lang in self.languages(doc) for span in self.commands(doc, lang)))
        if len(found) < options.min_commands:
            return
        if options.unless_acts and performs_any(item.sentence_acts(), options.unless_acts):
            return
        for start, end in found:
            yield Hit(start, end, {"match": doc.text[start:end], "count": str(len(found))})
