"""Inline suppressions: directives in each format's comments, their scopes, and the CLI applying them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint import Config, Linter
from replylint.cli import main
from replylint.models import Finding
from replylint.sources import LineIndex, SourceFile, Suppressions, map_finding, read_text


@pytest.fixture(scope="module")
def narrow() -> Linter:
    return Linter(Config(select=["RL101", "RL201"]))


def lint_file(name: str, text: str, linter: Linter) -> tuple[SourceFile, Suppressions, list[Finding]]:
    """Read, lint each segment in English, map, and apply the file's directives, as ``replylint check`` does."""
    source = read_text(Path(name), text)
    lines = LineIndex(source.text)
    suppressions = Suppressions.parse(source, lines)
    found: list[Finding] = []
    for segment in source.segments:
        report = linter.lint(segment.text, "en", template=segment.template)
        found.extend(suppressions.filter((map_finding(f, segment, lines) for f in report.findings), segment, lines))
    return source, suppressions, sorted(found, key=lambda f: (f.line, f.column))


def flagged(name: str, text: str, linter: Linter) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_file(name, text, linter)[2]]


def test_plain_text_directive_lines_are_not_linted(narrow: Linter) -> None:
    text = '# replylint: disable-next-line=RL101 -- the customer wrote "your fault?!"\nHello!!!\nAgain!!!\n'
    source, _, findings = lint_file("reply.txt", text, narrow)
    assert source.segments[0].text == "Hello!!!\nAgain!!!\n"
    assert [(f.code, f.line, f.column) for f in findings] == [("RL101", 3, 6)]


def test_block_disable_and_partial_enable(narrow: Linter) -> None:
    text = (
        "Your fault!!!\n"
        "# replylint: disable=RL201,RL101\n"
        "Your fault!!!\n"
        "# replylint: enable=RL201\n"
        "Your fault!!!\n"
        "# replylint: enable\n"
        "Your fault!!!\n"
    )
    assert flagged("a.txt", text, narrow) == [
        ("RL201", 1),
        ("RL101", 1),
        ("RL201", 5),
        ("RL201", 7),
        ("RL101", 7),
    ]


def test_disable_all_then_enable_one(narrow: Linter) -> None:
    text = "# replylint: disable\nYour fault!!!\n# replylint: enable=RL101\nYour fault!!!\n"
    assert flagged("a.txt", text, narrow) == [("RL101", 4)]


@pytest.mark.parametrize("selector", ["RL101", "RL1", "exclamation-run", "exclamation", "rl101", "ALL"])
def test_selectors_are_codes_prefixes_names_or_categories(narrow: Linter, selector: str) -> None:
    text = f"# replylint: disable-file={selector}\nHello!!!\n"
    assert flagged("a.txt", text, narrow) == []


def test_disable_file_names_only_its_rules(narrow: Linter) -> None:
    text = "Your fault!!!\n# replylint: disable-file=blame\n"
    assert flagged("a.txt", text, narrow) == [("RL101", 1)]


def test_noqa_with_and_without_codes(narrow: Linter) -> None:
    text = (
        "Your fault!!! <!-- replylint: noqa -->\n\n"
        "Your fault!!! <!-- replylint: noqa: RL201 -->\n\n"
        "Your fault!!! <!-- noqa: RL101 -->\n"
    )
    assert flagged("a.md", text, narrow) == [("RL101", 3), ("RL201", 5)]


def test_next_line_skips_blank_and_comment_only_lines(narrow: Linter) -> None:
    text = "<!-- replylint: disable-next-line=RL101 -->\n\n<!-- why: quoted from the customer -->\nHi!!!\nNo!!!\n"
    assert flagged("a.md", text, narrow) == [("RL101", 5)]


def test_unknown_directive_is_reported_and_suppresses_nothing(narrow: Linter) -> None:
    text = "<!-- replylint: disable-nextline=RL101 -->\nHi!!!\n"
    _, suppressions, findings = lint_file("a.md", text, narrow)
    assert [f.line for f in findings] == [2]
    assert len(suppressions.problems) == 1
    assert suppressions.problems[0].startswith("1:6: unknown directive 'replylint: disable-nextline'")


FORMATS = {
    "reply.md": "<!-- replylint: disable-next-line=RL101 -->\nOne!!!\nTwo!!!\n",
    "reply.html": "<!-- replylint: disable-next-line=RL101 -->\n<p>One!!!</p>\n<p>Two!!!</p>\n",
    "reply.j2": "{# replylint: disable-next-line=RL101 #}\nOne!!!\nTwo!!!\n",
    "reply.jinja": "{#- replylint: disable-next-line=RL101 -#}\nOne!!!\nTwo!!!\n",
    "reply.liquid": "{% comment %}replylint: disable-next-line=RL101{% endcomment %}\nOne!!!\nTwo!!!\n",
    "inline.liquid": "{% # replylint: disable-next-line=RL101 %}\nOne!!!\nTwo!!!\n",
    "reply.hbs": "{{! replylint: disable-next-line=RL101 }}\nOne!!!\nTwo!!!\n",
    "long.mustache": "{{!-- replylint: disable-next-line=RL101 --}}\nOne!!!\nTwo!!!\n",
    "reply.txt": "# replylint: disable-next-line=RL101\nOne!!!\nTwo!!!\n",
    "macros.yaml": "- body: |\n    # replylint: disable-next-line=RL101\n    One!!!\n- body: Two!!!\n",
    "m.po": '#: a.py:1\nmsgid "a"\nmsgstr ""\n"One!!! "\n"Two!!!"\n',
}


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_reads_directives_in_its_own_comments(narrow: Linter, name: str) -> None:
    text = FORMATS[name]
    if name == "macros.yaml":  # a "#" inside a block scalar is text, not a comment: nothing is disabled
        assert flagged(name, text, narrow) == [("RL101", 3), ("RL101", 4)]
    elif name == "m.po":  # .po comments stand above the entry; none here
        assert flagged(name, text, narrow) == [("RL101", 4), ("RL101", 5)]
    else:
        assert flagged(name, text, narrow) == [("RL101", 3)]


def test_yaml_comment_above_a_key_covers_its_whole_value(narrow: Linter) -> None:
    text = (
        "- title: x\n"
        "  # replylint: disable-next-line=RL101\n"
        "  body: |\n"
        "    One!!!\n"
        "    Two!!!\n"
        "- body: |  # replylint: noqa\n"
        "    Three!!!\n"
        "- body: Four!!!\n"
    )
    assert flagged("m.yml", text, narrow) == [("RL101", 8)]


def test_po_translator_comment_covers_its_entry(narrow: Linter) -> None:
    text = '# replylint: disable-next-line=RL101\n#: a.py:1\n#, fuzzy\nmsgid "a"\nmsgstr ""\n"One!!! "\n"Two!!!"\n'
    text += '\nmsgid "b"\nmsgstr "Three!!!"\n'
    assert flagged("m.po", text, narrow) == [("RL101", 10)]


def test_directives_in_code_or_strings_are_not_directives(narrow: Linter) -> None:
    markdown = "```\n<!-- replylint: disable-file -->\n```\n\nHi!!!\n"
    assert flagged("a.md", markdown, narrow) == [("RL101", 5)]
    yaml_text = 'body: "Hi!!! # replylint: disable-file"\n'
    assert flagged("a.yaml", yaml_text, narrow) == [("RL101", 1)]


def test_check_applies_suppressions_and_reports_bad_directives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".replylint.toml").write_text('select = ["RL101"]\n')
    good = tmp_path / "good.md"
    good.write_text("<!-- replylint: disable-file=RL101 -->\nThanks for waiting!!! We will reply by Friday.\n")
    assert main(["check", "--format", "json", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    bad = tmp_path / "bad.j2"
    bad.write_text("{# replylint: disabel=RL101 #}\nThanks for waiting!!! We will reply by Friday.\n")
    assert main(["check", "--format", "json", str(bad)]) == 1
    out = capsys.readouterr()
    assert [(f["code"], f["line"], f["column"]) for f in json.loads(out.out)] == [("RL101", 2, 19)]
    assert f"{bad}:1:4: unknown directive 'replylint: disabel'" in out.err


def test_many_next_line_directives_are_read_in_linear_time() -> None:
    """Each ``disable-next-line`` looked for its line by blanking every comment of the file on every line it read:
    10,000 of them in a 400 KB text file took 115 s."""
    import time

    def seconds(count: int) -> float:
        text = "# replylint: disable-next-line=RL101 -- a reason\nThank you!!!\n" * count
        source = read_text(Path("reply.txt"), text)
        started = time.process_time()
        suppressions = Suppressions.parse(source, LineIndex(text))
        assert len(suppressions.lines) == count
        return time.process_time() - started

    seconds(100)
    short, long = min(seconds(500) for _ in range(3)), min(seconds(4000) for _ in range(3))
    assert long / 8 < 3 * short, f"{long / 8 / short:.1f}× slower per directive at 8× as many"
