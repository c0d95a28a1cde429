"""The docs stay true to the code: the rule reference is generated from the packs."""

from __future__ import annotations

from pathlib import Path

from replylint.models import Category
from replylint.packs import builtin_specs
from replylint.ruledoc import CATEGORY_DOCS, render_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_rules_md_is_generated_from_the_packs() -> None:
    expected = render_markdown(builtin_specs())
    actual = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `replylint rules --markdown > docs/rules.md`"


def test_every_category_is_documented() -> None:
    assert set(CATEGORY_DOCS) == set(Category)
