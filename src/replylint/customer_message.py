"""What the customer wrote: complaint, question, praise, thanks or other (see docs/context.md).

Cue phrases in ``rules/context.toml``: each kind has strong cues (one decides), weak cues (two different ones
decide) and look-alikes inside which its cues do not count ("can't wait" is no complaint, "thanks in advance" no
thanks). A complaint outranks a question, a question praise, praise thanks. A complaint model of the message's language
(:mod:`replylint.complaint_model`, :mod:`replylint.complaint_model_ru`) reads the text with the cues' verdicts
and decides the complaint.
Without the customer's message, cues in the reply itself ("sorry to hear", «спасибо за тёплые слова») say what it
answers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from replylint.analysis import Doc, analyze
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import PhraseMatcher
from replylint.complaint_model import (
    PRAISE_THRESHOLD,
    QUESTION_THRESHOLD,
    SHARED_THRESHOLD,
    STRONG_THRESHOLD,
    THRESHOLD,
    complaint_score,
    model_words,
)
from replylint.complaint_model_ru import PRAISE_THRESHOLD as RU_PRAISE_THRESHOLD
from replylint.complaint_model_ru import STRONG_THRESHOLD as RU_STRONG_THRESHOLD
from replylint.complaint_model_ru import THRESHOLD as RU_THRESHOLD
from replylint.complaint_model_ru import complaint_score as ru_complaint_score
from replylint.complaint_model_ru import model_words as ru_model_words
from replylint.models import ContextInfo, ContextKind, Language
from replylint.packs import builtin_rules_dir


class CueList(BaseModel):
    """Phrases per language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ru: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class KindCues(CueList):
    """Cues of one kind: strong ones (``ru``/``en``), weak ones and look-alikes."""

    weak: CueList = Field(default_factory=CueList, description="Cues that decide only in pairs.")
    not_counting: CueList = Field(
        default_factory=CueList,
        alias="not-counting",
        description="Look-alikes: a cue overlapping one does not count.",
    )


class ReplyCues(BaseModel):
    """Cues in a reply that say what the customer wrote."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    complaint: KindCues
    praise: KindCues


class ContextLexicon(BaseModel):
    """The cue phrases of ``rules/context.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    complaint: KindCues
    question: KindCues
    praise: KindCues
    thanks: KindCues
    grievance: CueList = Field(
        description="Complaint cues that make a problem a grievance; a question without one asks for help."
    )
    reply: ReplyCues


@dataclass(frozen=True)
class _Evidence:
    """Cues of one kind in a text, and whether a strong one is among them."""

    signals: list[str] = field(default_factory=list)
    strong: bool = False

    def __add__(self, other: _Evidence) -> _Evidence:
        return _Evidence(self.signals + other.signals, self.strong or other.strong)


@dataclass(frozen=True)
class _KindMatcher:
    """Compiled cues of one kind in one language."""

    strong: PhraseMatcher
    weak: PhraseMatcher
    not_counting: NotCounting

    @classmethod
    def build(cls, cues: KindCues, lang: Language) -> _KindMatcher:
        def pick(cue_list: CueList) -> PhraseMatcher:
            return PhraseMatcher(getattr(cue_list, lang.value))

        return cls(pick(cues), pick(cues.weak), NotCounting(getattr(cues.not_counting, lang.value)))

    def evidence(self, doc: Doc) -> _Evidence:
        """The cues found; they decide when there is a strong one or two different weak ones."""
        strong, weak = list(self.strong.finditer(doc)), list(self.weak.finditer(doc))
        if strong or weak:  # look-alikes are looked for only when there is a cue they could hide
            look_alikes = self.not_counting.spans(doc)
            strong = [m for m in strong if not hidden(m.start, m.end, look_alikes)]
            weak = [m for m in weak if not hidden(m.start, m.end, look_alikes)]
        if not strong and len({m.phrase for m in weak}) < 2:
            return _Evidence()
        texts = dict.fromkeys(
            doc.text[start:end] for start, end in _outer_spans((m.start, m.end) for m in strong + weak)
        )
        return _Evidence(list(texts), strong=bool(strong))


def _outer_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The distinct spans that lie inside no other, left to right (one sort and one sweep)."""
    outer: list[tuple[int, int]] = []
    reach = -1
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if end > reach:
            outer.append((start, end))
            reach = end
    return outer


COMPLAINT, QUESTION, PRAISE, THANKS = (
    ContextKind.COMPLAINT,
    ContextKind.QUESTION,
    ContextKind.PRAISE,
    ContextKind.THANKS,
)
#: Kinds of customer message in the order they outrank each other.
_ORDER = (COMPLAINT, QUESTION, PRAISE, THANKS)
#: Kinds a reply can reveal, in the same order.
_REPLY_ORDER = (COMPLAINT, PRAISE)


@dataclass(frozen=True)
class _Matchers:
    message: dict[ContextKind, dict[Language, _KindMatcher]]
    reply: dict[ContextKind, dict[Language, _KindMatcher]]
    grievance: dict[Language, PhraseMatcher | None]


def _languages(doc: Doc) -> list[Language]:
    return [Language.RU, Language.EN] if doc.language is Language.MIXED else [doc.language]


def _evidence(by_lang: dict[Language, _KindMatcher], doc: Doc) -> _Evidence:
    total = _Evidence()
    for lang in _languages(doc):
        total += by_lang[lang].evidence(doc)
    return total


@cache
def _matchers() -> _Matchers:
    raw = tomllib.loads((builtin_rules_dir() / "context.toml").read_text(encoding="utf-8"))
    lexicon = ContextLexicon.model_validate(raw)

    def compile_kind(cues: KindCues) -> dict[Language, _KindMatcher]:
        return {lang: _KindMatcher.build(cues, lang) for lang in (Language.RU, Language.EN)}

    return _Matchers(
        message={kind: compile_kind(getattr(lexicon, kind.value)) for kind in _ORDER},
        reply={kind: compile_kind(getattr(lexicon.reply, kind.value)) for kind in _REPLY_ORDER},
        grievance={
            lang: PhraseMatcher(cues) if (cues := getattr(lexicon.grievance, lang.value)) else None
            for lang in (Language.RU, Language.EN)
        },
    )


@dataclass(frozen=True)
class CueReading:
    """What the cue phrases say about a message: each kind's evidence, the kind the cues alone decide, and the
    kind they decide when the complaint is set aside."""

    found: dict[ContextKind, _Evidence]
    info: ContextInfo
    without_complaint: ContextInfo
    help_request: bool = False
    #: Praise or thanks said on a strong cue and meant (no «quoted» praise, no «ну спасибо», no «спасибо, но»): a
    #: strong complaint cue beside it names a flaw in a message that praises or thanks.
    sincere_praise: bool = False
    #: A post shared with its text cut short ("… https://t.co/…") that does not open by addressing an account
    #: (:func:`_shared_post`): broadcast to followers, not written to the business.
    shared_post: bool = False

    @property
    def markers(self) -> list[str]:
        """The cue verdicts as extra words for the complaint model (``__complaint_strong``, ``__final_question``,
        ``__help_request``)."""
        kinds = [f"__{k.value}_{'strong' if e.strong else 'weak'}" for k, e in self.found.items() if e.signals]
        return [*kinds, f"__final_{self.info.kind.value}", *(["__help_request"] if self.help_request else [])]

    def with_score(
        self,
        score: float,
        threshold: float = THRESHOLD,
        praise_threshold: float = PRAISE_THRESHOLD,
        question_threshold: float = QUESTION_THRESHOLD,
        strong_threshold: float | None = None,
        floor_beside_praise: bool = True,
        shared_threshold: float | None = None,
    ) -> ContextInfo:
        """The kind, given the complaint model's score: a complaint from ``threshold`` up (from
        ``praise_threshold`` when the cues find praise or thanks, from ``question_threshold`` when they find a
        question, from ``strong_threshold`` when they decide a complaint on a strong cue; ``threshold`` where not
        given), else what the cues find besides a complaint. Without ``floor_beside_praise`` a strong cue beside
        sincere praise or thanks («Спасибо мастеру — нашёл то, что другие не могли найти») keeps no floor of its
        own: the model decides from ``praise_threshold``. With ``shared_threshold``, a shared post cut short
        (:attr:`shared_post`) is a complaint from that score up, whatever its cues.
        The signals start with the score ("model 0.87") whenever it decides or overrules the cues."""
        model = f"model {score:.2f}"
        limits = {PRAISE: praise_threshold, THANKS: praise_threshold, QUESTION: question_threshold}
        if strong_threshold is not None and self.found[COMPLAINT].strong:
            limits[COMPLAINT] = strong_threshold
            if self.sincere_praise and not floor_beside_praise:
                limits[COMPLAINT] = praise_threshold
        limit = limits.get(self.info.kind, threshold)
        if shared_threshold is not None and self.shared_post:
            limit = max(limit, shared_threshold)
        if score >= limit:
            return ContextInfo(kind=COMPLAINT, source="context", signals=[model, *self.found[COMPLAINT].signals])
        if self.info.kind is not COMPLAINT:
            return self.info
        return self.without_complaint.model_copy(update={"signals": [model, *self.without_complaint.signals]})


def _decide(found: dict[ContextKind, _Evidence], text: str) -> ContextInfo:
    """The highest-ranking kind whose cues decide; a "?" makes a question; weak complaints yield to praise."""
    found = dict(found)
    if not found[COMPLAINT].strong and (found[PRAISE].strong or found[THANKS].strong):
        found[COMPLAINT] = _Evidence()
    if not found[QUESTION].signals and "?" in text:
        found[QUESTION] = _Evidence(["?"])
    for kind in _ORDER:
        if found[kind].signals:
            return ContextInfo(kind=kind, source="context", signals=found[kind].signals)
    return ContextInfo(kind=ContextKind.OTHER, source="context")


def _grievance(doc: Doc) -> bool:
    """Whether the message holds a grievance cue (a language without grievance cues always does)."""
    matchers = _matchers().grievance
    return any((matcher := matchers[lang]) is None or matcher.search(doc) is not None for lang in _languages(doc))


#: A post shared with its text cut short, as a share from another app or a news link leaves it ("… https://t.co/…" at
#: the end), that does not open with an @handle (a reply to an account opens with one, ".@brand" too). The address is
#: taken whole (``\S++``): a run of "https://" with no space splits no way, or a failed match would try them all.
_SHARED_CUT = re.compile(r"…\s*(?:https?://\S++\s*)+$")
_OPENS_ADDRESSED = re.compile(r"\s*\.?@\w")


def _shared_post(text: str) -> bool:
    """Whether the message is a post shared with its text cut short that addresses no account at its start."""
    return _SHARED_CUT.search(text) is not None and _OPENS_ADDRESSED.match(text) is None


#: Praise or thanks not meant: irony (a short quoted phrase, «быструю» доставку, "отличный" сервис; «ну спасибо») or a
#: bare thanks before a «но» («Спасибо, но деньги так и не вернули»).
_NOT_MEANT = re.compile(r'[«"“„][^«»"“”„\n]{1,40}[»"”“]|(?<!\w)[Нн]у\s+спасибо|(?<!\w)[Сс]пасибо\s*[,.!]?\s*но(?!\w)')


def read_cues(doc: Doc) -> CueReading:
    """The cue phrases found in the customer's message, and the kind they decide on their own. A message that
    asks (a question cue or "?") about a problem with no grievance asks for help: the cues read a question."""
    matchers = _matchers().message
    found = {kind: _evidence(matchers[kind], doc) for kind in _ORDER}
    without_complaint = _decide({**found, COMPLAINT: _Evidence()}, doc.text)
    info = _decide(found, doc.text)
    sincere = (found[PRAISE].strong or found[THANKS].strong) and _NOT_MEANT.search(doc.text) is None
    if info.kind is COMPLAINT and without_complaint.kind is QUESTION and not _grievance(doc):
        return CueReading(
            found,
            without_complaint,
            without_complaint,
            help_request=True,
            sincere_praise=sincere,
            shared_post=_shared_post(doc.text),
        )
    return CueReading(found, info, without_complaint, sincere_praise=sincere, shared_post=_shared_post(doc.text))


def classify_message(doc: Doc) -> ContextInfo:
    """Classify the customer's message: the complaint model of its language (English for mixed text), which
    reads the text and the cue verdicts, decides the complaint together with the cues
    (:meth:`CueReading.with_score`)."""
    cues = read_cues(doc)
    if doc.language is Language.RU:
        score = ru_complaint_score(ru_model_words(doc, cues.markers))
        return cues.with_score(
            score, RU_THRESHOLD, RU_PRAISE_THRESHOLD, RU_THRESHOLD, RU_STRONG_THRESHOLD, floor_beside_praise=False
        )
    return cues.with_score(
        complaint_score(model_words(doc, cues.markers)),
        strong_threshold=STRONG_THRESHOLD,
        shared_threshold=SHARED_THRESHOLD,
    )


def classify(text: str, language: Language | None = None) -> ContextInfo:
    """Classify a customer's message given as text (its language detected unless given)."""
    return classify_message(analyze(text, language))


def infer_from_reply(doc: Doc) -> ContextInfo:
    """Without the customer's message: a reply that answers a complaint or praise says so."""
    matchers = _matchers().reply
    for kind in _REPLY_ORDER:
        signals = _evidence(matchers[kind], doc).signals
        if signals:
            return ContextInfo(kind=kind, source="reply", signals=signals)
    return ContextInfo(kind=ContextKind.OTHER, source="reply")


def warm_up() -> None:
    """Compile the cue matchers now; the complaint models load when a customer's message is first classified."""
    _matchers()
