"""The rule reference (docs/rules.md), generated from the rule packs so the two never disagree."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.checks import Example
from replylint.models import Category, Language
from replylint.packs import RuleSpec

#: What each category means; the vocabulary is fixed and every value is documented here.
CATEGORY_DOCS: dict[Category, str] = {
    Category.EXCLAMATION: "Runs of “!!!” or “?!”, or too many exclamation marks in one reply.",
    Category.SHOUTING: "Words in capitals for emphasis (acronyms and codes are not shouting).",
    Category.BLAME: "Blaming or accusing the customer: fault, lying, motives.",
    Category.CONDESCENSION: "Talking down: “as I already said”, “obviously”, bare commands.",
    Category.DISMISSAL: "Brushing the problem off without offering an alternative.",
    Category.RUDENESS: "Insults, profanity, belittling, sarcasm.",
    Category.MISSING_APOLOGY: "A problem was reported and the reply neither apologises nor regrets it.",
    Category.MISSING_NEXT_STEP: "A problem or question gets no concrete action, owner, channel or time frame.",
    Category.MISSING_GREETING: "An e-mail or public reply that neither greets nor addresses the person.",
    Category.JARGON: "Bureaucratic or corporate speak that distances the customer.",
    Category.CANNED: "A generic reply that could answer anything, or the same reply sent to many complaints.",
    Category.PRIVACY: "Personal data in a public reply; a full card number anywhere.",
    Category.LENGTH: "Too long for the channel.",
    Category.TEMPLATE: "An unresolved placeholder or an empty slot in text about to be sent.",
    Category.OBFUSCATION: "Invisible characters or look-alike letters hiding a phrase another rule flags.",
}

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
    out.extend(f"| `{c.value}` | {CATEGORY_DOCS[c]} |" for c in Category)
    out.append("\n## Rules\n")
    out.append("| code | name | category | severity | check |")
    out.append("|---|---|---|---|---|")
    out.extend(
        f"| [{s.code}](#{s.code.lower()}-{s.name}) | `{s.name}` | `{s.category.value}` | {s.severity.value} | "
        f"`{s.check}` |"
        for s in specs
    )
    for spec in specs:
        out.append(f"\n### {spec.code} {spec.name}\n")
        channels = ", ".join(c.value for c in spec.channels) or "all"
        out.append(
            f"Category `{spec.category.value}`, severity **{spec.severity.value}**, check `{spec.check}`, "
            f"channels: {channels}.\n"
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
        for lang, data in spec.language_data().items():
            name = "Russian" if lang is Language.RU else "English"
            out.append(f"\n{name}, flags:\n")
            out.extend(_example(e) for e in data.examples(flagged=True))
            out.append(f"\n{name}, passes:\n")
            out.extend(_example(e) for e in data.examples(flagged=False))
    return "\n".join(out) + "\n"
