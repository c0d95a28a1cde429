"""The rule registry: the rules, categories and renamed codes of the packaged, installed and configured packs,
read without loading the analysis; and the check kinds, packaged or installed.

Installed packages extend replylint through two entry-point groups (``importlib.metadata``):
``replylint.packs`` names a package whose ``*.toml`` files are rule packs, and ``replylint.checks`` names a check
kind class (``module:Class``) under the name packs use in ``check = "..."``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from typing import TYPE_CHECKING

from replylint.config import ChannelSettings, Config
from replylint.errors import ConfigError, ReplylintWarning
from replylint.models import Category
from replylint.packs import Pack, RuleSpec, RuleStatus, builtin_packs, load_pack

if TYPE_CHECKING:
    from replylint.checks import Check

#: Entry-point group of installed rule packs: ``name = "package"``, every ``*.toml`` in the package is a pack.
PACKS_GROUP = "replylint.packs"
#: Entry-point group of installed check kinds: ``kind-name = "module:CheckClass"``.
CHECKS_GROUP = "replylint.checks"

#: What each packaged category means (docs/rules.md); packs may add their own in a ``[categories]`` table.
CATEGORY_DOCS: dict[str, str] = {
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
    Category.DIRECTIVE: "A `replylint:` suppression in a file that names no rule or suppresses nothing.",
}


def _warn(message: str) -> None:
    warnings.warn(message, ReplylintWarning, stacklevel=3)


@dataclass(frozen=True)
class Registry:
    """Every rule of a set of packs in code order, the categories they may use and the renamed codes."""

    rules: tuple[RuleSpec, ...]
    categories: Mapping[str, str]
    redirects: Mapping[str, str]

    @classmethod
    def of(cls, packs: Iterable[Pack]) -> Registry:
        """The registry of these packs; :class:`ConfigError` for a code, name or category defined twice, a rule of
        an unknown category, or a redirect from a code in use or to no rule."""
        packs = list(packs)
        categories: dict[str, str] = {str(c): text for c, text in CATEGORY_DOCS.items()}
        origins = dict.fromkeys(categories, "the packaged categories")
        for pack in packs:
            for name, text in pack.categories.items():
                if name in categories:
                    raise ConfigError(pack.label, f"categories.{name}", f"already defined in {origins[name]}")
                categories[name], origins[name] = text, pack.label
        seen: dict[str, str] = {}
        rules = [spec for pack in packs for spec in pack.rules]
        for spec in rules:
            for key in (spec.code, spec.name):
                if key in seen:
                    raise ConfigError(spec.origin, spec.code, f"{key!r} is already defined in {seen[key]}")
                seen[key] = spec.origin
            if spec.category not in categories:
                known = ", ".join(sorted(categories))
                raise ConfigError(spec.origin, f"{spec.code}.category", f"unknown category {spec.category!r}; {known}")
        redirects: dict[str, str] = {}
        for pack in packs:
            for old, new in pack.redirects.items():
                if old in seen or old in redirects:
                    raise ConfigError(
                        pack.label, f"redirects.{old}", "the code is in use; only a retired code redirects"
                    )
                if new not in seen:
                    raise ConfigError(pack.label, f"redirects.{old}", f"{new!r} is no rule")
                redirects[old] = new
        return cls(tuple(sorted(rules, key=lambda s: s.code)), categories, redirects)

    def get(self, key: str) -> RuleSpec | None:
        """The rule with this code or name (any case; a renamed code finds its new rule), or None."""
        key = self.redirects.get(key.upper(), key).casefold()
        return next((s for s in self.rules if key in (s.code.casefold(), s.name)), None)

    def redirect(self, selector: str, where: str) -> str:
        """The selector, or the new code of a renamed one (with a warning naming both)."""
        new = self.redirects.get(selector.upper())
        if new is None:
            return selector
        _warn(f"{where}: {selector} has been renamed to {new}; acting on {new}")
        return new

    def redirected(self, config: Config) -> Config:
        """The configuration with renamed codes replaced by the new ones wherever a selector or a rule key is
        given, and a warning for each deprecated rule it selects by code or name."""
        if not self.redirects and not any(s.status is RuleStatus.DEPRECATED for s in self.rules):
            return config

        def listed(values: list[str], where: str) -> list[str]:
            return [self.redirect(value, where) for value in values]

        def keyed(table: Mapping[str, object], where: str) -> dict[str, object]:
            return {self.redirect(key, f"{where}.{key}"): value for key, value in table.items()}

        channels = {
            channel: ChannelSettings.model_validate(
                {
                    "enable": listed(own.enable, f"channels.{channel.value}.enable"),
                    "disable": listed(own.disable, f"channels.{channel.value}.disable"),
                    "rules": keyed(own.rules, f"channels.{channel.value}.rules"),
                }
            )
            for channel, own in config.channels.items()
        }
        update = {
            "select": listed(config.select, "select"),
            "extend_select": listed(config.extend_select, "extend-select"),
            "ignore": listed(config.ignore, "ignore"),
            "fragment_ignore": listed(config.fragment_ignore, "fragment-ignore"),
            "rules": keyed(config.rules, "rules"),
            "channels": channels,
        }
        for selector in (*update["select"], *update["extend_select"]):
            spec = self.get(selector)
            if spec is not None and spec.status is RuleStatus.DEPRECATED:
                _warn(f"{spec.code} ({spec.name}) is deprecated and will be removed; `replylint explain {spec.code}`")
        return config.model_copy(update=update)


def _pack_error(entry: metadata.EntryPoint, reason: str) -> ConfigError:
    dist = f"{entry.dist.name} {entry.dist.version}" if entry.dist is not None else "an installed package"
    return ConfigError(dist, f"entry-points.{entry.group}.{entry.name}", reason)


@cache
def installed_packs() -> tuple[Pack, ...]:
    """The packs of installed packages (entry-point group ``replylint.packs``), by entry-point name."""
    packs: list[Pack] = []
    for entry in sorted(metadata.entry_points(group=PACKS_GROUP), key=lambda e: e.name):
        if entry.attr:
            raise _pack_error(entry, f"{entry.value!r} must name a package of *.toml packs, not an attribute")
        try:
            folder = resources.files(entry.module)
        except (ImportError, TypeError) as exc:
            raise _pack_error(entry, f"cannot import {entry.module!r}: {exc}") from exc
        files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
        if not files:
            raise _pack_error(entry, f"package {entry.module!r} holds no *.toml pack")
        dist = entry.dist.name if entry.dist is not None else entry.name
        packs.extend(load_pack(f, f"{dist}: {entry.module}/{f.name}") for f in files)
    return tuple(packs)


@cache
def builtin_registry() -> Registry:
    """The registry of the packaged and installed packs."""
    return Registry.of([*builtin_packs(), *installed_packs()])


def registry_for(config: Config) -> Registry:
    """The registry of the packaged, installed and configured packs (``packs`` in the configuration)."""
    if not config.packs:
        return builtin_registry()
    return Registry.of([*builtin_packs(), *installed_packs(), *(load_pack(path) for path in config.packs)])


@cache
def _installed_check(name: str) -> type[Check] | None:
    """The check kind an installed package registers under ``name`` (group ``replylint.checks``), or None."""
    from replylint.checks import Check

    found = [e for e in metadata.entry_points(group=CHECKS_GROUP) if e.name == name]
    if not found:
        return None
    entry = found[0]
    try:
        kind = entry.load()
    except Exception as exc:
        raise _pack_error(entry, f"cannot load {entry.value!r}: {type(exc).__name__}: {exc}") from exc
    if not (isinstance(kind, type) and issubclass(kind, Check)):
        raise _pack_error(entry, f"{entry.value!r} is not a subclass of replylint.checks.Check")
    return kind


def check_kind(spec: RuleSpec) -> type[Check]:
    """The class of a rule's check kind: a packaged one, or one an installed package registers."""
    from replylint.checks import CHECKS

    kind = CHECKS.get(spec.check) or _installed_check(spec.check)
    if kind is None:
        installed = sorted(e.name for e in metadata.entry_points(group=CHECKS_GROUP))
        known = ", ".join(sorted({*CHECKS, *installed}))
        raise ConfigError(spec.origin, f"{spec.code}.check", f"unknown check kind {spec.check!r}; known: {known}")
    return kind
