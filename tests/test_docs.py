"""The docs stay true to the code: the rule reference is generated from the packs."""

from __future__ import annotations

from pathlib import Path

import yaml

from replylint.models import Category
from replylint.packs import builtin_specs
from replylint.ruledoc import CATEGORY_DOCS, render_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = DOCS.parent / "README.md"


def test_rules_md_is_generated_from_the_packs() -> None:
    expected = render_markdown(builtin_specs())
    actual = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `replylint rules --markdown > docs/rules.md`"


def test_every_category_is_documented() -> None:
    assert set(CATEGORY_DOCS) == set(Category)


def test_every_pre_commit_snippet_names_the_same_repository() -> None:
    """The README named a GitHub URL that docs/pre-commit.md did not: a reader copies one of them."""
    repos = set()
    for page in (README, *DOCS.glob("*.md")):
        for block in page.read_text(encoding="utf-8").split("```yaml\n")[1:]:
            data = yaml.safe_load(block.split("```", 1)[0])
            if isinstance(data, dict) and "repos" in data:
                repos.update((page.name, repo["repo"]) for repo in data["repos"])
    assert {name for name, _ in repos} >= {"README.md", "pre-commit.md"}
    assert len({url for _, url in repos}) == 1, sorted(repos)
