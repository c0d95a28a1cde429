"""Filling spaCy's tokenizer cache with the chunks it could not keep.

spaCy's tokenizer caches how it splits each white-space-delimited chunk, but stops saving chunks for the rest of
a text once it has met a special case (a contraction such as "don't", an apostrophe, an em dash): a long
English reply rarely gets past its first few chunks before one. So most chunks of such a reply went through the
affix and infix expressions on every lint. After a reply is tokenised, its chunks not seen before that hold no
special case are tokenised once more on their own, in one call that meets no special case, which saves each in
spaCy's own cache. A chunk's tokens never depend on the chunks around it (that is what spaCy's cache rests on),
so the tokens of every text stay exactly as they were; only the work of finding them again goes.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import ahocorasick
from spacy.language import Language as SpacyLanguage
from spacy.tokenizer import Tokenizer

from replylint.analysis.morphology import GENERATION


class _Seen:
    """The chunks one pipeline's tokenizer has seen, and the special cases a chunk may hold."""

    def __init__(self, nlp: SpacyLanguage) -> None:
        self.chunks: set[str] = set()
        self.previous: set[str] = set()  # the generation before (:data:`GENERATION`)
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
    """Have ``nlp``'s tokenizer cache the chunks of ``text`` it could not (call it after tokenising ``text``: the
    text's own tokens do not depend on it). spaCy saved every chunk before the first that may hold a special case;
    of the new ones after it, those that cannot are tokenised again together, and the others one by one."""
    seen = _SEEN.get(nlp)
    if seen is None:
        seen = _SEEN[nlp] = _Seen(nlp)
    known = seen.chunks
    chunks = text.split()
    if known.issuperset(chunks):
        return  # the common case once a process is warm
    if len(known) >= GENERATION:
        seen.previous, known = known, set()
        seen.chunks = known
    # The chunks neither generation holds, found by set operations: after a turn most replies' chunks are only in
    # the previous one, and carrying them over then costs no Python step per chunk.
    new = set(chunks).difference(known, seen.previous)
    known.update(chunks)
    if not new:
        return
    plain = seen.plain
    first = next((i for i, chunk in enumerate(chunks) if not plain(chunk)), len(chunks))
    missed = [chunk for chunk in dict.fromkeys(chunks[first:]) if chunk in new]
    together = [chunk for chunk in missed if plain(chunk)]
    if together:
        nlp.tokenizer(" ".join(together))
    for chunk in missed:
        if not plain(chunk):
            nlp.tokenizer(chunk)  # alone: kept unless it meets a special case itself ("don't" is never kept)
