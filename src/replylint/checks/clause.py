"""Clause checks: a subject and, later in the same clause, a predicate of a class («вы, видимо, не удосужились»).

Phrases cannot say "in the same clause": a gap of a few words happily runs from «Вы правы, что» into the next
clause («курьер перепутал адрес»). This check walks from each subject towards its predicate and stops where the
clause ends: at a clause word («что», «который», "that"), at a comma that does not bracket an aside
(«, видимо,», ", clearly,"), at a dash, colon or end of sentence, or after ``reach`` words. A clause opened
by a condition («если вы забыли пароль», "if you entered") is no statement about the customer, and a sentence
holding one of the ``unless`` phrases (a softener such as «пожалуйста») is left alone, as is a question when
``skip-questions`` is set; a predicate overlapping a ``not-counting`` look-alike («не получили») does not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field

from replylint.analysis import Doc, Token
from replylint.analysis.matcher import Match, PhraseMatcher
from replylint.analysis.morphology import fold
from replylint.checks.base import Check, CheckInput, CheckOptions, Hit, LanguageData, PhraseListData, register
from replylint.checks.common import drop_overlaps, overlaps
from replylint.models import Language

#: Punctuation that ends a clause (a comma may instead bracket an aside).
CLAUSE_END = frozenset({"—", "–", "-", ":", ";", "(", ")", "?", "!", ".", "…", "«", "»", '"', "“", "”"})
#: Words an aside between commas may have at most.
ASIDE_WORDS = 4


class ClauseOptions(CheckOptions):
    """How far a predicate may stand from its subject, and which sentences are left alone."""

    reach: int = Field(6, ge=0, description="Words that may stand between the subject and the predicate.")
    skip_quoted: bool = Field(True, alias="skip-quoted", description="Ignore subjects inside quotations.")
    skip_questions: bool = Field(
        True, alias="skip-questions", description="Leave questions alone («Вы не перепутали даты?»)."
    )


class ClauseData(PhraseListData):
    """Subjects, the predicates that make the rule, and the words that shape a clause."""

    subjects: list[str] = Field(default_factory=list, description="Phrases naming the subject («=вы», “you”).")
    predicates: list[str] = Field(
        default_factory=list, description="Phrases that, in the subject's clause, make the rule («не удосужиться»)."
    )
    breaks: list[str] = Field(
        default_factory=list, description="Words that open another clause («что», «который», “that”)."
    )
    asides: list[str] = Field(
        default_factory=list, description="Words an aside between commas may be made of («видимо», “clearly”)."
    )
    conditions: list[str] = Field(
        default_factory=list, description="Words that, opening the subject's clause, make it no statement («если»)."
    )
    unless: list[str] = Field(
        default_factory=list, description="Phrases that leave their whole sentence alone («пожалуйста»)."
    )
    not_counting: list[str] = Field(
        default_factory=list,
        alias="not-counting",
        description="Look-alike predicates that do not count («не получили» is no failure of the customer's).",
    )


@dataclass(frozen=True, slots=True)
class _Grammar:
    subjects: PhraseMatcher
    predicates: PhraseMatcher
    unless: PhraseMatcher
    not_counting: PhraseMatcher
    breaks: frozenset[str]
    asides: frozenset[str]
    conditions: frozenset[str]


@register("clause")
class ClauseCheck(Check):
    """Flags a subject followed, in the same clause, by a predicate of the rule's class."""

    Options: ClassVar[type[CheckOptions]] = ClauseOptions
    Data: ClassVar[type[LanguageData]] = ClauseData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._grammars: dict[Language, _Grammar] = {}
        for lang, item in data.items():
            assert isinstance(item, ClauseData)
            self._grammars[lang] = _Grammar(
                subjects=PhraseMatcher(item.subjects),
                predicates=PhraseMatcher(item.predicates + item.extra_phrases),
                unless=PhraseMatcher(item.unless),
                not_counting=PhraseMatcher(item.not_counting),
                breaks=frozenset(fold(w) for w in item.breaks),
                asides=frozenset(fold(w) for w in item.asides),
                conditions=frozenset(fold(w) for w in item.conditions),
            )

    def spans(self, doc: Doc, lang: Language) -> Iterator[tuple[int, int]]:
        """Character spans from a subject to its predicate, for one language."""
        options = self.options
        assert isinstance(options, ClauseOptions)
        grammar = self._grammars[lang]
        subjects = list(grammar.subjects.finditer(doc))
        if not subjects:
            return
        excluded = [(m.start, m.end) for m in grammar.not_counting.finditer(doc)] if grammar.not_counting else []
        predicates: dict[int, Match] = {}
        for match in grammar.predicates.finditer(doc):
            if overlaps(match.start, match.end, excluded):
                continue
            if match.first not in predicates or match.last > predicates[match.first].last:
                predicates[match.first] = match
        if not predicates:
            return
        tokens = doc.tokens
        left_alone = {tokens[m.first].sentence for m in grammar.unless.finditer(doc)}
        if options.skip_questions:
            left_alone.update(s for s, sent in enumerate(doc.sentences) if tokens[sent.last - 1].text == "?")
        for subject in subjects:
            head = tokens[subject.first]
            if head.sentence in left_alone or (options.skip_quoted and head.quoted):
                continue
            if self._conditional(tokens, subject.first, grammar):
                continue
            found = self._predicate(tokens, subject.last, predicates, grammar, options.reach)
            if found is not None:
                yield subject.start, found.end

    @staticmethod
    def _conditional(tokens: list[Token], first: int, grammar: _Grammar) -> bool:
        """Whether the subject's clause opens with a condition word («если вы …»)."""
        sentence = tokens[first].sentence
        j = first - 1
        while j >= 0 and tokens[j].sentence == sentence:
            token = tokens[j]
            if token.folded in grammar.conditions:
                return True
            if token.text in CLAUSE_END or token.text == "," or token.folded in grammar.breaks:
                return False
            j -= 1
        return False

    @staticmethod
    def _predicate(
        tokens: list[Token], start: int, predicates: dict[int, Match], grammar: _Grammar, reach: int
    ) -> Match | None:
        """The first predicate of the class in the clause that starts at ``start``, or None."""
        sentence = tokens[start - 1].sentence
        words = 0
        j = start
        while j < len(tokens) and tokens[j].sentence == sentence:
            found = predicates.get(j)
            if found is not None and not any(
                t.text in CLAUSE_END or t.text == "," or t.folded in grammar.breaks
                for t in tokens[found.first : found.last]
            ):
                return found
            token = tokens[j]
            if token.text == ",":
                k = j + 1
                while k < len(tokens) and k - j <= ASIDE_WORDS and tokens[k].folded in grammar.asides:
                    k += 1
                if k == j + 1 or k >= len(tokens) or tokens[k].text != ",":
                    return None
                j = k + 1
                continue
            if _glued(tokens, j) or (j + 1 < len(tokens) and _glued(tokens, j + 1)):
                j += 1  # a word with a hyphen («что-то», «из-за») opens no clause
                continue
            if token.text in CLAUSE_END or token.folded in grammar.breaks:
                return None
            words += 1
            if words > reach:
                return None
            j += 1
        return None

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        spans = [s for lang in self.languages(doc) for s in self.spans(doc, lang)]
        for start, end in drop_overlaps(spans):
            yield Hit(start, end, {"match": doc.text[start:end]})


def _glued(tokens: list[Token], j: int) -> bool:
    """A hyphen joined to the words on both sides («что-то», «из-за»)."""
    return (
        tokens[j].text == "-"
        and 0 < j < len(tokens) - 1
        and tokens[j - 1].end == tokens[j].start
        and tokens[j].end == tokens[j + 1].start
    )
