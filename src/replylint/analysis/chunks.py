"""Filling spaCy's tokenizer cache with the chunks it could not keep.

spaCy's tokenizer caches how it splits each white-space-delimited chunk, but stops saving chunks for the rest of
a text once it has met a special case (a contraction such as "don't", an apostrophe, an em dash): a long
English reply rarely gets past its first few chunks before one. So most chunks of such a reply went through the
affix and infix expressions on every lint. Before a reply is tokenised, its chunks not seen before that hold no
special case are tokenised on their own, in one call that meets no special case, which saves each in spaCy's own
cache; the reply's own call then finds them there, so a new chunk is split once, not twice. A chunk's tokens never
depend on the chunks around it (that is what spaCy's cache rests on), so the tokens of every text stay exactly as
they were; only the work of finding them again goes.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import ahocorasick
from spacy.language import Language as SpacyLanguage
from spacy.tokenizer import Tokenizer

from replylint.analysis.morphology import WORD_CACHE


class _Seen:
    """The chunks one pipeline's tokenizer has seen, and the special cases a chunk may hold."""

    def __init__(self, nlp: SpacyLanguage) -> None:
        self.chunks: set[str] = set()
        self.specials = ahocorasick.Automaton()
        tokenizer: Tokenizer = nlp.tokenizer
        for rule in tokenizer.rules or {}:
            self.specials.add_word(rule, None)
        self.specials.make_automaton()

    def plain(self, chunk: str) -> bool:
        """Whether no special case is in the chunk (spaCy caches it when it meets none before it)."""
        return next(self.specials.iter(chunk), None) is None


#: Per pipeline (a rebuilt pipeline starts with an empty cache), the chunks its tokenizer has seen.
_SEEN: WeakKeyDictionary[SpacyLanguage, _Seen] = WeakKeyDictionary()


def fill_cache(nlp: SpacyLanguage, text: str) -> None:
    """Have ``nlp``'s tokenizer cache the chunks of ``text`` it has not seen (call it before tokenising ``text``,
    whose tokens do not depend on it): those that cannot hold a special case are tokenised together, the others
    one by one."""
    seen = _SEEN.get(nlp)
    if seen is None:
        seen = _SEEN[nlp] = _Seen(nlp)
    known = seen.chunks
    chunks = text.split()
    if known.issuperset(chunks):
        return  # the common case once a process is warm
    if len(known) >= WORD_CACHE:
        known.clear()
    missed = [chunk for chunk in dict.fromkeys(chunks) if chunk not in known]
    known.update(missed)
    plain = seen.plain
    together = []
    for chunk in missed:
        if plain(chunk):
            together.append(chunk)
        else:
            nlp.tokenizer(chunk)  # alone: kept unless it meets a special case itself ("don't" is never kept)
    if together:
        nlp.tokenizer(" ".join(together))
