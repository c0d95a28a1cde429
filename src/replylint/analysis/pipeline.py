"""spaCy blank pipelines (one per language, built once per process) and the analysis of a reply."""

from __future__ import annotations

import sys
from functools import cache, lru_cache

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer

from replylint.analysis.doc import Doc, Sentence, Token
from replylint.analysis.language import detect_language
from replylint.analysis.morphology import WORD_CACHE, fold, match_keys
from replylint.analysis.normalise import normalise, tokenizer_input
from replylint.analysis.spans import SpanIndex, placeholder_spans, quoted_spans
from replylint.models import Language

#: Strings a pipeline's vocabulary may hold before it is rebuilt (a rebuild takes ~50 ms and empties spaCy's
#: tokenizer cache: 30,000 keeps an audit under 200 MB peak RSS; 20,000 slowed Russian replies by half).
VOCAB_LIMIT = 30_000


@cache
def pipeline(language: Language) -> SpacyLanguage:
    """The blank spaCy pipeline for a language: tokenizer and rule-based sentence boundaries.

    Mixed replies use the Russian tokenizer, which also splits Latin text correctly.
    """
    nlp = spacy.blank("en" if language is Language.EN else "ru")
    nlp.max_length = sys.maxsize  # the reply size limit is the engine's (max-reply-chars), not spaCy's
    nlp.add_pipe("sentencizer")
    _add_contractions(nlp)
    # spaCy caches 10,000 chunks, which Russian text outgrows: then every new chunk goes through the affix regexes
    # again (4–5× the English cost per token). The cache lives as long as the vocabulary, which VOCAB_LIMIT bounds.
    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.max_cache_size = VOCAB_LIMIT
    return nlp


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


@lru_cache(maxsize=WORD_CACHE)
def _normalised(word: str) -> tuple[str, frozenset[str]]:
    """The folded form of a token's text and its match keys (cached: a reply's words repeat across replies)."""
    folded = fold(word)
    return folded, match_keys(folded)


def analyze(original: str, language: Language | None = None) -> Doc:
    """Normalise, tokenise and split a reply into sentences; detect its language unless given.

    The doc's offsets point into the normalised text (:attr:`Doc.text`); :meth:`Doc.original_span` maps them
    back to ``original``.
    """
    norm = normalise(original)
    text = norm.text
    lang = language or detect_language(text)
    nlp = pipeline(lang)
    spacy_doc = nlp(tokenizer_input(text))
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

    def close_sentence(end_char: int) -> None:
        nonlocal sent_start_tok, sent_start_char
        if sent_start_char is not None and len(tokens) > sent_start_tok:
            sentences.append(Sentence(sent_start_char, end_char, sent_start_tok, len(tokens)))
        sent_start_tok = len(tokens)
        sent_start_char = None

    for tok in spacy_doc:
        start = tok.idx
        word = tok.text
        if tok.is_sent_start and tokens:
            close_sentence(tokens[-1].end)
        if tok.is_space:
            if "\n" in word and tokens:
                close_sentence(tokens[-1].end)
            continue
        while holder is not None and holder[1] <= start:
            holder = next(holder_iter, None)
        if holder is not None and holder[0] <= start < holder[1]:
            if tokens and tokens[-1].is_placeholder and tokens[-1].start == holder[0]:
                continue
            hs, he = holder
            tokens.append(
                Token(text[hs:he], hs, he, "", frozenset(), len(sentences), False, False, is_placeholder=True)
            )
            sent_start_char = hs if sent_start_char is None else sent_start_char
            continue
        folded, keys = _normalised(tok.norm_ or word)
        end = start + len(word)
        quoted = bool(quotes) and quote_index.covers(start, end)
        tokens.append(Token(word, start, end, folded, keys, len(sentences), tok.is_alpha, tok.is_punct, False, quoted))
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
