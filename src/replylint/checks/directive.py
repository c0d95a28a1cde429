"""Directive hygiene (Ruff's RUF100): rules about the ``replylint:`` suppressions of a file.

They judge a whole file's directives, so they never run on a reply alone: the file pipeline reports them
(``Linter.directive_findings``) with the severity and selection the configuration gives these rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from replylint.analysis import Doc
from replylint.checks.base import Check, CheckInput, Hit, register


class DirectiveCheck(Check):
    """A rule about directives; ``unused`` tells which issue of :meth:`Suppressions.issues` it reports."""

    unused: ClassVar[bool]

    def applies(self, doc: Doc) -> bool:
        return False

    def run(self, item: CheckInput) -> Iterable[Hit]:
        return ()


@register("directive-unknown-rule")
class UnknownRuleCheck(DirectiveCheck):
    """A directive's code, prefix, name or category that names no rule (``RL2O1`` with a letter O)."""

    unused = False


@register("directive-unused")
class UnusedDirectiveCheck(DirectiveCheck):
    """A directive, or one of its codes, that suppressed no finding."""

    unused = True
