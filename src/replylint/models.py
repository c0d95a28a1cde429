"""Pydantic models of what replylint returns: findings, reports and their vocabularies."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

_M = TypeVar("_M", bound=BaseModel)


def built(model: type[_M], values: dict[str, Any]) -> _M:
    """An instance of ``model`` from the linter's own values, given for every field in the fields' order, each
    already what validating it would give (an enum member, not its string; a model instance, not a dict): the same
    object as ``model(**values)``, at a third of the cost, since the values are not checked again. A finding, the
    acts of a sentence and a report are built this way once or several times per reply."""
    instance = model.__new__(model)
    put = object.__setattr__  # the models are frozen
    put(instance, "__dict__", values)
    put(instance, "__pydantic_fields_set__", set(values))
    put(instance, "__pydantic_extra__", None)
    put(instance, "__pydantic_private__", None)
    return instance


class Severity(StrEnum):
    """How serious a finding is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Numeric order of the severity, for thresholds."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(StrEnum):
    """The packaged vocabulary of failure kinds (documented in docs/rules.md); packs may define more."""

    EXCLAMATION = "exclamation"
    SHOUTING = "shouting"
    BLAME = "blame"
    CONDESCENSION = "condescension"
    DISMISSAL = "dismissal"
    RUDENESS = "rudeness"
    MISSING_APOLOGY = "missing-apology"
    MISSING_NEXT_STEP = "missing-next-step"
    MISSING_GREETING = "missing-greeting"
    JARGON = "jargon"
    CANNED = "canned"
    PRIVACY = "privacy"
    LENGTH = "length"
    TEMPLATE = "template"
    OBFUSCATION = "obfuscation"
    DIRECTIVE = "directive"


class Channel(StrEnum):
    """Where the reply is published."""

    REVIEW = "review"
    SOCIAL = "social"
    CHAT = "chat"
    EMAIL = "email"


class Language(StrEnum):
    """Language of a text as detected or given."""

    RU = "ru"
    EN = "en"
    MIXED = "mixed"


class ContextKind(StrEnum):
    """What the customer's message is."""

    COMPLAINT = "complaint"
    QUESTION = "question"
    PRAISE = "praise"
    THANKS = "thanks"
    OTHER = "other"


class Act(StrEnum):
    """What a sentence of a reply does (docs/acts.md); a sentence can do several things."""

    GREETING = "greeting"
    THANKS = "thanks"
    APOLOGY = "apology"
    NON_APOLOGY = "non-apology"
    SYMPATHY = "sympathy"
    EXPLANATION = "explanation"
    ANSWER = "answer"
    COMMITMENT = "commitment"
    INSTRUCTION = "instruction"
    INFO_REQUEST = "info-request"
    OFFER = "offer"
    REFUSAL = "refusal"
    TIME_FRAME = "time-frame"
    CONTACT_CHANNEL = "contact-channel"
    PLEASANTRY = "pleasantry"
    SIGN_OFF = "sign-off"
    BLAME = "blame"
    HOSTILE_QUESTION = "hostile-question"
    CONDESCENSION = "condescension"
    DISMISSAL = "dismissal"
    INSULT = "insult"


class SentenceActs(BaseModel):
    """One sentence of a reply and the acts it performs."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="Character offset of the sentence in the reply.")
    end: int
    acts: list[Act] = Field(default_factory=list, description="In the order of docs/acts.md.")


class Applicability(StrEnum):
    """Whether a fix may be applied without review (Ruff's split): ``safe`` keeps the meaning, ``unsafe`` may
    change it and is applied only when asked (``--unsafe-fixes``)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(BaseModel):
    """Replace the characters ``[start, end)`` of the caller's text (or file) with ``replacement``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Fix(BaseModel):
    """Text edits that resolve a finding, and whether they are safe to apply unreviewed."""

    model_config = ConfigDict(frozen=True)

    applicability: Applicability
    edits: list[Edit] = Field(min_length=1, description="Non-overlapping, in order.")


class Finding(BaseModel):
    """One problem found in a reply, with exact position and advice."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable rule code, e.g. RL101.")
    rule: str = Field(description="Kebab-case rule name.")
    category: Category | str = Field(
        union_mode="left_to_right", description="A packaged category, or one a rule pack defines."
    )
    severity: Severity
    message: str = Field(description="In the reply's language.")
    start: int | None = Field(description="Character offset of the span, or null for the whole reply.")
    end: int | None
    line: int = Field(description="1-based line of start (1 for whole-reply findings).")
    column: int = Field(description="1-based column of start, in characters.")
    end_line: int
    end_column: int = Field(description="1-based column just past the span's last character.")
    suggestion: str | None = None
    match: str | None = Field(default=None, description="The text of the span.")
    fix: Fix | None = Field(default=None, description="Edits that resolve the finding (docs/fixes.md).")


class LintRequest(BaseModel):
    """One reply to lint with what goes with it: an item of :meth:`Linter.lint_many` or of ``/v1/lint-batch``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(description="The reply.")
    context: str | None = Field(None, description="The customer's message it answers.")
    language: Language | None = Field(None, description="Skip language detection.")
    channel: Channel | None = Field(None, description="Where the reply is published.")
    template: bool = Field(
        False, strict=True, description="A reply template: read as a template file is (docs/files.md)."
    )


class ContextInfo(BaseModel):
    """How replylint read the customer's message (or the reply, without one)."""

    kind: ContextKind
    source: str = Field(description="'context' when classified from the customer's message, else 'reply'.")
    signals: list[str] = Field(default_factory=list, description="Cue phrases that decided the kind.")


class Summary(BaseModel):
    """Counts of findings per severity and per category."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    by_category: dict[str, int] = Field(default_factory=dict)


class Report(BaseModel):
    """Everything replylint found in one reply."""

    language: Language
    channel: Channel | None = None
    context: ContextInfo
    findings: list[Finding] = Field(default_factory=list)
    score: int = Field(ge=0, le=100, description="Tone score: 100 is clean, see docs/scoring.md.")
    summary: Summary
    sentences: list[SentenceActs] = Field(
        default_factory=list, description="Each sentence of the reply with its acts (docs/acts.md)."
    )
    invalid_characters: int = Field(
        0,
        description="Lone surrogates (code points that are not characters) in the reply and the customer message, "
        "replaced by U+FFFD for analysis.",
    )

    def at_or_above(self, severity: Severity | str) -> list[Finding]:
        """Findings whose severity is at least ``severity`` (``"warning"`` or ``Severity.WARNING``)."""
        rank = Severity(severity).rank
        return [f for f in self.findings if f.severity.rank >= rank]
