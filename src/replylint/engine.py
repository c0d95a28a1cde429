"""The engine: builds the selected rules once, then lints replies into reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from replylint import context as context_mod
from replylint.analysis import Doc, analyze
from replylint.analysis import warm_up as warm_up_analysis
from replylint.analysis.acts import analyzer as acts_analyzer
from replylint.analysis.matcher import PhraseSyntaxError, compile_phrase
from replylint.arguments import bool_arg, enum_arg, list_arg, optional_text_arg, text_arg
from replylint.checks import (
    CHECKS,
    BatchCheck,
    BatchStream,
    Check,
    CheckInput,
    FindingsCheck,
    Hit,
    LanguageData,
    PhraseListData,
)
from replylint.config import Config, RuleSettings
from replylint.errors import ConfigError, ReplyRejected, RuleTimeout
from replylint.models import Channel, ContextInfo, Finding, Language, Report, SentenceActs, Severity, Summary
from replylint.packs import RuleSpec, builtin_specs, check_unique, load_pack
from replylint.profiles import PROFILES_LABEL, builtin_profiles

#: Score penalty per finding, by severity; each rule counts at most :data:`MAX_COUNTED` times.
PENALTY = {Severity.ERROR: 25, Severity.WARNING: 10, Severity.INFO: 3}
MAX_COUNTED = 2
#: Findings one rule reports in one reply at most (a reply of 500,000 "{%" would otherwise hold as many).
MAX_HITS = 100


@dataclass(frozen=True)
class Rule:
    """A rule ready to run: its spec, effective severity and built check."""

    spec: RuleSpec
    severity: Severity
    check: Check


def _selected(spec: RuleSpec, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or spec.code.startswith(s) or s in (spec.name, spec.category.value) for s in selectors)


@dataclass(frozen=True)
class _Layer:
    """Settings of one rule from one place: a channel profile or the configuration."""

    origin: Path | str | None
    key: str
    settings: RuleSettings


def _settings_in(spec: RuleSpec, table: Mapping[str, RuleSettings]) -> tuple[str, RuleSettings] | None:
    for key in (spec.code, spec.name):
        if key in table:
            return key, table[key]
    return None


def _config_layers(spec: RuleSpec, config: Config) -> list[_Layer]:
    found = _settings_in(spec, config.rules)
    return [_Layer(config.source, f"rules.{found[0]}", found[1])] if found else []


def _channel_layers(spec: RuleSpec, config: Config, channel: Channel) -> tuple[list[_Layer], list[_Layer]]:
    """Layers of the packaged and the configured profile of a channel (before and after ``[rules]``)."""
    before, after = [], []
    profile = builtin_profiles().get(channel)
    if profile and (found := _settings_in(spec, profile.rules)):
        before.append(_Layer(PROFILES_LABEL, f"{channel.value}.rules.{found[0]}", found[1]))
    own = config.channels.get(channel)
    if own and (found := _settings_in(spec, own.rules)):
        after.append(_Layer(config.source, f"channels.{channel.value}.rules.{found[0]}", found[1]))
    return before, after


def _options(kind: type[Check], options: dict[str, Any], origin: Path | str | None, key: str) -> Any:
    try:
        return kind.Options.model_validate(options)
    except ValidationError as exc:
        raise ConfigError.from_validation(origin, exc, key) from exc


def _build_check(spec: RuleSpec, layers: Sequence[_Layer]) -> tuple[Severity, Check]:
    """The rule's check with its settings layered in order; an error names the layer that caused it."""
    kind = CHECKS[spec.check]
    data: dict[Language, LanguageData] = dict(spec.language_data())
    options = dict(spec.options)
    validated = _options(kind, options, spec.origin, f"{spec.code}.options")
    severity = spec.severity
    for layer in layers:
        settings = layer.settings
        for lang, phrases in settings.extra_phrases.items():
            if not issubclass(kind.Data, PhraseListData):
                raise ConfigError(layer.origin, f"{layer.key}.extra-phrases", f"check {spec.check!r} takes no phrases")
            for phrase in phrases:
                try:
                    compile_phrase(phrase)
                except PhraseSyntaxError as exc:
                    raise ConfigError(layer.origin, f"{layer.key}.extra-phrases.{lang.value}", str(exc)) from exc
            current = data.get(lang) or kind.Data()
            assert isinstance(current, PhraseListData)
            data[lang] = current.model_copy(update={"extra_phrases": [*current.extra_phrases, *phrases]})
        if settings.options:
            options.update(settings.options)
            validated = _options(kind, options, layer.origin, f"{layer.key}.options")
        severity = settings.severity or severity
    try:
        check = kind(validated, data)
    except PhraseSyntaxError as exc:
        raise ConfigError(spec.origin, spec.code, str(exc)) from exc
    # The packaged rules' patterns are held to linear time by tests; a user's patterns run under a timeout.
    own = any(spec is builtin for builtin in builtin_specs())
    if own and all(layer.origin == PROFILES_LABEL or not layer.settings.options for layer in layers):
        check.pattern_timeout = None
    return severity, check


def _check_selectors(origin: Path | str | None, key: str, selectors: Iterable[str], specs: Sequence[RuleSpec]) -> None:
    for selector in selectors:
        if selector != "ALL" and not any(_selected(spec, [selector]) for spec in specs):
            raise ConfigError(origin, key, f"{selector!r} matches no rule code, name or category")


def load_specs(config: Config) -> list[RuleSpec]:
    """The packaged rules and those of the configured packs, checked for unique codes and names."""
    specs = list(builtin_specs())
    for path in config.packs:
        specs.extend(load_pack(path))
    check_unique(specs)
    return specs


def build_rules(config: Config, specs: Sequence[RuleSpec] | None = None) -> list[Rule]:
    """Load the packaged and configured packs, apply selection and per-rule settings."""
    specs = list(specs) if specs is not None else load_specs(config)
    known = {key for spec in specs for key in (spec.code, spec.name)}
    for key in config.rules:
        if key not in known:
            raise ConfigError(config.source, f"rules.{key}", "no rule has this code or name")
    for field_name, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        _check_selectors(config.source, field_name, selectors, specs)
    rules = []
    for spec in specs:
        if _selected(spec, [*config.select, *config.extend_select]) and not _selected(spec, config.ignore):
            severity, check = _build_check(spec, _config_layers(spec, config))
            rules.append(Rule(spec, severity, check))
    return rules


def _applies(spec: RuleSpec, channel: Channel, config: Config) -> bool:
    """The rule's own ``channels``, amended by the packaged and then the configured profile of the channel."""
    applies = not spec.channels or channel in spec.channels
    for profile in (builtin_profiles().get(channel), config.channels.get(channel)):
        if profile is not None:
            applies = (applies and not _selected(spec, profile.disable)) or _selected(spec, profile.enable)
    return applies


def _for_channel(rule: Rule, channel: Channel, config: Config) -> Rule:
    before, after = _channel_layers(rule.spec, config, channel)
    if not before and not after:
        return rule
    layers = [*before, *_config_layers(rule.spec, config), *after]
    if any(layer.settings.options or layer.settings.extra_phrases for layer in (*before, *after)):
        severity, check = _build_check(rule.spec, layers)
        return Rule(rule.spec, severity, check)
    severity = next((la.settings.severity for la in reversed(layers) if la.settings.severity), rule.spec.severity)
    return Rule(rule.spec, severity, rule.check)


def rules_by_channel(
    config: Config, specs: Sequence[RuleSpec], rules: Sequence[Rule]
) -> dict[Channel | None, list[Rule]]:
    """The rules that apply in each channel, with the channel profiles' settings (None: no channel given)."""
    known = {key for spec in specs for key in (spec.code, spec.name)}
    for origin, prefix, profiles in (
        (PROFILES_LABEL, "", builtin_profiles()),
        (config.source, "channels.", config.channels),
    ):
        for channel, profile in profiles.items():
            where = f"{prefix}{channel.value}"
            _check_selectors(origin, f"{where}.enable", profile.enable, specs)
            _check_selectors(origin, f"{where}.disable", profile.disable, specs)
            for key in profile.rules:
                if key not in known:
                    raise ConfigError(origin, f"{where}.rules.{key}", "no rule has this code or name")
    by_channel: dict[Channel | None, list[Rule]] = {None: [r for r in rules if not r.spec.channels]}
    for channel in Channel:
        by_channel[channel] = [_for_channel(r, channel, config) for r in rules if _applies(r.spec, channel, config)]
    return by_channel


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


def _report(run: _Run) -> Report:
    findings = run.findings
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return Report(
        language=run.item.doc.language,
        channel=run.item.channel,
        context=run.info,
        findings=findings,
        score=tone_score(findings),
        summary=summarize(findings),
        sentences=[_original_sentence(s, run.item.doc) for s in run.item.acts or ()],
        invalid_characters=run.invalid,
    )


@dataclass(frozen=True, slots=True)
class _Run:
    """One reply analysed and checked: its input, how the customer's message reads, and its findings."""

    item: CheckInput
    info: ContextInfo
    findings: list[Finding]
    invalid: int


def _invalid(doc: Doc | None) -> int:
    return doc.norm.invalid if doc is not None and doc.norm is not None else 0


class Linter:
    """Lints replies with one configuration. Build once; thread-safe after construction."""

    def __init__(self, config: Config | None = None) -> None:
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a replylint.Config or None, not {type(config).__name__}")
        self.config = config or Config()
        specs = load_specs(self.config)
        self.rules = build_rules(self.config, specs)
        self._by_channel = rules_by_channel(self.config, specs, self.rules)
        # Rules that read the other rules' hits (obfuscation) run after them.
        self._first = {
            c: [r for r in rules if not isinstance(r.check, FindingsCheck)] for c, rules in self._by_channel.items()
        }
        self._after = {
            c: [r for r in rules if isinstance(r.check, FindingsCheck)] for c, rules in self._by_channel.items()
        }
        self._domains = frozenset(d.lower() for d in self.config.company_domains)
        warm_up_analysis()
        context_mod.warm_up()
        self._acts = acts_analyzer()

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
        limit = self.config.max_reply_chars
        text = text_arg("text", text, limit)
        lang = enum_arg("language", language, Language)
        chan = enum_arg("channel", channel, Channel) or self.config.channel
        ctx = optional_text_arg("context", context, limit)
        return _report(self._run(text, lang, chan, ctx, bool_arg("template", template)))

    def lint_many(
        self,
        texts: Iterable[str],
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        contexts: Iterable[str | None] | None = None,
    ) -> list[Report]:
        """Lint many replies; ``contexts``, when given, pairs each reply with its customer message. Rules that
        compare replies (the same reply pasted under different complaints) run over the whole batch."""
        limit = self.config.max_reply_chars
        lang = enum_arg("language", language, Language)
        chan = enum_arg("channel", channel, Channel) or self.config.channel
        text_list = [text_arg(f"texts[{i}]", t, limit) for i, t in enumerate(list_arg("texts", texts))]
        given = list_arg("contexts", contexts) if contexts is not None else []
        context_list = [
            optional_text_arg(f"contexts[{i}]", given[i], limit) if i < len(given) else None
            for i in range(len(text_list))
        ]
        runs = [self._run(text, lang, chan, ctx, False) for text, ctx in zip(text_list, context_list, strict=True)]
        items = [run.item for run in runs]
        for rule in self._by_channel[chan]:
            if isinstance(rule.check, BatchCheck):
                for run, hits in zip(runs, rule.check.run_batch(items, context_list), strict=True):
                    run.findings.extend(self._finding(rule, hit, run.item.doc) for hit in hits)
        return [_report(run) for run in runs]

    def lint_keyed(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
    ) -> tuple[Report, dict[str, Hashable]]:
        """Lint one reply of a stream (an audit): its report, and for each rule that compares replies the small
        key it compares them by, for :class:`CrossReplies`."""
        limit = self.config.max_reply_chars
        text = text_arg("text", text, limit)
        lang = enum_arg("language", language, Language)
        chan = enum_arg("channel", channel, Channel) or self.config.channel
        ctx = optional_text_arg("context", context, limit)
        run = self._run(text, lang, chan, ctx, False)
        keys = {
            rule.spec.code: key
            for rule in self._by_channel[chan]
            if isinstance(rule.check, BatchCheck) and (key := rule.check.key(run.item, ctx)) is not None
        }
        return _report(run), keys

    def check(
        self,
        text: str,
        fail_on: Severity | str | None = None,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """Pre-send guard: return the report, or raise :class:`ReplyRejected` carrying it when a finding is at or
        above ``fail_on`` (default: the configured ``fail-on``)."""
        level = enum_arg("fail_on", fail_on, Severity) or self.config.fail_on
        report = self.lint(text, language, channel, context, template=template)
        if report.at_or_above(level):
            raise ReplyRejected(report, level.value)
        return report

    def _run(self, text: str, lang: Language | None, chan: Channel | None, context: str | None, template: bool) -> _Run:
        """Analyse one reply and run the rules of its channel on it."""
        doc = analyze(text, lang)
        context_doc = analyze(context) if context and context.strip() else None
        info = context_mod.classify_message(context_doc) if context_doc else context_mod.infer_from_reply(doc)
        acts = tuple(self._acts.acts(doc, info.kind))
        item = CheckInput(doc, chan, info.kind, template, self._domains, acts)
        hits = [(rule, hit) for rule in self._first[chan] if rule.check.applies(doc) for hit in _hits(rule, item)]
        after = [rule for rule in self._after[chan] if rule.check.applies(doc)]
        if after:
            spans = [(hit.start, hit.end) for _, hit in hits if hit.start is not None and hit.end is not None]
            for rule in after:
                assert isinstance(rule.check, FindingsCheck)
                hits.extend((rule, hit) for hit in rule.check.run_after(item, spans))
        findings = [self._finding(rule, hit, doc) for rule, hit in hits]
        return _Run(item, info, findings, _invalid(doc) + _invalid(context_doc))

    def rule_for(self, code: str, channel: Channel | None) -> Rule | None:
        """The rule with this code as it applies in a channel, or None when it does not apply there."""
        return next((rule for rule in self._by_channel[channel] if rule.spec.code == code), None)

    def _finding(self, rule: Rule, hit: Hit, doc: Doc) -> Finding:
        """A finding from a hit, its span mapped from the analysed text back to the caller's."""
        span_start, span_end = 0, len(doc.original)
        span: tuple[int, int] | None = None
        match: str | None = None
        if hit.start is not None and hit.end is not None:
            span = span_start, span_end = doc.original_span(hit.start, hit.end)
            match = doc.norm.readable(*span) if doc.norm is not None else doc.text[span_start:span_end]
        return finding(rule, hit, doc.language, doc.line_col(span_start), doc.line_col(span_end), match, span)


def _original_sentence(sentence: SentenceActs, doc: Doc) -> SentenceActs:
    """A sentence's acts with its span in the caller's text."""
    if doc.norm is None:
        return sentence
    start, end = doc.original_span(sentence.start, sentence.end)
    return SentenceActs(start=start, end=end, acts=sentence.acts)


def finding(
    rule: Rule,
    hit: Hit,
    lang: Language,
    at: tuple[int, int],
    until: tuple[int, int],
    match: str | None,
    span: tuple[int, int] | None = None,
) -> Finding:
    """A rule's finding from a hit: ``span`` in the caller's text (None: the whole reply), its line and column
    from ``at`` to ``until``, and the matched text."""
    spec = rule.spec
    start, end = span if span is not None else (None, None)
    (line, column), (end_line, end_column) = at, until
    values = hit.values
    return Finding(
        code=spec.code,
        rule=spec.name,
        category=spec.category,
        severity=rule.severity,
        message=spec.message.render(lang, values),
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        suggestion=spec.suggestion.render(lang, values) if spec.suggestion else None,
        match=match,
    )


class CrossReplies:
    """The rules that compare replies, over a stream of them (an audit of a whole export): each keeps only its
    small per-reply key (:meth:`Linter.lint_keyed`), so memory grows by a fingerprint per reply, not a reply."""

    def __init__(self, linter: Linter) -> None:
        self.linter = linter
        self._streams: dict[str, BatchStream] = {}

    def see(
        self,
        keys: Mapping[str, Hashable],
        position: int,
        channel: Channel | None,
        language: Language,
        end: tuple[int, int],
    ) -> list[Finding]:
        """Findings on a reply of the stream given the replies before it: ``keys`` from :meth:`Linter.lint_keyed`,
        ``position`` its line in the export, ``end`` the line and column of its end."""
        found = []
        for code, key in keys.items():
            rule = self.linter.rule_for(code, channel)
            if rule is None:
                continue
            assert isinstance(rule.check, BatchCheck)
            stream = self._streams.get(code)
            if stream is None:
                stream = self._streams[code] = rule.check.stream()
            hit = stream.see(key, position)
            if hit is not None:
                found.append(finding(rule, hit, language, (1, 1), end, None))
        return found


def _hits(rule: Rule, item: CheckInput) -> list[Hit]:
    """The rule's hits in one reply; a pattern that runs out of time is an error naming the rule."""
    try:
        return list(islice(rule.check.run(item), MAX_HITS))
    except RuleTimeout as exc:
        raise RuleTimeout(f"{rule.spec.code} ({rule.spec.name})", exc.pattern, exc.seconds) from None
