"""Canned replies: a reply of generic pleasantries under a complaint, and one reply pasted under many complaints."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import ClassVar

import regex
from pydantic import Field
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.ru.stop_words import STOP_WORDS as RUSSIAN_STOP_WORDS

from replylint.analysis.doc import Doc, Token
from replylint.analysis.matcher import PhraseMatcher
from replylint.checks.base import (
    BatchCheck,
    BatchStream,
    Check,
    CheckInput,
    CheckOptions,
    Hit,
    LanguageData,
    register,
)
from replylint.checks.common import PROPER_NOUN, URL_START
from replylint.models import ContextKind, Language

_HANDLE = regex.compile(r"@\w+")
#: An agent's sign-off at the very end: "^HSB", "-KC", "/VG", "— Anna".
_SIGNATURE = regex.compile(r"(?:\s[-–—^*/~]\s?\p{Lu}[\p{L}.]{0,15}|\s\^\w+)\s*$")
_WORD = regex.compile(r"[\p{L}\p{N}]+")


class CannedOptions(CheckOptions):
    """When a generic reply is a problem and how much specific content it may hold."""

    when: list[ContextKind] = Field(
        default_factory=lambda: [ContextKind.COMPLAINT], description="Kinds of customer message it applies to."
    )
    max_specific_words: int = Field(
        0, ge=0, alias="max-specific-words", description="Content words outside the generic phrases still allowed."
    )


class CannedData(LanguageData):
    """Generic phrases that could answer any message, and words that carry no content in this language."""

    generic: list[str] = Field(default_factory=list, description="Phrases, matched on lemmas or stems.")
    filler: list[str] = Field(default_factory=list, description="Words (lower case) besides the stop words.")


@register("canned")
class CannedCheck(Check):
    """Flags a reply to a complaint made only of generic phrases: nothing in it is about this customer."""

    Options: ClassVar[type[CheckOptions]] = CannedOptions
    Data: ClassVar[type[LanguageData]] = CannedData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._by_lang: dict[Language, PhraseMatcher] = {}
        filler: set[str] = set(ENGLISH_STOP_WORDS) | set(RUSSIAN_STOP_WORDS)
        for lang, item in data.items():
            assert isinstance(item, CannedData)
            self._by_lang[lang] = PhraseMatcher(item.generic)
            filler.update(word.lower() for word in item.filler)
        self._filler = frozenset(filler)

    def _specific(self, doc: Doc, token: Token, index: int) -> bool:
        """Whether a word outside the generic phrases carries content (a link does; names and stop words do not)."""
        if URL_START.match(token.text):
            return True
        if not token.is_alpha or token.quoted or token.folded in self._filler:
            return False
        sentence_start = doc.sentences[token.sentence].first == index
        if token.text[:1].isupper() and not sentence_start:
            return False
        return not (token.readings and PROPER_NOUN & token.readings[0].grammemes)

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, CannedOptions)
        if item.context_kind not in options.when:
            return
        doc = item.doc
        covered: set[int] = set()
        for lang in self.languages(doc):
            for match in self._by_lang[lang].finditer(doc):
                covered.update(range(match.first, match.last))
        if not covered:
            return
        specific = [t for i, t in enumerate(doc.tokens) if i not in covered and self._specific(doc, t, i)]
        if len(specific) <= options.max_specific_words:
            yield Hit(None, None)


def normalise_reply(text: str) -> str:
    """A reply reduced to its words: no @handles, no sign-off, case and ё folded, punctuation dropped."""
    text = _SIGNATURE.sub("", _HANDLE.sub(" ", text).rstrip())
    return " ".join(word.casefold().replace("ё", "е") for word in _WORD.findall(text))


class DuplicateOptions(CheckOptions):
    """Which repeats count."""

    when: list[ContextKind] = Field(
        default_factory=lambda: [ContextKind.COMPLAINT], description="Kinds of customer message it applies to."
    )
    min_words: int = Field(6, ge=1, alias="min-words", description="Shorter replies (“Thanks!”) may repeat.")


def fingerprint(text: str) -> bytes:
    """A short digest of a normalised text: what a stream keeps of each reply."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()


#: What the duplicate check keeps of a reply: the fingerprints of its words and of its customer's message.
ReplyKey = tuple[bytes, bytes | None]


class _Copies:
    """A reply seen more than once: where its first copy is, the complaints it went to, how many copies count."""

    __slots__ = ("complaints", "copies", "first")

    def __init__(self, first: int, complaint: bytes | None) -> None:
        self.first = first
        self.complaints = {complaint} if complaint is not None else set()
        self.copies = 1


class DuplicateStream(BatchStream):
    """Repeats of a reply under different complaints, one reply at a time. A reply seen once costs its two
    fingerprints and its position (about 230 bytes); one seen again, the set of complaints it went to."""

    def __init__(self) -> None:
        self._replies: dict[bytes, tuple[int, bytes | None] | _Copies] = {}

    def see(self, key: Hashable, position: int) -> Hit | None:
        assert isinstance(key, tuple)
        reply, complaint = key
        seen = self._replies.get(reply)
        if seen is None:
            self._replies[reply] = (position, complaint)
            return None
        if isinstance(seen, tuple):
            seen = self._replies[reply] = _Copies(*seen)
        if complaint is not None and complaint in seen.complaints:
            return None
        if complaint is not None:
            seen.complaints.add(complaint)
        seen.copies += 1
        values = {"count": str(seen.copies), "repeat": str(seen.copies), "first": str(seen.first)}
        return Hit(None, None, values)


@register("duplicate-reply")
class DuplicateReplyCheck(BatchCheck):
    """Flags every repeat of the same normalised reply under different complaints in one batch."""

    Options: ClassVar[type[CheckOptions]] = DuplicateOptions
    language_neutral: ClassVar[bool] = True

    def key(self, item: CheckInput, context: str | None) -> ReplyKey | None:
        options = self.options
        assert isinstance(options, DuplicateOptions)
        if item.context_kind not in options.when:
            return None
        words = normalise_reply(item.doc.text)
        if len(words.split()) < options.min_words:
            return None
        return fingerprint(words), fingerprint(normalise_reply(context)) if context else None

    def stream(self) -> DuplicateStream:
        return DuplicateStream()

    def run_batch(self, keys: Sequence[Hashable | None]) -> list[Hit | None]:
        """Every repeat after the first, with the number of different complaints the reply went to in all."""
        stream = self.stream()
        found = [stream.see(key, i) if key is not None else None for i, key in enumerate(keys, 1)]
        replies = [
            key[0] if isinstance(key, tuple) and hit is not None else None for key, hit in zip(keys, found, strict=True)
        ]
        totals = Counter(reply for reply in replies if reply is not None)
        return [
            Hit(None, None, {**hit.values, "count": str(totals[reply] + 1)}) if hit is not None else None
            for reply, hit in zip(replies, found, strict=True)
        ]
