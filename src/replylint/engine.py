"""The engine: builds the selected rules once, then lints replies into reports."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from replylint import collector, customer_message
from replylint.analysis import Doc, analyze
from replylint.analysis import warm_up as warm_up_analysis
from replylint.analysis.acts import analyzer as acts_analyzer
from replylint.analysis.matcher import PhraseSyntaxError, compile_phrase
from replylint.arguments import bool_arg, enum_arg, list_arg, optional_text_arg, text_arg
from replylint.checks import (
    BatchCheck,
    BatchStream,
    Check,
    CheckInput,
    FindingsCheck,
    Hit,
    LanguageData,
    PhraseListData,
)
from replylint.checks.directive import DirectiveCheck
from replylint.config import Config
from replylint.errors import ConfigError, ReplyRejected, RuleTimeout
from replylint.files import lint_template
from replylint.lines import LineIndex
from replylint.models import (
    Category,
    Channel,
    ContextInfo,
    Edit,
    Finding,
    Fix,
    Language,
    LintRequest,
    Report,
    SentenceActs,
    Severity,
    built,
)
from replylint.packs import RuleSpec, builtin_specs
from replylint.profiles import PROFILES_LABEL
from replylint.registry import Registry, builtin_registry, check_kind, registry_for
from replylint.scoring import summarize, tone_score
from replylint.selection import Layer, applies, channel_layers, check_selection, config_layers, layered_severity, runs
from replylint.sources import Suppressions

#: Findings one rule reports in one reply at most (a reply of 500,000 "{%" would otherwise hold as many).
MAX_HITS = 100
#: The most characters of the matched text a message quotes: a long sentence, or a run of 100,000 “!”, is quoted
#: by its start and “…” (the finding's ``match``, ``start`` and ``end`` keep all of it).
MESSAGE_MATCH_CHARS = 120


@dataclass(frozen=True)
class Rule:
    """A rule ready to run: its spec, effective severity and built check."""

    spec: RuleSpec
    severity: Severity
    check: Check


def _options(kind: type[Check], options: dict[str, Any], origin: Path | str | None, key: str) -> Any:
    try:
        return kind.Options.model_validate(options)
    except ValidationError as exc:
        raise ConfigError.from_validation(origin, exc, key, kind.Options) from exc


def _build_check(spec: RuleSpec, layers: Sequence[Layer]) -> tuple[Severity, Check]:
    """The rule's check with its settings layered in order; an error names the layer that caused it."""
    kind = check_kind(spec)
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


@cache
def _validate_installed() -> None:
    """Validate the packaged and installed rules fully, once a process."""
    for spec in builtin_registry().rules:
        spec.validate_fully()


def validated_rules(registry: Registry) -> list[RuleSpec]:
    """The registry's rules, each validated by its check kind (the packaged and installed ones once a process)."""
    _validate_installed()
    installed = {id(spec) for spec in builtin_registry().rules}
    for spec in registry.rules:
        if id(spec) not in installed:
            spec.validate_fully()
    return list(registry.rules)


def build_rules(config: Config, specs: Sequence[RuleSpec]) -> list[Rule]:
    """Check the configuration's selection, then build the rules it selects with their settings."""
    check_selection(config, specs)
    return [Rule(spec, *_build_check(spec, config_layers(spec, config))) for spec in specs if runs(spec, config)]


def _for_channel(rule: Rule, channel: Channel, config: Config) -> Rule:
    before, after = channel_layers(rule.spec, config, channel)
    if not before and not after:
        return rule
    layers = [*before, *config_layers(rule.spec, config), *after]
    if any(layer.settings.options or layer.settings.extra_phrases for layer in (*before, *after)):
        return Rule(rule.spec, *_build_check(rule.spec, layers))
    return Rule(rule.spec, layered_severity(rule.spec, layers), rule.check)


def rules_by_channel(config: Config, rules: Sequence[Rule]) -> dict[Channel | None, list[Rule]]:
    """The rules that apply in each channel, with the channel profiles' settings (None: no channel given)."""
    by_channel: dict[Channel | None, list[Rule]] = {None: [r for r in rules if not r.spec.channels]}
    for channel in Channel:
        by_channel[channel] = [_for_channel(r, channel, config) for r in rules if applies(r.spec, channel, config)]
    return by_channel


def _report(run: _Run) -> Report:
    findings = run.findings
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return built(
        Report,
        {
            "language": run.item.doc.language,
            "channel": run.item.channel,
            "context": run.info,
            "findings": findings,
            "score": tone_score(findings),
            "summary": summarize(findings),
            "sentences": [_original_sentence(s, run.item.doc) for s in run.item.acts or ()],
            "invalid_characters": run.invalid,
        },
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


def _stage(rule: Rule) -> int:
    """When a rule that reads the other rules' hits runs among them (:attr:`FindingsCheck.stage`)."""
    check = rule.check
    assert isinstance(check, FindingsCheck)
    return check.stage


class Linter:
    """Lints replies with one configuration. Build once; thread-safe after construction."""

    def __init__(self, config: Config | None = None) -> None:
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a replylint.Config or None, not {type(config).__name__}")
        self.registry = registry_for(config or Config())
        self.config = self.registry.redirected(config or Config())
        self.rules = build_rules(self.config, validated_rules(self.registry))
        self._by_channel = rules_by_channel(self.config, self.rules)
        # Rules that read the other rules' hits (obfuscation) run after them.
        self._first = {
            c: [r for r in rules if not isinstance(r.check, FindingsCheck)] for c, rules in self._by_channel.items()
        }
        self._after = {
            c: sorted((r for r in rules if isinstance(r.check, FindingsCheck)), key=_stage)
            for c, rules in self._by_channel.items()
        }
        # Rules that compare replies run over a batch or a stream, not on one reply.
        self._batch = {
            c: [r for r in rules if isinstance(r.check, BatchCheck)] for c, rules in self._by_channel.items()
        }
        self._domains = frozenset(d.lower() for d in self.config.company_domains)
        warm_up_analysis()
        customer_message.warm_up()
        self._acts = acts_analyzer()
        collector.resume()  # the console script paused the collector while the process started

    def lint(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """Lint one reply. ``context`` is the customer's message it answers; ``template`` marks a reply
        template: its placeholders are expected, and it is read as a template file is (control tags and
        comments are not text; directives in its comments apply)."""
        return self.lint_keeping(text, None, language, channel, context, template=template)

    def lint_keeping(
        self,
        text: str,
        keep: Callable[[Finding], bool] | None,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> Report:
        """:meth:`lint`, leaving out each finding ``keep`` refuses (a file's suppressions) before a rule's findings
        are cut to :data:`MAX_HITS`: a suppressed finding neither takes the place of one reported nor is cut
        before its directive sees it (and so reported as unused)."""
        limit = self.config.max_reply_chars
        text = text_arg("text", text, limit)
        lang = enum_arg("language", language, Language)
        chan = enum_arg("channel", channel, Channel) or self.config.channel
        ctx = optional_text_arg("context", context, limit)
        if bool_arg("template", template):
            return lint_template(
                text,
                lambda reduced, kept: _report(self._run(reduced, lang, chan, ctx, True, kept)),
                lambda suppressions, lines, language: self.directive_findings(suppressions, lines, language, chan),
                self.registry.redirects,
                keep,
            )
        return _report(self._run(text, lang, chan, ctx, False, keep))

    def lint_many(
        self,
        texts: Iterable[str | LintRequest],
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        contexts: Iterable[str | None] | None = None,
    ) -> list[Report]:
        """Lint many replies: each a text or a :class:`LintRequest` carrying its own context, language, channel
        and template flag. ``language``, ``channel`` and ``contexts`` (paired with the items in order) stand for
        what an item does not say. Rules that compare replies (RL712, the same reply sent to different
        complaints) run over the whole batch."""
        requests = self._requests(texts, language, channel, contexts)
        keyed = [self._lint_keyed(request) for request in requests]
        extra = self._compare(keyed, requests)
        return [
            with_findings(report, more, request.text) if more else report
            for (report, _), more, request in zip(keyed, extra, requests, strict=True)
        ]

    def lint_keyed(
        self,
        text: str,
        language: Language | str | None = None,
        channel: Channel | str | None = None,
        context: str | None = None,
        *,
        template: bool = False,
    ) -> tuple[Report, dict[str, Hashable]]:
        """Lint one reply of a stream (an audit): its report, and for each rule that compares replies the small
        key it compares them by, for :class:`CrossReplies`."""
        limit = self.config.max_reply_chars
        request = LintRequest.model_construct(
            text=text_arg("text", text, limit),
            context=optional_text_arg("context", context, limit),
            language=enum_arg("language", language, Language),
            channel=enum_arg("channel", channel, Channel) or self.config.channel,
            template=bool_arg("template", template),
        )
        return self._lint_keyed(request)

    def _requests(
        self,
        texts: Iterable[str | LintRequest],
        language: Language | str | None,
        channel: Channel | str | None,
        contexts: Iterable[str | None] | None,
    ) -> list[LintRequest]:
        """The items of a batch as checked requests, the batch's defaults filled in."""
        limit = self.config.max_reply_chars
        lang = enum_arg("language", language, Language)
        chan = enum_arg("channel", channel, Channel) or self.config.channel
        given = list_arg("contexts", contexts) if contexts is not None else []
        items = list_arg("texts", texts)
        if contexts is not None and len(given) != len(items):
            raise ValueError(f"contexts has {len(given)} items for {len(items)} texts: give one (or None) per reply")
        requests = []
        for i, item in enumerate(items):
            ctx = optional_text_arg(f"contexts[{i}]", given[i], limit) if given else None
            if isinstance(item, LintRequest):
                text_arg(f"texts[{i}].text", item.text, limit)
                optional_text_arg(f"texts[{i}].context", item.context, limit)
                update = {
                    "context": item.context if item.context is not None else ctx,
                    "language": item.language or lang,
                    "channel": item.channel or chan,
                }
                requests.append(item.model_copy(update=update))
            else:
                text = text_arg(f"texts[{i}]", item, limit)
                requests.append(LintRequest.model_construct(text=text, context=ctx, language=lang, channel=chan))
        return requests

    def _lint_keyed(self, request: LintRequest) -> tuple[Report, dict[str, Hashable]]:
        """One request's report and the keys of the rules that compare replies."""
        keys: dict[str, Hashable] = {}
        chan, ctx = request.channel, request.context

        def lint_text(text: str, keep: Callable[[Finding], bool] | None = None) -> Report:
            run = self._run(text, request.language, chan, ctx, request.template, keep)
            for rule in self._batch[chan]:
                assert isinstance(rule.check, BatchCheck)
                key = rule.check.key(run.item, ctx)
                if key is not None:
                    keys[rule.spec.code] = key
            return _report(run)

        if request.template:
            return lint_template(request.text, lint_text, redirects=self.registry.redirects), keys
        return lint_text(request.text), keys

    def _compare(
        self, keyed: Sequence[tuple[Report, Mapping[str, Hashable]]], requests: Sequence[LintRequest]
    ) -> list[list[Finding]]:
        """The findings of the rules that compare replies, per reply of a batch (positions 1, 2, …)."""
        extra: list[list[Finding]] = [[] for _ in keyed]
        for code in dict.fromkeys(code for _, keys in keyed for code in keys):
            rules = [
                self.rule_for(code, r.channel) if code in keys else None
                for (_, keys), r in zip(keyed, requests, strict=True)
            ]
            compare = next(rule for rule in rules if rule is not None).check
            assert isinstance(compare, BatchCheck)
            hits = compare.run_batch([keys.get(code) for _, keys in keyed])
            for found, rule, hit, (report, _), request in zip(extra, rules, hits, keyed, requests, strict=True):
                if rule is not None and hit is not None:
                    found.append(finding(rule, hit, report.language, (1, 1), _end(request.text), None))
        return extra

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

    def _run(
        self,
        text: str,
        lang: Language | None,
        chan: Channel | None,
        context: str | None,
        template: bool,
        keep: Callable[[Finding], bool] | None = None,
    ) -> _Run:
        """Analyse one reply and run the rules of its channel on it; ``keep`` leaves findings out before the cap."""
        doc = analyze(text, lang)
        context_doc = analyze(context) if context and context.strip() else None
        info = customer_message.classify_message(context_doc) if context_doc else customer_message.infer_from_reply(doc)
        acts = tuple(self._acts.acts(doc, info.kind, context_doc))
        item = CheckInput(doc, chan, info.kind, template, self._domains, acts)
        decided: dict[int, tuple[Finding, bool]] = {}  # a taken hit's finding and whether it is kept, by the hit's id
        reported: Callable[[Rule, Hit, bool], bool] | None = None
        if keep is not None:

            def reported(rule: Rule, hit: Hit, taken: bool) -> bool:
                found = self._finding(rule, hit, doc)
                kept = keep(found)
                if taken:
                    decided[id(hit)] = found, kept
                return kept

        first = self._first[chan]
        hits = [(rule, hit) for rule in first if rule.check.applies(doc) for hit in _hits(rule, item, reported)]
        after = [rule for rule in self._after[chan] if rule.check.applies(doc)]
        if after:
            found = [(r.spec.category, (h.start, h.end)) for r, h in hits if h.start is not None and h.end is not None]
            spans = [span for _, span in found]
            for rule in after:
                assert isinstance(rule.check, FindingsCheck)
                read = [span for c, span in found if c == rule.spec.category] if rule.check.own_category else spans
                new = [(rule, hit) for hit in _capped(rule, rule.check.run_after(item, read), reported)]
                hits.extend(new)
                # A later rule reading its own category's hits reads these too (a learned act, a shape's sentence).
                found.extend(
                    (rule.spec.category, (h.start, h.end)) for _, h in new if h.start is not None and h.end is not None
                )
        if keep is None:
            findings = [self._finding(rule, hit, doc) for rule, hit in hits]
        else:
            findings = [decided[id(hit)][0] for _, hit in hits if decided[id(hit)][1]]
        return _Run(item, info, findings, _invalid(doc) + _invalid(context_doc))

    def directive_findings(
        self, suppressions: Suppressions, lines: LineIndex, language: Language, channel: Channel | None
    ) -> list[Finding]:
        """Findings on a file's directives once all of its findings went through ``suppressions``: selectors that
        name no rule of this linter's packs, and directives that suppressed nothing (``rules/directive.toml``),
        each from the directive rule as it applies in ``channel``. Only a directive that names such a rule
        suppresses its finding (a blanket ``disable-file`` does not); ``language`` is the messages' language."""
        rules = {
            rule.check.unused: rule for rule in self._by_channel[channel] if isinstance(rule.check, DirectiveCheck)
        }
        if not rules or not suppressions.directives:
            return []
        specs = self.registry.rules
        keys = [(spec.code, spec.name, str(spec.category)) for spec in specs]
        exempt = [key for key, spec in zip(keys, specs, strict=True) if issubclass(check_kind(spec), DirectiveCheck)]
        found = []
        for issue in suppressions.issues(keys, exempt):
            rule = rules.get(issue.unused)
            if rule is None:
                continue
            hit = Hit(issue.start, issue.end, {"match": issue.text})
            at, until = lines.line_col(issue.start), lines.line_col(issue.end)
            result = finding(rule, hit, language, at, until, issue.text, (issue.start, issue.end))
            if not suppressions.suppresses(result, credit=False, blanket=False):
                found.append(result)
        return found

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


def _end(text: str) -> tuple[int, int]:
    """Line and column of a text's end: where a whole-reply finding ends."""
    return LineIndex(text).line_col(len(text))


def with_findings(report: Report, extra: Sequence[Finding], text: str) -> Report:
    """A report of ``text`` with findings added, its score and counts redone."""
    findings = sorted([*report.findings, *extra], key=lambda f: (f.line, f.column, f.code))
    return report.model_copy(
        update={"findings": findings, "score": tone_score(findings), "summary": summarize(findings)}
    )


def _original_sentence(sentence: SentenceActs, doc: Doc) -> SentenceActs:
    """A sentence's acts with its span in the caller's text."""
    start, end = doc.original_span(sentence.start, sentence.end)
    if (start, end) == (sentence.start, sentence.end):
        return sentence  # the common case: nothing hidden was removed before or inside it
    return built(SentenceActs, {"start": start, "end": end, "acts": sentence.acts})


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
    quoted = values.get("match")
    if quoted is not None and len(quoted) > MESSAGE_MATCH_CHARS:
        values = {**values, "match": quoted[: MESSAGE_MATCH_CHARS - 1].rstrip() + "…"}
    fix = None
    if spec.fix is not None and hit.replacement is not None and start is not None and end is not None:
        fix = Fix(applicability=spec.fix, edits=[Edit(start=start, end=end, replacement=hit.replacement)])
    return built(
        Finding,
        {
            "code": spec.code,
            "rule": spec.name,
            "category": _CATEGORIES.get(spec.category, spec.category),  # what validation makes of a packaged one
            "severity": rule.severity,
            "message": spec.message.render(lang, values),
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "suggestion": spec.suggestion.render(lang, values) if spec.suggestion else None,
            "match": match,
            "fix": fix,
        },
    )


#: The packaged categories by name: a finding's category is the member when the rule's is one of them.
_CATEGORIES: dict[str, Category] = {category.value: category for category in Category}


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


def _capped(rule: Rule, hits: Iterable[Hit], reported: Callable[[Rule, Hit, bool], bool] | None) -> list[Hit]:
    """A rule's hits in one reply until :data:`MAX_HITS` of them are reported. With ``reported`` (a file's
    suppressions: False for a hit they leave out, given whether the hit is taken), a hit left out does not
    count, and the hits past the cap are still shown to the suppressions, so that a directive silencing one of
    them is not reported as unused; a file without directives passes none and stops at the cap."""
    if reported is None:
        return list(islice(hits, MAX_HITS))
    taken: list[Hit] = []
    count = 0
    for hit in hits:
        if count < MAX_HITS:
            taken.append(hit)
            count += reported(rule, hit, True)
        else:
            reported(rule, hit, False)
    return taken


def _hits(rule: Rule, item: CheckInput, reported: Callable[[Rule, Hit, bool], bool] | None = None) -> list[Hit]:
    """The rule's hits in one reply (see :func:`_capped`); a pattern that runs out of time is an error naming the
    rule."""
    try:
        return _capped(rule, rule.check.run(item), reported)
    except RuleTimeout as exc:
        raise RuleTimeout(f"{rule.spec.code} ({rule.spec.name})", exc.pattern, exc.seconds) from None


#: Linters kept by :func:`shared_linter`, one per configuration; the oldest goes past this many.
SHARED_LINTERS = 8
_shared: dict[str, Linter] = {}
_shared_lock = threading.Lock()


def shared_linter(config: Config | None = None) -> Linter:
    """The linter of this process for a configuration (the defaults when None): built on first use, then
    shared (a Linter is thread-safe after construction)."""
    config = config or Config()
    key = config.model_dump_json(by_alias=True)
    with _shared_lock:
        linter = _shared.get(key)
        if linter is None:
            linter = _shared[key] = Linter(config)
            if len(_shared) > SHARED_LINTERS:
                del _shared[next(iter(_shared))]
        return linter
