"""What ``replylint rules`` and ``explain`` show: each rule as a configuration makes it, channel by channel, from
the registry alone (no analysis is loaded)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from replylint.config import Config
from replylint.models import Language, Severity
from replylint.packs import RuleSpec, RuleStatus
from replylint.registry import Registry, registry_for
from replylint.selection import check_selection, config_layers, layered_severity, runs, severity_by_channel
from replylint.selectors import selects

#: How the output names "no channel given".
NO_CHANNEL = "no channel"


@dataclass(frozen=True)
class RuleInfo:
    """A rule's spec, whether the configuration selects it, its severity in each channel (None: off), its
    category's meaning and the retired codes that redirect to it."""

    spec: RuleSpec
    selected: bool
    severity: Severity
    by_channel: dict[str, Severity | None]
    category_meaning: str
    renamed_from: tuple[str, ...]

    def selected_by(self, selectors: Sequence[str]) -> bool:
        """Whether a code, code prefix, name or category (any case) names the rule."""
        return selects(selectors, self.spec.code, self.spec.name, str(self.spec.category))

    def line(self) -> str:
        """One line of ``replylint rules``."""
        spec = self.spec
        langs = ",".join(lang.value for lang in spec.languages)
        channels = " ".join(f"{c}={s.value if s else 'off'}" for c, s in self.by_channel.items() if c != NO_CHANNEL)
        state = self.severity.value if self.selected else "off"
        status = f"  ({spec.status.value})" if spec.status is not RuleStatus.STABLE else ""
        return f"{spec.code}  {spec.name:<28} {spec.category:<18} {state:<8} {langs:<6} {channels}{status}"

    def to_dict(self) -> dict[str, Any]:
        """The rule as ``replylint rules --format json`` prints it (docs/configuration.md lists the fields)."""
        spec = self.spec
        return {
            "code": spec.code,
            "name": spec.name,
            "category": spec.category,
            "category_meaning": self.category_meaning,
            "status": spec.status.value,
            "renamed_from": list(self.renamed_from),
            "selected": self.selected,
            "severity": self.severity.value,
            "severity_by_channel": {c: s.value if s else None for c, s in self.by_channel.items()},
            "channels": [c.value for c in spec.channels],
            "check": spec.check,
            "options": spec.options,
            "origin": spec.origin,
            "rationale": spec.rationale,
            "message": spec.message.model_dump(),
            "suggestion": spec.suggestion.model_dump() if spec.suggestion else None,
            "examples": {
                lang.value: {
                    "flag": [e.model_dump(exclude_defaults=True) for e in spec.examples(lang, flagged=True)],
                    "pass": [e.model_dump(exclude_defaults=True) for e in spec.examples(lang, flagged=False)],
                }
                for lang in spec.languages
            },
        }

    def explanation(self) -> str:
        """The text of ``replylint explain``."""
        spec = self.spec
        state = self.severity.value if self.selected else "off (not selected by the configuration)"
        status = f", {spec.status.value}" if spec.status is not RuleStatus.STABLE else ""
        out = [f"{spec.code} {spec.name} ({spec.category}, {state}{status})", f"From {spec.origin}."]
        if self.renamed_from:
            out.append(f"Formerly {', '.join(self.renamed_from)}.")
        out += [f"Category {spec.category}: {self.category_meaning}", "", spec.rationale, ""]
        out += [f"Message: {spec.message.en}", f"Сообщение: {spec.message.ru}"]
        if spec.suggestion:
            out += ["", f"Suggestion: {spec.suggestion.en}", f"Совет: {spec.suggestion.ru}"]
        out += ["", "Severity by channel:"]
        out += [f"  {c:<11} {s.value if s else 'off'}" for c, s in self.by_channel.items()]
        for lang in spec.languages:
            name = "Russian" if lang is Language.RU else "English"
            for flagged, verb in ((True, "flags"), (False, "passes")):
                out += ["", f"{name}, {verb}:"]
                for example in spec.examples(lang, flagged=flagged):
                    extra = [f"customer: {example.context}"] if example.context else []
                    extra += [f"channel: {example.channel.value}"] if example.channel else []
                    extra += ["as a template"] if example.template else []
                    suffix = f"  ({'; '.join(extra)})" if extra else ""
                    out.append(f"  {' '.join(example.marked.split()) or repr(example.text)}{suffix}")
        return "\n".join(out) + "\n"


def rule_infos(config: Config, registry: Registry | None = None) -> list[RuleInfo]:
    """Every rule of the packaged, installed and configured packs, in code order, as ``config`` makes it."""
    registry = registry or registry_for(config)
    config = registry.redirected(config)
    check_selection(config, registry.rules)
    infos = []
    for spec in registry.rules:
        by_channel = severity_by_channel(spec, config)
        severities = {channel.value if channel else NO_CHANNEL: found for channel, found in by_channel.items()}
        renamed = tuple(sorted(old for old, new in registry.redirects.items() if new == spec.code))
        default = layered_severity(spec, config_layers(spec, config))
        meaning = registry.categories[spec.category]
        infos.append(RuleInfo(spec, runs(spec, config), default, severities, meaning, renamed))
    return infos
