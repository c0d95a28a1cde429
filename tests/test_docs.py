"""The docs stay true to the code: the rule reference is generated from the packs."""

from __future__ import annotations

import functools
import re
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


_FENCE = re.compile(r"^ *(`{3,}).*?^ *\1[ \t]*$", re.M | re.S)
_CODE = re.compile(rf"{_FENCE.pattern}|`[^`]+`", re.M | re.S)  # a code span may wrap
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_").replace(" ", "-")


@functools.cache
def _anchors(page: Path) -> set[str]:
    """The anchors of a page's headings; a repeated heading's get -1, -2, … as on GitHub."""
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for heading in _HEADING.findall(_FENCE.sub("", page.read_text(encoding="utf-8"))):
        slug = _slug(heading)
        anchors.add(f"{slug}-{counts[slug]}" if slug in counts else slug)
        counts[slug] = counts.get(slug, 0) + 1
    return anchors


def test_every_relative_link_and_anchor_of_the_docs_exists() -> None:
    """A page links a file or a section that is there (code blocks and spans are not links)."""
    broken = []
    for page in (README, *sorted(DOCS.glob("*.md"))):
        for target in _LINK.findall(_CODE.sub("", page.read_text(encoding="utf-8"))):
            if "://" in target or target.startswith("mailto:"):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
                broken.append(f"{page.name}: {target}")
    assert not broken, broken
