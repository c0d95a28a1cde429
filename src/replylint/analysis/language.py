"""Language of a reply from its letters: Cyrillic, Latin, or both; and whether an "English" reply is English."""

from __future__ import annotations

import re
import string

from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

from replylint.models import Language

# Addresses, handles and placeholders say nothing about the language of the prose.
# Each alternative starts where its text can start and reads a bounded stretch: linear in the reply. The
# standard library's ``re`` runs it an order of magnitude faster than ``regex``.
_NOT_PROSE = re.compile(
    r"https?://\S+|www\.\S+|(?<![^\s@])[^\s@]+@\S+|@\w+|\{\{(?:(?!\}\}|\{\{).){0,300}\}\}"
    r"|\{%(?:(?!%\}|\{%).){0,300}%\}|\{[^{}\s]+\}"
)
_NOT_PROSE_MARKS = ("@", "{", "http", "www.")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")
#: UTF-8 lead bytes of the Cyrillic block (U+0400–U+04FF): one per Cyrillic letter.
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")

#: Share of the minority script above which a reply counts as mixed.
MIXED_SHARE = 0.2
#: Words of a reply from which one can tell it is not English, and the share of English function words ("the", "we",
#: "to" …) below which it is not (English prose has about two in five).
FOREIGN_WORDS = 5
ENGLISH_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> Language:
    """Return ``ru``, ``en`` or ``mixed``; a text without letters counts as ``en``.

    Letters are counted on the UTF-8 bytes (Latin: ASCII letters; Cyrillic: the block's lead bytes), which is
    an order of magnitude faster than a Unicode regex on the hot path.
    """
    prose = _NOT_PROSE.sub(" ", text) if any(mark in text for mark in _NOT_PROSE_MARKS) else text
    data = prose.encode("utf-8")
    latin = len(data) - len(data.translate(None, _ASCII_LETTERS))
    cyrillic = sum(data.count(lead) for lead in _CYRILLIC_LEADS)
    total = cyrillic + latin
    if total == 0:
        return Language.EN
    minority = min(cyrillic, latin) / total
    if minority > MIXED_SHARE:
        return Language.MIXED
    return Language.RU if cyrillic > latin else Language.EN


def not_english(text: str) -> bool:
    """Whether a reply taken for English is written in another language ("Por favor síguenos en Twitter para
    brindarte asistencia", Japanese): at least :data:`FOREIGN_WORDS` words, fewer than :data:`ENGLISH_SHARE` of
    them English function words. Short replies ("Good evening, Caesar!") are read as English."""
    prose = _NOT_PROSE.sub(" ", text) if any(mark in text for mark in _NOT_PROSE_MARKS) else text
    words = _WORD.findall(prose.lower())
    if len(words) < FOREIGN_WORDS:
        return False
    return sum(word in ENGLISH_STOP_WORDS for word in words) < ENGLISH_SHARE * len(words)
