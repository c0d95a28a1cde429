"""The text that analysis reads: hidden characters removed, look-alike letters folded, invalid code points
replaced, with an exact map back to the caller's text; and the bounded copy the tokenizer reads."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# The standard library's ``re`` here, not ``regex``: these run on every reply, and for character classes
# it is an order of magnitude faster.

#: Characters that change nothing a reader sees: every format character (Unicode category Cf: zero-width
#: space and joiners, soft hyphen, word joiner, byte-order mark, bidi controls, …), control characters other
#: than white space, the combining grapheme joiner, variation selectors, Hangul fillers, Khmer invisible vowels
#: and Mongolian variation selectors.
HIDDEN_CLASS = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef\u115f\u1160\u3164\uffa0\u17b4\u17b5\u180b-\u180d\u180f"
)
_HIDDEN = re.compile(f"[{HIDDEN_CLASS}]+")
#: Lone surrogates: code points that are not characters (they cannot be encoded as UTF-8).
_SURROGATE = re.compile("[\ud800-\udfff]")
_HIDDEN_OR_INVALID = re.compile(f"[{HIDDEN_CLASS}\ud800-\udfff]")
#: The ASCII characters of :data:`HIDDEN_CLASS`: all an ASCII text can hold of it, found four times faster than by the
#: whole class.
_HIDDEN_ASCII = re.compile("[" + "".join(re.escape(chr(c)) for c in range(128) if _HIDDEN.match(chr(c))) + "]")
_LATIN = "A-Za-z\u00c0-\u024f"
_CYRILLIC = "\u0400-\u04ff"
_MIXED = re.compile(f"[{_LATIN}][{_CYRILLIC}]|[{_CYRILLIC}][{_LATIN}]")
#: A letter of either alphabet. :data:`_MIXED` and :data:`_LONE` each need a letter of both, so a text without both
#: has no look-alike to fold; two scans for one letter tell so in a tenth of the time of those two expressions
#: (2 against 28 µs over a 600-character reply).
_ANY_LATIN = re.compile(f"[{_LATIN}]")
_ANY_CYRILLIC = re.compile(f"[{_CYRILLIC}]")
#: A one-letter word in the other alphabet between words of one (Latin «а» in «парковка, а вы»).
#: Each alternative starts with its letter and looks behind it from there: the search skips ahead to a candidate
#: letter instead of trying the look-behinds at every position (three times faster).
_LONE = re.compile(
    f"[aeopcyx](?:(?<=[{_CYRILLIC}] .)|(?<=[{_CYRILLIC}], .))(?= [{_CYRILLIC}])"
    f"|[аеорсух](?:(?<=[{_LATIN}] .)|(?<=[{_LATIN}], .))(?= [{_LATIN}])"
)

#: Cyrillic letters that look like Latin ones, and the other way round.
_CYRILLIC_TO_LATIN = str.maketrans(
    "аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХУІЈЅ",
    "aeopcyxijsdqwhlABEKMHOPCTXYIJS",
)
_LATIN_TO_CYRILLIC = str.maketrans(
    "aeopcyxkABEKMHOPCTXY",
    "аеорсухкАВЕКМНОРСТХУ",
)

#: Runs of punctuation longer than this reach the tokenizer cut to this length (the rest as spaces), and a
#: chunk without white space gets a space after every :data:`CHUNK` characters: spaCy's affix search is
#: quadratic in the length of a chunk.
PUNCT_RUN = 4
CHUNK = 64
_LONG_PUNCT = re.compile(rf"(?<![^\w\s])[^\w\s]{{{PUNCT_RUN + 1},}}")
_LONG_CHUNK = re.compile(rf"(?<!\S)\S{{{CHUNK + 1},}}")
#: The first run of punctuation longer than :data:`PUNCT_RUN`: where the first match of :data:`_LONG_PUNCT` starts (a
#: run that began earlier would be found there). Written out rather than counted: ``re`` then tests each position
#: with one character class instead of entering a repeat (a third faster).
_PUNCT_RUN_START = re.compile(r"[^\w\s]" * (PUNCT_RUN + 1))
#: An ampersand as tweets carry it, HTML-escaped, reaches the tokenizer as a plain "&" and spaces: "sorry&amp;we'll"
#: is then three tokens ("sorry", "&", "we'll") instead of one word, and no "amp" word stands inside a phrase.
_ESCAPED_AMP = "&amp;"
_PLAIN_AMP = "&" + " " * (len(_ESCAPED_AMP) - 1)


@dataclass(frozen=True, slots=True)
class Fold:
    """A place where the analysis text differs from the caller's: hidden characters removed just before
    analysis offset ``at`` (``hidden``), or the look-alike letter ``original`` replaced at ``at``."""

    at: int
    original: str
    hidden: bool


@dataclass(frozen=True, slots=True)
class Normalised:
    """The caller's text and the text analysis reads, with the offsets that map one onto the other."""

    original: str
    text: str
    folds: tuple[Fold, ...] = ()
    invalid: int = 0
    #: Analysis offsets where hidden characters were removed, and the running count removed up to each.
    removed_at: tuple[int, ...] = ()
    removed_total: tuple[int, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the caller's text an analysis span stands for (hidden characters inside it included,
        those at its edges left out)."""
        if not self.removed_at:
            return start, end
        i = bisect_right(self.removed_at, start)
        j = bisect_left(self.removed_at, end)
        begin = start + (self.removed_total[i - 1] if i else 0)
        finish = end + (self.removed_total[j - 1] if j else 0)
        return begin, max(begin, finish)

    def readable(self, start: int, end: int) -> str:
        """The caller's text of an original span, lone surrogates replaced (safe to print and to encode)."""
        piece = self.original[start:end]
        return _SURROGATE.sub("\ufffd", piece) if self.invalid else piece


def normalise(text: str) -> Normalised:
    """Fold a text for analysis; the text itself when there is nothing to fold (the common case)."""
    if text.isascii():
        if not _HIDDEN_ASCII.search(text):
            return Normalised(text, text)
        two_scripts = False
    else:
        two_scripts = _ANY_CYRILLIC.search(text) is not None and _ANY_LATIN.search(text) is not None
        if not _HIDDEN_OR_INVALID.search(text) and not (two_scripts and (_MIXED.search(text) or _LONE.search(text))):
            return Normalised(text, text)
    invalid = 0
    work = text
    if _SURROGATE.search(work):
        work, invalid = _SURROGATE.subn("\ufffd", work)
    folds: list[Fold] = []
    work, removed_at, removed_total = remove_hidden(work, folds)
    if two_scripts:  # removing hidden characters and replacing invalid ones adds no letter of either alphabet
        work = _fold_lookalikes(work, folds)
    folds.sort(key=lambda f: f.at)
    return Normalised(text, work, tuple(folds), invalid, tuple(removed_at), tuple(removed_total))


def remove_hidden(text: str, folds: list[Fold]) -> tuple[str, list[int], list[int]]:
    """``text`` without its hidden characters, each one's fold added to ``folds``; with, per removed run, the offset
    in the result where it was and the count removed up to there."""
    removed_at: list[int] = []
    removed_total: list[int] = []
    pieces: list[str] = []
    last = kept = total = 0
    for m in _HIDDEN.finditer(text):
        start, end = m.span()
        pieces.append(text[last:start])
        kept += start - last
        total += end - start
        removed_at.append(kept)
        removed_total.append(total)
        folds.append(Fold(kept, m.group(), True))
        last = end
    if not pieces:
        return text, removed_at, removed_total
    pieces.append(text[last:])
    return "".join(pieces), removed_at, removed_total


def _fold_lookalikes(text: str, folds: list[Fold]) -> str:
    """Write the minority script's look-alike letters of each word mixing Latin and Cyrillic in the other, and a
    one-letter word in the alphabet of the words around it."""
    chars: list[str] | None = None
    for m in _LONE.finditer(text):
        old = m.group()
        new = old.translate(_LATIN_TO_CYRILLIC if old.isascii() else _CYRILLIC_TO_LATIN)
        if chars is None:
            chars = list(text)
        chars[m.start()] = new
        folds.append(Fold(m.start(), old, False))
    if chars is not None:
        text = "".join(chars)
        chars = None
    done = 0
    for m in _MIXED.finditer(text):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        done = end
        word = text[start:end]
        to_latin = word.translate(_CYRILLIC_TO_LATIN)
        to_cyrillic = word.translate(_LATIN_TO_CYRILLIC)
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in word)
        latin_done = not any("\u0400" <= c <= "\u04ff" for c in to_latin)
        cyrillic_done = not _has_latin(to_cyrillic)
        if latin_done != cyrillic_done:
            folded = to_latin if latin_done else to_cyrillic
        else:
            folded = to_latin if len(word) - cyrillic > cyrillic else to_cyrillic
        if folded == word:
            continue
        if chars is None:
            chars = list(text)
        for offset, (old, new) in enumerate(zip(word, folded, strict=True)):
            if old != new:
                chars[start + offset] = new
                folds.append(Fold(start + offset, old, False))
    return "".join(chars) if chars is not None else text


def _has_latin(word: str) -> bool:
    return any("a" <= c.lower() <= "z" or "\u00c0" <= c <= "\u024f" for c in word)


def tokenizer_input(text: str) -> str:
    """The text with long punctuation runs cut, an escaped ampersand's name blanked (:data:`_ESCAPED_AMP`) and long
    chunks broken by spaces, for spaCy's tokenizer: the same length and the same characters where it keeps them, so
    every token's offsets hold in ``text``."""
    if _ESCAPED_AMP in text:
        text = text.replace(_ESCAPED_AMP, _PLAIN_AMP)
    run = _PUNCT_RUN_START.search(text)
    if run is not None:
        pieces = []
        last = 0
        for m in _LONG_PUNCT.finditer(text, run.start()):  # the look-behind still reads the character before
            cut, end = m.start() + PUNCT_RUN, m.end()
            pieces.append(text[last:cut])
            pieces.append(" " * (end - cut))
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    # ``str.split`` and ``\S`` in ``re`` part words at the same white space (``str.isspace``).
    if max(map(len, text.split()), default=0) <= CHUNK:
        return text
    chars = list(text)
    for m in _LONG_CHUNK.finditer(text):
        for at in range(m.start() + CHUNK, m.end(), CHUNK + 1):
            chars[at] = " "
    return "".join(chars)
