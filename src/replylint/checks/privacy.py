"""Personal data in a reply: phone numbers, e-mail addresses, card numbers, street addresses, order numbers
next to a name.

Numbers and addresses the company hands out are not personal data: a contact a call to action offers
("call us at", «позвоните»), toll-free and non-geographic numbers, the company's own e-mail domains and role
mailboxes (support@, info@). The rule packs hold the patterns and the cue phrases; this module holds the
validation (digit counts, the Luhn checksum) and the decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

import regex
from pydantic import Field

from replylint.analysis.acts import Gated, compile_gated
from replylint.analysis.doc import Doc
from replylint.checks.base import (
    Check,
    CheckInput,
    CheckOptions,
    GatedPatterns,
    Hit,
    LanguageData,
    Patterns,
    register,
)
from replylint.checks.common import PERSON_NAME, URL, overlaps
from replylint.models import Language

_NON_DIGIT = regex.compile(r"\D")


def _compile_all(patterns: list[str]) -> list[regex.Pattern[str]]:
    return [regex.compile(p) for p in patterns]


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn checksum of payment card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class PersonalDataOptions(CheckOptions):
    """Patterns of the data in any language, and how far back cue phrases are looked for."""

    patterns: GatedPatterns = Field(default_factory=list, description="Patterns of the data, in any language.")
    cue_window: int = Field(
        60, ge=0, alias="cue-window", description="Characters before a match searched for cue phrases."
    )


class PersonalDataData(LanguageData):
    """Per-language patterns and cues that tell the company's own contact from the customer's data."""

    patterns: GatedPatterns = Field(default_factory=list)
    own_cues: Patterns = Field(
        default_factory=list,
        alias="own-cues",
        description="Regexes that, shortly before a match, offer it as the company's contact («позвоните нам»).",
    )
    personal_cues: Patterns = Field(
        default_factory=list,
        alias="personal-cues",
        description="Regexes that, after an own cue, make the data the customer's again (“call you at”).",
    )


@register("personal-data")
class PersonalDataCheck(Check):
    """Flags matches of the patterns unless cue phrases just before offer them as the company's own."""

    Options: ClassVar[type[CheckOptions]] = PersonalDataOptions
    Data: ClassVar[type[LanguageData]] = PersonalDataData
    language_neutral: ClassVar[bool] = True

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, PersonalDataOptions)
        self._neutral = compile_gated(options.patterns)
        self._by_lang: dict[Language, tuple[list[Gated], list[regex.Pattern[str]], list[regex.Pattern[str]]]] = {}
        for lang, item in data.items():
            assert isinstance(item, PersonalDataData)
            self._by_lang[lang] = (
                compile_gated(item.patterns),
                _compile_all(item.own_cues),
                _compile_all(item.personal_cues),
            )

    def applies(self, doc: Doc) -> bool:
        return bool(self._neutral) or any(self._by_lang[lang][0] for lang in self.languages(doc))

    def accept(self, match: regex.Match[str], item: CheckInput) -> bool:
        """Whether a match is personal data by its shape or what stands before it (subclasses validate numbers and
        domains)."""
        return True

    def text_before(self, doc: Doc, start: int) -> str:
        """The text just before ``start``: within its sentence, at most ``cue-window`` characters."""
        options = self.options
        assert isinstance(options, PersonalDataOptions)
        sentence_start = max((s.start for s in doc.sentences if s.start <= start), default=0)
        return doc.text[max(sentence_start, start - options.cue_window) : start]

    def owned(self, doc: Doc, start: int) -> bool:
        """Whether the text just before ``start`` (within its sentence) offers the match as the company's own."""
        before = self.text_before(doc, start)
        for lang in self.languages(doc):
            _, own, personal = self._by_lang[lang]
            own_end = max((m.end() for cue in own for m in cue.finditer(before)), default=-1)
            if own_end >= 0 and not any(cue.search(before, own_end) for cue in personal):
                return True
        return False

    def matches(self, doc: Doc) -> Iterator[regex.Match[str]]:
        """Pattern matches, the first and longest of overlapping ones."""
        compiled = list(self._neutral)
        for lang in self.languages(doc):
            compiled.extend(self._by_lang[lang][0])
        found = [m for pattern, gate in compiled for m in self.find_all(pattern, doc.text, gate)]
        found.sort(key=lambda m: (m.start(), -m.end()))
        if not found:
            return  # the web addresses are read only when a match may lie in one (15 µs of a long reply)
        urls = [m.span() for m in URL.finditer(doc.text)]
        last_end = -1
        for match in found:
            if overlaps(match.start(), match.end(), urls):
                continue
            if match.start() >= last_end:
                last_end = match.end()
                yield match

    def run(self, item: CheckInput) -> Iterable[Hit]:
        doc = item.doc
        for match in self.matches(doc):
            start, end = match.span()
            if self.accept(match, item) and not self.owned(doc, start):
                yield Hit(start, end, {"match": match.group()})


class NumberOptions(PersonalDataOptions):
    """How many digits a number of the kind has."""

    min_digits: int = Field(10, ge=5, alias="min-digits")
    max_digits: int = Field(15, ge=5, alias="max-digits")


class NumberCheck(PersonalDataCheck):
    """Personal data that is a number: a reply with fewer digits than ``min-digits`` holds none (the check is not
    run), and a match counts only with as many digits as the kind has."""

    Options: ClassVar[type[CheckOptions]] = NumberOptions

    def applies(self, doc: Doc) -> bool:
        options = self.options
        assert isinstance(options, NumberOptions)
        return doc.digits() >= options.min_digits and super().applies(doc)

    def digits(self, found: str) -> str | None:
        """The digits of a match, or None when there are too few or too many for the kind."""
        options = self.options
        assert isinstance(options, NumberOptions)
        digits = _NON_DIGIT.sub("", found)
        return digits if options.min_digits <= len(digits) <= options.max_digits else None


class PhoneOptions(NumberOptions):
    """Digit counts of a phone number and prefixes of numbers that belong to businesses."""

    own_prefixes: list[str] = Field(
        default_factory=list,
        alias="own-prefixes",
        description="Digit prefixes (country code included) of toll-free and non-geographic business numbers.",
    )
    allow: list[str] = Field(default_factory=list, description="The company's own numbers, in any format.")


@register("phone-number")
class PhoneNumberCheck(NumberCheck):
    """Phone numbers that are not the company's own."""

    Options: ClassVar[type[CheckOptions]] = PhoneOptions

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, PhoneOptions)
        self._prefixes = tuple(options.own_prefixes)
        self._allow = frozenset(_NON_DIGIT.sub("", number) for number in options.allow)

    def accept(self, match: regex.Match[str], item: CheckInput) -> bool:
        digits = self.digits(match.group())
        return digits is not None and digits not in self._allow and not digits.startswith(self._prefixes)


class EmailOptions(PersonalDataOptions):
    """Mailboxes that belong to a team rather than a person."""

    role_mailboxes: list[str] = Field(
        default_factory=list, alias="role-mailboxes", description="Local parts of team mailboxes (support, info)."
    )


@register("email-address")
class EmailAddressCheck(PersonalDataCheck):
    """E-mail addresses outside the company's configured domains that are no team mailbox."""

    Options: ClassVar[type[CheckOptions]] = EmailOptions

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        assert isinstance(options, EmailOptions)
        self._roles = frozenset(role.lower() for role in options.role_mailboxes)

    def accept(self, match: regex.Match[str], item: CheckInput) -> bool:
        local, _, domain = match.group().lower().rpartition("@")
        if any(domain == own or domain.endswith("." + own) for own in item.company_domains):
            return False
        return regex.sub(r"[._+-].*", "", local) not in self._roles


class CardOptions(NumberOptions):
    """Digit counts and first digits of payment card numbers."""

    min_digits: int = Field(13, ge=8, alias="min-digits")
    max_digits: int = Field(19, ge=8, alias="max-digits")
    first_digits: str = Field(
        "23456", alias="first-digits", description="Digits a card number may start with (issuer ranges)."
    )


class CardData(PersonalDataData):
    """Words that name a payment card just before a number."""

    card_cues: Patterns = Field(
        default_factory=list,
        alias="card-cues",
        description="Regexes that end where a number follows and name it a payment card («с карты», “card no.”).",
    )


@register("card-number")
class CardNumberCheck(NumberCheck):
    """Full payment card numbers: the right length, an issuer's first digit, and a valid Luhn checksum or a word
    naming a card just before (a number the reply calls a card is one, whatever its checksum)."""

    Options: ClassVar[type[CheckOptions]] = CardOptions
    Data: ClassVar[type[LanguageData]] = CardData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._card_cues: dict[Language, list[regex.Pattern[str]]] = {}
        for lang, item in data.items():
            assert isinstance(item, CardData)
            self._card_cues[lang] = [regex.compile(f"(?:{cue})\\s*$") for cue in item.card_cues]

    def accept(self, match: regex.Match[str], item: CheckInput) -> bool:
        options = self.options
        assert isinstance(options, CardOptions)
        digits = self.digits(match.group())
        if digits is None or digits[0] not in options.first_digits:
            return False
        return luhn_valid(digits) or self.named_a_card(item.doc, match.start())

    def named_a_card(self, doc: Doc, start: int) -> bool:
        """Whether a card word ends just before ``start``, within its sentence and the cue window."""
        before = self.text_before(doc, start)
        return any(cue.search(before) for lang in self.languages(doc) for cue in self._card_cues.get(lang, ()))

    def owned(self, doc: Doc, start: int) -> bool:
        return False


class OrderWithNameOptions(PersonalDataOptions):
    """How close a name must be to an order number, and whether to find Russian names by morphology."""

    max_distance: int = Field(
        80, ge=0, alias="max-distance", description="Characters between the order number and the name."
    )
    morphology: bool = Field(True, description="Find Russian first names, surnames, patronymics with pymorphy3.")


class OrderWithNameData(PersonalDataData):
    """Patterns of names: each with a group ``name``."""

    names: Patterns = Field(default_factory=list, description="Regexes with a group 'name'.")


@register("order-with-name")
class OrderWithNameCheck(PersonalDataCheck):
    """Order numbers close to the customer's name: together they identify a person and a purchase."""

    Options: ClassVar[type[CheckOptions]] = OrderWithNameOptions
    Data: ClassVar[type[LanguageData]] = OrderWithNameData

    def __init__(self, options: CheckOptions, data: Mapping[Language, LanguageData]) -> None:
        super().__init__(options, data)
        self._names: dict[Language, list[regex.Pattern[str]]] = {}
        for lang, item in data.items():
            assert isinstance(item, OrderWithNameData)
            self._names[lang] = _compile_all(item.names)

    def names(self, doc: Doc) -> list[tuple[int, int]]:
        """Spans of the person's names in the reply."""
        options = self.options
        assert isinstance(options, OrderWithNameOptions)
        spans = [
            m.span("name")
            for lang in self.languages(doc)
            for pattern in self._names.get(lang, [])
            for m in self.find_all(pattern, doc.text)
        ]
        if options.morphology:
            spans.extend(
                (t.start, t.end)
                for t in doc.tokens
                if t.is_alpha
                and t.text[:1].isupper()
                and t.text[1:].islower()
                and t.readings
                and PERSON_NAME & t.readings[0].grammemes
            )
        return spans

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, OrderWithNameOptions)
        doc = item.doc
        orders = list(self.matches(doc))
        if not orders:
            return
        names = self.names(doc)
        for match in orders:
            start, end = match.span()
            near = [(s, e) for s, e in names if s - end <= options.max_distance and start - e <= options.max_distance]
            if near and not self.owned(doc, start):
                name_start, name_end = min(near, key=lambda span: abs(span[0] - start))
                yield Hit(start, end, {"match": match.group(), "name": doc.text[name_start:name_end]})
