"""Hostile input through the API: linear time, clear errors instead of crashes, no evasion by invisible
characters or look-alike letters (docs/security.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import replylint
from replylint import Config, ConfigError, Linter
from replylint.analysis import analyze
from replylint.errors import ReplyTooLong, RuleTimeout

#: Per-character time of a reply eight times longer may be at most this many times that of the short one: a
#: linear check stays near 1, a quadratic one near 8.
LINEAR_SLACK = 3.0


@pytest.mark.parametrize(
    "unit",
    ["!", "{%", "${", "=", "!?", "'", "{{", "f\u200ba", "fаult ", "a@", "«", "{% if %}", "{{x}} , "],
    ids=repr,
)
def test_time_is_linear_in_the_length_of_hostile_replies(
    linter: Linter, slowdown: Callable[[Linter, str, str], float], unit: str
) -> None:
    short = (unit * 2000)[:2000]
    long = (unit * 16000)[:16000]
    ratio = slowdown(linter, short, long)
    assert ratio < LINEAR_SLACK, f"{ratio:.1f}× slower per character at 8× the length"


def test_reply_over_the_maximum_is_a_clear_error_naming_the_argument() -> None:
    small = Linter(Config(max_reply_chars=100))
    with pytest.raises(ReplyTooLong, match="text is 101 characters long; the maximum is 100"):
        small.lint("x" * 101)
    with pytest.raises(ValueError, match="context"):
        small.lint("Thank you.", context="y" * 101)
    with pytest.raises(ValueError, match=r"texts\[1\]"):
        small.lint_many(["ok", "z" * 101])
    assert small.lint("x" * 100).findings is not None


def test_default_maximum_is_one_million_characters_and_larger_is_configurable() -> None:
    with pytest.raises(ReplyTooLong, match="max-reply-chars"):
        replylint.lint("x" * 1_000_001)
    # Past spaCy's own limit of 1,000,000 characters (its error E088), when configured.
    report = Linter(Config(max_reply_chars=2_000_000)).lint("x" * 1_000_001)
    assert report.language.value == "en"


def test_configuration_file_sets_the_maximum(tmp_path: Path) -> None:
    path = tmp_path / ".replylint.toml"
    path.write_text("max-reply-chars = 50\n", encoding="utf-8")
    with pytest.raises(ReplyTooLong):
        Linter(replylint.load_config_file(path)).lint("a" * 51)


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: replylint.lint(None), TypeError, "text"),  # type: ignore[arg-type]
        (lambda: replylint.lint(b"hi"), TypeError, "text"),  # type: ignore[arg-type]
        (lambda: replylint.lint("x", context=5), TypeError, "context"),  # type: ignore[arg-type]
        (lambda: replylint.lint("x", channel="fax"), ValueError, "channel"),
        (lambda: replylint.lint("x", channel=3), TypeError, "channel"),  # type: ignore[arg-type]
        (lambda: replylint.lint("x", language="de"), ValueError, "language"),
        (lambda: replylint.lint("x", config={"select": ["ALL"]}), TypeError, "config"),  # type: ignore[arg-type]
        (lambda: Linter().lint(None), TypeError, "text"),  # type: ignore[arg-type]
        (lambda: Linter().lint("x", template="yes"), TypeError, "template"),  # type: ignore[arg-type]
        (lambda: Linter().lint_many("abc"), TypeError, "texts"),
        (lambda: Linter().lint_many(None), TypeError, "texts"),  # type: ignore[arg-type]
        (lambda: Linter().lint_many(["ok", 7]), TypeError, r"texts\[1\]"),  # type: ignore[list-item]
        (lambda: Linter().lint_many(["ok"], contexts=[b"x"]), TypeError, r"contexts\[0\]"),  # type: ignore[list-item]
        (lambda: Linter().lint_many(["ok"], channel="fax"), ValueError, "channel"),
        (lambda: Linter().lint_many(["a", "b"], contexts=["Late!"]), ValueError, "contexts has 1 items for 2 texts"),
        (lambda: Linter().lint_many(["a"], contexts=["Late!", "Broken!"]), ValueError, "contexts has 2 items"),
        (lambda: Linter().check(None), TypeError, "text"),  # type: ignore[arg-type]
        (lambda: Linter().check("x", fail_on="fatal"), ValueError, "fail_on"),
        (lambda: Linter().check("x", language=["en"]), TypeError, "language"),  # type: ignore[arg-type]
        (lambda: Linter(config="strict"), TypeError, "config"),  # type: ignore[arg-type]
    ],
)
def test_wrong_arguments_give_a_clear_error_naming_the_argument(
    call: Callable[[], object], error: type[Exception], argument: str
) -> None:
    with pytest.raises(error, match=argument):
        call()


def test_lone_surrogates_are_replaced_for_analysis_and_reported(linter: Linter) -> None:
    text = "Hello \ud800 this is your fault!!!"
    report = linter.lint(text, context="Where is my order \udfff?")
    assert report.invalid_characters == 2
    assert {"RL201", "RL101"} <= {f.code for f in report.findings}
    report.model_dump_json()  # encodes: no UnicodeEncodeError
    blame = next(f for f in report.findings if f.code == "RL201")
    assert text[blame.start : blame.end] == blame.match == "your fault"
    whole = linter.lint("\ud800")
    assert whole.invalid_characters == 1
    assert linter.lint("plain").invalid_characters == 0


def test_a_finding_over_a_surrogate_shows_it_as_the_replacement_character(tmp_path: Path) -> None:
    pack = _pack(tmp_path, _PACK.format(check="pattern", options="options.patterns = ['Hello.World']", data=""))
    text = "Say Hello\ud800World"
    report = Linter(Config(packs=[pack], select=["TM001"])).lint(text)
    (found,) = report.findings
    assert (found.start, found.end) == (4, 15)
    assert found.match == "Hello\ufffdWorld" == text[4:15].replace("\ud800", "\ufffd")
    report.model_dump_json()


HIDDEN = ["\u200b", "\u00ad", "\u034f", "\u2060", "\ufeff", "\x00"]


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_character_inside_a_flagged_word_does_not_hide_it(linter: Linter, char: str) -> None:
    text = f"This is your f{char}ault."
    report = linter.lint(text)
    blame = next(f for f in report.findings if f.code == "RL201")
    assert (blame.start, blame.end) == (8, 19)
    assert blame.match == text[8:19] == f"your f{char}ault"
    assert "“your fault”" in blame.message
    hidden = next(f for f in report.findings if f.code == "RL921")
    assert (hidden.start, hidden.end) == (blame.start, blame.end)


@pytest.mark.parametrize(
    ("text", "code", "match"),
    [
        ("This is your fаult.", "RL201", "your fаult"),  # Cyrillic а
        ("Вы сами винoваты.", "RL201", "Вы сами винoваты"),  # Latin o
        ("Ваши дoмыслы не имеют отношения к делу.", "RL201", "Ваши дoмыслы"),
        ("Вы сами в\u200bиноваты.", "RL201", "Вы сами в\u200bиноваты"),
    ],
)
def test_look_alike_letters_and_hidden_characters_are_folded_and_reported_on_the_original(
    linter: Linter, text: str, code: str, match: str
) -> None:
    report = linter.lint(text)
    found = next(f for f in report.findings if f.code == code)
    assert found.match == match == text[found.start : found.end]
    assert "RL921" in {f.code for f in report.findings}


def test_hidden_characters_outside_flagged_text_are_not_obfuscation(linter: Linter) -> None:
    text = "\ufeffThank\u200b you for your order, it ships to\u00adday."
    report = linter.lint(text)
    assert "RL921" not in {f.code for f in report.findings}


def test_normalised_offsets_map_back_exactly() -> None:
    text = "a\u200b\u200bb c\u00add"
    doc = analyze(text)
    assert doc.text == "ab cd"
    assert doc.original_span(0, 2) == (0, 4)  # hidden characters inside a span belong to it
    assert doc.original_span(1, 2) == (3, 4)  # those at its start do not
    assert doc.original_span(0, 1) == (0, 1)  # nor those at its end
    assert doc.original_span(3, 5) == (5, 8)
    assert doc.original_span(5, 5) == (8, 8)


def test_words_in_one_script_are_left_alone() -> None:
    for text in ("сор и мусор", "coop and tax", "Яндекс Go", "iPhone-ом"):
        assert analyze(text).text == text


def _pack(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "team.toml"
    path.write_text(body, encoding="utf-8")
    return path


_PACK = """
[[rule]]
code = "TM001"
name = "team-rule"
category = "rudeness"
severity = "warning"
check = "{check}"
rationale = "Test."
message.en = "m"
message.ru = "m"
{options}
[rule.en]
{data}
flag = ["x"]
pass = ["y"]
[rule.ru]
flag = ["x"]
pass = ["y"]
"""


def test_user_pattern_that_backtracks_is_a_timeout_naming_the_rule(tmp_path: Path) -> None:
    pack = _pack(tmp_path, _PACK.format(check="pattern", options="options.patterns = ['(a|aa)+$']", data=""))
    linter = Linter(Config(packs=[pack]))
    assert linter.lint("aaaa").findings
    start = time.perf_counter()
    with pytest.raises(RuleTimeout, match=r"TM001 \(team-rule\).*\(a\|aa\)\+\$"):
        linter.lint("a" * 41 + "b")
    assert time.perf_counter() - start < 30


def test_phrase_with_too_many_gaps_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    phrase = " * ".join(["one", "two", "three", "four", "five"])
    pack = _pack(tmp_path, _PACK.format(check="phrase", options="", data=f'phrases = ["{phrase}"]'))
    with pytest.raises(ConfigError, match=r"TM001.*4 '\*' gaps; at most 3"):
        Linter(Config(packs=[pack]))
    config = Config.model_validate({"rules": {"RL201": {"extra-phrases": {"en": [phrase]}}}})
    with pytest.raises(ConfigError, match=r"rules\.RL201\.extra-phrases\.en.*gaps"):
        Linter(config)


def test_phrase_with_gaps_matches_in_linear_time(tmp_path: Path, slowdown: Callable[[Linter, str, str], float]) -> None:
    phrase = "one * two * three * four"
    pack = _pack(tmp_path, _PACK.format(check="phrase", options="", data=f'phrases = ["{phrase}"]'))
    linter = Linter(Config(packs=[pack], select=["TM001"]))
    words = " ".join(["one two three"] * 40)
    assert not linter.lint(words).findings
    assert [f.match for f in linter.lint("one a two b three c four").findings] == ["one a two b three c four"]
    assert slowdown(linter, words, words * 8) < LINEAR_SLACK


def test_commas_between_phrase_words_do_not_recurse_without_bound(linter: Linter) -> None:
    report = linter.lint("It is your " + ", " * 5000 + "fault.")
    assert "RL201" not in {f.code for f in report.findings}
    assert "RL201" in {f.code for f in linter.lint("It is your, fault.").findings}


def test_a_rule_reports_at_most_one_hundred_findings_per_reply(linter: Linter) -> None:
    report = linter.lint("{% " * 1000)
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    assert max(counts.values()) == 100


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("Thank you" + "!" * 100_000, "RL101"),
        ("Спасибо за отзыв" + "!" * 100_000, "RL101"),
        ("WE " + "REALLY " * 40 + "CANNOT HELP.", "RL110"),
    ],
)
def test_a_message_quotes_the_start_of_a_long_match(linter: Linter, reply: str, code: str) -> None:
    """The message of a 100,000-character match was 100 KB: in a terminal, a GitHub annotation, an editor's hover."""
    (finding,) = [f for f in linter.lint(reply).findings if f.code == code]
    assert finding.match is not None and finding.start is not None and finding.end is not None
    assert finding.end - finding.start == len(finding.match) > 200
    assert len(finding.message) < 200
    assert finding.match[:100] in finding.message and "…" in finding.message
