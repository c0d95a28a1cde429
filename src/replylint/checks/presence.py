"""Presence checks: something a good reply must contain in the circumstances (an apology, a next step).

What counts is a sentence act (``acts``, docs/acts.md), a pattern (a link, an e-mail address), or a phrase; in an
English reply to a complaint, a learned model (``learned``) may decide, reading what the rules found."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from replylint.analysis import Doc
from replylint.analysis.acts import Gated, compile_gated, sentence_acts
from replylint.analysis.language import not_english
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import PhraseMatcher
from replylint.checks.base import (
    Check,
    CheckInput,
    CheckOptions,
    GatedPatterns,
    Hit,
    LanguageData,
    PhraseListData,
    register,
)
from replylint.hostile_model import HOSTILE_MODELS, learned_sentences
from replylint.models import Act, Channel, ContextKind, Language, SentenceActs
from replylint.next_step_model import Found, next_step_score

#: The learned models a presence check can ask, by name: each scores a reply, its acts and what the rules found, 0–1.
LEARNED: dict[str, Callable[[Doc, Sequence[SentenceActs], Found], float]] = {"next-step": next_step_score}


class PresenceOptions(CheckOptions):
    """When the reply must contain one of the phrases or patterns."""

    when: list[ContextKind] = Field(
        default_factory=list, description="Kinds of customer message that require it (empty: always)."
    )
    channels: list[Channel] = Field(default_factory=list, description="Channels that require it (empty: all).")
    acts: list[Act] = Field(default_factory=list, description="Sentence acts that count (docs/acts.md).")
    not_with: list[Act] = Field(
        default_factory=list, alias="not-with", description="A sentence that also performs one of these does not count."
    )
    not_learned: list[Act] = Field(
        default_factory=list,
        alias="not-learned",
        description=(
            "In a Russian reply, a sentence that the learned classifier of one of these acts reads as performing it"
            " does not count, unless it answers the question (docs/acts.md#learned-hostile-acts-in-russian)."
        ),
    )
    patterns: GatedPatterns = Field(default_factory=list, description="Patterns that count, in any language.")
    skip_foreign: bool = Field(
        False,
        alias="skip-foreign",
        description="Do not judge a reply taken for English but written in another language (the acts cannot read it).",
    )
    template_counts: bool = Field(
        False, alias="template-counts", description="In a template, a name placeholder counts as present."
    )
    learned: Literal["next-step"] | None = Field(
        None,
        description=(
            "A learned model that decides in an English reply to a complaint (the model is trained on those only):"
            " it reads the reply, its acts and what the rules found; what the rules find counts when its score"
            " reaches `learned-threshold`, and when the rules find nothing, its score reaching `learned-adds` counts"
            " (never in a reply with a `not-with` act)."
        ),
    )
    learned_threshold: float = Field(0.5, alias="learned-threshold", ge=0.0, le=1.0)
    learned_adds: float = Field(
        1.0, alias="learned-adds", ge=0.0, le=1.0, description="The least score that counts where the rules find none."
    )

    @field_validator("not_learned")
    @classmethod
    def _have_a_classifier(cls, acts: list[Act]) -> list[Act]:
        if unknown := [act.value for act in acts if act not in HOSTILE_MODELS]:
            raise ValueError(f"no learned classifier of the acts {unknown}")
        return acts


class PresenceData(PhraseListData):
    """What counts as present in one language, and look-alikes that do not count."""

    phrases: list[str] = Field(default_factory=list)
    patterns: GatedPatterns = Field(default_factory=list)
    not_counting: list[str] = Field(
        default_factory=list,
        alias="not-counting",
        description="Look-alikes: a match that overlaps one does not count.",
    )
    generic: list[str] = Field(
        default_factory=list,
        description=(
            'Phrases of a generic pointer or a lecture ("visit our help site", «впредь проверяйте»): nothing in their'
            " sentence counts."
        ),
    )
    not_generic: list[str] = Field(
        default_factory=list,
        alias="not-generic",
        description=(
            'Look-alikes of a generic pointer: one that overlaps one is none ("Please provide more details here: …",'
            ' "to review this more closely").'
        ),
    )


@register("presence")
class PresenceCheck(Check):
    """Flags the whole reply when none of the acts, phrases or patterns is present."""

    Options: ClassVar[type[CheckOptions]] = PresenceOptions
    Data: ClassVar[type[LanguageData]] = PresenceData
    language_neutral: ClassVar[bool] = True

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, PresenceOptions)
        self._patterns = compile_gated(options.patterns)
        self._acts = frozenset(options.acts)
        self._not_with = frozenset(options.not_with)
        self._not_learned = tuple(options.not_learned)
        self._by_lang: dict[Language, tuple[PhraseMatcher, NotCounting, list[Gated]]] = {}
        self._generic: dict[Language, tuple[PhraseMatcher, NotCounting]] = {}
        for lang, item in data.items():
            assert isinstance(item, PresenceData)
            self._by_lang[lang] = (
                PhraseMatcher(item.phrases + item.extra_phrases),
                NotCounting(item.not_counting),
                compile_gated(item.patterns),
            )
            if item.generic:
                self._generic[lang] = (PhraseMatcher(item.generic), NotCounting(item.not_generic))

    def present(self, doc: Doc, acts: Sequence[SentenceActs] | None = None, kind: ContextKind | None = None) -> bool:
        """Whether the reply contains something that counts; ``acts`` are its sentence acts (found when not
        given, from ``kind``, the customer's message's kind). In an English reply to a complaint, the ``learned``
        model decides, reading what the rules found."""
        if acts is None:
            acts = sentence_acts(doc, kind)
        found = self.rules_found(doc, acts)
        options = self.options
        assert isinstance(options, PresenceOptions)
        if options.learned is None or kind is not ContextKind.COMPLAINT or doc.language is not Language.EN:
            return found is not None
        if found is None and self.ruled_out(acts):
            return False
        least = options.learned_adds if found is None else options.learned_threshold
        return LEARNED[options.learned](doc, acts, found) >= least

    def ruled_out(self, acts: Sequence[SentenceActs]) -> bool:
        """Whether a sentence performs one of the ``not-with`` acts (blame, a hostile question …): then the learned
        model may not add what the rules did not find."""
        return any(not self._not_with.isdisjoint(sentence.acts) for sentence in acts)

    def rules_present(self, doc: Doc, acts: Sequence[SentenceActs]) -> bool:
        """Whether the acts, patterns or phrases find something that counts (the rules alone, no model)."""
        return self.rules_found(doc, acts) is not None

    def rules_found(self, doc: Doc, acts: Sequence[SentenceActs]) -> Found:
        """What the rules alone find something that counts by: ``"pattern"`` (a pattern or a phrase, such as a link),
        ``"act"`` (an act, and no pattern or phrase), or ``None``."""
        generic = self.generic_spans(doc)
        for pattern, gate in self._patterns:
            if any(not _inside(found.start(), generic) for found in self.find_all(pattern, doc.text, gate)):
                return "pattern"
        for lang in self.languages(doc):
            phrases, not_counting, patterns = self._by_lang[lang]
            look_alikes: list[tuple[int, int]] | None = None  # read only when something could count
            for pattern, gate in patterns:
                for found in self.find_all(pattern, doc.text, gate):
                    look_alikes = not_counting.spans(doc) if look_alikes is None else look_alikes
                    if not hidden(found.start(), found.end(), look_alikes):
                        return "pattern"
            for match in phrases.finditer(doc):
                if doc.tokens[match.first].quoted:
                    continue
                look_alikes = not_counting.spans(doc) if look_alikes is None else look_alikes
                if not hidden(match.start, match.end, look_alikes):
                    return "pattern"
        if self._acts:
            for index, sentence in enumerate(acts):
                if (
                    not self._acts.isdisjoint(sentence.acts)
                    and self._not_with.isdisjoint(sentence.acts)
                    and not _inside(sentence.start, generic)
                    and (Act.ANSWER in sentence.acts or not self.learned_hostile(doc, index))
                ):
                    return "act"  # an answer answers, however rudely
        return None

    def learned_hostile(self, doc: Doc, index: int) -> bool:
        """Whether the learned classifier of a ``not-learned`` act reads sentence ``index`` of a Russian reply as
        performing it (never in another language)."""
        if not self._not_learned or doc.language is not Language.RU:
            return False
        others = [i for i in range(len(doc.sentences)) if i != index]
        return any(learned_sentences(doc, act, others) for act in self._not_learned)

    def generic_spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Where generic pointers lie: from the start of the sentence (or the end of a link before the pointer in
        it: "Try the steps here: <link> If you have any other questions, let us know") to the end of the first link
        after the pointer (or the sentence's end), so a second link in a run-on sentence still counts. Matches that
        overlap are one link (an archived address holds a second ``https://``, a ``www.`` and a run of digits). A
        pointer that a ``not-generic`` look-alike overlaps is none ("Please provide more details here: …")."""
        spans = []
        for lang in self.languages(doc):
            if lang not in self._generic:
                continue
            matcher, not_generic = self._generic[lang]
            look_alikes: list[tuple[int, int]] | None = None  # read only when a pointer is found
            for match in matcher.finditer(doc):
                look_alikes = not_generic.spans(doc) if look_alikes is None else look_alikes
                if hidden(match.start, match.end, look_alikes):
                    continue
                sentence = doc.sentences[doc.tokens[match.first].sentence]
                links = _merged(
                    f.span() for p, _ in self._patterns for f in p.finditer(doc.text, sentence.start, sentence.end)
                )
                if _inside(match.start, links):
                    continue  # words of an address ("…/Minecraft-for-PlayStation-FAQ") point nowhere themselves
                before = [stop for _, stop in links if stop <= match.start]
                after = [stop for start, stop in links if start >= match.end]
                spans.append((max(before, default=sentence.start), after[0] if after else sentence.end))
        return spans

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, PresenceOptions)
        if item.outside(options.when):
            return
        if options.channels and item.channel not in options.channels:
            return
        doc = item.doc
        if not doc.tokens:
            return
        if item.template and options.template_counts and doc.placeholders:
            return
        if not self.present(doc, item.acts, item.context_kind) and not self.leaves_alone(doc):
            yield Hit(None, None)

    def leaves_alone(self, doc: Doc) -> bool:
        """Whether the rule does not judge ``doc``: a reply taken for English but written in another language
        (``skip-foreign``), which no rule reads."""
        options = self.options
        assert isinstance(options, PresenceOptions)
        return options.skip_foreign and doc.language is Language.EN and not_english(doc.text)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that overlap joined into one."""
    out: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)
