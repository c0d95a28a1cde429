"""Every rule's message and suggestion as replies see them (docs/messages.md), so a reviewer reads them in one
file: rendered from each rule's first must-flag example in both languages, and with counts for several
numbers where the message counts something. Run ``python -m replylint.messagedoc > docs/messages.md``."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.config import Config
from replylint.engine import Linter
from replylint.examples import example_findings
from replylint.messages import FIELD
from replylint.models import Language
from replylint.packs import LocalizedText, RuleSpec, builtin_specs

#: Numbers each counting message is shown with: every form a Russian noun takes after a number.
NUMBERS = (1, 2, 5, 11, 21, 22, 112, 321)
#: Fields that hold text, not a number.
TEXT_FIELDS = frozenset({"match", "name"})

_HEADER = """# Messages

Generated from `rules/*.toml` by `python -m replylint.messagedoc > docs/messages.md`; a test keeps the two in
step. Each rule's message and suggestion are shown as a reply sees them: rendered from the rule's first
must-flag example in English and in Russian. A message that counts something is also shown with several
numbers, one value for every count, so its agreement can be read at a glance (`{count|знак}`, see
[writing-rules.md](writing-rules.md#messages)).
"""


def _counted_fields(text: LocalizedText) -> set[str]:
    return {m.group("name") for t in (text.en, text.ru) for m in FIELD.finditer(t) if m.group("name")}


def _counts(spec: RuleSpec, match: dict[Language, str]) -> list[str]:
    fields = _counted_fields(spec.message) - TEXT_FIELDS
    if not fields:
        return []
    out = ["\n| n | English | Russian |", "|---|---|---|"]
    for n in NUMBERS:
        cells = []
        for lang in (Language.EN, Language.RU):
            values = {name: str(n) for name in fields} | {"match": match.get(lang, "…")}
            cells.append(spec.message.render(lang, values))
        out.append(f"| {n} | {cells[0]} | {cells[1]} |")
    return out


def render_messages(specs: Sequence[RuleSpec], linter: Linter) -> str:
    """The whole page as Markdown, rules in code order."""
    out = [_HEADER.rstrip("\n")]
    for spec in sorted(specs, key=lambda s: s.code):
        out.append(f"\n## {spec.code} {spec.name}\n")
        matches: dict[Language, str] = {}
        for lang, data in sorted(spec.language_data().items(), key=lambda item: item[0] is Language.RU):
            example = data.examples(flagged=True)[0]
            finding = next(f for f in example_findings(linter, spec, lang, example) if f.code == spec.code)
            matches[lang] = finding.match or "…"
            name = "English" if lang is Language.EN else "Russian"
            out.append(f"- {name} example: `{' '.join(example.text.split())}`")
            out.append(f"  - message: {finding.message}")
            if finding.suggestion:
                out.append(f"  - suggestion: {finding.suggestion}")
        out.extend(_counts(spec, matches))
    return "\n".join(out) + "\n"


def main() -> None:
    """Print the page (every rule's messages, the preview rules' too)."""
    print(render_messages(builtin_specs(), Linter(Config(preview=True))), end="")


if __name__ == "__main__":
    main()
