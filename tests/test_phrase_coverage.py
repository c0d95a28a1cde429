"""Every entry of a ``phrase`` rule, and every ``|`` alternative of its words, is exercised by a must-flag example of
its own rule: the rule flags the example and a match of that entry, taking that alternative, counts in it.

An entry or alternative that cannot have such an example is listed in ``phrase_coverage_allow.txt``, one a line,
``CODE lang phrase # reason`` (the whole entry) or ``CODE lang phrase @ alt alt # reason`` (alternatives of it);
a line that names nothing uncovered is stale and fails too, so the list only shrinks."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from replylint import Language, Linter
from replylint.analysis import analyze
from replylint.analysis.matcher import PhraseMatcher
from replylint.checks.phrase import PhraseCheck, PhraseData
from replylint.packs import RuleSpec, builtin_specs

ALLOW = Path(__file__).with_name("phrase_coverage_allow.txt")
#: (rule code, language, phrase): the uncovered alternatives, or None when the whole entry is uncovered.
Gaps = dict[tuple[str, str, str], frozenset[str] | None]


def numbered(data: PhraseData) -> list[str]:
    """The phrases of a rule's language in the order its matcher numbers them: ``phrases``, then the phrases that
    have a replacement (``swap``, ``rewrite``) and are not among them."""
    replaced = data.replacements()
    return [*data.phrases, *(p for p in replaced if p not in data.phrases)]


CASES = [
    (spec, lang)
    for spec in builtin_specs()
    if spec.check in ("phrase", "substitution")
    for lang, data in spec.language_data().items()
    if isinstance(data, PhraseData) and numbered(data)
]


def alternatives(phrase: str) -> list[tuple[int, list[str]]]:
    """The words of a phrase that offer a choice, as (position, alternatives)."""
    out = []
    for position, word in enumerate(phrase.split()):
        choices = word.strip("()").partition(":")[0].lstrip("=").split("|")
        if len(choices) > 1:
            out.append((position, choices))
    return out


def gaps(linter: Linter, spec: RuleSpec, lang: Language) -> Gaps:
    """What no must-flag example of the rule exercises in one language."""
    data = spec.language_data()[lang]
    assert isinstance(data, PhraseData)
    entries: set[int] = set()
    taken: set[tuple[int, int, str]] = set()
    for example in data.examples(flagged=True):
        rule = linter.rule_for(spec.code, example.channel)
        report = linter.lint(example.text, lang, example.channel, example.context, template=example.template)
        if rule is None or spec.code not in [f.code for f in report.findings]:
            continue
        check = rule.check
        assert isinstance(check, PhraseCheck)
        doc = analyze(example.text, lang)
        matcher: PhraseMatcher = check.matcher(lang)
        for match in check.matches(doc, lang):
            entries.add(match.phrase)
            taken.update((match.phrase, position, alt) for position, alt in matcher.words(doc, match))
    out: Gaps = {}
    for index, phrase in enumerate(numbered(data)):
        key = (spec.code, lang.value, phrase)
        if index not in entries:
            out[key] = None
            continue
        choices = [(position, a) for position, alts in alternatives(phrase) for a in alts]
        missing = frozenset(a for position, a in choices if (index, position, a) not in taken)
        if missing:
            out[key] = missing
    return out


@cache
def allowed() -> dict[tuple[str, str, str], frozenset[str] | None]:
    """The allow-list: what each line excuses, keyed like :data:`Gaps`."""
    out: dict[tuple[str, str, str], frozenset[str] | None] = {}
    for number, line in enumerate(ALLOW.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        head, hash_, reason = line.partition(" # ")
        assert hash_ and reason.strip(), f"{ALLOW.name}:{number}: no '# reason'"
        code, lang, rest = head.split(" ", 2)
        phrase, at, alts = rest.partition(" @ ")
        key = (code, lang, phrase.strip())
        assert key not in out, f"{ALLOW.name}:{number}: listed twice"
        out[key] = frozenset(alts.split()) if at else None
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].code}-{c[1].value}")
def test_every_entry_and_alternative_is_exercised(linter: Linter, case: tuple[RuleSpec, Language]) -> None:
    spec, lang = case
    found = gaps(linter, spec, lang)
    excused = {k: v for k, v in allowed().items() if k[:2] == (spec.code, lang.value)}
    unexcused = []
    for key, missing in found.items():
        allowance = excused.get(key, frozenset())
        if missing is None and allowance is not None:
            unexcused.append(f"{key[2]}  (no example)")
        elif missing is not None and allowance is not None and missing - allowance:
            unexcused.append(f"{key[2]} @ {' '.join(sorted(missing - allowance))}")
    assert not unexcused, "\n".join(unexcused)
    stale = []
    for key, allowance in excused.items():
        missing = found.get(key, frozenset())
        if allowance is None and missing is not None:
            stale.append(f"{key[2]} is exercised now, or is no entry of the rule")
        elif allowance is not None and allowance - (missing or frozenset()) and missing is not None:
            stale.append(f"{key[2]} @ {' '.join(sorted(allowance - missing))} exercised now, or no alternatives")
        elif allowance is not None and key not in found:
            stale.append(f"{key[2]} @ {' '.join(sorted(allowance))} exercised now, or no entry of the rule")
    assert not stale, "stale lines in " + ALLOW.name + ":\n" + "\n".join(stale)


def test_allow_list_names_phrase_rules() -> None:
    known = {(spec.code, lang.value) for spec, lang in CASES}
    assert {key[:2] for key in allowed()} <= known


def test_words_tells_which_alternative_a_match_took() -> None:
    matcher = PhraseMatcher(["you should have read|check|call", "(вы) сам виноватый|ошибиться"])
    taken = {}
    for text, lang in (("You should have checked the size.", Language.EN), ("Вы сами ошиблись.", Language.RU)):
        doc = analyze(text, lang)
        match = next(matcher.finditer(doc))
        taken[text] = matcher.words(doc, match)
    assert taken == {
        "You should have checked the size.": [(0, "you"), (1, "should"), (2, "have"), (3, "check")],
        "Вы сами ошиблись.": [(0, "вы"), (1, "сам"), (2, "ошибиться")],
    }
