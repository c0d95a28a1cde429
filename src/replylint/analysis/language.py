"""Language of a reply from its letters: Cyrillic, Latin, or both."""

from __future__ import annotations

import regex

from replylint.models import Language

_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}+")
_LATIN = regex.compile(r"\p{Script=Latin}+")
# Addresses, handles and placeholders say nothing about the language of the prose.
_NOT_PROSE = regex.compile(r"https?://\S+|www\.\S+|\S+@\S+|@\w+|\{\{.*?\}\}|\{%.*?%\}|\{[^{}\s]+\}")

#: Share of the minority script above which a reply counts as mixed.
MIXED_SHARE = 0.2


def detect_language(text: str) -> Language:
    """Return ``ru``, ``en`` or ``mixed``; a text without letters counts as ``en``."""
    prose = _NOT_PROSE.sub(" ", text)
    cyrillic = sum(map(len, _CYRILLIC.findall(prose)))
    latin = sum(map(len, _LATIN.findall(prose)))
    total = cyrillic + latin
    if total == 0:
        return Language.EN
    minority = min(cyrillic, latin) / total
    if minority > MIXED_SHARE:
        return Language.MIXED
    return Language.RU if cyrillic > latin else Language.EN
