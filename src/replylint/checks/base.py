"""What every check kind shares: its inputs, its output, and the registry that names it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, TypeVar

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from replylint.analysis import Doc
from replylint.analysis.acts import GatedPattern, sentence_acts
from replylint.config import typed_scalar
from replylint.errors import RuleTimeout
from replylint.models import Channel, ContextKind, Language, SentenceActs
from replylint.packs import Example

#: Seconds one regular expression of a rule may take on one reply (the ``regex`` package's ``timeout``).
PATTERN_TIMEOUT = 1.0
#: The languages whose data a doc of each language reads: both for a mixed reply.
_READ_AS = {Language.RU: (Language.RU,), Language.EN: (Language.EN,), Language.MIXED: (Language.RU, Language.EN)}


def valid_patterns(patterns: list[str]) -> list[str]:
    """The patterns, each checked to compile (a ``ValueError`` naming the first that does not)."""
    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return patterns


#: A list of regular expressions (the ``regex`` module's syntax), each checked to compile when a pack loads.
Patterns = Annotated[list[str], AfterValidator(valid_patterns)]


def valid_gated(patterns: list[str | GatedPattern]) -> list[str | GatedPattern]:
    """The patterns and their gates, each checked to compile."""
    valid_patterns([text for p in patterns for text in ((p,) if isinstance(p, str) else (p.pattern, p.gate))])
    return patterns


#: Regular expressions, each plain or with a ``gate``: a cheaper expression that every match holds, searched
#: first, so the pattern runs only on a reply where the gate is found.
GatedPatterns = Annotated[list[str | GatedPattern], AfterValidator(valid_gated)]


class CheckOptions(BaseModel):
    """Options of a check kind, set in a rule pack and overridable in configuration. A boolean or number is given as
    one (:func:`~replylint.config.typed_scalar`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _typed(cls, value: Any, info: ValidationInfo) -> Any:
        assert info.field_name is not None
        return typed_scalar(cls.model_fields[info.field_name].annotation, value)


class LanguageData(BaseModel):
    """A rule's data for one language: phrases, patterns, and the examples that test it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    flag: list[Example | str] = Field(default_factory=list, description="Replies the rule must flag.")
    pass_: list[Example | str] = Field(
        default_factory=list, alias="pass", description="Replies the rule must leave alone."
    )

    @model_validator(mode="after")
    def _nothing_marked_to_pass(self) -> LanguageData:
        for example in self.examples(flagged=False):
            if example.spans or example.suggestion is not None:
                raise ValueError(f"a must-pass example states what it flags: {example.marked!r}")
        return self

    def examples(self, *, flagged: bool) -> list[Example]:
        """The must-flag or must-pass examples as :class:`Example` objects."""
        raw = self.flag if flagged else self.pass_
        return [e if isinstance(e, Example) else Example(text=e) for e in raw]


class PhraseListData(LanguageData):
    """Language data built on phrase lists, which configuration can extend (``extra-phrases``)."""

    extra_phrases: list[str] = Field(
        default_factory=list, alias="extra-phrases", description="Phrases added by configuration."
    )


@dataclass(frozen=True, slots=True)
class CheckInput:
    """Everything a check may read about one reply."""

    doc: Doc
    channel: Channel | None
    context_kind: ContextKind
    template: bool = False
    company_domains: frozenset[str] = field(default_factory=frozenset)
    acts: tuple[SentenceActs, ...] | None = None

    def sentence_acts(self) -> Sequence[SentenceActs]:
        """The reply's sentence acts: those given, or found now from the customer's message's kind."""
        return sentence_acts(self.doc, self.context_kind) if self.acts is None else self.acts

    def outside(self, when: Collection[ContextKind]) -> bool:
        """Whether a rule's ``when`` (the kinds of customer message it applies to; empty: all) leaves this reply
        alone."""
        return bool(when) and self.context_kind not in when


@dataclass(frozen=True, slots=True)
class Hit:
    """A check's raw result: a span (or None for the whole reply), values for the message, and the text that
    could replace the span (a fix, offered when the rule declares one)."""

    start: int | None
    end: int | None
    values: Mapping[str, str] = field(default_factory=dict)
    replacement: str | None = None


class Check:
    """A kind of check. Subclasses declare their option and data models and implement :meth:`run`."""

    Options: ClassVar[type[CheckOptions]] = CheckOptions
    Data: ClassVar[type[LanguageData]] = LanguageData
    #: Whether the check runs on replies of any language, without per-language data.
    language_neutral: ClassVar[bool] = False
    #: Seconds one of the rule's patterns may take on one reply; None for the packaged rules' own patterns, which
    #: the scaling benchmark and the property tests hold to linear time (a timeout costs ~15 µs a search).
    pattern_timeout: float | None = PATTERN_TIMEOUT

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        self.options = options
        self.data = data
        # Every rule asks this on every reply, so it is worked out once per language a doc can be in.
        self._languages = {
            language: tuple(lang for lang in _READ_AS[language] if lang in data) for language in Language
        }

    def languages(self, doc: Doc) -> tuple[Language, ...]:
        """Languages whose data applies to this doc (both for a mixed reply)."""
        return self._languages[doc.language]

    def applies(self, doc: Doc) -> bool:
        """Whether the check has anything to look for in this doc."""
        return self.language_neutral or bool(self.languages(doc))

    def run(self, item: CheckInput) -> Iterable[Hit]:
        """Find the problems in one reply."""
        raise NotImplementedError

    def find_all(
        self, pattern: regex.Pattern[str], text: str, gate: regex.Pattern[str] | None = None
    ) -> list[regex.Match[str]]:
        """Every match of one of the rule's patterns (none when its ``gate`` is not found); :class:`RuleTimeout`
        when it runs out of time."""
        if gate is not None and self.find_first(gate, text) is None:
            return []
        if self.pattern_timeout is None:
            return list(pattern.finditer(text))
        try:
            return list(pattern.finditer(text, timeout=self.pattern_timeout))
        except TimeoutError:
            raise RuleTimeout("", pattern.pattern, self.pattern_timeout) from None

    def find_first(self, pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
        """The first match of one of the rule's patterns, under the same timeout."""
        if self.pattern_timeout is None:
            return pattern.search(text)
        try:
            return pattern.search(text, timeout=self.pattern_timeout)
        except TimeoutError:
            raise RuleTimeout("", pattern.pattern, self.pattern_timeout) from None


class FindingsCheck(Check):
    """A check that reads where the reply's other rules matched: the engine runs it after them."""

    #: Whether it reads only the hits of rules of its own rule's category (a finding of another category leaves the
    #: sentence open to it); otherwise every other rule's hit.
    own_category: ClassVar[bool] = False
    #: When it runs among such checks (lower first): a grammar's hits before the learned classifiers read what is left.
    stage: ClassVar[int] = 1

    def run(self, item: CheckInput) -> Iterable[Hit]:
        return ()

    def run_after(self, item: CheckInput, spans: Sequence[tuple[int, int]]) -> Iterable[Hit]:
        """Hits given the spans (analysis offsets) of the other rules' hits in this reply."""
        raise NotImplementedError


class BatchStream:
    """A cross-reply comparison fed one reply at a time (an audit of a whole export)."""

    def see(self, key: Hashable, position: int) -> Hit | None:
        """The hit on the reply with this key at this position (its number in a batch, its line in an export),
        given every reply seen before it."""
        raise NotImplementedError


class BatchCheck(Check):
    """A check that compares replies by their :meth:`key`: those linted together by ``Linter.lint_many``
    (:meth:`run_batch`), or a stream of them (an audit, :meth:`stream`); one reply alone yields nothing."""

    def run(self, item: CheckInput) -> Iterable[Hit]:
        return ()

    def key(self, item: CheckInput, context: str | None) -> Hashable | None:
        """What the comparison keeps of one reply (small: a stream keeps one per reply), or None when the reply
        takes no part; ``context`` is the customer message it answers."""
        raise NotImplementedError

    def stream(self) -> BatchStream:
        """A new comparison over replies given one at a time."""
        raise NotImplementedError

    def run_batch(self, keys: Sequence[Hashable | None]) -> list[Hit | None]:
        """The hit on each reply of a batch given the keys of all (None: the reply takes no part)."""
        raise NotImplementedError


_C = TypeVar("_C", bound=type[Check])
CHECKS: dict[str, type[Check]] = {}


def register(name: str) -> Callable[[_C], _C]:
    """Class decorator: make a check kind available to rule packs under ``name``."""

    def wrap(cls: _C) -> _C:
        CHECKS[name] = cls
        return cls

    return wrap
