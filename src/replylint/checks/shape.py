"""Hostile shapes: a sentence hostile without doubt whose category its grammar decides.

«Читайте внимательнее», «взрослый человек», «нормальные люди», «это вам не …» make a sentence hostile, and the
labels split it between blame, condescension and rudeness by what the rest of the sentence says. The grammar is
data (``rules/shapes.toml``): a sentence holding an ``anchor`` reads as rudeness when it holds a word of contempt
(``rudeness``: «нормальные люди», «мы вам не нянька»), else as condescension when it advises (``condescension``: an
imperative, «прочтите её внимательно»), else as blame when it tells a failure of the customer's that is past
(``blame``: «надо было», «вы не проверили»), else as condescension (the customer's mind or skill: «взрослый человек
должен понимать», «это вам не часы»). Each rule of the kind reports, after the other rules, the
sentences that read as its ``reads-as`` category and that no finding of its category touches. A quotation (the
customer's words, reported speech) and a question are left alone, as is an anchor overlapping a ``not-counting``
look-alike («мы внимательно изучили»).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from replylint.analysis import Doc
from replylint.analysis.lookalikes import NotCounting, hidden
from replylint.analysis.matcher import PhraseMatcher
from replylint.checks.base import CheckInput, CheckOptions, FindingsCheck, Hit, LanguageData, register
from replylint.checks.common import overlaps
from replylint.models import Language

#: The categories a shape can read as, in the order the grammar tries them (condescension when neither cue is there).
Reading = Literal["rudeness", "blame", "condescension"]


class ShapeGrammar(BaseModel):
    """One language's shapes: what makes a sentence one, and the cues that pick its category."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    anchors: list[str] = Field(description="Phrases that make a sentence a hostile shape («читать:impr внимательнее»).")
    rudeness: list[str] = Field(description="Words of contempt: the sentence reads as rudeness («нянька»).")
    condescension: list[str] = Field(
        description="Advice for the future: the sentence reads as condescension, whatever past it tells (:VERB,impr)."
    )
    blame: list[str] = Field(description="A past failure of the customer's: the sentence reads as blame («надо было»).")
    not_counting: list[str] = Field(
        default_factory=list, alias="not-counting", description="Look-alikes of an anchor («мы внимательно»)."
    )


@cache
def shape_grammars() -> dict[Language, ShapeGrammar]:
    """The packaged shapes of ``rules/shapes.toml``, by language."""
    raw = tomllib.loads((resources.files("replylint") / "rules" / "shapes.toml").read_text(encoding="utf-8"))
    return {Language(lang): ShapeGrammar.model_validate(item) for lang, item in raw.items()}


@dataclass(frozen=True, slots=True)
class _Compiled:
    anchors: PhraseMatcher
    rudeness: PhraseMatcher
    condescension: PhraseMatcher
    blame: PhraseMatcher
    not_counting: NotCounting


@cache
def _compiled(lang: Language) -> _Compiled:
    grammar = shape_grammars()[lang]
    return _Compiled(
        PhraseMatcher(grammar.anchors),
        PhraseMatcher(grammar.rudeness),
        PhraseMatcher(grammar.condescension),
        PhraseMatcher(grammar.blame),
        NotCounting(grammar.not_counting),
    )


def shape_readings(doc: Doc, lang: Language) -> dict[int, str]:
    """The sentences (by number) that hold an anchor of one language, each with the category it reads as; read once
    per doc, whichever rule of the kind asks first."""
    shapes = doc.hostile_shapes
    if shapes is None:
        shapes = doc.hostile_shapes = {}
    readings = shapes.get(lang)
    if readings is None:
        readings = shapes[lang] = _readings(doc, lang)
    return readings


def _readings(doc: Doc, lang: Language) -> dict[int, str]:
    compiled = _compiled(lang)
    anchors = [m for m in compiled.anchors.finditer(doc) if not doc.tokens[m.first].quoted]
    if not anchors:
        return {}
    look_alikes = compiled.not_counting.spans(doc)
    sentences = {doc.tokens[m.first].sentence for m in anchors if not hidden(m.start, m.end, look_alikes)}
    sentences -= {s for s in sentences if doc.asks(s)}
    if not sentences:
        return {}
    rude, advice, past = (_sentences(doc, m) for m in (compiled.rudeness, compiled.condescension, compiled.blame))
    return {
        s: "rudeness" if s in rude else "blame" if s in past and s not in advice else "condescension" for s in sentences
    }


def _sentences(doc: Doc, matcher: PhraseMatcher) -> set[int]:
    """The sentences (by number) where the matcher finds something outside quotations."""
    return {doc.tokens[m.first].sentence for m in matcher.finditer(doc) if not doc.tokens[m.first].quoted}


class ShapeOptions(CheckOptions):
    """The category whose sentences the rule reports."""

    reads_as: Reading = Field(alias="reads-as", description="The reading the rule reports: blame, condescension, …")


@register("hostile-shape")
class ShapeCheck(FindingsCheck):
    """Flags each sentence of a hostile shape that reads as the rule's category and that no finding of it touches."""

    Options: ClassVar[type[CheckOptions]] = ShapeOptions
    Data: ClassVar[type[LanguageData]] = LanguageData
    own_category: ClassVar[bool] = True
    stage: ClassVar[int] = 0

    def run_after(self, item: CheckInput, spans: Sequence[tuple[int, int]]) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, ShapeOptions)
        doc = item.doc
        for lang in self.languages(doc):
            for number, reading in sorted(shape_readings(doc, lang).items()):
                sentence = doc.sentences[number]
                if reading == options.reads_as and not overlaps(sentence.start, sentence.end, spans):
                    yield Hit(sentence.start, sentence.end, {"match": doc.text[sentence.start : sentence.end].strip()})
