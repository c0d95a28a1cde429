"""Rule packs: TOML files of rules as data, from the packaged ``rules/`` folder and user paths."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from replylint.checks import CHECKS, LanguageData
from replylint.config import read_toml
from replylint.errors import ConfigError
from replylint.messages import check_template, render
from replylint.models import Applicability, Category, Channel, Language, Severity


class LocalizedText(BaseModel):
    """A text in both languages of the project."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    ru: str

    @model_validator(mode="after")
    def _valid_templates(self) -> LocalizedText:
        check_template(self.en, Language.EN)
        check_template(self.ru, Language.RU)
        return self

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

    code: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{3}$")
    name: str = Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
    category: Category
    severity: Severity
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

    @field_validator("check")
    @classmethod
    def _known_check(cls, check: str) -> str:
        if check not in CHECKS:
            raise ValueError(f"unknown check kind {check!r}; known: {', '.join(sorted(CHECKS))}")
        return check

    def language_data(self) -> dict[Language, LanguageData]:
        """Per-language data validated by the rule's check kind."""
        data_model = CHECKS[self.check].Data
        out: dict[Language, LanguageData] = {}
        for lang in (Language.RU, Language.EN):
            raw = getattr(self, lang.value)
            if raw is not None:
                try:
                    out[lang] = data_model.model_validate(raw)
                except ValidationError as exc:
                    raise ConfigError.from_validation(self.origin, exc, f"{self.code}.{lang.value}") from exc
        return out


def load_pack(source: Traversable | Path, label: str | None = None) -> list[RuleSpec]:
    """Read and validate one pack file; errors name the file, the key and the reason."""
    label = label or str(source)
    raw = read_toml(source, label, "rule pack")
    unknown = set(raw) - {"rule"}
    if unknown:
        raise ConfigError(label, sorted(unknown)[0], "unknown top-level key (a pack holds [[rule]] tables)")
    rules = raw.get("rule", [])
    if not isinstance(rules, list):
        raise ConfigError(label, "rule", "must be an array of tables ([[rule]]), not a single value or table")
    specs = []
    for index, item in enumerate(rules):
        if not isinstance(item, dict):
            raise ConfigError(label, f"rule[{index}]", f"must be a table ([[rule]]), not {type(item).__name__}")
        try:
            spec = RuleSpec.model_validate({**item, "origin": label})
        except ValidationError as exc:
            raise ConfigError.from_validation(label, exc, f"rule[{index}]") from exc
        spec.language_data()
        specs.append(spec)
    return specs


#: Files of the packaged ``rules/`` folder that hold data other than rules.
NOT_PACKS = frozenset({"acts.toml", "context.toml", "channels.toml"})


def builtin_rules_dir() -> Traversable:
    """The ``rules/`` folder shipped inside the package."""
    return resources.files("replylint") / "rules"


@cache
def builtin_specs() -> tuple[RuleSpec, ...]:
    """Every rule of the packaged packs in code order, checked for unique codes and names."""
    folder = builtin_rules_dir()
    specs: list[RuleSpec] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name not in NOT_PACKS:
            specs.extend(load_pack(entry, f"rules/{entry.name}"))
    check_unique(specs)
    return tuple(sorted(specs, key=lambda spec: spec.code))


def check_unique(specs: list[RuleSpec]) -> None:
    """Raise when two rules share a code or a name."""
    seen: dict[str, str] = {}
    for spec in specs:
        for key in (spec.code, spec.name):
            if key in seen:
                raise ConfigError(spec.origin, spec.code, f"{key!r} is already defined in {seen[key]}")
            seen[key] = spec.origin
