"""spaCy blank tokenizers (one per language, built once per process) and the analysis of a reply."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE
from spacy.language import Language as SpacyLanguage
from spacy.pipeline import Sentencizer
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer

from replylint.analysis.chunks import Crossings, split_chunks
from replylint.analysis.doc import Doc, Sentence, Token, word_readings
from replylint.analysis.language import detect_language
from replylint.analysis.morphology import ABSENT, Generations, Reading, fold, match_keys
from replylint.analysis.normalise import normalise, tokenizer_input
from replylint.analysis.spans import SpanIndex, placeholder_spans, quoted_spans
from replylint.models import Language

#: Lexemes a pipeline's vocabulary may have made before the pipeline is rebuilt (~50 ms). Analysis tokenises new
#: chunks in a memory zone, so spaCy frees each new lexeme and string with its zone, but its two hash tables (the
#: strings', the lexemes') keep a deleted slot for each and only drop them when they grow: without a bound they
#: double now and then over a long run. Nothing else is lost at a rebuild: the chunks' tokens are replylint's own.
VOCAB_LIMIT = 50_000


@cache
def pipeline(language: Language) -> SpacyLanguage:
    """The blank spaCy pipeline for a language, whose tokenizer :func:`analyze` runs on chunks it has not seen
    (sentence boundaries are found as spaCy's sentencizer finds them, in the same pass that reads the tokens).

    Mixed replies use the Russian tokenizer, which also splits Latin text correctly.
    """
    nlp = spacy.blank("en" if language is Language.EN else "ru")
    vocab: Any = nlp.vocab  # spaCy's type stubs leave out the getters
    vocab.lex_attr_getters = {attr: vocab.lex_attr_getters[attr] for attr in _LEXEME_ATTRS}
    _add_contractions(nlp)
    tokenizer: Tokenizer = nlp.tokenizer
    if language is not Language.EN:
        # spaCy reads «им.» as the abbreviation of «имени» («музей им. Пушкина»), which no labelled reply uses; the
        # pronoun before a full stop («пишите им.») is common, so the full stop is its own token.
        tokenizer.add_special_case("им.", [{ORTH: "им"}, {ORTH: "."}])
        # «доб.» and «тел.» stand before a number («555-12-34, доб. 2»), not at a sentence's end: one token each, so
        # the number after them does not open a sentence of its own (spaCy's exceptions already hold «ул.», «д.»).
        for abbreviation in ("доб.", "тел.", "Тел."):
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp


#: The lexeme attributes analysis reads (:class:`_Lexeme`). spaCy works out about twenty for each new word (shape,
#: prefix, suffix, ``like_num``, ``like_url``, …) in Python, which nothing here reads: a new lexeme costs 40 % less
#: with only these, and spaCy's tokenizer does not read lexeme attributes.
_LEXEME_ATTRS = (IS_ALPHA, IS_PUNCT, IS_SPACE, NORM)


#: Modal contractions that spaCy's English exceptions keep whole; split them so phrases see "have".
_MODALS = ("should", "could", "would", "must", "might")


def _add_contractions(nlp: SpacyLanguage) -> None:
    tokenizer: Tokenizer = nlp.tokenizer
    for modal in _MODALS:
        for head in (modal, modal.capitalize()):
            for apostrophe in ("'", "’"):
                tokenizer.add_special_case(
                    f"{head}{apostrophe}ve", [{ORTH: head}, {ORTH: f"{apostrophe}ve", NORM: "have"}]
                )


def _normalised(word: str) -> tuple[str, tuple[str, ...]]:
    """The folded form of a token's text and its match keys (kept per word in the lexeme table)."""
    folded = fold(word)
    return folded, match_keys(folded)


#: The characters after which spaCy's sentencizer starts a new sentence (at the next non-punctuation token).
_SENTENCE_ENDS = frozenset(Sentencizer.default_punct_chars)


@dataclass(frozen=True, slots=True, eq=False)
class _Lexeme:
    """What analysis reads of a token, cached per word (and per chunk: :data:`_CHUNKS`). Compared by identity."""

    text: str
    space: bool
    alpha: bool
    punct: bool
    ends_sentence: bool
    folded: str
    keys: tuple[str, ...]
    readings: tuple[Reading, ...]


#: Lexemes by their text, shared by both languages (their blank pipelines read the flags and the norm of a word with
#: the same functions), in :class:`~replylint.analysis.morphology.Generations`.
_LEXEMES: Generations[str, _Lexeme] = Generations()


#: A chunk's tokens (:mod:`~replylint.analysis.chunks`) per tokenizer (English; Russian, which mixed replies use
#: too): the lexeme of a chunk of one token, a tuple of them otherwise, in
#: :class:`~replylint.analysis.morphology.Generations`. spaCy's own cache of a chunk's tokens keeps each of its
#: lexemes and strings in its vocabulary, four to eight allocations a word each with a Python integer of its address
#: (docs/performance.md); this table holds objects analysis keeps anyway.
class _Chunks(Generations[str, Any]):
    """The chunks' table of one tokenizer: a text holds more distinct chunks than words (a word with and without its
    punctuation), 1.3 a word in the long Russian replies of the benchmark, whose warm pass meets 25,264 chunks."""

    __slots__ = ()
    scale = 2


_CHUNKS: dict[bool, _Chunks] = {True: _Chunks(), False: _Chunks()}

#: spaCy's memory zones switch the vocabulary's memory for the whole process: one at a time.
_ZONE = threading.Lock()


def _nlp(english: bool) -> SpacyLanguage:
    """The pipeline of the tokenizer a text is split with: English's, or Russian's (for Russian and mixed text)."""
    return pipeline(Language.EN if english else Language.RU)


@cache
def _crossings(english: bool) -> Crossings:
    tokenizer = _nlp(english).tokenizer
    with _ZONE:
        return Crossings(tokenizer)


def _made(text: str, norm: str, space: bool, alpha: bool, punct: bool) -> _Lexeme:
    """A new lexeme of ``text`` from spaCy's attributes of the word (one string kept when the norm is the text)."""
    folded, keys = _normalised(text if norm in ("", text) else norm)
    readings = word_readings(folded, alpha) if folded else ()
    return _Lexeme(text, space, alpha, punct, text in _SENTENCE_ENDS, folded, keys, readings)


def _lexeme(nlp: SpacyLanguage, orth: int, norm_id: int) -> _Lexeme:
    """The lexeme of a token of a doc of ``nlp`` (in its memory zone), with the token's own norm if it has one."""
    vocab: Any = nlp.vocab
    text: str = vocab.strings[orth]
    lex = vocab[orth]
    entry = _LEXEMES.get(text) or _LEXEMES.filled(
        text, lambda text: _made(text, lex.norm_, lex.is_space, lex.is_alpha, lex.is_punct)
    )
    if norm_id != lex.norm:  # a tokenizer special case's own norm ("'ve" read as "have")
        folded, keys = _normalised(vocab.strings[norm_id] or text)
        entry = replace(entry, folded=folded, keys=keys, readings=word_readings(folded, entry.alpha) if folded else ())
    return entry


@cache
def _special_cases(english: bool) -> frozenset[str]:
    """The chunks that the tokenizer for the language tokenises by a special case of its own."""
    tokenizer: Tokenizer = _nlp(english).tokenizer
    return frozenset(tokenizer.rules or {})


def _plain_tokens(english: bool, crossings: Crossings, chunk: str) -> tuple[str, ...] | None:
    """The texts of the tokens spaCy's tokenizer makes of ``chunk`` when they follow from its affix rules without
    tokenising it (None otherwise): the chunk whole, when no prefix, suffix or infix rule matches it or it is an
    address, or a word and the suffixes after it (``thanks,``, ``order.``, ``2018.``, ``https://t.co/x.``,
    ``Carol!!``), when the chunk has no prefix, no special case is left as the suffixes go and the word is letters
    alone or whole. No prefix, suffix or
    infix rule of spaCy's English or Russian tokenizer matches a letter alone (each holds punctuation, a symbol, a
    digit or a space), so a chunk of letters alone is kept whole without reading the rules. A chunk in which a
    special case spaCy matches again over a doc's tokens is a run of those tokens (:meth:`Crossings.matches_in`) is
    left to spaCy."""
    specials = _special_cases(english)
    if chunk in specials:
        return None
    if chunk.isalpha():
        plain: tuple[str, ...] = (chunk,)
    elif chunk.isspace():  # spaCy reads white space apart from the rules (a run's last space trails its token)
        return None
    else:
        tokenizer: Tokenizer = _nlp(english).tokenizer
        if tokenizer.token_match is not None or tokenizer.find_prefix(chunk):
            return None
        suffixes: list[str] = []
        word = chunk
        # spaCy strips suffixes one at a time, as long as any is left (none is left of letters alone)
        while not word.isalpha() and (suffix := tokenizer.find_suffix(word)):
            suffixes.append(word[-suffix:])
            word = word[:-suffix]
            if not word or word in specials or (not word.isalpha() and tokenizer.find_prefix(word)):
                return None
        if not (word.isalpha() or _whole(tokenizer, word)):
            return None
        plain = (word, *reversed(suffixes))
    return None if crossings.matches_in(plain) else plain


def _whole(tokenizer: Tokenizer, text: str) -> bool:
    """Whether spaCy's tokenizer keeps ``text`` (no special case, no prefix or suffix left) one token: an address
    (its URL pattern, read before the infixes) or a text no infix rule matches."""
    url_match = tokenizer.url_match
    return bool(url_match is not None and url_match(text)) or not tokenizer.find_infix(text)


def _word(nlp: SpacyLanguage, text: str) -> _Lexeme:
    """The lexeme of a token spaCy's tokenizer makes of its text (:func:`_plain_tokens`), without tokenising it: the
    lexeme table's entry, or one made by the vocabulary's attribute getters, as spaCy makes a new lexeme of a word."""
    return _LEXEMES.get(text) or _LEXEMES.filled(text, lambda text: _new_word(nlp, text))


def _new_word(nlp: SpacyLanguage, text: str) -> _Lexeme:
    """A new lexeme of ``text`` from the vocabulary's attribute getters, as spaCy makes a new lexeme of a word."""
    getters: dict[int, Any] = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    norm = getters[NORM](text) if NORM in getters else None
    return _made(
        text,
        norm if isinstance(norm, str) else "",
        bool(getters[IS_SPACE](text)) if IS_SPACE in getters else False,
        bool(getters[IS_ALPHA](text)) if IS_ALPHA in getters else False,
        bool(getters[IS_PUNCT](text)) if IS_PUNCT in getters else False,
    )


def _spacy_tokens(nlp: SpacyLanguage, text: str) -> list[tuple[int, _Lexeme]]:
    """spaCy's tokens of ``text``, each with its offset (call it in a memory zone of ``nlp``'s vocabulary)."""
    doc = nlp.tokenizer(text)
    return [(idx, _lexeme(nlp, orth, norm)) for orth, norm, idx in doc.to_array([ORTH, NORM, IDX]).tolist()]


def _chunk_entries(nlp: SpacyLanguage, crossings: Crossings, chunks: list[str]) -> dict[str, Any]:
    """The entry of each chunk for :data:`_CHUNKS` (call it in a memory zone): the chunks that are not white space
    tokenised together (each then gets what it gets alone, as no special case crosses between them), else alone."""
    found: dict[str, list[_Lexeme]] = {}
    words = [chunk for chunk in chunks if not chunk.isspace()]
    alone = [chunk for chunk in chunks if chunk.isspace()]
    joined = " ".join(words)
    if crossings.any(joined):
        alone += words
    elif words:
        tokens = _spacy_tokens(nlp, joined)
        k, start = 0, 0
        for chunk in words:
            end = start + len(chunk)
            first = k
            while k < len(tokens) and tokens[k][0] < end:
                k += 1
            found[chunk] = [lex for _, lex in tokens[first:k]]
            start = end + 1
    for chunk in alone:
        found[chunk] = [lex for _, lex in _spacy_tokens(nlp, chunk)]
    entries: dict[str, Any] = {}
    for chunk, lexes in found.items():
        if crossings.touched(chunk):
            entries[chunk] = lexes  # a list: its edge tokens need not be the affix rules' (:func:`_crossed`)
        else:
            entries[chunk] = lexes[0] if len(lexes) == 1 else tuple(lexes)
    return entries


def _edge(entry: Any, last: bool, length: int) -> bool:
    """Whether a chunk's first (or last) token before spaCy's special cases are matched over the doc may be
    ``length`` characters long."""
    if entry.__class__ is list:
        return True
    lex = entry if entry.__class__ is _Lexeme else entry[-1 if last else 0]
    return len(lex.text) == length


def _crossed(crossings: Crossings, text: str, starts: list[int], chunks: list[str], entries: list[Any]) -> list[int]:
    """The chunks (by index) after which a special case may be matched across into the next chunk."""
    hits = crossings.hits(text)
    if not hits:
        return []
    ends = {start + len(chunk): i for i, (start, chunk) in enumerate(zip(starts, chunks, strict=True))}
    crossed = set()
    for space, before, after in hits:
        i = ends.get(space)
        if i is None or i + 1 >= len(starts) or starts[i + 1] != space + 1:
            continue  # not two chunks parted by this one space
        if _edge(entries[i], True, before) and _edge(entries[i + 1], False, after):
            crossed.add(i)
    return sorted(crossed)


class _Run(list[tuple[int, _Lexeme]]):
    """The tokens of a run of chunks tokenised together (where a special case may reach across them), each with its
    offset in the text: the entry of the run's first chunk for :func:`_laid_out`, the run's other chunks ``()``."""

    __slots__ = ()


def _laid_out(offsets: Iterable[int], entries: list[Any]) -> tuple[list[int], list[_Lexeme]]:
    """Each token's offset and lexeme, from each chunk's offset and entry (a lexeme, its lexemes, or a :class:`_Run`
    of chunks tokenised together)."""
    starts: list[int] = []
    lexemes: list[_Lexeme] = []
    for at, entry in zip(offsets, entries):  # noqa: B905 - one offset per entry
        if entry.__class__ is _Lexeme:
            starts.append(at)
            lexemes.append(entry)
        elif entry.__class__ is not _Run:
            for lex in entry:
                starts.append(at)
                lexemes.append(lex)
                at += len(lex.text)
        else:
            for pos, lex in entry:
                starts.append(pos)
                lexemes.append(lex)
    return starts, lexemes


def _tokens(english: bool, text: str) -> tuple[list[int], list[_Lexeme]]:
    """Each token's offset and lexeme, as spaCy's tokenizer for the language gives them: from the chunks' table,
    spaCy's tokenizer run (in a memory zone) only on the chunks not in it and where a special case may reach across
    two chunks."""
    table = _CHUNKS[english]
    crossings = _crossings(english)
    starts, chunks = split_chunks(text)
    entries: list[Any] = list(map(table.get, chunks))
    missing: dict[str, None] = {}
    if None in entries:
        for i, entry in enumerate(entries):
            if entry is None:
                chunk = chunks[i]
                entry = table.get(chunk)  # entered for a chunk met earlier in the text
                if entry is None:
                    entry = table.carried(chunk)
                    if entry is ABSENT:
                        missing[chunk] = None
                        continue
                    table.put(chunk, entry)
                entries[i] = entry
    nlp = None
    if missing:
        nlp = _nlp(english)
        made: dict[str, Any] = {}
        rest = []
        for chunk in missing:  # a chunk first met is most often a word, or a word and a punctuation mark
            plain = _plain_tokens(english, crossings, chunk)
            if plain is None:
                rest.append(chunk)
            elif len(plain) == 1:
                made[chunk] = _word(nlp, chunk)
            else:
                made[chunk] = tuple(_word(nlp, text) for text in plain)
        if rest:
            with _ZONE, nlp.vocab.memory_zone():
                made.update(_chunk_entries(nlp, crossings, rest))
        for chunk, entry in made.items():
            table.put(entry.text if entry.__class__ is _Lexeme else chunk, entry)
        entries = [made[chunk] if entry is None else entry for chunk, entry in zip(chunks, entries, strict=True)]
    crossed = _crossed(crossings, text, starts, chunks, entries)
    if crossed:
        nlp = _nlp(english)
        with _ZONE, nlp.vocab.memory_zone():
            i = 0
            while i < len(crossed):  # each run of chunks joined by crossings, tokenised together
                first = last = crossed[i]
                while i < len(crossed) and crossed[i] == last:
                    last += 1
                    i += 1
                begin, end = starts[first], starts[last] + len(chunks[last])
                entries[first] = _Run((begin + idx, lex) for idx, lex in _spacy_tokens(nlp, text[begin:end]))
                entries[first + 1 : last + 1] = [()] * (last - first)
    if nlp is not None and len(nlp.vocab) > VOCAB_LIMIT:
        pipeline.cache_clear()  # spaCy's hash tables keep a slot for every lexeme it made: start afresh
    return _laid_out(starts, entries)


def analyze(original: str, language: Language | None = None) -> Doc:
    """Normalise, tokenise and split a reply into sentences; detect its language unless given.

    The doc's offsets point into the normalised text (:attr:`Doc.text`); :meth:`Doc.original_span` maps them
    back to ``original``.
    """
    norm = normalise(original)
    text = norm.text
    lang = language or detect_language(text)
    starts, lexemes = _tokens(lang is Language.EN, tokenizer_input(text))
    holders = placeholder_spans(text)
    quotes = quoted_spans(text)
    quote_index = SpanIndex(quotes)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    sent_start_tok = 0
    sent_start_char: int | None = None
    holder_iter = iter(holders)
    holder = next(holder_iter, None)
    seen_end = False  # spaCy's sentencizer: an end mark was seen, the next word starts a sentence

    def close_sentence(end_char: int) -> None:
        nonlocal sent_start_tok, sent_start_char
        if sent_start_char is not None and len(tokens) > sent_start_tok:
            sentences.append(Sentence(sent_start_char, end_char, sent_start_tok, len(tokens)))
        sent_start_tok = len(tokens)
        sent_start_char = None

    for start, lex in zip(starts, lexemes, strict=True):
        if seen_end and not lex.punct and not lex.ends_sentence:
            seen_end = False
            if tokens:
                close_sentence(tokens[-1].end)
        elif lex.ends_sentence:
            seen_end = True
        word = lex.text
        if lex.space:
            if "\n" in word and tokens:
                close_sentence(tokens[-1].end)
            continue
        while holder is not None and holder[1] <= start:
            holder = next(holder_iter, None)
        if holder is not None and holder[0] <= start < holder[1]:
            if tokens and tokens[-1].is_placeholder and tokens[-1].start == holder[0]:
                continue
            hs, he = holder
            tokens.append(Token(text[hs:he], hs, he, "", (), len(sentences), False, False, is_placeholder=True))
            sent_start_char = hs if sent_start_char is None else sent_start_char
            continue
        end = start + len(word)
        quoted = bool(quotes) and quote_index.covers(start, end)
        tokens.append(
            Token(
                word,
                start,
                end,
                lex.folded,
                lex.keys,
                len(sentences),
                lex.alpha,
                lex.punct,
                False,
                quoted,
                lex.readings,
            )
        )
        if sent_start_char is None:
            sent_start_char = start
    if tokens:
        close_sentence(tokens[-1].end)
    return Doc(
        text=text,
        language=lang,
        tokens=tokens,
        sentences=sentences,
        placeholders=holders,
        quoted=quotes,
        norm=norm,
        _quote_index=quote_index,
    )
