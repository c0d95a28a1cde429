"""Unreported acts: a sentence that blames or brushes off by what it says as a whole, which no rule reported.

The check runs after the other rules and flags, whole, each sentence that performs its act — in a Russian reply by
the learned classifier of the act (:mod:`replylint.hostile_model`: insinuation, «Судя по следам на корпусе, телефон
роняли»; a third party named as the one responsible, «Ремонтом занимается производитель»), in an English one
by the act cues (docs/acts.md) — when no finding of another rule of its category touches it (a shouted word
or a jargon note does not report the act). A question is left alone (asking is
troubleshooting) unless the rule reads questions (``read-questions``: a mocking question insults as much as a
statement, «Вам что, заняться нечем?»), and so is a sentence holding one of the
language's ``unless`` phrases (the company speaking of itself, «нам нужно было предупредить вас», «обращайтесь к
нам»; a concession, «вы правы»), and the whole reply when one of its sentences performs one of ``unless-acts`` (an
offer or a commitment remedies a redirect).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from pydantic import Field, field_validator

from replylint.analysis import Doc
from replylint.analysis.matcher import PhraseMatcher
from replylint.checks.bare_act import RemedyOptions
from replylint.checks.base import CheckInput, CheckOptions, FindingsCheck, Hit, LanguageData, register
from replylint.checks.common import overlaps, performs_any
from replylint.hostile_model import HOSTILE_MODELS, learned_sentences
from replylint.models import Act, Language


class LearnedActOptions(RemedyOptions):
    """The act reported, and the acts that remedy it."""

    act: Act = Field(
        description="The sentence act reported (blame, dismissal, condescension or insult: the acts with a classifier)."
    )
    read_questions: bool | list[Language] = Field(
        default=False,
        alias="read-questions",
        description="Read questions too (by default a question is left alone): true for every language, or a list of "
        "the languages whose questions are read.",
    )

    @field_validator("act")
    @classmethod
    def _has_a_classifier(cls, act: Act) -> Act:
        if act not in HOSTILE_MODELS:
            raise ValueError(f"no learned classifier of the act {act.value!r}")
        return act


class LearnedActData(LanguageData):
    """Phrases that leave their sentence alone."""

    unless: list[str] = Field(
        default_factory=list, description="Phrases that leave their sentence alone («=нам», «вы правый:ADJS»)."
    )


@register("learned-act")
class LearnedActCheck(FindingsCheck):
    """Flags each sentence performing the act (cues or learned classifier) that no finding of its category touches."""

    Options: ClassVar[type[CheckOptions]] = LearnedActOptions
    Data: ClassVar[type[LanguageData]] = LearnedActData
    language_neutral: ClassVar[bool] = True
    own_category: ClassVar[bool] = True

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        phrases = [p for item in data.values() if isinstance(item, LearnedActData) for p in item.unless]
        self._unless = PhraseMatcher(phrases)

    def left_alone(self, doc: Doc) -> set[int]:
        """The sentences (by number) that hold one of the ``unless`` phrases or ask a question (unless the rule reads
        questions)."""
        alone = {doc.tokens[m.first].sentence for m in self._unless.finditer(doc)}
        assert isinstance(self.options, LearnedActOptions)
        reads = self.options.read_questions
        if not (reads is True or (isinstance(reads, list) and doc.language in reads)):
            alone.update(i for i in range(len(doc.sentences)) if doc.asks(i))
        return alone

    def run_after(self, item: CheckInput, spans: Sequence[tuple[int, int]]) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, LearnedActOptions)
        sentences = item.sentence_acts()
        if performs_any(sentences, options.unless_acts):
            return
        doc = item.doc
        # A sentence reported by another rule of the category is not read. A Russian one is read by the learned
        # classifier (the Russian act cues are the phrase rules' words without their look-alikes), an English one by
        # the act cues; the ``unless`` phrases and questions are looked for only when a sentence was found.
        if doc.language is Language.RU:
            skip = {i for i, s in enumerate(doc.sentences) if overlaps(s.start, s.end, spans)} if spans else ()
            found = learned_sentences(doc, options.act, skip)
        else:
            found = [
                (s.start, s.end) for s in sentences if options.act in s.acts and not overlaps(s.start, s.end, spans)
            ]
        if found:
            numbers = {s.start: i for i, s in enumerate(doc.sentences)}
            left_alone = self.left_alone(doc)
            found = [(start, end) for start, end in found if numbers.get(start) not in left_alone]
        for start, end in found:
            yield Hit(start, end, {"match": doc.text[start:end].strip()})
