"""The familiar register (``familiar-register``): «ты» forms and familiar forms of address."""

from __future__ import annotations

from collections.abc import Iterable

from replylint.analysis.lookalikes import hidden
from replylint.analysis.morphology import familiar_form
from replylint.checks.base import CheckInput, Hit, register
from replylint.checks.common import drop_overlaps, performs_any
from replylint.checks.phrase import PhraseCheck, PhraseOptions
from replylint.models import Language


@register("familiar-register")
class FamiliarRegisterCheck(PhraseCheck):
    """Flags the listed phrases (forms of address) and, in Russian, every word whose likeliest reading is a «ты»
    form (:func:`familiar_form`), outside quotations; ``unless``, ``not-counting``, ``when`` and ``unless-acts`` as in
    ``phrase``."""

    def run(self, item: CheckInput) -> Iterable[Hit]:
        options = self.options
        assert isinstance(options, PhraseOptions)
        if item.outside(options.when):
            return
        doc = item.doc
        languages = self.languages(doc)
        if any((unless := self._matchers[lang][1]) and unless.search(doc) for lang in languages):
            return
        spans = [(m.start, m.end) for lang in languages for m in self.matches(doc, lang)]
        if Language.RU in languages:
            look_alikes = self._matchers[Language.RU][2].spans(doc)
            spans.extend(
                (t.start, t.end)
                for t in doc.tokens
                if t.readings
                and not (options.skip_quoted and t.quoted)
                and familiar_form(t.folded)
                and not hidden(t.start, t.end, look_alikes)
            )
        if not spans or performs_any(item.sentence_acts(), options.unless_acts):
            return
        for start, end in drop_overlaps(sorted(spans)):
            yield Hit(start, end, {"match": doc.text[start:end]})
