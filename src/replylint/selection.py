"""Which rules a configuration selects, where they apply and with which settings — rule metadata only, so
``replylint rules`` and ``explain`` answer without the analysis."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from replylint.config import Config, RuleSettings
from replylint.errors import ConfigError
from replylint.models import Channel, Severity
from replylint.packs import RuleSpec, RuleStatus
from replylint.profiles import PROFILES_LABEL, builtin_profiles
from replylint.selectors import selects, unknown


def selected(spec: RuleSpec, selectors: Iterable[str]) -> bool:
    """Whether ``ALL``, a code prefix, the rule's name or its category is among ``selectors``, in any case."""
    return selects(selectors, spec.code, spec.name, str(spec.category))


def _named(spec: RuleSpec, selectors: Iterable[str]) -> bool:
    """Whether a selector names the rule itself: its code or name, in any case."""
    return any(s.casefold() in (spec.code.casefold(), spec.name) for s in selectors)


def runs(spec: RuleSpec, config: Config) -> bool:
    """Whether the configuration selects the rule: selected and not ignored, and a preview rule only by its code
    or name or with ``preview = true``."""
    chosen = [*config.select, *config.extend_select]
    if not selected(spec, chosen) or selected(spec, config.ignore):
        return False
    return spec.status is not RuleStatus.PREVIEW or config.preview or _named(spec, chosen)


@dataclass(frozen=True)
class Layer:
    """Settings of one rule from one place: a channel profile or the configuration."""

    origin: Path | str | None
    key: str
    settings: RuleSettings


def _settings_in(spec: RuleSpec, table: Mapping[str, RuleSettings]) -> tuple[str, RuleSettings] | None:
    for key in (spec.code, spec.name):
        if key in table:
            return key, table[key]
    return None


def config_layers(spec: RuleSpec, config: Config) -> list[Layer]:
    """The rule's ``[rules.X]`` settings, if any."""
    found = _settings_in(spec, config.rules)
    return [Layer(config.origin("rules"), f"rules.{found[0]}", found[1])] if found else []


def channel_layers(spec: RuleSpec, config: Config, channel: Channel) -> tuple[list[Layer], list[Layer]]:
    """Layers of the packaged and the configured profile of a channel (before and after ``[rules]``)."""
    before, after = [], []
    profile = builtin_profiles().get(channel)
    if profile and (found := _settings_in(spec, profile.rules)):
        before.append(Layer(PROFILES_LABEL, f"{channel.value}.rules.{found[0]}", found[1]))
    own = config.channels.get(channel)
    if own and (found := _settings_in(spec, own.rules)):
        after.append(Layer(config.origin("channels"), f"channels.{channel.value}.rules.{found[0]}", found[1]))
    return before, after


def layered_severity(spec: RuleSpec, layers: Sequence[Layer]) -> Severity:
    """The rule's severity after its layers of settings, later winning."""
    return next((la.settings.severity for la in reversed(layers) if la.settings.severity), spec.severity)


def applies(spec: RuleSpec, channel: Channel, config: Config) -> bool:
    """The rule's own ``channels``, amended by the packaged and then the configured profile of the channel."""
    applies = not spec.channels or channel in spec.channels
    for profile in (builtin_profiles().get(channel), config.channels.get(channel)):
        if profile is not None:
            applies = (applies and not selected(spec, profile.disable)) or selected(spec, profile.enable)
    return applies


def severity_by_channel(spec: RuleSpec, config: Config) -> dict[Channel | None, Severity | None]:
    """The rule's severity in each channel (None: no channel given), or None where it does not run."""
    out: dict[Channel | None, Severity | None] = {None: None}
    if not runs(spec, config):
        return out | dict.fromkeys(Channel)
    own = config_layers(spec, config)
    out[None] = layered_severity(spec, own) if not spec.channels else None
    for channel in Channel:
        before, after = channel_layers(spec, config, channel)
        out[channel] = layered_severity(spec, [*before, *own, *after]) if applies(spec, channel, config) else None
    return out


def _check_selectors(origin: Path | str | None, key: str, selectors: Iterable[str], specs: Sequence[RuleSpec]) -> None:
    for selector in unknown(selectors, ((s.code, s.name, str(s.category)) for s in specs)):
        raise ConfigError(origin, key, f"{selector!r} matches no rule code, name or category")


def _check_keys(origin: Path | str | None, where: str, table: Mapping[str, RuleSettings], known: set[str]) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(origin, f"{where}.{key}", "no rule has this code or name")


def check_selection(config: Config, specs: Sequence[RuleSpec]) -> None:
    """:class:`ConfigError` for a selector that matches no rule or settings of no rule, in the configuration and
    the channel profiles."""
    known = {key for spec in specs for key in (spec.code, spec.name)}
    _check_keys(config.origin("rules"), "rules", config.rules, known)
    for field_name, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
        ("fragment-ignore", config.fragment_ignore),
    ):
        _check_selectors(config.origin(field_name), field_name, selectors, specs)
    for pattern, selectors in config.per_file_ignores.items():
        _check_selectors(config.origin("per-file-ignores"), f"per-file-ignores.{pattern}", selectors, specs)
    for origin, prefix, profiles in (
        (PROFILES_LABEL, "", builtin_profiles()),
        (config.origin("channels"), "channels.", config.channels),
    ):
        for channel, profile in profiles.items():
            where = f"{prefix}{channel.value}"
            _check_selectors(origin, f"{where}.enable", profile.enable, specs)
            _check_selectors(origin, f"{where}.disable", profile.disable, specs)
            _check_keys(origin, f"{where}.rules", profile.rules, known)
