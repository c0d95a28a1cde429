"""The engine: builds the selected rules once, then lints replies into reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from replylint import context as context_mod
from replylint.analysis import Doc, analyze
from replylint.analysis import warm_up as warm_up_analysis
from replylint.checks import CHECKS, Check, CheckInput, Hit, LanguageData
from replylint.config import Config, RuleSettings
from replylint.errors import ConfigError, ReplyRejected
from replylint.models import Channel, Finding, Language, Report, Severity, Summary
from replylint.packs import RuleSpec, builtin_specs, check_unique, load_pack

#: Score penalty per finding, by severity; each rule counts at most :data:`MAX_COUNTED` times.
PENALTY = {Severity.ERROR: 25, Severity.WARNING: 10, Severity.INFO: 3}
MAX_COUNTED = 2


@dataclass(frozen=True)
class Rule:
    """A rule ready to run: its spec, effective severity and built check."""

    spec: RuleSpec
    severity: Severity
    check: Check


def _selected(spec: RuleSpec, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or spec.code.startswith(s) or s in (spec.name, spec.category.value) for s in selectors)


def _settings_for(spec: RuleSpec, config: Config) -> tuple[str, RuleSettings] | None:
    for key in (spec.code, spec.name):
        if key in config.rules:
            return key, config.rules[key]
    return None


def _build_check(spec: RuleSpec, config: Config) -> tuple[Severity, Check]:
    kind = CHECKS[spec.check]
    found = _settings_for(spec, config)
    key, settings = found if found else (spec.code, RuleSettings())
    data: dict[Language, LanguageData] = dict(spec.language_data())
    for lang, phrases in settings.extra_phrases.items():
        if "extra_phrases" not in kind.Data.model_fields:
            raise ConfigError(config.source, f"rules.{key}.extra-phrases", f"check {spec.check!r} takes no phrases")
        current = data.get(lang) or kind.Data()
        extended = [*getattr(current, "extra_phrases", []), *phrases]
        data[lang] = current.model_copy(update={"extra_phrases": extended})
    try:
        options = kind.Options.model_validate({**spec.options, **settings.options})
    except ValidationError as exc:
        origin = config.source if settings.options else spec.origin
        raise ConfigError.from_validation(origin, exc, f"rules.{key}.options") from exc
    return settings.severity or spec.severity, kind(options, data)


def build_rules(config: Config) -> list[Rule]:
    """Load the packaged and configured packs, apply selection and per-rule settings."""
    specs = list(builtin_specs())
    for path in config.packs:
        specs.extend(load_pack(path))
    check_unique(specs)
    known = {key for spec in specs for key in (spec.code, spec.name)}
    for key in config.rules:
        if key not in known:
            raise ConfigError(config.source, f"rules.{key}", "no rule has this code or name")
    for field_name, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        for selector in selectors:
            if selector != "ALL" and not any(_selected(spec, [selector]) for spec in specs):
                raise ConfigError(config.source, field_name, f"{selector!r} matches no rule code, name or category")
    rules = []
    for spec in specs:
        if _selected(spec, [*config.select, *config.extend_select]) and not _selected(spec, config.ignore):
            severity, check = _build_check(spec, config)
            rules.append(Rule(spec, severity, check))
    return rules


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def tone_score(findings: Sequence[Finding]) -> int:
    """100 minus a penalty per finding by severity, each rule counted at most twice; never below 0."""
    counted: Counter[str] = Counter()
    penalty = 0
    for finding in findings:
        counted[finding.code] += 1
        if counted[finding.code] <= MAX_COUNTED:
            penalty += PENALTY[finding.severity]
    return max(0, 100 - penalty)


def summarize(findings: Sequence[Finding]) -> Summary:
    """Counts per severity and category."""
    severities = Counter(f.severity for f in findings)
    return Summary(
        errors=severities[Severity.ERROR],
        warnings=severities[Severity.WARNING],
        infos=severities[Severity.INFO],
        by_category=dict(Counter(f.category.value for f in findings)),
    )


class Linter:
    """Lints replies with one configuration. Build once; thread-safe after construction."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.rules = build_rules(self.config)
        self._domains = frozenset(d.lower() for d in self.config.company_domains)
        warm_up_analysis()
        context_mod.warm_up()

    def lint(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """Lint one reply. ``context`` is the customer's message it answers; ``template`` marks a
        reply template whose placeholders are expected."""
        lang = Language(language) if language is not None else None
        chan = Channel(channel) if channel is not None else self.config.channel
        doc = analyze(text, lang)
        info = (
            context_mod.classify_message(analyze(context))
            if context and context.strip()
            else context_mod.infer_from_reply(doc)
        )
        item = CheckInput(doc, chan, info.kind, template, self._domains)
        findings = [
            self._finding(rule, hit, doc)
            for rule in self.rules
            if not (rule.spec.channels and chan not in rule.spec.channels) and rule.check.applies(doc)
            for hit in rule.check.run(item)
        ]
        findings.sort(key=lambda f: (f.line, f.column, f.code))
        return Report(
            language=doc.language,
            channel=chan,
            context=info,
            findings=findings,
            score=tone_score(findings),
            summary=summarize(findings),
        )

    def lint_many(
        self,
        texts: Iterable[str],
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        contexts: Iterable[str | None] | None = None,
    ) -> list[Report]:
        """Lint many replies; ``contexts``, when given, pairs each reply with its customer message."""
        context_list = list(contexts) if contexts is not None else None
        reports = []
        for index, text in enumerate(texts):
            ctx = context_list[index] if context_list is not None and index < len(context_list) else None
            reports.append(self.lint(text, language, channel, ctx))
        return reports

    def check(
        self,
        text: str,
        fail_on: Severity | str | None = None,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
    ) -> Report:
        """Pre-send guard: return the report, or raise :class:`ReplyRejected` carrying it when a finding is at or
        above ``fail_on`` (default: the configured ``fail-on``)."""
        level = Severity(fail_on) if fail_on is not None else self.config.fail_on
        report = self.lint(text, language, channel, context)
        if report.at_or_above(level):
            raise ReplyRejected(report, level.value)
        return report

    def _finding(self, rule: Rule, hit: Hit, doc: Doc) -> Finding:
        spec = rule.spec
        lang = doc.language
        start, end = (hit.start, hit.end) if hit.start is not None and hit.end is not None else (None, None)
        span_start, span_end = (start, end) if start is not None and end is not None else (0, len(doc.text))
        line, column = doc.line_col(span_start)
        end_line, end_column = doc.line_col(span_end)
        values = _Values(hit.values)
        return Finding(
            code=spec.code,
            rule=spec.name,
            category=spec.category,
            severity=rule.severity,
            message=spec.message.for_language(lang).format_map(values),
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            suggestion=spec.suggestion.for_language(lang).format_map(values) if spec.suggestion else None,
            match=doc.text[start:end] if start is not None else None,
        )
