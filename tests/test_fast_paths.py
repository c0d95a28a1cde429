"""The hot path's shortcuts give exactly what the plain algorithms give: the phrase matcher's start index
against trying every phrase at every token, and the cached or vectorised helpers of the analysis."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
import regex
import spacy
from pydantic import BaseModel
from snowballstemmer.english_stemmer import EnglishStemmer
from spacy.pipeline import Sentencizer

from replylint.analysis import Doc, analyze, chunks, detect_language
from replylint.analysis import matcher as matcher_module
from replylint.analysis import morphology as morphology_module
from replylint.analysis import normalise as normalise_module
from replylint.analysis import pipeline as pipeline_module
from replylint.analysis import spans as spans_module
from replylint.analysis.acts import analyzer as acts_analyzer
from replylint.analysis.acts import lexicon, question_matches
from replylint.analysis.matcher import _LANES, Match, PhraseMatcher, _Unit, lane_positions
from replylint.analysis.morphology import WordCache, _stemmer, english_stem, fold, match_keys, russian_readings
from replylint.analysis.pipeline import pipeline
from replylint.checks import profanity as profanity_module
from replylint.checks.phrase import PatternCheck
from replylint.checks.presence import PresenceCheck
from replylint.checks.privacy import PersonalDataCheck
from replylint.config import Config
from replylint.engine import Linter
from replylint.models import (
    Act,
    Applicability,
    Category,
    ContextInfo,
    ContextKind,
    Edit,
    Finding,
    Fix,
    Language,
    Report,
    SentenceActs,
    Severity,
    Summary,
    built,
)
from replylint.packs import builtin_specs

#: The phrase lists of each check kind's data (other lists of theirs are regular expressions).
PHRASE_KEYS = {
    "phrase": ("phrases", "unless"),
    "presence": ("phrases", "not-counting"),
    "profanity": ("phrases", "not-counting"),
    "imperative": ("commands", "allow", "softeners"),
}


def brute_force(matcher: PhraseMatcher, doc: Doc) -> list[Match]:
    """Every phrase tried at every token, in the matcher's documented order."""
    found = []
    for i, token in enumerate(doc.tokens):
        for index, units in enumerate(matcher._units):
            last = matcher._match_at(units, doc.tokens, i, token.sentence)
            if last is not None:
                found.append(Match(index, i, last, token.start, doc.tokens[last - 1].end))
    return found


HAND_PHRASES = [
    "(мы|я) вам уже писать|сказать:past",
    ":VERB,impr вам",
    ":VERB,impr",
    "(в) рабочий день",
    "you * fault",
    "=you should have",
    "as i (have) already say|tell",
    "not our problem",
    "ваш домысел",
    "(sorry) help",
    "sorry (,) we",
    ", we",
    "они",
    "он",
    "не * :VERB,1per,futr",
    "=вы|ты * * :VERB,perf,past,plur",
    ":INFN * можно",
    "we|i have * fix|resolv",
]
HAND_TEXTS = [
    "Мы вам уже писали: прочитайте правила. Я вам уже сказал, в рабочие дни ответим.",
    "Напишите нам, пожалуйста. Отмените заказ, верните товар. Вам уже писали, ваши домыслы неверны.",
    "As I already told you, this is your own fault. You should have read it. Not our problem!",
    "Hello, {{ name }}! As I have already said, it is not our problem, sorry.",
    "",
    "Это «не наша проблема», как вы пишете, ваши домыслы.",
    "Thanks, help is on the way. Sorry, we know; sorry we do.",
    "Мы им уже написали, он ответит.",
    "Мы не сможем сегодня, но, конечно, не забудем. Вы, кажется, уже оплатили? Вы сами всё сломали.",
    "Оплатить картой, увы, нельзя. Оплатить можно наличными. Не, мы точно сделаем.",
    "We have, as promised, fixed it. I have not yet resolved it. We have. Fixed.",
    "You , , , did it all , , , fault! You did it , , , all wrong , fault.",  # a word at the far end of its reach
]


@pytest.mark.parametrize("text", HAND_TEXTS)
def test_matcher_index_finds_what_trying_everywhere_finds(text: str) -> None:
    matcher = PhraseMatcher(HAND_PHRASES)
    doc = analyze(text)
    assert list(matcher.finditer(doc)) == brute_force(matcher, doc)


def test_matcher_index_on_every_phrase_list_of_the_packs() -> None:
    """Each phrase list of every packaged rule, on that rule's own examples in its language."""
    checked = 0
    for spec in builtin_specs():
        for lang in (Language.RU, Language.EN):
            raw = getattr(spec, lang.value) or {}
            texts = [e if isinstance(e, str) else e["text"] for key in ("flag", "pass") for e in raw.get(key, [])]
            for key in PHRASE_KEYS.get(spec.check, ()):
                phrases = raw.get(key)
                if not phrases or not all(isinstance(p, str) for p in phrases):
                    continue
                matcher = PhraseMatcher(phrases)
                for text in texts:
                    doc = analyze(text, lang)
                    assert list(matcher.finditer(doc)) == brute_force(matcher, doc), (spec.code, key, text)
                    checked += 1
    assert checked > 100


def test_straight_phrases_keep_their_verdicts_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrase without gaps keeps its words' verdicts on the words it was tried on (and starts over when it holds
    ``VERDICTS``), and a key-less word is read from the lanes: the act matchers, passed twice over every act example
    and the hand texts, find what trying every phrase everywhere finds."""
    monkeypatch.setattr(matcher_module, "VERDICTS", 3)  # the tables start over many times
    texts = [*HAND_TEXTS, "We've fixed it, I've said so; you'd have known.", "Не сможем, не вернём: не обещаю."]
    for spec in lexicon().act.values():
        texts += [e.text for cues in (spec.ru, spec.en) for e in cues.examples(performs=True)]
    checked = 0
    for lang in (Language.RU, Language.EN):
        matcher = PhraseMatcher(acts_analyzer()._by_lang[lang].matcher.phrases)
        for _ in range(2):
            for text in texts:
                doc = analyze(text, lang)
                assert list(matcher.finditer(doc)) == brute_force(matcher, doc), text
                checked += 1
        assert all(len(verdicts) <= 3 for plan in matcher._straight if plan for _, _, verdicts in plan)
        assert any(bit for plan in matcher._straight if plan for _, bit, _ in plan) is (lang is Language.RU)
    assert checked > 400


def test_a_doc_without_any_first_symbol_is_not_read_by_the_automaton() -> None:
    """A matcher of few head symbols tests the doc's distinct symbols before its automaton reads them: a doc with none
    of its first symbols gives nothing, and one with some gives what trying everywhere gives."""
    small = PhraseMatcher(["per our policy|terms", "so called review", "ваш домысел"])
    doc = analyze("Thanks for waiting, the parcel is on its way.")
    assert list(small.finditer(doc)) == []
    assert small._automaton[2] is not None and small._automaton[2].isdisjoint(doc.phrase_symbols[3])
    for text in ["Per our terms, so-called review: so called review.", "Ваши домыслы — это ваши домыслы."]:
        doc = analyze(text)
        assert list(small.finditer(doc)) == brute_force(small, doc) != []
    large = acts_analyzer()._by_lang[Language.EN].matcher
    large.search(doc)
    assert large._automaton[2] is None  # hundreds of first symbols: read in order at once


def test_matcher_reach_test_drops_no_act_cue() -> None:
    """The act layer's matchers find the same on every act example with the reach test as without it (every
    proposal then searched)."""
    checked = 0
    for lang in (Language.RU, Language.EN):
        matcher = acts_analyzer()._by_lang[lang].matcher
        plain = PhraseMatcher(matcher.phrases)
        plain._reach = [[] for _ in plain._reach]
        for spec in lexicon().act.values():
            cues = spec.ru if lang is Language.RU else spec.en
            for example in cues.examples(performs=True) + cues.examples(performs=False):
                doc = analyze(example.text, lang)
                assert list(matcher.finditer(doc)) == list(plain.finditer(doc)), example.text
                checked += 1
    assert checked > 200


# Question stretches with what ends or does not end them: a number's dot, a link's "?", a tag question, lines.
_STRETCHES = [
    "Thanks. Version 11.1 is out now? Can you try it?",
    "We can help. Is there anything else we can help with? Did the steps work?!",
    "Still having trouble?\n\nSee https://example.com/answer?hl=en and tell us. You want a refund, don't you?",
    "Hi!\n  \nCould you DM us the order number?? Thanks... Are you still there ?",
    "Спасибо. Вы получили заказ? А когда вы его оформили?! Подскажите номер. Как дела?",
    "?? ? a? What happened? i\ncan you?",
    # Where the gated act patterns match: each gate must be found too.
    "LO SIENTO. Disculpe, perdón. Lamentamos. ご迷惑をおかけしました。申し訳ありません。お詫びします。",
    "Call +1 (800) 555-0100 or 8 800 555-35-35.\n- Anna K.\n— Bob",
    "Признаём: ошибка наша. У вас уже лежат два билета, у вас уже ждёт курьер.",
]


def test_act_patterns_find_what_scanning_the_whole_reply_finds() -> None:
    """A question pattern searched over the questions' stretches finds what ``finditer`` over the whole reply finds,
    and a gated pattern's gate is found wherever the pattern matches, on every act example and on stretches with
    what ends them."""
    texts = list(_STRETCHES)
    for spec in lexicon().act.values():
        for cues in (spec.ru, spec.en):
            texts += [e.text for e in cues.examples(performs=True) + cues.examples(performs=False)]
    compiled = acts_analyzer()._by_lang
    questions = [p for lang in compiled.values() for _, p in lang.questions]
    gated = [(p, gate) for lang in compiled.values() for _, p, gate in lang.patterns if gate is not None]
    assert questions and gated
    found = 0
    for text in texts:
        for pattern in questions:
            whole = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in question_matches(pattern, text)] == whole, (pattern.pattern, text)
            found += len(whole)
        for pattern, gate in gated:
            assert not pattern.search(text) or gate.search(text), (pattern.pattern, text)
    assert found > 50


def test_rule_gates_are_found_wherever_their_patterns_match() -> None:
    """A gated pattern of a packaged rule (``pattern``, ``presence``, personal data) finds nothing where its gate is
    not found, on every rule's examples in both languages and on stretches where the gated patterns match."""
    texts = [*_STRETCHES, "Hi , Dear None, hello ,. Здравствуйте, ! Пишите на help@shop.example, +7 (495) 123-45-67."]
    texts += ["Card 4111 1111 1111 1111, 4111-111111-11111 and 4111111111111111111 (19 digits)."]
    for spec in builtin_specs():
        for data in spec.language_data().values():
            texts += [e.text for e in data.examples(flagged=True) + data.examples(flagged=False)]
    gated = []
    for rule in Linter(Config(preview=True)).rules:
        check = rule.check
        if isinstance(check, PatternCheck):
            lists = [check._neutral, *check._by_lang.values()]
        elif isinstance(check, PresenceCheck):
            lists = [check._patterns, *(patterns for _, _, patterns in check._by_lang.values())]
        elif isinstance(check, PersonalDataCheck):
            lists = [check._neutral, *(patterns for patterns, _, _ in check._by_lang.values())]
        else:
            continue
        gated += [(pattern, gate) for patterns in lists for pattern, gate in patterns if gate is not None]
    assert len(gated) >= 9
    for pattern, gate in gated:
        matched = [text for text in texts if pattern.search(text)]
        assert matched, pattern.pattern  # each gate is tried where its pattern matches
        for text in matched:
            assert gate.search(text), (pattern.pattern, text)


def test_lanes_are_what_each_key_less_pattern_accepts() -> None:
    """A token's lane holds a pattern's bit exactly when the pattern (``:VERB,impr``, …) accepts the token."""
    acts_analyzer()  # its matchers and the act layer register their patterns
    doc = analyze("Напишите нам, вернули ли деньги: «Оплачу завтра», — сказали вы. Let's go, 42 {{ name }} ок!")
    assert len(_LANES.bits) > 5
    for grammemes, bit in _LANES.bits.items():
        unit = _Unit(None, False, grammemes)
        assert lane_positions(doc, bit) == [i for i, t in enumerate(doc.tokens) if unit.accepts(t)], grammemes


def test_a_doc_read_before_a_matcher_was_built_is_read_again_for_it() -> None:
    """A doc's symbol string is cached, and so is each word's symbol; a matcher built later, whose word had no
    symbol when the doc was read, still finds it (the symbols are read again, not taken from the old table)."""
    doc = analyze("Please zorblat the quimbly widget, then zorblat it again.")
    assert [m.first for m in PhraseMatcher(["widget"]).finditer(doc)] == [4]
    assert [(m.first, m.last) for m in PhraseMatcher(["zorblat", "quimbly widget"]).finditer(doc)] == [
        (1, 2),
        (3, 5),
        (7, 8),
    ]


def test_key_positions_index_every_token_key() -> None:
    doc = analyze("Вы сами виноваты, вы не прочитали условия.")
    positions = doc.key_positions()
    for i, token in enumerate(doc.tokens):
        for key in token.match_keys:
            assert i in positions[key]
    assert positions["вы"] == [0, 4]
    assert doc.key_positions() is positions  # built once per doc


def test_line_columns_after_line_breaks() -> None:
    doc = analyze("Hello\n\nthanks\r\nbye\n")
    assert [doc.line_col(o) for o in (0, 5, 6, 7, 13, 15, 19)] == [
        (1, 1),
        (1, 6),
        (2, 1),
        (3, 1),
        (3, 7),
        (4, 1),
        (5, 1),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Спасибо! We will call you tomorrow", Language.MIXED),
        ("Спасибо большое, ok", Language.RU),
        ("Thank you very much, спс", Language.EN),
        ("Ааа bb", Language.MIXED),
        ("Аааааааааа b", Language.RU),
    ],
)
def test_language_counts_letters_not_runs(text: str, language: Language) -> None:
    assert detect_language(text) is language


def test_pipeline_is_rebuilt_when_its_vocabulary_outgrows_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy frees the lexemes of new chunks with their memory zone, but counts them; past the bound a fresh
    pipeline tokenises the new chunks (a word in quotation marks is tokenised by spaCy: it has a prefix), and the
    chunks met before keep their tokens."""
    texts = ["Заказ 48213 доставит курьер Аркадий.", "Order 99172 ships with courier Zbigniew today."]
    before = [[(t.text, t.start, t.match_keys, t.sentence) for t in analyze(text).tokens] for text in texts]
    first = pipeline(Language.RU)
    monkeypatch.setattr(pipeline_module, "VOCAB_LIMIT", len(first.vocab))
    after = [
        [(t.text, t.start, t.match_keys, t.sentence) for t in analyze(f"{text} Новое слово: «зюзюка».").tokens]
        for text in texts
    ]
    assert pipeline(Language.RU) is not first  # spaCy's vocabulary grew past the limit: a fresh pipeline
    assert [tokens[: len(b)] for tokens, b in zip(after, before, strict=True)] == before


def test_readings_share_interned_lemmas() -> None:
    first, second = russian_readings("проверить"), russian_readings("проверили")
    assert first[0].lemma == "проверить" and first[0].pos == "INFN"
    assert first[0].lemma is second[0].lemma


def test_cached_words_hold_no_copy_of_what_they_share() -> None:
    """Match keys are each key once, the form first, in a tuple; a stem equal to its word and an equal score of two
    readings are the same object, not a copy kept beside it."""
    assert match_keys("проверили") == ("проверили", "проверить")
    assert match_keys("blamed") == ("blamed", "blame")
    kept = "".join(["vrem", "plix"])  # a word no other test uses, new to the caches, not an interned literal
    assert english_stem(kept) is kept and match_keys(kept) == (kept,)
    scores = [r.score for w in ("проверим", "проверите", "ждите", "заказ", "спасибо") for r in russian_readings(w)]
    assert len({id(s) for s in scores}) == len(set(scores))
    # The learned classifiers' ids of a word's lemma and markers: the strings' ids, one integer per marker.
    from spacy.strings import get_string_id

    from replylint import hostile_model

    imperatives = [hostile_model._reading_ids(w) for w in ("ждите", "пишите", "проверьте")]
    for word, ids in zip(("ждите", "пишите", "проверьте"), imperatives, strict=True):
        assert ids == tuple(map(get_string_id, hostile_model._lemma_and_markers(word)))
    marker = get_string_id("g:impr")
    assert all(marker in ids for ids in imperatives)
    assert len({id(i) for ids in imperatives for i in ids if i == marker}) == 1


def test_word_cache_keeps_the_words_met_again_across_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table in generations works a word out once while it is met in each generation; a word not met for a whole
    generation goes with it, and the table never holds more than two generations' words."""
    monkeypatch.setattr(morphology_module, "GENERATION", 3)
    calls: list[str] = []
    cache: WordCache[str] = WordCache(lambda word: calls.append(word) or word.upper())
    for word in ("a", "b", "c", "d", "a", "e", "f", "b", "a", "b"):
        assert cache[word] == word.upper()
        assert len(cache) + len(cache.previous) <= 6
    # "a" met in each generation is worked out once; "b" was not met in the generation of d, a, e, so it went.
    assert calls == ["a", "b", "c", "d", "e", "f", "b"]
    cache.clear()
    assert not cache and not cache.previous
    assert cache["a"] == "A" and calls[-1] == "a"


def test_tables_in_generations_give_what_fresh_tables_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """With generations of a few words (the lexeme table, the chunks' tables, the profanity verdicts and every
    :class:`WordCache` turning over many times) and the pipelines rebuilt after every reply, every report is what it
    was."""
    from replylint import Linter

    texts = [
        "Hello, we are sorry the order is late; please send us your order number and we will fix it today.",
        "Это ваша вина, что заказ не дошёл. Ждите ответа, мы ничего не можем сделать, блин.",
        "Stop complaining, you idiot. Read the FAQ yourself!",
        "Здравствуйте! Приносим извинения за задержку, курьер привезёт заказ завтра до 18:00.",
        "Мы проверили ваш заказ: нашли ошибку и уже исправили, напишите нам, если что-то не так.",
        "We couldn't've known, but we'll refund it — check your e-mail for the label.",
    ]
    linter = Linter()
    expected = [linter.lint(text).model_dump_json() for text in texts]
    for module in (morphology_module, profanity_module):
        monkeypatch.setattr(module, "GENERATION", 5)
    monkeypatch.setattr(pipeline_module, "VOCAB_LIMIT", 0)  # each pipeline rebuilt after every reply
    for _ in range(3):
        assert [linter.lint(text).model_dump_json() for text in reversed(texts)] == expected[::-1]


SPACY_TEXTS = [
    "Hello... We should've called. Sorry!! Is it fixed?! Yes.\nNew line here",
    "Здравствуйте! Мы уже «проверили» заказ… Ждите. Спасибо!?) Хорошего дня",
    "Order #4821 ships today: https://example.com/t?x=1. Thanks - team",
    "   Leading spaces.  Two  spaces.\n\nA blank line.",
    "O.K. then; e.g. this one. ¡Hola! 'Quoted.' \"Done.\"",
]


@pytest.mark.parametrize("text", SPACY_TEXTS)
def test_tokens_and_sentences_are_what_spacy_gives(text: str) -> None:
    """Analysis reads cached lexemes and finds sentences itself: the same as spaCy's tokens and sentencizer."""
    doc = analyze(text)
    spacy_doc = Sentencizer()(pipeline(doc.language).tokenizer(text))
    words = [t for t in spacy_doc if not t.is_space]
    assert [(t.text, t.start, t.is_alpha, t.is_punct) for t in doc.tokens] == [
        (t.text, t.idx, t.is_alpha, t.is_punct) for t in words
    ]
    assert [t.folded for t in doc.tokens] == [fold(t.norm_ or t.text) for t in words]
    # Each word's readings come with its lexeme: pymorphy3's of a Russian word, none of anything else.
    assert [t.readings for t in doc.tokens] == [
        russian_readings(t.folded) if t.is_alpha and "а" <= t.folded[0] <= "я" else () for t in doc.tokens
    ]
    starts, pending = [], True
    for t in spacy_doc:
        pending = pending or bool(t.is_sent_start) or (t.is_space and "\n" in t.text)
        if not t.is_space and pending:
            starts.append(t.idx)
            pending = False
    assert [doc.tokens[s.first].start for s in doc.sentences] == starts


def test_both_languages_read_a_word_alike() -> None:
    """The lexeme table is shared by both languages: their pipelines give a word the same flags and norm."""
    en, ru = pipeline(Language.EN), pipeline(Language.RU)
    for word in ["Hello", "«", "’", "—", "Привет", "ЗАКАЗ", "42", " ", "\n", "e-mail", "''"]:
        a, b = en.vocab[word], ru.vocab[word]
        assert (a.is_alpha, a.is_punct, a.is_space, a.norm_) == (b.is_alpha, b.is_punct, b.is_space, b.norm_), word


TOKENIZER_TEXTS = [
    "We can't find it. Your order ships today, and we'll e-mail you when it's out—sorry!",
    "I'm sorry: don't worry, the customer's parcel (O'Brien) left at 9 a.m. today :) Thanks!",
    "Plain words first, then a contraction isn't rare; after it plain words come again.",
    "Здравствуйте! Мы уже «проверили» заказ — т.е. всё в порядке :) Хорошего дня",
    # Special cases spaCy matches again over the doc, across two chunks: emoticons with a space, «и т.д.».
    "Great : ) thanks, see you ( : soon ; - ) and it ' s fine :) :) ok (-_-) ( -_- ) 10 a.m. or 10a.m.",
    "Кофе, чай и т.д. в наличии; документы и т.п. пришлите, в т.ч. налоги, и т. д. и др.",
    "Станция ж/д ст. Москва, см. также раздел, канд. техн. наук и д-р мед. наук Иванов",
    "Ну ( ( ( ладно :( :( - в понедельник - да, пишите им. Музей им. Пушкина :-o :-o",
    # White space other than single spaces: runs, new lines, tabs, no-break spaces, at the start and the end.
    "  Leading spaces.  Two  spaces.\n\nA blank line.\tTab\u00a0nbsp \n end  ",
    " Один пробел в начале, \r\n перевод строки   и три пробела ",
]


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_tokens_by_chunk_are_what_spacys_tokenizer_gives(language: Language) -> None:
    """Analysis tokenises each chunk once, in a memory zone, and keeps its tokens; where a special case may reach
    across two chunks it tokenises them together. Every text, met first or again, gets spaCy's tokens, offsets and
    norms, and spaCy's vocabulary does not grow."""
    spacy_pipeline = pipeline.__wrapped__(language)
    english = language is Language.EN
    strings = len(pipeline(language).vocab.strings)
    for _ in range(2):
        for text in TOKENIZER_TEXTS:
            starts, lexemes = pipeline_module._tokens(english, text)
            expected = [(t.idx, t.text, t.norm_) for t in spacy_pipeline.tokenizer(text)]
            got = [(start, lex.text, lex.folded) for start, lex in zip(starts, lexemes, strict=True)]
            assert [(start, word) for start, word, _ in got] == [(idx, word) for idx, word, _ in expected], text
            assert [folded for _, _, folded in got] == [fold(norm or word) for _, word, norm in expected], text
    assert len(pipeline(language).vocab.strings) == strings
    crossings = pipeline_module._crossings(english)
    assert crossings.spaced == []  # every special case's tokens hold no white space: chunks are parted by it
    assert crossings.hits(TOKENIZER_TEXTS[4 if english else 5])


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a  b\n c \n\nd ", [(0, "a"), (2, " "), (3, "b"), (4, "\n "), (6, "c"), (8, "\n\n"), (10, "d")]),
        (" x", [(0, " "), (1, "x")]),
        ("\u3000a \u00a0b", [(0, "\u3000"), (1, "a"), (3, "\u00a0"), (4, "b")]),
        ("", []),
    ],
)
def test_split_chunks_give_a_run_of_white_space_its_first_space_to_the_chunk_before(
    text: str, spans: list[tuple[int, str]]
) -> None:
    """A single space after a chunk is no chunk; a longer run of white space that starts with a space is one, less
    that space; a run at the start of the text, or one that starts with other white space, is a chunk whole."""
    starts, found = chunks.split_chunks(text)
    assert list(zip(starts, found, strict=True)) == spans


def test_split_chunks_are_the_runs_of_white_space_and_of_other_characters() -> None:
    """On random texts of letters, spaces and other white space, the chunks are those read run by run: each run of
    characters that are not white space, and each run of white space less a single space that follows a chunk."""
    rng = random.Random(22)
    alphabet = ["a", "ж", ".", " ", " ", " ", "\n", "\t", "\r", "\u00a0", "\u3000", "\u2028"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(14)))
        expected, at = [], 0
        for run in re.findall(r"\S+|\s+", text):
            if run[0] != " " or not at:
                expected.append((at, run))
            elif len(run) > 1:
                expected.append((at + 1, run[1:]))
            at += len(run)
        starts, found = chunks.split_chunks(text)
        assert list(zip(starts, found, strict=True)) == expected, repr(text)


def test_crossings_are_found_at_the_chunks_edge_tokens() -> None:
    """A pair of a special case's tokens found in the text is a crossing only where they are the edge tokens of two
    chunks: «- в» of «ж/д в-ка» is none in «сказал - вот», and «и т.д» is one."""
    crossings = pipeline_module._crossings(False)
    text = "Он сказал - вот так, и т.д. дальше"
    starts, pieces = chunks.split_chunks(text)
    nlp = pipeline(Language.RU)
    with nlp.vocab.memory_zone():
        entries = [pipeline_module._chunk_entries(nlp, crossings, [chunk])[chunk] for chunk in pieces]
    assert len(crossings.hits(text)) >= 2
    assert [pieces[i] for i in pipeline_module._crossed(crossings, text, starts, pieces, entries)] == ["и"]


#: Chunks of letters alone: plain words of several scripts and cases, and special cases of letters alone, which
#: spaCy splits («Dont», «gonna») or gives a norm of their own («Дек»).
LETTER_CHUNKS = (
    "Zyxwvq Qwertyish ZXCVB Blorptastic Dont dont Gonna Cannot cannot XD xDD Im Hes its "
    "Щукобаранка ЗАКАЗИЩЕ Дек дек Вт ВС ёжик Ёлочки Ναυτίλος straße ﬁnale ǅemal ªb "
)


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_a_chunk_of_letters_first_met_is_made_without_tokenising_it(
    language: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk of letters that is no special case is made one token without a spaCy call, with the flags and norm
    spaCy's lexeme of it has; a special case of letters alone is still tokenised by spaCy."""
    english = language is Language.EN
    monkeypatch.setattr(pipeline_module, "_CHUNKS", {True: pipeline_module._Chunks(), False: pipeline_module._Chunks()})
    monkeypatch.setattr(pipeline_module, "_LEXEMES", morphology_module.Generations())
    tokenised: list[list[str]] = []
    chunk_entries = pipeline_module._chunk_entries
    monkeypatch.setattr(
        pipeline_module,
        "_chunk_entries",
        lambda nlp, crossings, chunks: tokenised.append(chunks) or chunk_entries(nlp, crossings, chunks),
    )
    text = LETTER_CHUNKS.strip()
    spacy_pipeline = pipeline.__wrapped__(language)
    starts, lexemes = pipeline_module._tokens(english, text)
    expected = list(spacy_pipeline.tokenizer(text))
    got = [(start, lex.text) for start, lex in zip(starts, lexemes, strict=True)]
    assert got == [(t.idx, t.text) for t in expected]
    for lex, token in zip(lexemes, expected, strict=True):
        assert (lex.alpha, lex.punct, lex.space) == (token.is_alpha, token.is_punct, token.is_space), token.text
        assert lex.folded == fold(token.norm_ or token.text), token.text
    special = pipeline_module._special_cases(english)
    whole = [chunk for chunk in text.split() if chunk not in special]
    crossings = pipeline_module._crossings(english)
    assert whole and all(pipeline_module._plain_tokens(english, crossings, c) == (c,) for c in whole)
    assert [chunk for chunks in tokenised for chunk in chunks] == [c for c in text.split() if c in special]
    assert ("Dont" if english else "Дек") in special


#: Pieces of chunks first met: words of letters, numbers, handles, punctuation, symbols and special cases.
CHUNK_PIECES = [
    "word",
    "Word",
    "WORD",
    "слово",
    "Слово",
    "Dont",
    "dont",
    "Mr",
    "Mrs",
    "etc",
    "т",
    "д",
    "им",
    "г",
    "e",
    "g",
    "U",
    "S",
    "a",
    "I",
    "Дек",
    "XD",
    "123",
    "4276",
    "7",
    "@",
    "#",
    ".",
    ",",
    "!",
    "?",
    "...",
    "…",
    ":",
    ";",
    "'",
    "’",
    "s",
    "ve",
    "-",
    "—",
    "–",
    "/",
    "(",
    ")",
    "«",
    "»",
    '"',
    "$",
    "%",
    "€",
    "₽",
    "km",
    "кг",
    "°",
    "C",
    "*",
    "^",
    "😀",
    ":)",
    "http://",
    "https://t.co/",
    "www.",
    "com",
    "example.com",
    "/path",
    "Ab3xY",
    "ru",
    "&",
    "+",
    "=",
    "_",
    "~",
]


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_chunks_first_met_get_spacys_tokens_without_tokenising(language: Language) -> None:
    """A chunk whose tokens :func:`_plain_tokens` gives without spaCy (the chunk whole, or a word and its suffix)
    gets those spaCy gives it, on thousands of chunks made of words, numbers, punctuation and special cases."""
    english = language is Language.EN
    spacy_pipeline = pipeline.__wrapped__(language)
    crossings = pipeline_module._crossings(english)
    rng = random.Random(7)
    plain = 0
    for _ in range(4000):
        chunk = "".join(rng.choice(CHUNK_PIECES) for _ in range(rng.randint(1, 4)))
        texts = pipeline_module._plain_tokens(english, crossings, chunk)
        if texts is not None:
            plain += 1
            assert list(texts) == [t.text for t in spacy_pipeline.tokenizer(chunk)], chunk
    assert plain > 1000


#: Chunks of a word and its suffixes, addresses and words in which a special case is written but not matched:
#: spaCy's tokens follow from the affix rules without tokenising them.
PLAIN_CHUNKS = [
    "here.",
    "Joel.",
    "thanks!!",
    "Carol!!!",
    "2018.",
    "11?",
    "@4412,",
    "https://t.co/Ab3xYz9Q",
    "https://t.co/Ab3xYz9Q.",
    "https://t.co/Ab3xYz9Q?",
    "https://example.com/help?id=42",
    "www.example.com,",
    "заказ.",
    "Спасибо!!",
]

#: Chunks whose tokens a special case decides, matched as a run of their affix tokens or kept whole.
SPECIAL_CHUNKS = ["e.g.", "U.S.", "a.m.", "Dont", "т.д.", "им."]


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_suffixes_and_addresses_first_met_get_spacys_tokens_without_tokenising(language: Language) -> None:
    """A word and its suffixes, an address, and a word that holds a special case's text only inside one of its
    tokens («here.» holds «e.») are made without spaCy and get spaCy's tokens; a special case is left to spaCy."""
    english = language is Language.EN
    spacy_pipeline = pipeline.__wrapped__(language)
    crossings = pipeline_module._crossings(english)
    for chunk in PLAIN_CHUNKS:
        texts = pipeline_module._plain_tokens(english, crossings, chunk)
        assert texts is not None, chunk
        assert list(texts) == [t.text for t in spacy_pipeline.tokenizer(chunk)], chunk
    for chunk in SPECIAL_CHUNKS:
        texts = pipeline_module._plain_tokens(english, crossings, chunk)
        assert texts is None or list(texts) == [t.text for t in spacy_pipeline.tokenizer(chunk)], chunk
    assert pipeline_module._plain_tokens(english, crossings, "e.g." if english else "т.д.") is None


LEXEME_WORDS = [
    "Hello",
    "«",
    "’",
    "—",
    "Привет",
    "ЗАКАЗ",
    "Ёлка",
    "42",
    "3,5",
    " ",
    "\n",
    "e-mail",
    "''",
    "U.S.",
    "$",
    "😀",
]


@pytest.mark.parametrize(
    "text",
    [
        "Card 4276 3800 1234 5679, order №12.",
        "Карта 4276-3800, заказ ٤٢٧٦ и ４２７６ — ২০২৬ год.",
        "No digits at all, «ни одной».",
        "١٢٣ mixed 7 with Ⅻ and ² (no decimal digits).",
    ],
)
def test_digits_counts_what_backslash_d_matches(text: str) -> None:
    """The per-doc digit count that the card and phone checks ask first is the number of ``\\d`` matches."""
    assert analyze(text).digits() == len(regex.findall(r"\d", text))


@pytest.mark.parametrize("language", [Language.EN, Language.RU])
def test_lexemes_read_as_spacys_own_pipeline_reads_them(language: Language) -> None:
    """The analysis pipeline works out only the lexeme attributes analysis reads, each as spaCy's blank pipeline
    with all its attribute getters does."""
    ours, theirs = pipeline(language).vocab, spacy.blank(language.value).vocab
    for word in LEXEME_WORDS:
        a, b = ours[word], theirs[word]
        assert (a.is_alpha, a.is_punct, a.is_space, a.norm_) == (b.is_alpha, b.is_punct, b.is_space, b.norm_), word


def test_stems_are_the_pure_python_snowball_stems() -> None:
    """The compiled Snowball stemmer (PyStemmer) is the one in use, without a cache of its own beside
    :func:`english_stem`'s, and it stems as snowballstemmer's own."""
    assert type(_stemmer()).__module__ == "Stemmer"
    assert _stemmer().maxCacheSize == 0
    plain = EnglishStemmer()
    words = ["blamed", "blaming", "apologies", "apologize", "generously", "happily", "skies", "news", "dying", "'s"]
    assert [english_stem(w) for w in words] == [plain.stemWord(w) for w in words]


def _normalise_everywhere(text: str) -> tuple[object, ...]:
    """:func:`normalise` as it reads without its shortcuts: every expression tried on every text."""
    work, invalid = normalise_module._SURROGATE.subn("\ufffd", text)
    folds: list[normalise_module.Fold] = []
    work, removed_at, removed_total = normalise_module.remove_hidden(work, folds)
    work = normalise_module._fold_lookalikes(work, folds)
    folds.sort(key=lambda f: f.at)
    return work, tuple(folds), invalid, tuple(removed_at), tuple(removed_total)


def _tokenizer_input_everywhere(text: str) -> str:
    """:func:`tokenizer_input` as it reads without its shortcuts: both expressions over the whole text, after each
    escaped ampersand's name is blanked."""
    text = text.replace("&amp;", "&    ")
    chars = list(text)
    run = normalise_module.PUNCT_RUN
    for m in normalise_module._LONG_PUNCT.finditer(text):
        chars[m.start() + run : m.end()] = " " * (m.end() - m.start() - run)
    text = "".join(chars)
    for m in normalise_module._LONG_CHUNK.finditer(text):
        for at in range(m.start() + normalise_module.CHUNK, m.end(), normalise_module.CHUNK + 1):
            chars[at] = " "
    return "".join(chars)


SCRIPT_TEXTS = [
    "",
    "Plain ASCII, nothing to fold.",
    "Control\x01 and\x7f delete, soft\u00adhyphen, zero\u200bwidth.",
    "Лоne Latin: пaрковка, а вы; Cyrilliс in English: а cat, and «а» too.",
    "Только кириллица, ничего не меняется — «ёлка».",
    "Àccents élan ɏ and кириллица side by side: élanкот.",
    "Hidden between scripts: a\u200bб, б\u00ada, surrogate \ud800 here.",
    "Punctuation runs!!!!!! and ...... and ?!?!?! and !!!! four.",
    "A" * 70 + " then " + "б" * 130 + " and " + "!" * 80 + "x" * 66,
    "End with a run......",
    "Escaped ampersands: sorry&amp;we'll, &amp;&amp;, !!!!&amp; and a bare &amp at the end &amp;",
    "......start with a run",
    "mixed\u2028line separator\x1cinformation separator " + "y" * 65,
]


def _fuzz_texts(count: int) -> list[str]:
    rng = random.Random(13)
    letters = "aeopcxyАаеорсухКкéÀɏЀӿX"
    pieces = [*letters, *' ,.!?…—-"«»“”„\n\t\u200b\u00ad\x01\x7f\ud800@{}%[]\x1c\u2028', "!!!!!", "a" * 70]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_normalising_finds_what_every_expression_finds() -> None:
    """The shortcuts of :func:`normalise` (an ASCII text is searched for the ASCII hidden characters only; look-alike
    letters are looked for only in a text holding both alphabets) and of :func:`tokenizer_input` (the punctuation
    cut from the first long run on; long chunks found by ``str.split``) give what every expression over every text
    gives."""
    for text in SCRIPT_TEXTS + _fuzz_texts(20_000):
        norm = normalise_module.normalise(text)
        assert (norm.text, norm.folds, norm.invalid, norm.removed_at, norm.removed_total) == _normalise_everywhere(text)
        assert normalise_module.tokenizer_input(norm.text) == _tokenizer_input_everywhere(norm.text)
        quotes = [m.span() for m in spans_module._QUOTE.finditer(text)]
        assert spans_module.quotation_spans(text) == quotes


def test_models_built_from_trusted_values_are_what_validation_builds() -> None:
    """The linter builds its findings, sentences' acts and reports without validating its own values again
    (``models.built``): the same objects, fields set and JSON as validation gives, a packaged category as its
    member and a pack's own as its string."""
    edit = Edit(start=0, end=3, replacement="Hi")
    values: list[tuple[type[BaseModel], dict[str, Any]]] = [
        (SentenceActs, {"start": 0, "end": 12, "acts": [Act.GREETING, Act.APOLOGY]}),
        (Summary, {"errors": 1, "warnings": 0, "infos": 2, "by_category": {"blame": 1, "jargon": 2}}),
    ]
    for category in ("blame", "house-style"):
        finding = {
            "code": "RL201",
            "rule": "blame-customer",
            "category": Category(category) if category in Category._value2member_map_ else category,
            "severity": Severity.ERROR,
            "message": "Обвиняет клиента: «Ваши домыслы».",
            "start": 0,
            "end": 12,
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": 13,
            "suggestion": None,
            "match": "Ваши домыслы",
            "fix": Fix(applicability=Applicability.SAFE, edits=[edit]),
        }
        values.append((Finding, finding))
    report = {
        "language": Language.RU,
        "channel": None,
        "context": ContextInfo(kind=ContextKind.OTHER, source="reply"),
        "findings": [built(Finding, values[-1][1])],
        "score": 75,
        "summary": built(Summary, values[1][1]),
        "sentences": [built(SentenceActs, values[0][1])],
        "invalid_characters": 0,
    }
    values.append((Report, report))
    for model, given in values:
        assert list(given) == list(model.model_fields)  # every field, in order
        made, validated = built(model, dict(given)), model(**given)
        assert made == validated
        assert made.model_dump_json() == validated.model_dump_json()
        assert made.model_fields_set == validated.model_fields_set
        assert made.__pydantic_extra__ == validated.__pydantic_extra__
        assert made.__pydantic_private__ == validated.__pydantic_private__
    assert built(Finding, dict(values[2][1])).category is Category.BLAME
