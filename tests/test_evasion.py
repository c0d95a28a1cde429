"""Evasion: 1,000 flagged replies, built from the rule packs' own must-flag examples and templates written here,
each with one invisible character put inside every flagged span, must keep at least 99 % of their findings,
at the same offsets (shifted by the inserted characters)."""

from __future__ import annotations

from itertools import product

import pytest

from replylint import Linter
from replylint.checks import CHECKS, Example
from replylint.checks.directive import DirectiveCheck
from replylint.packs import builtin_specs

#: The invisible characters of the evasion test: zero-width space, soft hyphen, combining grapheme joiner,
#: word joiner, byte-order mark and NUL.
INVISIBLE = ["\u200b", "\u00ad", "\u034f", "\u2060", "\ufeff", "\x00"]
#: Our own frames around an example: the flagged text keeps its findings and gains a few more words.
FRAMES = [
    ("", ""),
    ("Hello,\n", "\nBest regards, Anna"),
    ("Здравствуйте!\n", "\nС уважением, служба поддержки."),
    ("Thanks for writing in. ", " We will follow up by Friday."),
    ("Спасибо, что написали. ", " Мы ответим до пятницы."),
    ("Hi there. ", ""),
    ("", " Order #4512 is attached."),
]
REPLIES = 1000
KEEP = 0.99


def _examples() -> list[Example]:
    return [
        example
        for spec in builtin_specs()
        if spec.check != "obfuscation" and not issubclass(CHECKS[spec.check], DirectiveCheck)  # files, not replies
        for data in spec.language_data().values()
        for example in data.examples(flagged=True)
        if not example.sent_to
    ]


def _replies() -> list[Example]:
    out = []
    for (before, after), example in product(FRAMES, _examples()):
        out.append(example.model_copy(update={"text": before + example.text + after}))
        if len(out) == REPLIES:
            break
    return out


def _inside(text: str, start: int, end: int) -> int | None:
    """A place between two letters of the span, where an invisible character splits a word."""
    for at in range((start + end) // 2, end):
        if text[at - 1].isalpha() and text[at].isalpha():
            return at
    for at in range(start + 1, end):
        if text[at - 1].isalpha() and text[at].isalpha():
            return at
    return None


def _lint(linter: Linter, example: Example, text: str) -> list[tuple[str, int | None, int | None]]:
    report = linter.lint(text, channel=example.channel, context=example.context, template=example.template)
    return [(f.code, f.start, f.end) for f in report.findings if f.code != "RL921"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_inside_flagged_words_keep_the_findings(linter: Linter, char: str) -> None:
    replies = _replies()
    assert len(replies) == REPLIES
    kept = total = 0
    for example in replies:
        before = _lint(linter, example, example.text)
        places = sorted(
            {at for _, s, e in before if s is not None and e is not None and (at := _inside(example.text, s, e))}
        )
        if not places:
            continue
        text = "".join(
            example.text[i:j] + (char if j in places else "")
            for i, j in zip([0, *places], [*places, len(example.text)], strict=True)
        )

        after = _lint(linter, example, text)
        for code, s, e in before:
            if s is None or e is None:
                continue
            total += 1
            # Inserted before a span's first character: outside it; before its end: inside it.
            moved = (code, s + sum(at <= s for at in places), e + sum(at < e for at in places))
            kept += moved in after
    assert total > REPLIES
    print(f"U+{ord(char):04X}: {kept}/{total} findings kept")
    assert kept / total >= KEEP, f"{kept}/{total} findings kept with U+{ord(char):04X}"


_LOOK_ALIKE = str.maketrans("aeopcxyаеорсху", "аеорсхуaeopcxy")


def test_look_alike_letters_inside_flagged_words_keep_the_findings(linter: Linter) -> None:
    kept = total = 0
    for example in _replies():
        before = _lint(linter, example, example.text)
        chars = list(example.text)
        for _, s, e in before:
            if s is None or e is None:
                continue
            # One letter of the span written in the other alphabet (Latin "o" in a Russian word, Cyrillic "а"
            # in an English one): the same length, so the offsets stay.
            at = next((i for i in range(s, e) if chars[i] == example.text[i] != chars[i].translate(_LOOK_ALIKE)), None)
            if at is not None:
                chars[at] = chars[at].translate(_LOOK_ALIKE)
        text = "".join(chars)
        if text == example.text:
            continue
        after = _lint(linter, example, text)
        for finding in before:
            if finding[1] is not None:
                total += 1
                kept += finding in after
    print(f"look-alikes: {kept}/{total} findings kept")
    assert kept / total >= KEEP
