"""Message templates of rule packs: ``{name}`` takes a value, ``{name|words}`` agrees words with a number.

In a Russian template ``{count|восклицательный знак}`` gives the words in the form the number ``count`` needs
(«1 восклицательный знак», «2 восклицательных знака», «5 восклицательных знаков»), inflected by pymorphy3's
``make_agree_with_number``: write the words as they would read after «1», in the case the sentence needs
(«на {count} {count|разную жалобу}», «не больше {limit} {limit|символа}»). In an English template give both
forms: ``{count|mark|marks}``. ``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from replylint.models import Language

if TYPE_CHECKING:  # pymorphy3 and the analysis load only when a Russian field is agreed, not when a pack is read
    import pymorphy3

FIELD = re.compile(r"\{\{|\}\}|\{(?P<name>[A-Za-z_]\w*)(?:\|(?P<forms>[^{}]*))?\}")
_AGREEING = frozenset({"ADJF", "PRTF"})


class TemplateError(ValueError):
    """A message template whose agreement field cannot be rendered."""


def _readings(words: str) -> list[pymorphy3.analyzer.Parse | None]:
    """One reading per word: the first noun (singular preferred), and before it adjectives and participles in
    its case and gender; words after the noun keep their form (None)."""
    from replylint.analysis.morphology import analyzer

    parts = words.split()
    parses = [analyzer().parse(word) for word in parts]
    head = next((i for i, options in enumerate(parses) if any(p.tag.POS == "NOUN" for p in options)), None)
    if head is None:
        raise TemplateError(f"no noun to agree with the number in {words!r}")
    nouns = [p for p in parses[head] if p.tag.POS == "NOUN"]
    noun = next((p for p in nouns if "sing" in p.tag), nouns[0])
    chosen: list[pymorphy3.analyzer.Parse | None] = []
    for i, options in enumerate(parses[:head]):
        fits = [
            p
            for p in options
            if p.tag.POS in _AGREEING
            and p.tag.case == noun.tag.case
            and p.tag.number == noun.tag.number
            and (noun.tag.number == "plur" or p.tag.gender == noun.tag.gender)
        ]
        if not fits:
            raise TemplateError(f"{parts[i]!r} does not agree with {parts[head]!r} in {words!r}")
        chosen.append(fits[0])
    chosen.append(noun)
    chosen.extend(None for _ in parts[head + 1 :])
    return chosen


def _same_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


@lru_cache(maxsize=1024)
def agree_russian(words: str, number: int) -> str:
    """Russian words in the form the number needs after it."""
    out = []
    for word, reading in zip(words.split(), _readings(words), strict=True):
        agreed = reading.make_agree_with_number(abs(number)) if reading is not None else None
        out.append(_same_case(word, agreed.word) if agreed is not None else word)
    return " ".join(out)


def _agree(forms: str, number: int, language: Language) -> str:
    if language is Language.RU:
        return agree_russian(forms.strip(), number)
    singular, plural = (form.strip() for form in forms.split("|"))
    return singular if abs(number) == 1 else plural


def check_syntax(template: str, language: Language) -> None:
    """Raise :class:`TemplateError` when the template has a brace that is no field (``{match!r}``, ``{0}``, a lone
    ``{``) or an agreement field of the wrong shape; needs no dictionary, so it runs whenever a pack is read."""
    stray = next((c for c in FIELD.sub("", template) if c in "{}"), None)
    if stray is not None:
        raise TemplateError(
            f"invalid message template {template!r}: a {stray!r} that is no field; fields are {{name}} or "
            "{name|words}, literal braces are {{ and }}"
        )
    for field in FIELD.finditer(template):
        forms = field.group("forms")
        if forms is None:
            continue
        if language is Language.RU:
            if "|" in forms or not forms.strip():
                raise TemplateError(f"{field.group()}: a Russian field takes the words once, as after «1»")
        elif len(forms.split("|")) != 2 or not all(f.strip() for f in forms.split("|")):
            raise TemplateError(f"{field.group()}: an English field takes two forms, {{count|mark|marks}}")


def check_template(template: str, language: Language) -> None:
    """:func:`check_syntax`, then every Russian agreement field tried with pymorphy3 (when a linter is built, not
    at the first finding)."""
    check_syntax(template, language)
    if language is Language.RU:
        for field in FIELD.finditer(template):
            if field.group("forms") is not None:
                _readings(field.group("forms").strip())


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """The template cut once into its literal text and fields: ``(text, name, forms)``, name None for text."""
    pieces: list[tuple[str, str | None, str | None]] = []
    last = 0
    for match in FIELD.finditer(template):
        if match.start() > last:
            pieces.append((template[last : match.start()], None, None))
        text = match.group()
        if text in ("{{", "}}"):
            pieces.append((text[0], None, None))
        else:
            pieces.append((text, match.group("name"), match.group("forms")))
        last = match.end()
    if last < len(template):
        pieces.append((template[last:], None, None))
    return tuple(pieces)


def render(template: str, values: Mapping[str, str], language: Language) -> str:
    """The template with its values filled in and words agreed with their numbers; a field without a value
    stays as written."""
    out = []
    for text, name, forms in _pieces(template):
        value = values.get(name) if name is not None else None
        if value is None:
            out.append(text)
        elif forms is None:
            out.append(value)
        else:
            try:
                number = int(value)
            except ValueError:
                out.append(forms.split("|")[-1].strip())
            else:
                out.append(_agree(forms, number, language))
    return "".join(out)
