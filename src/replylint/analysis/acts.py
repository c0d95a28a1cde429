"""Sentence acts: what each sentence of a reply does — greets, apologises, commits, instructs, refuses, …

The cue vocabulary is data (``rules/acts.toml``: phrases matched on lemmas, stems and pymorphy3 grammemes, and
patterns); the grammar that turns cues into acts is here:

- a cue inside one of its act's look-alikes (``not-cues``) does not count, nor does a cue in quotation marks
  (reported speech, «вы пишете, что …», is the agent's own sentence and keeps its acts);
- a cue inside a promise of effort or attitude (``vague``: «примем меры», «разберёмся», «учтём ваш отзыв») counts
  only in a sentence that says when («сейчас разберёмся»);
- a cue that starts with grammemes alone (``:VERB,1per,futr``) holds only on the word's likeliest reading;
- a commitment, offer or instruction right after a negation («не вернём», "not … DM") does not count; after a
  hedge ("hopefully we'll have it soon", "fingers crossed", «надеемся, скоро …»), or with an English one inside or
  right after it ("we'll hopefully have you there soon"), it is a wish (a pleasantry); a
  commitment after a conditional («если … напишите — поменяем», "if …, we'll …") is an offer;
- an English imperative counts only at the start of a clause (after "please", "just", a comma …) and in its base
  form ("giving a gesture is …", "checked the train" instruct nobody); a Russian
  one is a verb whose likeliest reading is an imperative, unless it greets, apologises or reassures, and an
  invitation to come back («приходите снова») is a pleasantry;
- a generic sign-off phrase ("let us know if you need anything") leaves its sentence no instruction, offer or channel,
  and a hostile question asks for nothing;
- a sentence that refuses offers nothing unless a contrast word («но», «зато», "but", "instead") sets the offer
  against the refusal («Компенсация … не предусмотрена», "We're unable to offer compensation for weather delays");
- a Russian perfective past in the singular with no possible subject in its clause is the agent's own deed
  («Подписку отключил, деньги вернул»), a commitment;
- a declarative sentence that does nothing else (or only talks down) explains; in a reply to a question it answers
  when it carries a fact (a number, a name, a time, a channel) — "Delivery takes a while" answers nothing — or, in
  Russian, when it gives what the question asks: a cause to «почему», a place to «где» or «как», the question's own
  verb or a predicative («можно», «нужно», «есть») to «можно ли …?», «будут ли …?».
- a Russian question whether the customer did something («А чек вы при получении проверяли?») asks for nothing (no
  info-request) unless it has a question word, «ли», «бы» or a thing to try.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import NamedTuple

import regex
from pydantic import BaseModel, ConfigDict, Field

from replylint.analysis.doc import Doc, Sentence, Token
from replylint.analysis.matcher import Match, PhraseMatcher, compile_phrase, lane_bit, lane_positions
from replylint.analysis.morphology import Reading, english_stem, other_verb_tied, russian_readings, word_cache
from replylint.analysis.spans import quotation_spans
from replylint.models import Act, ContextKind, Language, SentenceActs, built

#: Acts a generic sign-off sentence does not perform, whatever its words.
SIGN_OFF_DROPS = frozenset({Act.INSTRUCTION, Act.OFFER, Act.CONTACT_CHANNEL})
#: Acts a hedge before them ("hopefully", "fingers crossed", «надеемся») turns into a wish.
HEDGEABLE = frozenset({Act.COMMITMENT, Act.OFFER, Act.INSTRUCTION})
#: Acts a negation right before the cue cancels.
NEGATABLE = frozenset({Act.COMMITMENT, Act.OFFER, Act.INSTRUCTION})
#: Acts after which a sentence still counts as doing nothing else (so it explains or answers): a condescending
#: statement («Я вам уже третий раз объясняю: трек-номер в разделе «Заказы»») still explains and answers.
BACKGROUND = frozenset({Act.TIME_FRAME, Act.CONTACT_CHANNEL, Act.EXPLANATION, Act.ANSWER, Act.CONDESCENSION})
#: Acts that keep a sentence from being an answer to the customer's question.
NOT_ANSWERS = frozenset({Act.REFUSAL, Act.DISMISSAL, Act.BLAME, Act.HOSTILE_QUESTION, Act.INSULT, Act.NON_APOLOGY})
#: A refusal with an offer: the offer holds only when a contrast word sets it against the refusal.
_REFUSAL_AND_OFFER = frozenset({Act.REFUSAL, Act.OFFER})
#: Words a sentence needs before it counts as an explanation by itself.
MIN_WORDS = 3
_ORDER = {act: i for i, act in enumerate(Act)}
_IMPERATIVE = frozenset({"VERB", "impr"})
#: The addressee whose «вы» before an ambiguous form («заходите») makes it an indicative.
_YOU = frozenset({"вы"})


class ActExample(BaseModel):
    """A sentence that must (or must not) perform an act, with the kind of message it answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    context: ContextKind | None = None
    question: str | None = Field(None, description="The customer's question, where the answer depends on what it asks.")


class GatedPattern(BaseModel):
    """A pattern run only on a reply where its gate is found: a cheaper expression that every match holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    gate: str


#: A compiled pattern and its compiled gate, if it has one.
Gated = tuple[regex.Pattern[str], regex.Pattern[str] | None]


def compile_gated(patterns: list[str | GatedPattern], flags: int = 0) -> list[Gated]:
    """Each pattern compiled with its gate (None for a plain one), both with ``flags``."""
    return [
        (regex.compile(p, flags), None)
        if isinstance(p, str)
        else (regex.compile(p.pattern, flags), regex.compile(p.gate, flags))
        for p in patterns
    ]


class ActCues(BaseModel):
    """The cues of one act in one language, and its examples."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    cues: list[str] = Field(default_factory=list, description="Phrases that perform the act.")
    initial: list[str] = Field(default_factory=list, description="Phrases that count only at a clause start.")
    not_cues: list[str] = Field(default_factory=list, alias="not-cues", description="Look-alikes that do not.")
    vague: list[str] = Field(
        default_factory=list,
        description="Promises of effort or attitude: a cue inside one holds only with a time frame.",
    )
    patterns: list[str | GatedPattern] = Field(default_factory=list, description="Regular expressions on the reply.")
    questions: list[str] = Field(
        default_factory=list,
        description="Regular expressions whose every match ends at a '?' and holds no sentence end before it:"
        " searched only from each '?' back to the last sentence end.",
    )
    flag: list[ActExample | str] = Field(default_factory=list, description="Sentences that perform the act.")
    pass_: list[ActExample | str] = Field(default_factory=list, alias="pass", description="Sentences that do not.")

    def examples(self, *, performs: bool) -> list[ActExample]:
        """The must-perform or must-not-perform examples."""
        raw = self.flag if performs else self.pass_
        return [e if isinstance(e, ActExample) else ActExample(text=e) for e in raw]


class ActSpec(BaseModel):
    """One act: what it is, and its cues in both languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    ru: ActCues
    en: ActCues


class Grammar(BaseModel):
    """Word classes the grammar of one language uses."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    negations: list[str] = Field(default_factory=list)
    openers: list[str] = Field(default_factory=list, description="Words allowed before a clause-initial cue.")
    not_imperative: list[str] = Field(default_factory=list, alias="not-imperative")
    pleasantry_imperative: list[str] = Field(default_factory=list, alias="pleasantry-imperative")
    leave_imperative: list[str] = Field(
        default_factory=list,
        alias="leave-imperative",
        description="Verbs of writing, calling or complaining whose bare imperfective imperative gives leave, no step.",
    )
    bare_words: list[str] = Field(
        default_factory=list,
        alias="bare-words",
        description="Particles an imperfective imperative may stand with and still be bare («Пишите, конечно.»).",
    )
    conditionals: list[str] = Field(default_factory=list, description="Words that make a commitment an offer.")
    hedges: list[str] = Field(default_factory=list, description="Words that make what follows them a wish.")
    inner_hedges: list[str] = Field(
        default_factory=list,
        alias="inner-hedges",
        description='Hedges that make a cue a wish inside it or right after it ("we\'ll hopefully have it soon").',
    )
    subordinators: list[str] = Field(
        default_factory=list, description="Words opening a clause whose subjectless past is no deed of the agent's."
    )
    contrasts: list[str] = Field(
        default_factory=list,
        description="Words after which a refusing sentence may still offer; without them a refusal offers nothing.",
    )
    not_negating: list[str] = Field(
        default_factory=list,
        alias="not-negating",
        description="Phrases whose negation negates nothing («тем не менее»): no look-alike starts at it.",
    )
    asks_cause: list[str] = Field(
        default_factory=list, alias="asks-cause", description="Question words a sentence with a cause answers."
    )
    asks_place: list[str] = Field(
        default_factory=list, alias="asks-place", description="Question words a sentence naming a place answers."
    )
    predicatives: list[str] = Field(
        default_factory=list, description="Predicatives that answer a yes/no question («можно», «нужно», «есть»)."
    )
    asks_which: list[str] = Field(
        default_factory=list, alias="asks-which", description="Question words: a question without one asks whether."
    )
    asks_done_unless: list[str] = Field(
        default_factory=list,
        alias="asks-done-unless",
        description="Words or verbs that keep a question whether the customer did something asking («ли», «бы»).",
    )


class ActsLexicon(BaseModel):
    """The whole of ``rules/acts.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grammar: dict[Language, Grammar]
    act: dict[Act, ActSpec]


# A sentence end before a question mark, found backwards from it: "!", "?", or a "." that no word character follows.
_SENTENCE_END = regex.compile(r"[!?]|\.(?!\w)", flags=regex.REVERSE)


def question_matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose every match ends at a "?", holds no sentence end
    before it and reads at most one character past it: searched only over each question's stretch, from the last
    sentence end before its "?" to the character after it (a long reply's other sentences are never scanned)."""
    pos, mark = 0, text.find("?")
    while mark >= 0:
        if mark >= pos:
            end = _SENTENCE_END.search(text, pos, mark)
            hit = pattern.search(text, end.start() if end else pos, mark + 2)
            if hit is not None:
                yield hit
                pos = hit.end()
        mark = text.find("?", mark + 1)


@cache
def lexicon() -> ActsLexicon:
    """The packaged act vocabulary, validated."""
    text = (resources.files("replylint") / "rules" / "acts.toml").read_text(encoding="utf-8")
    return ActsLexicon.model_validate(tomllib.loads(text))


class _Role(Enum):
    """What a phrase of the one matcher of a language is: a cue, a clause-initial cue, or a look-alike."""

    CUE = 0
    INITIAL = 1
    NOT = 2
    VAGUE = 3


class _Plan(NamedTuple):
    """What the grammar asks of a match of one phrase, worked out once per vocabulary rather than per match."""

    cue: bool  # a cue or clause-initial cue; False for a look-alike or a vague promise
    vague: bool
    act: Act
    grammemes: frozenset[str]  # grammemes the likeliest reading of its first word must carry
    initial: bool  # holds only at a clause start
    base_form: bool  # an English clause-initial instruction: not in an -ing or -ed form
    negatable: bool
    hedgeable: bool
    conditional: bool  # a commitment: an offer after a conditional
    generic: bool  # a sign-off cue: its sentence gives no instruction, offer or channel

    @classmethod
    def of(cls, role: _Role, act: Act, grammemes: frozenset[str]) -> _Plan:
        initial = role is _Role.INITIAL
        return cls(
            role in (_Role.CUE, _Role.INITIAL),
            role is _Role.VAGUE,
            act,
            grammemes,
            initial,
            initial and act is Act.INSTRUCTION,
            act in NEGATABLE,
            act in HEDGEABLE,
            act is Act.COMMITMENT,
            act is Act.SIGN_OFF and role is _Role.CUE,
        )


@dataclass(frozen=True)
class _Compiled:
    """One language's vocabulary, compiled once into one matcher: each phrase with its act and role."""

    matcher: PhraseMatcher
    plans: list[_Plan]  # per phrase of the matcher
    patterns: list[tuple[Act, regex.Pattern[str], regex.Pattern[str] | None]]  # with its gate, if any
    questions: list[tuple[Act, regex.Pattern[str]]]
    grammar: Grammar
    negations: frozenset[str]
    openers: frozenset[str]
    conditionals: frozenset[str]
    hedges: frozenset[str]
    inner_hedges: frozenset[str]
    not_negating: PhraseMatcher | None
    subordinators: frozenset[str]
    bare_words: frozenset[str]

    @classmethod
    def build(cls, lex: ActsLexicon, lang: Language) -> _Compiled:
        phrases: list[str] = []
        roles: list[tuple[_Role, Act, frozenset[str]]] = []
        for act, spec in lex.act.items():
            cues = spec.ru if lang is Language.RU else spec.en
            for role, items in (
                (_Role.CUE, cues.cues),
                (_Role.INITIAL, cues.initial),
                (_Role.NOT, cues.not_cues),
                (_Role.VAGUE, cues.vague),
            ):
                for phrase in items:
                    # A cue that starts with grammemes alone (":VERB,1per,futr") holds on the likeliest reading.
                    first = compile_phrase(phrase)[0]
                    grammemes = first.grammemes if role is _Role.CUE and first.keys is None else frozenset()
                    phrases.append(phrase)
                    roles.append((role, act, grammemes))
        specs = [(act, spec.ru if lang is Language.RU else spec.en) for act, spec in lex.act.items()]
        grammar = lex.grammar.get(lang, Grammar())
        return cls(
            PhraseMatcher(phrases),
            [_Plan.of(*role) for role in roles],
            [(act, pattern, gate) for act, cues in specs for pattern, gate in compile_gated(cues.patterns)],
            [(act, regex.compile(p)) for act, cues in specs for p in cues.questions],
            grammar,
            frozenset(grammar.negations),
            frozenset(grammar.openers),
            frozenset(grammar.conditionals),
            frozenset(grammar.hedges),
            frozenset(grammar.inner_hedges),
            PhraseMatcher(grammar.not_negating) if grammar.not_negating else None,
            frozenset(grammar.subordinators),
            frozenset(grammar.bare_words),
        )


class ActsAnalyzer:
    """Finds the acts of every sentence of a reply. Build once (:func:`analyzer`); thread-safe."""

    def __init__(self, lex: ActsLexicon) -> None:
        self._by_lang = {lang: _Compiled.build(lex, lang) for lang in (Language.RU, Language.EN)}
        self._contrasts = {lang: frozenset(compiled.grammar.contrasts) for lang, compiled in self._by_lang.items()}
        # The words that may be an imperative or a deed: the matcher's lanes find them in one pass over a doc.
        self._imperatives = lane_bit(_IMPERATIVE)
        self._deeds = lane_bit(_DEED)

    def acts(self, doc: Doc, kind: ContextKind | None = None, message: Doc | None = None) -> list[SentenceActs]:
        """Each sentence of ``doc`` with its acts; ``kind`` is what the customer's message is, ``message`` the
        message itself (a Russian answer may give what its question asks)."""
        found: list[set[Act]] = [set() for _ in doc.sentences]
        if not found:
            return []
        langs = [Language.RU, Language.EN] if doc.language is Language.MIXED else [doc.language]
        generic: set[int] = set()  # sentences with a sign-off phrase (not a signature)
        quotes = quotation_spans(doc.text) if doc.quoted else []
        not_instructions: list[tuple[int, int]] = []
        for lang in langs:
            not_instructions += self._cues(doc, self._by_lang[lang], found, generic, quotes)
        contrasts = self._contrasts[langs[0]] if len(langs) == 1 else frozenset().union(*self._contrasts.values())
        if Language.RU in langs:
            russian = self._by_lang[Language.RU]
            imperatives = lane_positions(doc, self._imperatives)
            self._russian_imperatives(doc, imperatives, russian, found, quotes, not_instructions)
            self._russian_deeds(doc, lane_positions(doc, self._deeds), russian, found)
        question = kind is ContextKind.QUESTION
        # A Russian reply to a question may answer in fewer words when it gives a number («Обычно 2–3 дня.»).
        short_answers = question and Language.RU in langs
        asked = (
            _Asked.of(message, self._by_lang[Language.RU].grammar)
            if short_answers and message is not None and message.language is Language.RU
            else None
        )
        out = []
        for index, (sentence, acts) in enumerate(zip(doc.sentences, found, strict=True)):
            if index in generic:
                acts -= SIGN_OFF_DROPS
            if contrasts and acts >= _REFUSAL_AND_OFFER and not _contrasted(doc, sentence, contrasts):
                acts.discard(Act.OFFER)  # «Компенсация … не предусмотрена», "We're unable to offer compensation"
            if Act.HOSTILE_QUESTION in acts:
                acts.discard(Act.INFO_REQUEST)
            words = doc.tokens[sentence.first : sentence.last]
            gives = asked is not None and acts <= BACKGROUND and asked.given(words, Act.EXPLANATION in acts)
            if acts <= BACKGROUND and (gives or _states(words, short_answers)):
                acts.add(Act.EXPLANATION)
            if not question:
                acts.discard(Act.ANSWER)
            elif (
                Act.EXPLANATION in acts and not acts & NOT_ANSWERS and (gives or _specific(doc.tokens, sentence, acts))
            ):
                acts.add(Act.ANSWER)
            ordered = sorted(acts, key=_ORDER.__getitem__)
            out.append(built(SentenceActs, {"start": sentence.start, "end": sentence.end, "acts": ordered}))
        return out

    def _cues(
        self, doc: Doc, lang: _Compiled, found: list[set[Act]], generic: set[int], quotes: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Adds the acts of the cues and patterns to ``found``; returns the spans of the instruction look-alikes,
        which the Russian imperatives respect too («примите наши извинения»)."""
        tokens = doc.tokens
        matches = list(lang.matcher.finditer(doc))
        plans = lang.plans
        excluded: dict[Act, list[tuple[int, int]]] = {}
        vague: dict[Act, list[tuple[int, int]]] = {}
        idioms: list[tuple[int, int]] | None = None  # read only when a look-alike starts at a negation
        for m in matches:
            plan = plans[m.phrase]
            if not plan.cue:
                if not plan.vague and lang.not_negating is not None and tokens[m.first].folded in lang.negations:
                    if idioms is None:
                        idioms = [(i.start, i.end) for i in lang.not_negating.finditer(doc)]
                    if any(s <= m.start < e for s, e in idioms):
                        continue  # «Тем не менее, мы вернём деньги»: the «не» of the idiom refuses nothing
                end = m.end
                opener = tokens[m.first].folded
                clause_bound = opener in lang.conditionals or opener in lang.negations
                if clause_bound and not plan.vague and plan.act is Act.COMMITMENT:
                    # A condition or a negation holds in its own clause: «Если дата не подходит, вернём деньги» offers.
                    end = _clause_end(tokens, m.first, m.end)
                (vague if plan.vague else excluded).setdefault(plan.act, []).append((m.start, end))
        pending: set[tuple[int, Act]] = set()  # sentences whose act so far rests on a vague cue only
        for m in matches:
            plan = plans[m.phrase]
            if not plan.cue:
                continue
            first = tokens[m.first]
            if first.quoted and any(s <= m.start < e for s, e in quotes):
                continue
            if plan.grammemes and not (first.readings and plan.grammemes <= _likeliest(first.folded).grammemes):
                continue
            if plan.initial and not _clause_initial(tokens, m.first, lang.openers):
                continue
            if plan.base_form and _inflected(first.folded):
                continue
            act = plan.act
            if act in excluded and any(s < m.end and m.start < e for s, e in excluded[act]):
                continue
            if plan.negatable and _negated(tokens, m.first, lang.negations):
                continue
            if plan.hedgeable and (_after(tokens, m.first, lang.hedges) or _hedged(tokens, m, lang.inner_hedges)):
                act = Act.PLEASANTRY
            elif plan.conditional and _after(tokens, m.first, lang.conditionals):
                act = Act.OFFER
            if act in vague and any(s <= m.start and m.end <= e for s, e in vague[act]):  # «уже разбираемся» is more
                pending.add((first.sentence, act))
                continue
            found[first.sentence].add(act)
            if plan.generic:
                generic.add(first.sentence)
        if lang.patterns or lang.questions:
            starts = [s.start for s in doc.sentences]
            hits = [
                (act, hit, False)
                for act, pattern, gate in lang.patterns
                if gate is None or gate.search(doc.text)
                for hit in pattern.finditer(doc.text)
            ]
            if "?" in doc.text:
                hits.extend(
                    (act, hit, True) for act, pattern in lang.questions for hit in question_matches(pattern, doc.text)
                )
            for act, hit, asked in hits:
                if any(s <= hit.start() and hit.end() <= e for s, e in quotes):
                    continue
                if any(s < hit.end() and hit.start() < e for s, e in excluded.get(act, ())):
                    continue  # «чего вы ожидали?» asks for nothing
                index = max(0, bisect_right(starts, hit.end() - 1) - 1)
                if asked and _asks_done(tokens, doc.sentences[index], lang.grammar):
                    continue  # «А чек вы при получении проверяли?» asks about a step already taken
                found[index].add(act)
        for index, act in pending:
            if Act.TIME_FRAME in found[index]:  # «сейчас разберёмся» says when
                found[index].add(act)
        return excluded.get(Act.INSTRUCTION, [])

    @staticmethod
    def _russian_imperatives(
        doc: Doc,
        candidates: list[int],
        lang: _Compiled,
        found: list[set[Act]],
        quotes: list[tuple[int, int]],
        not_instructions: list[tuple[int, int]],
    ) -> None:
        """A verb read most likely as an imperative instructs, or (an invitation back) is a pleasantry. A form that is
        as likely a second-person indicative («заходите») is an imperative unless «вы» comes before it or right
        after it («реквизиты вводите вы»). No imperative stands in a clause a subordinator opens («спасибо, что
        пришли», «что делитесь»). An invitation with a place, a time or a number («приходите в пункт выдачи на
        Ленина, 12») instructs; one inside an instruction look-alike («примите наши извинения») does not.
        ``candidates``: the words with an imperative reading."""
        tokens, grammar = doc.tokens, lang.grammar
        for i in candidates:
            token = tokens[i]
            if token.quoted and any(s <= token.start < e for s, e in quotes):
                continue
            if any(s <= token.start < e for s, e in not_instructions):
                continue
            imperative = _imperative(token.folded)
            if imperative is None:
                continue
            lemma, likeliest = imperative
            if lemma in grammar.not_imperative or tokens[_clause_start(tokens, i)].folded in lang.subordinators:
                continue
            if not likeliest and (_after(tokens, i, _YOU) or _next_word(tokens, i) == "вы"):
                continue
            if _negated(tokens, i, lang.negations):
                continue
            act = Act.INSTRUCTION
            if lemma in grammar.pleasantry_imperative and not _concrete(doc, token.sentence, found):
                act = Act.PLEASANTRY
            elif lemma in grammar.leave_imperative and _bare(tokens, i, lang.bare_words, lang.conditionals):
                act = Act.PLEASANTRY  # «Пишите.», «Оставляйте, конечно.», «Звоните, если что»: leave, not a step
            found[token.sentence].add(act)

    @staticmethod
    def _russian_deeds(doc: Doc, candidates: list[int], lang: _Compiled, found: list[set[Act]]) -> None:
        """A perfective transitive past in the singular with no possible subject in its clause is what the agent
        has done («Подписку отключил, деньги вернул», «Передала вашу жалобу в отдел»): a commitment. Not after a
        negation, nor in a clause a subordinator opens («извините, что задержал ответ») or that holds «бы», nor in
        a question («Разве кто-то обещал …?»). ``candidates``: the words with a reading of a deed."""
        tokens = doc.tokens
        for i in candidates:
            token = tokens[i]
            readings = token.readings
            if not readings[0].grammemes >= _DEED or Act.COMMITMENT in found[token.sentence]:
                continue
            if doc.asks(token.sentence):
                continue
            gender = next((g for g in ("masc", "femn") if g in readings[0].grammemes), None)
            if gender is None or _negated(tokens, i, lang.negations):
                continue
            before = tokens[_clause_start(tokens, i) : i]
            if before and before[0].folded in lang.subordinators:
                continue
            end = i + 1
            while end < len(tokens) and not tokens[end].is_punct and tokens[end].sentence == token.sentence:
                end += 1
            after = [t for j, t in enumerate(tokens[i + 1 : end], i + 1) if not _preposition(tokens[j - 1])]
            if any(t.folded == "бы" or _subject(t, gender) for t in before + after):
                continue
            found[token.sentence].add(Act.COMMITMENT)


#: Parts of speech whose lemma, shared with the question's, answers it («Будут ли субтитры?» — «Будут!»).
_PREDICATES = frozenset({"VERB", "INFN", "PRED"})
#: Prepositions that name a place with a word in the prepositional case («в настройках», «на главном экране»).
_PLACE = frozenset({"в", "во", "на"})


class _Asked(NamedTuple):
    """What a Russian question asks: a cause («почему»), a place or a way («где», «как»), or, with no question word,
    whether (its own verbs and predicatives, and any of the grammar's predicatives answer)."""

    cause: bool
    place: bool
    predicates: frozenset[str]

    @classmethod
    def of(cls, message: Doc, grammar: Grammar) -> _Asked:
        words = {t.folded for t in message.tokens}
        lemmas: set[str] = set()
        if words.isdisjoint(grammar.asks_which):  # «когда откроется?» is not answered by «когда откроется, узнаете»
            lemmas = {r.lemma for t in message.tokens if (r := _top(t)) is not None and r.pos in _PREDICATES}
            lemmas.update(grammar.predicatives)
        cause, place = not words.isdisjoint(grammar.asks_cause), not words.isdisjoint(grammar.asks_place)
        return cls(cause, place, frozenset(lemmas))

    def given(self, words: Sequence[Token], cause: bool) -> bool:
        """Whether a statement of ``words`` gives what was asked; ``cause``: its cues explain (a cause)."""
        if self.cause and cause:
            return True
        for i, token in enumerate(words):
            top = _top(token)
            if top is None:
                continue
            if top.pos in _PREDICATES and top.lemma in self.predicates:
                return True
            if self.place and token.folded in _PLACE and i + 1 < len(words):
                following = _top(words[i + 1])
                if following is not None and "loct" in following.grammemes:
                    return True
        return False


def _top(token: Token) -> Reading | None:
    """A Russian word's likeliest reading (None for any other token)."""
    readings = token.readings
    return readings[0] if readings else None


#: The reading of a deed the agent reports without «я»: a perfective transitive verb in the past singular.
_DEED = frozenset({"VERB", "perf", "tran", "past", "sing"})
#: A third-person perfective future, which a verb of both aspects shares with its present.
_PERFECT_FUTURE = frozenset({"VERB", "perf", "futr", "3per"})
#: Parts of speech that can be a subject in the nominative.
_SUBJECTS = frozenset({"NOUN", "NPRO", "ADJF", "PRTF", "NUMR"})
_GENDERS = frozenset({"masc", "femn", "neut"})


def _subject(token: Token, gender: str) -> bool:
    """Whether a word's likeliest reading can be the subject of a past verb of ``gender``: a noun, pronoun or
    adjective in the nominative singular of that gender, or a pronoun without one («я»)."""
    readings = token.readings
    if not readings:
        return False
    top = readings[0]
    if top.pos not in _SUBJECTS or "nomn" not in top.grammemes or "plur" in top.grammemes:
        return False
    return gender in top.grammemes or (top.pos == "NPRO" and top.grammemes.isdisjoint(_GENDERS))


def _asks_done(tokens: Sequence[Token], sentence: Sentence, grammar: Grammar) -> bool:
    """Whether a Russian question asks only whether the customer did something: «вы», then a verb in the past, and
    no question word nor one of the grammar's ``asks-done-unless`` («А инструкцию вы открывали?», «Вы точно
    правильно указали адрес?»; not «Когда вы оформили заказ?», «А вы пробовали войти с другого устройства?»)."""
    if not grammar.asks_done_unless:
        return False
    words = tokens[sentence.first : sentence.last]
    you = next((i for i, t in enumerate(words) if t.folded == "вы"), None)
    if you is None:
        return False
    unless = grammar.asks_done_unless
    for token in words:
        top = _top(token)
        if token.folded in grammar.asks_which or token.folded in unless or (top is not None and top.lemma in unless):
            return False
    return any((top := _top(t)) is not None and top.pos == "VERB" and "past" in top.grammemes for t in words[you + 1 :])


def _clause_start(tokens: Sequence[Token], i: int) -> int:
    """The first word of the clause of ``tokens[i]``: after the last punctuation mark of its sentence before it."""
    start = i
    while start and not tokens[start - 1].is_punct and tokens[start - 1].sentence == tokens[i].sentence:
        start -= 1
    return start


def _clause_end(tokens: Sequence[Token], first: int, end: int) -> int:
    """Where the clause that ``tokens[first]`` opens ends within a match ending at ``end``: the start of its first
    punctuation mark, or ``end``."""
    j = first + 1
    while j < len(tokens) and tokens[j].start < end:
        if tokens[j].is_punct:
            return tokens[j].start
        j += 1
    return end


def _next_word(tokens: Sequence[Token], i: int) -> str:
    """The next word of the same sentence, folded ("" at its end)."""
    following = i + 1
    if following < len(tokens) and tokens[following].sentence == tokens[i].sentence:
        return tokens[following].folded
    return ""


def _concrete(doc: Doc, index: int, found: list[set[Act]]) -> bool:
    """Whether a sentence names a place, a time or a number (an invitation in it is an instruction)."""
    sentence = doc.sentences[index]
    return bool(found[index] & {Act.CONTACT_CHANNEL, Act.TIME_FRAME}) or any(
        c.isdigit() for c in doc.text[sentence.start : sentence.end]
    )


@word_cache
def _likeliest(word: str) -> Reading:
    """The likeliest reading of a Russian word, a tie settled by grammar: a short adjective tied with a verb is the
    verb («восстановим», «заменим» are "we will restore, replace", not "restorable"), and a third-person
    perfective future tied with the same verb's present is the present (a verb of both aspects: «мастер всё
    фиксирует», «вас переводят»)."""
    readings = russian_readings(word)
    top = readings[0]
    tied = [r for r in readings if r.score >= top.score]
    if top.pos == "ADJS":
        top = next((r for r in tied if r.pos == "VERB"), top)
    if top.grammemes >= _PERFECT_FUTURE:
        top = next((r for r in tied if r.lemma == top.lemma and "pres" in r.grammemes), top)
    return top


def _preposition(token: Token) -> bool:
    """Whether a word's likeliest reading is a preposition (what follows it is no subject)."""
    readings = token.readings
    return bool(readings) and readings[0].pos == "PREP"


@word_cache
def _imperative(word: str) -> tuple[str, bool] | None:
    """The lemma of a second-person imperative reading of a Russian word at least as likely as any other (tied
    only with the same verb's indicative, «заходите»), and whether it is the likeliest; None when there is none
    («проверим», "let's check", is no instruction) or when another verb's indicative ties with it («нашли»)."""
    readings = russian_readings(word) if "а" <= word[0] <= "я" else ()
    if not readings or other_verb_tied(word):
        return None
    top = readings[0]
    reading = next((r for r in readings if r.score >= top.score and r.grammemes >= _IMPERATIVE), None)
    if reading is None or "incl" in reading.grammemes:
        return None
    if reading is not top and (top.pos != "VERB" or top.lemma != reading.lemma):
        return None  # «жаль» is rather a predicative than "sting!"
    return reading.lemma, reading is top


#: The word that, like a conditional, opens the clause after a bare imperative («Звоните, когда будет удобно»).
_WHEN = "когда"


def _bare(tokens: Sequence[Token], i: int, particles: frozenset[str], conditions: frozenset[str]) -> bool:
    """Whether the imperative ``tokens[i]`` stands alone in its clause: only particles («ну», «конечно»,
    «пожалуйста») lie between it and its sentence's start, and after it only particles up to the sentence's end or a
    condition («Пишите, если что», «Звоните, когда будет удобно»). Said so, an imperfective imperative of writing or
    complaining (``leave-imperative``) lets the customer go on («Пишите.», «Жалуйтесь, конечно.») and names nothing
    to do."""
    sentence = tokens[i].sentence
    j = i - 1
    while j >= 0 and tokens[j].sentence == sentence:
        if not tokens[j].is_punct and tokens[j].folded not in particles:
            return False
        j -= 1
    j = i + 1
    while j < len(tokens) and tokens[j].sentence == sentence:
        token = tokens[j]
        if (token.folded in conditions or token.folded == _WHEN) and tokens[j - 1].is_punct:
            return True
        if not token.is_punct and token.folded not in particles:
            return False
        j += 1
    return True


def _inflected(word: str) -> bool:
    """Whether an English word is an -ing, -ed or third-person -s form, no imperative ("giving a gesture is not …",
    "checked the train", "going forward", "Looks like those albums are unavailable"); "bring", "need", "access" are
    their own stems."""
    return word.endswith(("ing", "ed", "s")) and not word.endswith("ss") and english_stem(word) != word


def _specific(tokens: Sequence[Token], sentence: Sentence, acts: set[Act]) -> bool:
    """Whether a statement carries a fact: a number, a name, a time or a channel ("Delivery takes a while" does not)."""
    if acts & {Act.TIME_FRAME, Act.CONTACT_CHANNEL}:
        return True
    words = tokens[sentence.first : sentence.last]
    return any(any(c.isdigit() for c in t.text) for t in words) or any(
        t.is_alpha and t.text[0].isupper() and not t.text.isupper() for t in words[1:]
    )


def _contrasted(doc: Doc, sentence: Sentence, contrasts: frozenset[str]) -> bool:
    """Whether a contrast word («но», «зато») lies in the sentence: a refusal there may come with an offer."""
    return any(t.folded in contrasts for t in doc.tokens[sentence.first : sentence.last])


def _states(tokens: Sequence[Token], short_answers: bool) -> bool:
    """Whether a sentence is long enough to explain: ``MIN_WORDS`` words, or, where ``short_answers``, fewer with
    a number («Обычно 2–3 дня.»)."""
    words = sum(1 for t in tokens if t.is_alpha)
    return words >= MIN_WORDS or (short_answers and words > 0 and any(c.isdigit() for t in tokens for c in t.text))


def _negated(tokens: Sequence[Token], first: int, negations: frozenset[str]) -> bool:
    """Whether the word before ``first`` (in the same sentence) is a negation."""
    return first > 0 and tokens[first - 1].sentence == tokens[first].sentence and tokens[first - 1].folded in negations


def _after(tokens: Sequence[Token], first: int, words: frozenset[str]) -> bool:
    """Whether one of ``words`` (a conditional «если», "if"; a hedge "hopefully") comes before ``first`` in its
    sentence."""
    sentence = tokens[first].sentence
    i = first - 1
    while i >= 0 and tokens[i].sentence == sentence:
        if tokens[i].folded in words:
            return True
        i -= 1
    return False


def _hedged(tokens: Sequence[Token], m: Match, hedges: frozenset[str]) -> bool:
    """Whether one of ``hedges`` lies inside the match ``m`` or is the word right after it, in its sentence ("We'll
    hopefully have you there soon", "It will hopefully be fixed")."""
    sentence = tokens[m.first].sentence
    end = min(m.last + 1, len(tokens))
    return any(tokens[i].folded in hedges and tokens[i].sentence == sentence for i in range(m.first + 1, end))


def _clause_initial(tokens: Sequence[Token], first: int, openers: frozenset[str]) -> bool:
    """Whether a clause starts at ``first``: only openers, handles or nothing lie between it and a sentence
    start or a punctuation mark."""
    sentence = tokens[first].sentence
    i = first - 1
    while i >= 0 and tokens[i].sentence == sentence:
        token = tokens[i]
        if token.is_punct:
            return True
        if token.folded not in openers and not token.text.startswith(("@", "#")):
            return False
        i -= 1
    return True


@cache
def analyzer() -> ActsAnalyzer:
    """The analyzer of the packaged vocabulary, built on first use."""
    return ActsAnalyzer(lexicon())


def sentence_acts(doc: Doc, kind: ContextKind | None = None, message: Doc | None = None) -> list[SentenceActs]:
    """Each sentence of a reply with its acts (see :class:`ActsAnalyzer`); ``message`` is the customer's."""
    return analyzer().acts(doc, kind, message)
