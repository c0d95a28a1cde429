"""Rule packs: TOML files of rules as data. Reading one needs no analysis: the check kinds validate a rule's
language data when a linter is built (:meth:`RuleSpec.language_data`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from replylint.config import read_toml
from replylint.errors import ConfigError
from replylint.messages import check_syntax, check_template, render
from replylint.models import Applicability, Channel, Language, Severity

if TYPE_CHECKING:
    from replylint.checks import LanguageData

#: A rule code: two to four capitals and three digits.
CODE = r"^[A-Z]{2,4}[0-9]{3}$"
#: A rule name or category: kebab-case.
KEBAB = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


#: Brackets that mark, inside an example's text, a span the rule must flag: "Заказ задержался ⟦по вашей вине⟧."
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def _unmark(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text without its ⟦…⟧ marks, and the spans they marked (offsets in the unmarked text)."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    rest, length = text, 0
    while MARK_OPEN in rest or MARK_CLOSE in rest:
        head, _, tail = rest.partition(MARK_OPEN)
        inner, closed, after = tail.partition(MARK_CLOSE)
        if MARK_CLOSE in head or not closed or MARK_OPEN in inner or not inner:
            raise ValueError(f"unbalanced or empty {MARK_OPEN}…{MARK_CLOSE} marks in {text!r}")
        plain += [head, inner]
        spans.append((length + len(head), length + len(head) + len(inner)))
        length += len(head) + len(inner)
        rest = after
    plain.append(rest)
    return "".join(plain), tuple(spans)


class Example(BaseModel):
    """A reply a rule must flag or must leave alone, with the circumstances it is sent in. A must-flag example may
    mark in its text the spans the rule must flag (``⟦…⟧``) and give the suggestion the finding must carry."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    text: str
    spans: tuple[tuple[int, int], ...] = Field(
        default=(), description="The spans the rule must flag, exactly (from the ⟦…⟧ marks; empty: not stated)."
    )
    suggestion: str | None = Field(default=None, description="The suggestion the finding must carry, as rendered.")
    context: str | None = None
    channel: Channel | None = None
    template: bool = False
    sent_to: list[str] = Field(
        default_factory=list,
        alias="sent-to",
        description="Customer messages this same reply answers, linted together with Linter.lint_many.",
    )
    fixed: str | None = Field(None, description="The reply once the rule's fixes, safe and unsafe, are applied.")

    @model_validator(mode="before")
    @classmethod
    def _read_marks(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("text"), str) and "spans" not in data:
            text, spans = _unmark(data["text"])
            data = {**data, "text": text, "spans": spans}
        return data

    @property
    def marked(self) -> str:
        """The text with its stated spans marked, as written in the pack."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], MARK_OPEN, self.text[start:end], MARK_CLOSE]
            last = end
        return "".join(out) + self.text[last:]


class _Examples(BaseModel):
    """The examples of a rule's language table; its other keys belong to the check kind."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    flag: list[Example | str] = Field(default_factory=list)
    pass_: list[Example | str] = Field(default_factory=list, alias="pass")


class RuleStatus(StrEnum):
    """How settled a rule is: ``preview`` rules run only when selected by code or name (or with ``preview =
    true``); selecting a ``deprecated`` one by code or name warns."""

    STABLE = "stable"
    PREVIEW = "preview"
    DEPRECATED = "deprecated"


class LocalizedText(BaseModel):
    """A text in both languages of the project."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    ru: str

    @model_validator(mode="after")
    def _valid_templates(self) -> LocalizedText:
        check_syntax(self.en, Language.EN)
        check_syntax(self.ru, Language.RU)
        return self

    def check_agreement(self) -> None:
        """Try every Russian agreement field with pymorphy3 (:func:`replylint.messages.check_template`)."""
        check_template(self.ru, Language.RU)

    def for_language(self, language: Language) -> str:
        """Russian for Russian replies, English otherwise."""
        return self.ru if language is Language.RU else self.en

    def render(self, language: Language, values: Mapping[str, str]) -> str:
        """The text for a reply in ``language`` with ``values`` filled in (see :mod:`replylint.messages`)."""
        lang = Language.RU if language is Language.RU else Language.EN
        return render(self.for_language(lang), values, lang)


class RuleSpec(BaseModel):
    """One rule as written in a pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=CODE)
    name: str = Field(pattern=KEBAB)
    category: str = Field(pattern=KEBAB, description="A packaged category or one the pack defines.")
    severity: Severity
    status: RuleStatus = RuleStatus.STABLE
    check: str
    rationale: str
    message: LocalizedText
    suggestion: LocalizedText | None = None
    channels: list[Channel] = Field(default_factory=list, description="Only in these channels (empty: all).")
    options: dict[str, Any] = Field(default_factory=dict)
    fix: Applicability | None = Field(
        None, description="Whether the replacements the check proposes are safe or unsafe fixes (none: not offered)."
    )
    ru: dict[str, Any] | None = None
    en: dict[str, Any] | None = None
    origin: str = ""

    @model_validator(mode="after")
    def _valid_examples(self) -> RuleSpec:
        for lang in (Language.RU, Language.EN):
            self._examples(lang)
        return self

    def _examples(self, language: Language) -> _Examples | None:
        raw = getattr(self, language.value)
        return None if raw is None else _Examples.model_validate(raw)

    @property
    def languages(self) -> list[Language]:
        """The languages the rule has data for."""
        return [lang for lang in (Language.RU, Language.EN) if getattr(self, lang.value) is not None]

    def examples(self, language: Language, *, flagged: bool) -> list[Example]:
        """The rule's must-flag or must-pass examples in one language."""
        found = self._examples(language)
        raw = (found.flag if flagged else found.pass_) if found is not None else []
        return [e if isinstance(e, Example) else Example(text=e) for e in raw]

    def language_data(self) -> dict[Language, LanguageData]:
        """Per-language data validated by the rule's check kind (this loads the check kinds)."""
        from replylint.registry import check_kind

        data_model = check_kind(self).Data
        out: dict[Language, LanguageData] = {}
        for lang in self.languages:
            try:
                out[lang] = data_model.model_validate(getattr(self, lang.value))
            except ValidationError as exc:
                raise ConfigError.from_validation(self.origin, exc, f"{self.code}.{lang.value}", data_model) from exc
        return out

    def validate_fully(self) -> None:
        """What reading the pack cannot check without the analysis: the language data by the check kind and the
        Russian agreement fields of the messages."""
        self.language_data()
        for key, text in (("message", self.message), ("suggestion", self.suggestion)):
            if text is not None:
                try:
                    text.check_agreement()
                except ValueError as exc:
                    raise ConfigError(self.origin, f"{self.code}.{key}.ru", str(exc)) from exc


@dataclass(frozen=True)
class Pack:
    """One pack file: its rules, the categories it defines and the renamed codes it redirects."""

    label: str
    rules: list[RuleSpec]
    categories: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)


def _string_table(raw: Any, label: str, key: str, keys: str, values: str) -> dict[str, str]:
    """A ``[categories]`` or ``[redirects]`` table: names matching ``keys`` to strings matching ``values``."""
    if not isinstance(raw, dict):
        raise ConfigError(label, key, f"must be a table, not {type(raw).__name__}")
    out = {}
    for name, value in raw.items():
        if not re.match(keys, name):
            raise ConfigError(label, f"{key}.{name}", f"not a valid {'code' if keys == CODE else 'name'}")
        if not isinstance(value, str) or not re.match(values, value):
            raise ConfigError(label, f"{key}.{name}", f"must be {'a rule code' if values == CODE else 'a text'}")
        out[name] = value
    return out


def load_pack(source: Traversable | Path, label: str | None = None) -> Pack:
    """Read and validate one pack file; errors name the file, the key and the reason."""
    label = label or str(source)
    raw = read_toml(source, label, "rule pack")
    unknown = set(raw) - {"rule", "categories", "redirects"}
    if unknown:
        raise ConfigError(
            label, sorted(unknown)[0], "unknown top-level key (a pack holds [[rule]], [categories] and [redirects])"
        )
    rules = raw.get("rule", [])
    if not isinstance(rules, list):
        raise ConfigError(label, "rule", "must be an array of tables ([[rule]]), not a single value or table")
    specs = []
    for index, item in enumerate(rules):
        if not isinstance(item, dict):
            raise ConfigError(label, f"rule[{index}]", f"must be a table ([[rule]]), not {type(item).__name__}")
        try:
            specs.append(RuleSpec.model_validate({**item, "origin": label}))
        except ValidationError as exc:
            raise ConfigError.from_validation(label, exc, f"rule[{index}]", RuleSpec) from exc
    categories = _string_table(raw.get("categories", {}), label, "categories", KEBAB, r"(?s).*\S")
    redirects = _string_table(raw.get("redirects", {}), label, "redirects", CODE, CODE)
    return Pack(label, specs, categories, redirects)


#: Files of the packaged ``rules/`` folder that hold data other than rules.
NOT_PACKS = frozenset({"acts.toml", "context.toml", "channels.toml", "shapes.toml"})


def builtin_rules_dir() -> Traversable:
    """The ``rules/`` folder shipped inside the package."""
    return resources.files("replylint") / "rules"


@cache
def builtin_packs() -> tuple[Pack, ...]:
    """The packaged packs, in file order."""
    folder = builtin_rules_dir()
    packs: list[Pack] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name not in NOT_PACKS:
            packs.append(load_pack(entry, f"rules/{entry.name}"))
    return tuple(packs)


@cache
def builtin_specs() -> tuple[RuleSpec, ...]:
    """Every rule of the packaged packs in code order."""
    return tuple(sorted((spec for pack in builtin_packs() for spec in pack.rules), key=lambda spec: spec.code))
