"""What the customer wrote: complaint, question, praise or thanks, from cue phrases in ``rules/context.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from replylint.analysis import Doc
from replylint.analysis.matcher import PhraseMatcher
from replylint.models import ContextInfo, ContextKind, Language
from replylint.packs import builtin_rules_dir


class CueList(BaseModel):
    """Cue phrases of one kind, per language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ru: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class ContextLexicon(BaseModel):
    """The cue phrases of ``rules/context.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    complaint: CueList
    question: CueList
    praise: CueList
    thanks: CueList
    reply_complaint: CueList = Field(alias="reply-complaint", description="Cues in a reply that answers a complaint.")


@dataclass(frozen=True)
class _Matchers:
    by_kind: dict[str, dict[Language, PhraseMatcher]]

    def cues(self, kind: str, doc: Doc) -> list[str]:
        langs = [Language.RU, Language.EN] if doc.language is Language.MIXED else [doc.language]
        found = []
        for lang in langs:
            found.extend(doc.text[m.start : m.end] for m in self.by_kind[kind][lang].finditer(doc))
        return found


@cache
def _matchers() -> _Matchers:
    raw = tomllib.loads((builtin_rules_dir() / "context.toml").read_text(encoding="utf-8"))
    lexicon = ContextLexicon.model_validate(raw)
    by_kind = {}
    for kind in ("complaint", "question", "praise", "thanks", "reply_complaint"):
        cues: CueList = getattr(lexicon, kind)
        by_kind[kind] = {Language.RU: PhraseMatcher(cues.ru), Language.EN: PhraseMatcher(cues.en)}
    return _Matchers(by_kind)


def classify_message(doc: Doc) -> ContextInfo:
    """Classify the customer's message; a complaint outranks a question, a question outranks thanks."""
    matchers = _matchers()
    complaint = matchers.cues("complaint", doc)
    if complaint:
        return ContextInfo(kind=ContextKind.COMPLAINT, source="context", signals=complaint)
    question = matchers.cues("question", doc)
    if "?" in doc.text or question:
        return ContextInfo(kind=ContextKind.QUESTION, source="context", signals=question or ["?"])
    praise = matchers.cues("praise", doc)
    if praise:
        return ContextInfo(kind=ContextKind.PRAISE, source="context", signals=praise)
    thanks = matchers.cues("thanks", doc)
    if thanks:
        return ContextInfo(kind=ContextKind.THANKS, source="context", signals=thanks)
    return ContextInfo(kind=ContextKind.OTHER, source="context")


def infer_from_reply(doc: Doc) -> ContextInfo:
    """Without the customer's message: a reply that answers a complaint says so («неудобства», "sorry to hear")."""
    cues = _matchers().cues("reply_complaint", doc)
    kind = ContextKind.COMPLAINT if cues else ContextKind.OTHER
    return ContextInfo(kind=kind, source="reply", signals=cues)


def warm_up() -> None:
    """Compile the cue matchers now."""
    _matchers()
