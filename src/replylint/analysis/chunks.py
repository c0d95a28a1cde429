"""A text's chunks as spaCy's tokenizer finds them, and where its special cases may reach from one chunk to the next.

spaCy's tokenizer parts a text at white space into chunks: a run of white space that is a single space parts two
chunks and is no token; any other run is a chunk of its own (less its first character when that is a space after a
chunk). Each chunk is tokenised on its own (special cases, then prefixes, suffixes and infixes), and spaCy caches a
chunk's tokens by the chunk. One step reads across chunks: once the doc is tokenised, the special cases whose own
affix tokenisation spans several tokens (``(:``, «и т.д.») are matched again over the doc's tokens, and that match
can start in one chunk and end in the next. So a chunk's tokens are its tokens alone unless two tokens of such a
special case meet at the single space between it and a neighbour: :class:`Crossings` finds those spaces, from every
pair of tokens that follow each other in a special case's affix tokenisation.
"""

from __future__ import annotations

import re
from itertools import accumulate, pairwise

import ahocorasick
from spacy.tokenizer import Tokenizer

#: A run of white space that parts chunks otherwise than a single space does: two or more characters, or one that is
#: not a space (``\s`` in ``re`` is ``str.isspace``, as spaCy's tokenizer reads it). Runs are maximal, so between two
#: of them the text holds no white space but single spaces after its chunks.
_OTHER_SPACE = re.compile(r"\s\s+|[^\S ]")


def split_chunks(text: str) -> tuple[list[int], list[str]]:
    """Each chunk spaCy's tokenizer tokenises in ``text`` on its own, and its offset, in order: a single space after a
    chunk parts it from the next and is no chunk; any other run of white space is a chunk (less its first character
    when that is a space after a chunk). A text whose white space is all single spaces between chunks (most replies)
    is split by ``str.split`` alone; another is split at each other run, and the text between two runs by
    ``str.split``, so that a reply's words are not read one by one as matches."""
    pieces = text.split(" ")
    if pieces == text.split():
        return list(accumulate([len(piece) + 1 for piece in pieces[:-1]], initial=0)), pieces
    starts: list[int] = []
    chunks: list[str] = []
    at = 0
    if text[:1] == " " and not text[1:2].isspace():  # a single space that starts the text is a chunk
        starts.append(0)
        chunks.append(" ")
        at = 1
    for run in _OTHER_SPACE.finditer(text, at):
        start = run.start()
        if start > at:
            _split_plain(text[at:start], at, starts, chunks)
        space = run.group()
        if space[0] == " " and start:  # its first space is the chunk before's
            starts.append(start + 1)
            chunks.append(space[1:])
        else:
            starts.append(start)
            chunks.append(space)
        at = run.end()
    if at < len(text):
        _split_plain(text[at:], at, starts, chunks)
    return starts, chunks


def _split_plain(part: str, at: int, starts: list[int], chunks: list[str]) -> None:
    """Add the chunks of ``part`` (at offset ``at``), whose only white space is single spaces after its chunks."""
    pieces = part.split(" ")
    if not pieces[-1]:
        pieces.pop()  # a single space that ends the text parts nothing
    chunks += pieces
    starts += accumulate([len(piece) + 1 for piece in pieces[:-1]], initial=at)


class Crossings:
    """Where a special case of ``tokenizer`` may be matched across two chunks, and which chunks a special case may
    have re-tokenised on its own.

    spaCy matches a special case again over the doc's tokens by its tokenisation with the affix rules alone, so it
    can reach from one chunk into the next only where two tokens that follow each other in that tokenisation meet at
    a space: the last token of one chunk and the first of the next. :meth:`hits` finds each such pair written with
    one space between them anywhere in a text; whether they are the chunks' edge tokens the caller tells from the
    chunks' tokens, which are the affix rules' tokens unless a special case matched inside the chunk
    (:meth:`touched`)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        bare = Tokenizer(
            tokenizer.vocab,
            prefix_search=tokenizer.prefix_search,
            suffix_search=tokenizer.suffix_search,
            infix_finditer=tokenizer.infix_finditer,
            token_match=tokenizer.token_match,
            url_match=tokenizer.url_match,
            faster_heuristics=tokenizer.faster_heuristics,
        )
        pairs: set[tuple[str, str]] = set()
        rules = list(tokenizer.rules or {})
        #: Special cases whose affix tokenisation holds white space in a token of several: none in spaCy's English
        #: and Russian exceptions (their white-space cases are one token each); the pairs would not find them.
        self.spaced: list[str] = []
        affixed: dict[str, tuple[str, ...]] = {}
        with tokenizer.vocab.memory_zone():  # the special cases' pieces are not kept in the vocabulary
            for rule in rules:
                pieces = affixed[rule] = tuple(t.text for t in bare(rule))
                if len(pieces) > 1 and any(ch.isspace() for piece in pieces for ch in piece):
                    self.spaced.append(rule)
                pairs.update(pairwise(pieces))
        self.pairs = _automaton({f"{first} {second}": (len(first), len(second)) for first, second in pairs})
        # The special cases spaCy matches again over a doc (as ``Tokenizer.add_special_case`` decides).
        matched = [
            rule
            for rule in rules
            if not tokenizer.faster_heuristics
            or tokenizer.find_prefix(rule)
            or tokenizer.find_infix(rule)
            or tokenizer.find_suffix(rule)
            or " " in rule
        ]
        self.matched = _automaton(dict.fromkeys(matched, None))
        #: The same special cases by the tokens of their affix tokenisation, which spaCy matches over a doc's tokens.
        self.matched_tokens = frozenset(affixed[rule] for rule in matched)

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """Each place of ``text`` where two tokens of a special case meet at a space: the space's offset and the
        lengths of the token before it and of the token after it."""
        if self.pairs is None:
            return []
        return [(end - after, before, after) for end, (before, after) in self.pairs.iter(text)]

    def any(self, text: str) -> bool:
        """Whether two tokens of a special case meet at a space anywhere in ``text``."""
        return self.pairs is not None and next(self.pairs.iter(text), None) is not None

    def matches_in(self, tokens: tuple[str, ...]) -> bool:
        """Whether a special case spaCy matches over a doc's tokens is a run of ``tokens`` (a chunk's tokens by the
        affix rules alone: a word and the suffixes after it): spaCy matches it by the tokens' texts, so a special case
        inside a token (the ``e.`` of ``here.``, whose tokens are ``here`` and ``.``) is no match. One and two tokens,
        the common chunks, are looked up without building every run."""
        known = self.matched_tokens
        if len(tokens) == 1:
            return tokens in known
        if len(tokens) == 2:
            return tokens in known or tokens[:1] in known or tokens[1:] in known
        return any(tokens[i:j] in known for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1))

    def touched(self, chunk: str) -> bool:
        """Whether a special case spaCy matches over a doc's tokens is in ``chunk`` (it may then have re-tokenised
        the chunk, so its tokens at the edges need not be those the affix rules give)."""
        return self.matched is not None and next(self.matched.iter(chunk), None) is not None


def _automaton(words: dict[str, object]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton
