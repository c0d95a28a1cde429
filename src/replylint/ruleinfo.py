"""What ``replylint rules`` and ``explain`` show: each rule as a configuration makes it, channel by channel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from replylint.config import Config
from replylint.engine import build_rules, load_specs, rules_by_channel
from replylint.models import Channel, Language, Severity
from replylint.packs import RuleSpec

#: How the output names "no channel given".
NO_CHANNEL = "no channel"


@dataclass(frozen=True)
class RuleInfo:
    """A rule's spec, whether the configuration selects it, and its severity in each channel (None: off)."""

    spec: RuleSpec
    selected: bool
    severity: Severity
    by_channel: dict[str, Severity | None]

    def selected_by(self, selectors: Sequence[str]) -> bool:
        """Whether a code, code prefix, name or category (any case) names the rule."""
        spec = self.spec
        return any(
            spec.code.casefold().startswith(s.casefold()) or s.casefold() in (spec.name, spec.category.value)
            for s in selectors
        )

    def line(self) -> str:
        """One line of ``replylint rules``."""
        spec = self.spec
        langs = ",".join(lang for lang in ("ru", "en") if getattr(spec, lang) is not None)
        channels = " ".join(f"{c}={s.value if s else 'off'}" for c, s in self.by_channel.items() if c != NO_CHANNEL)
        state = self.severity.value if self.selected else "off"
        return f"{spec.code}  {spec.name:<28} {spec.category.value:<18} {state:<8} {langs:<6} {channels}"

    def to_dict(self) -> dict[str, Any]:
        """The rule as ``replylint rules --format json`` prints it."""
        spec = self.spec
        return {
            "code": spec.code,
            "name": spec.name,
            "category": spec.category.value,
            "selected": self.selected,
            "severity": self.severity.value,
            "severity_by_channel": {c: s.value if s else None for c, s in self.by_channel.items()},
            "channels": [c.value for c in spec.channels],
            "check": spec.check,
            "origin": spec.origin,
            "rationale": spec.rationale,
            "message": spec.message.model_dump(),
            "suggestion": spec.suggestion.model_dump() if spec.suggestion else None,
            "examples": {
                lang.value: {
                    "flag": [e.model_dump(exclude_defaults=True) for e in data.examples(flagged=True)],
                    "pass": [e.model_dump(exclude_defaults=True) for e in data.examples(flagged=False)],
                }
                for lang, data in spec.language_data().items()
            },
        }

    def explanation(self) -> str:
        """The text of ``replylint explain``."""
        spec = self.spec
        state = self.severity.value if self.selected else "off (not selected by the configuration)"
        out = [f"{spec.code} {spec.name} ({spec.category.value}, {state})", f"From {spec.origin}.", ""]
        out += [spec.rationale, ""]
        out += [f"Message: {spec.message.en}", f"Сообщение: {spec.message.ru}"]
        if spec.suggestion:
            out += ["", f"Suggestion: {spec.suggestion.en}", f"Совет: {spec.suggestion.ru}"]
        out += ["", "Severity by channel:"]
        out += [f"  {c:<11} {s.value if s else 'off'}" for c, s in self.by_channel.items()]
        for lang, data in spec.language_data().items():
            name = "Russian" if lang is Language.RU else "English"
            for flagged, verb in ((True, "flags"), (False, "passes")):
                out += ["", f"{name}, {verb}:"]
                for example in data.examples(flagged=flagged):
                    extra = [f"customer: {example.context}"] if example.context else []
                    extra += [f"channel: {example.channel.value}"] if example.channel else []
                    extra += ["as a template"] if example.template else []
                    suffix = f"  ({'; '.join(extra)})" if extra else ""
                    out.append(f"  {' '.join(example.marked.split()) or repr(example.text)}{suffix}")
        return "\n".join(out) + "\n"


def rule_infos(config: Config) -> list[RuleInfo]:
    """Every rule of the packaged and configured packs, in code order, as ``config`` makes it."""
    specs = load_specs(config)
    rules = build_rules(config, specs)
    by_channel = rules_by_channel(config, specs, rules)
    built = {rule.spec.code: rule for rule in rules}
    infos = []
    for spec in sorted(specs, key=lambda s: s.code):
        rule = built.get(spec.code)
        severities: dict[str, Severity | None] = {}
        for channel in (None, *Channel):
            found = next((r for r in by_channel[channel] if r.spec.code == spec.code), None)
            severities[channel.value if channel else NO_CHANNEL] = found.severity if found else None
        infos.append(RuleInfo(spec, rule is not None, rule.severity if rule else spec.severity, severities))
    return infos
