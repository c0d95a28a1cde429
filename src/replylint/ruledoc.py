"""The rule reference (docs/rules.md), generated from the rule packs so the two never disagree."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.models import Language
from replylint.packs import Example, RuleSpec, RuleStatus
from replylint.registry import CATEGORY_DOCS

_HEADER = """# Rule reference

Generated from `rules/*.toml` by `replylint rules --markdown > docs/rules.md`; a test keeps the two in step.
Each rule's examples are also its tests: every “flags” example must produce the rule's code and every
“passes” example must not.

## Categories

| category | meaning |
|---|---|
"""


def _example(example: Example) -> str:
    extra = []
    if example.context:
        extra.append(f"customer: “{example.context}”")
    if example.channel:
        extra.append(f"channel: {example.channel.value}")
    suffix = f" ({'; '.join(extra)})" if extra else ""
    return f"- `{example.marked}`{suffix}".replace("\n", " ")


def render_markdown(specs: Sequence[RuleSpec]) -> str:
    """The whole rule reference as Markdown, rules in code order."""
    specs = sorted(specs, key=lambda s: s.code)
    out = [_HEADER.rstrip("\n")]
    out.extend(f"| `{c}` | {meaning} |" for c, meaning in CATEGORY_DOCS.items())
    out.append("\n## Rules\n")
    out.append("| code | name | category | severity | check |")
    out.append("|---|---|---|---|---|")
    out.extend(
        f"| [{s.code}](#{s.code.lower()}-{s.name}) | `{s.name}` | `{s.category}` | {s.severity.value} | `{s.check}` |"
        for s in specs
    )
    for spec in specs:
        out.append(f"\n### {spec.code} {spec.name}\n")
        channels = ", ".join(c.value for c in spec.channels) or "all"
        out.append(
            f"Category `{spec.category}`, severity **{spec.severity.value}**, check `{spec.check}`, "
            f"channels: {channels}{'' if spec.status is RuleStatus.STABLE else f', status: {spec.status.value}'}.\n"
        )
        out.append(f"{spec.rationale}\n")
        out.append(f"- Message (en): {spec.message.en}")
        out.append(f"- Message (ru): {spec.message.ru}")
        if spec.suggestion:
            out.append(f"- Suggestion (en): {spec.suggestion.en}")
            out.append(f"- Suggestion (ru): {spec.suggestion.ru}")
        if spec.options:
            options = ", ".join(f"`{k}` = `{v}`" for k, v in spec.options.items())
            out.append(f"- Options: {options}")
        for lang in spec.languages:
            name = "Russian" if lang is Language.RU else "English"
            out.append(f"\n{name}, flags:\n")
            out.extend(_example(e) for e in spec.examples(lang, flagged=True))
            out.append(f"\n{name}, passes:\n")
            out.extend(_example(e) for e in spec.examples(lang, flagged=False))
    return "\n".join(out) + "\n"
