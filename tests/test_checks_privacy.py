"""Personal data in public replies: phones, e-mails, addresses, orders next to names; card numbers everywhere."""

from __future__ import annotations

import pytest

from replylint import Config, Language, Linter, Severity
from replylint.checks.privacy import luhn_valid
from replylint.packs import builtin_specs


def _found(linter: Linter, text: str, code: str, channel: str | None = "social") -> list[str | None]:
    return [f.match for f in linter.lint(text, channel=channel).findings if f.code == code]


def test_luhn_checksum() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Анна, мы перезвоним вам на номер +7 (916) 123-45-67.", "+7 (916) 123-45-67"),
        ("Ваш номер 8 912 345-67-89 уже привязан.", "8 912 345-67-89"),
        ("We'll call you at +44 7700 900123 today.", "+44 7700 900123"),
        ("Is 415-555-0132 still your best number?", "415-555-0132"),
    ],
)
def test_a_customers_phone_in_public_is_flagged(linter: Linter, text: str, number: str) -> None:
    assert _found(linter, text, "RL801") == [number]
    assert _found(linter, text, "RL801", channel="review") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Позвоните нам по телефону +7 (495) 123-45-67.",
        "Бесплатная линия: 8 800 555-35-35.",
        "Please call our Guest Services team at +1 415 555 0132.",
        "Give us a call on 0345 600 3030 ^HSB",
        "Call 1-800-956-4442 anytime.",
        "@4155550132 thanks, see https://example.com/web/20200401225851/help",
        "The fix shipped on 2017-11-05 14:42:58.",
    ],
)
def test_company_contacts_dates_handles_and_links_are_not(linter: Linter, text: str) -> None:
    assert _found(linter, text, "RL801") == []


def test_privacy_rules_keep_to_public_channels(linter: Linter) -> None:
    text = "Мы перезвоним вам на номер +7 (916) 123-45-67."
    assert _found(linter, text, "RL801", channel="chat") == []
    assert _found(linter, text, "RL801", channel="email") == []
    assert _found(linter, text, "RL801", channel=None) == []


def test_a_companys_own_number_can_be_allowed() -> None:
    linter = Linter(Config(select=["RL801"], rules={"RL801": {"options": {"allow": ["+7 916 123 45 67"]}}}))
    assert _found(linter, "Ваш менеджер на связи: +7 (916) 123-45-67.", "RL801") == []


def test_emails_outside_the_company_domains_are_flagged() -> None:
    linter = Linter(Config(select=["RL802"], company_domains=["shop.ru"]))
    assert _found(linter, "Мы отправили чек на ivan.petrov@mail.ru.", "RL802") == ["ivan.petrov@mail.ru"]
    assert _found(linter, "Чек придёт с адреса anna@shop.ru.", "RL802") == []
    assert _found(linter, "Чек придёт с адреса anna@mail.shop.ru.", "RL802") == []
    assert _found(linter, "Receipts come from noreply@other.com.", "RL802") == []
    assert _found(linter, "Please email support@other.com.", "RL802") == []
    assert _found(linter, "Please forward it to reportphish@bank.com.", "RL802") == []
    assert _found(linter, "We've sent it to jane.doe@gmail.com.", "RL802") == ["jane.doe@gmail.com"]


def test_a_card_number_is_an_error_in_every_channel(linter: Linter) -> None:
    for channel in (None, "chat", "email", "review", "social"):
        report = linter.lint("Возврат отправлен на карту 4276 3800 1234 5679.", channel=channel)
        (finding,) = [f for f in report.findings if f.code == "RL803"]
        assert finding.match == "4276 3800 1234 5679"
        assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    "text",
    [
        "Refunded to the card ending 1111 (**** **** **** 1111).",
        "Reference 4111 1111 1111 1112.",
        "Your order number is 112-4567890-1234567.",
        "See https://example.com/4111111111111111/receipt",
        "Tracking 9400111899223456789012.",
    ],
)
def test_masked_invalid_and_other_numbers_are_no_card(linter: Linter, text: str) -> None:
    assert _found(linter, text, "RL803", channel="chat") == []


def test_street_addresses(linter: Linter) -> None:
    assert _found(linter, "Курьер приедет на ул. Ленина, д. 5, кв. 12.", "RL804") == ["ул. Ленина, д. 5, кв. 12"]
    assert _found(linter, "The driver tried 221B Baker Street twice.", "RL804") == ["221B Baker Street"]
    assert _found(linter, "Ждём вас в нашем магазине по адресу ул. Ленина, д. 5.", "RL804") == []
    assert _found(linter, "Come and see us at our store at 350 Fifth Avenue.", "RL804") == []
    assert _found(linter, "На улице было холодно, курьер задержался на 5 минут.", "RL804") == []


def test_order_number_next_to_a_name(linter: Linter) -> None:
    report = linter.lint("Hi Sarah, order #4471902 has shipped today.", channel="social")
    (finding,) = [f for f in report.findings if f.code == "RL805"]
    assert finding.match == "order #4471902"
    assert "Sarah" in finding.message
    assert _found(linter, "Анна, ваш заказ № 4587123 уже в пути.", "RL805") == ["заказ № 4587123"]
    assert _found(linter, "Заказ № 4587123 уже в пути.", "RL805") == []


def test_how_near_the_name_must_be_is_an_option() -> None:
    text = "Hi Sarah, thanks for waiting so patiently with us this week. Your order #4471902 has shipped."
    near = Linter(Config(select=["RL805"], rules={"RL805": {"options": {"max-distance": 10}}}))
    assert _found(near, text, "RL805") == []
    assert _found(Linter(Config(select=["RL805"])), text, "RL805") == ["order #4471902"]


#: The identity-number pattern as first written: the pack's pattern puts two lookaheads in front of it for speed
#: and must find exactly what this one finds.
_ID_NUMBER_REFERENCE = (
    r"(?<=(?i:\bpassport(?:\s+(?:number|no\.?|#))?|\bSSN|\bsocial\s+security(?:\s+(?:number|no\.?|#))?)\s*"
    r"(?:(?i:is|of|ending)\s+)?[:#]?\s*)(?:[A-Z]{1,2}\d{6,8}|\d{3}-?\d{2}-?\d{4}|\d{9})(?![\w-])"
)

_ID_NUMBER_PIECES = [
    "passport",
    "Passport",
    "PASSPORT",
    "passports",
    "SSN",
    "ssn",
    "SSNs",
    "social security",
    "Social  Security",
    "social\nsecurity",
    "number",
    "no.",
    "no",
    "#",
    ":",
    " is ",
    " of ",
    " ending ",
    "is",
    " ",
    "  ",
    "\t",
    "\n",
    "-",
    "--",
    "_",
    ".",
    ",",
    "X",
    "AB",
    "ABC",
    "x",
    "é",
    "٣",
    "١٢٣",
    "0",
    "12",
    "123",
    "1234",
    "45",
    "6789",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "mypassport",
    "word",
    "\u00a0",
    "Ж",
    "passportX",
]


def _id_number_pattern() -> str:
    (spec,) = [s for s in builtin_specs() if s.code == "RL806"]
    pattern = spec.language_data()[Language.EN].patterns[0]  # passport and social security; the rest follow
    return str(pattern)


def test_the_english_id_number_pattern_finds_what_its_plain_form_finds() -> None:
    import random

    import regex

    fast, plain = regex.compile(_id_number_pattern()), regex.compile(_ID_NUMBER_REFERENCE)
    draw = random.Random(806)
    texts = ["".join(draw.choice(_ID_NUMBER_PIECES) for _ in range(draw.randint(1, 25))) for _ in range(20000)]
    texts += [
        "".join(draw.choice("passportSSNsocialecuritynumbeoig #:.-_\n0123456789XAB٣é") for _ in range(40))
        for _ in range(10000)
    ]
    found = 0
    for text in texts:
        spans = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == spans, text
        found += bool(spans)
    assert found > 50  # the random texts do reach the matches, not only the misses


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Your passport number: AB1234567 is on the ticket.", "AB1234567"),
        ("We matched the SSN ending 6789? No: SSN ending in 123456789 was used.", None),
        ("Social security no. 123-45-6789 is on file.", "123-45-6789"),
        ("Passport #: 987654321 is linked.", "987654321"),
        ("SSN123456789 was given.", "123456789"),
        ("Passport X1234567-B is on file.", None),
        ("Passport X12345678901 is on file.", None),
        ("passport x1234567 is on file.", None),
        ("The passport office is open from 9 to 5.", None),
    ],
)
def test_id_numbers_after_their_names(linter: Linter, text: str, number: str | None) -> None:
    assert _found(linter, text, "RL806", channel="review") == ([number] if number else [])
