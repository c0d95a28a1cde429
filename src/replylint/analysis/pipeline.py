"""spaCy blank tokenizers (one per language, built once per process) and the analysis of a reply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE
from spacy.language import Language as SpacyLanguage
from spacy.pipeline import Sentencizer
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer

from replylint.analysis.chunks import fill_cache
from replylint.analysis.doc import Doc, Sentence, Token, word_readings
from replylint.analysis.language import detect_language
from replylint.analysis.morphology import ABSENT, Generations, Reading, fold, match_keys
from replylint.analysis.normalise import normalise, tokenizer_input
from replylint.analysis.spans import SpanIndex, placeholder_spans, quoted_spans
from replylint.models import Language

#: Strings a pipeline's vocabulary may hold before it is rebuilt (a rebuild takes ~50 ms and empties spaCy's
#: tokenizer cache). A new Russian word adds 1.05 strings (its form, and its norm when that differs), 1.22 when
#: spaCy also worked out its shape, prefix and suffix (:data:`_LEXEME_ATTRS`): 26,000 holds about 24,000 words. 18,000
#: held about 10 MiB less at an audit's peak but slowed the warm pass of long Russian replies by 29–36 %, since they
#: meet more words than it holds (docs/performance.md).
VOCAB_LIMIT = 26_000


@cache
def pipeline(language: Language) -> SpacyLanguage:
    """The blank spaCy pipeline for a language, whose tokenizer :func:`analyze` runs (sentence boundaries are
    found as spaCy's sentencizer finds them, in the same pass that reads the tokens).

    Mixed replies use the Russian tokenizer, which also splits Latin text correctly.
    """
    nlp = spacy.blank("en" if language is Language.EN else "ru")
    vocab: Any = nlp.vocab  # spaCy's type stubs leave out the getters
    vocab.lex_attr_getters = {attr: vocab.lex_attr_getters[attr] for attr in _LEXEME_ATTRS}
    _add_contractions(nlp)
    # spaCy caches 10,000 chunks, which Russian text outgrows: then every new chunk goes through the affix regexes
    # again (4–5× the English cost per token). The cache lives as long as the vocabulary, which VOCAB_LIMIT bounds.
    tokenizer: Tokenizer = nlp.tokenizer
    if language is not Language.EN:
        # spaCy reads «им.» as the abbreviation of «имени» («музей им. Пушкина»), which no labelled reply uses; the
        # pronoun before a full stop («пишите им.») is common, so the full stop is its own token.
        tokenizer.add_special_case("им.", [{ORTH: "им"}, {ORTH: "."}])
    tokenizer.max_cache_size = VOCAB_LIMIT
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


@dataclass(frozen=True, slots=True)
class _Lexeme:
    """What analysis reads of a spaCy lexeme, cached per word: spaCy's token attributes cost a call each."""

    text: str
    space: bool
    alpha: bool
    punct: bool
    ends_sentence: bool
    norm: int
    folded: str
    keys: tuple[str, ...]
    readings: tuple[Reading, ...]


#: Lexemes by spaCy's string hash, shared by both languages (their blank pipelines read the flags and the norm of a
#: word with the same functions; a token's own norm is compared with the cached one all the same), in
#: :class:`~replylint.analysis.morphology.Generations`.
_LEXEMES: Generations[int, _Lexeme] = Generations()


def _lexeme(nlp: SpacyLanguage, orth: int, table: Generations[int, _Lexeme]) -> _Lexeme:
    entry = table.carried(orth)
    if entry is ABSENT:
        lex = nlp.vocab[orth]
        text = lex.orth_
        norm = lex.norm_
        folded, keys = _normalised(text if norm in ("", text) else norm)  # one string kept when the norm is the text
        norm_id = orth if lex.norm == orth else lex.norm  # the table's key itself rather than an equal number
        alpha = lex.is_alpha
        readings = word_readings(folded, alpha) if folded else ()
        ends = text in _SENTENCE_ENDS
        entry = _Lexeme(text, lex.is_space, alpha, lex.is_punct, ends, norm_id, folded, keys, readings)
    table.put(orth, entry)
    return entry


def analyze(original: str, language: Language | None = None) -> Doc:
    """Normalise, tokenise and split a reply into sentences; detect its language unless given.

    The doc's offsets point into the normalised text (:attr:`Doc.text`); :meth:`Doc.original_span` maps them
    back to ``original``.
    """
    norm = normalise(original)
    text = norm.text
    lang = language or detect_language(text)
    nlp = pipeline(lang)
    chunked = tokenizer_input(text)
    spacy_doc = nlp.tokenizer(chunked)
    fill_cache(nlp, chunked)
    if len(nlp.vocab.strings) > VOCAB_LIMIT:
        pipeline.cache_clear()  # spaCy keeps every new word; start afresh rather than grow without bound
    holders = placeholder_spans(text)
    quotes = quoted_spans(text)
    quote_index = SpanIndex(quotes)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    sent_start_tok = 0
    sent_start_char: int | None = None
    holder_iter = iter(holders)
    holder = next(holder_iter, None)
    table = _LEXEMES
    seen_end = False  # spaCy's sentencizer: an end mark was seen, the next word starts a sentence

    def close_sentence(end_char: int) -> None:
        nonlocal sent_start_tok, sent_start_char
        if sent_start_char is not None and len(tokens) > sent_start_tok:
            sentences.append(Sentence(sent_start_char, end_char, sent_start_tok, len(tokens)))
        sent_start_tok = len(tokens)
        sent_start_char = None

    for orth, norm_id, start in spacy_doc.to_array([ORTH, NORM, IDX]).tolist():
        lex = table.get(orth) or _lexeme(nlp, orth, table)
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
        if norm_id == lex.norm:
            folded, keys, readings = lex.folded, lex.keys, lex.readings
        else:  # a tokenizer special case's own norm ("'ve" read as "have")
            folded, keys = _normalised(nlp.vocab.strings[norm_id] or word)
            readings = word_readings(folded, lex.alpha) if folded else ()
        end = start + len(word)
        quoted = bool(quotes) and quote_index.covers(start, end)
        tokens.append(
            Token(word, start, end, folded, keys, len(sentences), lex.alpha, lex.punct, False, quoted, readings)
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
