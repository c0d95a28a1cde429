"""Readers: what each format yields as reply text, and that every finding points at its text in the file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from replylint import Config, Linter
from replylint.analysis import analyze
from replylint.analysis.spans import is_name_placeholder
from replylint.config import DEFAULT_KEYS
from replylint.models import Finding
from replylint.sources import LineIndex, SourceError, SourceFile, Suppressions, map_finding, read_source, read_text
from replylint.sources.structured import path_name

MARKDOWN = """\
---
title: Refund!!!
---
# Hello **there**!!!

Thanks for [your *message*](http://x.com "t!!!") and `code!!!` &amp; \\*esc\\*
that was your fault!!

<!-- a comment with text!!! -->

    indented code!!!

> You wrote: your fault!!!

```text
fenced!!!
```

- item: your fault
- item two!!!

| a | b |
|---|---|
| c **d!!!** | e |

<p>Html block!!!</p>
"""

HTML = """\
<html><head><title>Title!!!</title><style>p { color: red }</style></head>
<body>
<p>Dear customer,</p>
<p>This is your
fault&nbsp;&amp; not ours!!!</p>
<!-- comment!!! -->
<script>var x = "your fault!!!";</script>
<blockquote>your fault!!!</blockquote>
<pre>code!!!</pre>
</body></html>
"""

JINJA = """\
{# replylint: disable-next-line=RL201 #}
Hello {{ customer.first_name }}, that is your fault.
{% if order %}Your order {{ order.id }} shipped!!!{% endif %}
{% raw %}{{ not a tag }}{% endraw %}
{#- a comment!!! -#}
That was your fault!!!
"""

LIQUID = """\
{% comment %} replylint: disable=RL101 {% endcomment %}
Hi {{ticket.requester.first_name}}!!!
{% comment %}replylint: enable=RL101{% endcomment %}
{%- if ticket.status == "solved" -%}
Your ticket is solved!!! It was your fault.
{%- else -%}
We are on it!!
{%- endif %}
"""

HANDLEBARS = """\
{{!-- replylint: disable-file=RL201 --}}
Hi {{customer.name}}, {{#if late}}sorry, your fault!!!{{else}}thanks!!{{/if}}
{{! a comment!!! }}{{> footer}}
{{{signature}}} was here!!!
"""

PO = """\
# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: src/app.py:1
msgid "Hello"
msgstr "Привет!!!"

#, fuzzy
msgid "Long"
msgstr ""
"Вы сами виноваты!!! \\"цитата\\"\\n"
"вторая строка!!"

msgid "One"
msgid_plural "Many"
msgstr[0] "Один!!!"
msgstr[1] "Много!!!"

#~ msgid "Old"
#~ msgstr "Старое!!!"
"""

YAML = """\
macros:
  - title: "Refund!!!"
    body: "Your fault!!! \\"quoted\\" caf\\u00e9 \\
      next line!!"
    comment:
      value: |
        Hello {{ticket.requester.first_name}},
        You failed to pay!!!
        {% if a %}Bye!!{% endif %}
  - body: >-
      folded text
      that is your fault!!!   # not a comment
  - body: plain text!!! # a comment
  - body: 'single''s text!!!'
  - body: 42
  - reply: ["first!!!", "second!!!"]
"""

JSON = """\
{"macros": [{"title": "x!!!",
  "actions": [{"body": "Caf\\u00e9 \\"q\\" your fault!!!\\nLine two!! \\ud83d\\ude00 end!!!"}],
  "comment": {"value": "Hi {{ticket.requester.first_name}}, thanks!!!"}}],
 "body": 7}
"""

HTML_JINJA = """\
<p>Hello {{ name }},</p>
{% if vip %}<p>Your fault!!!</p>{% endif %}
<!-- replylint: disable-next-line=RL101 -->
<p>Thanks!!!</p>
"""

FIXTURES = {
    "reply.md": MARKDOWN,
    "reply.html": HTML,
    "reply.j2": JINJA,
    "reply.liquid": LIQUID,
    "reply.hbs": HANDLEBARS,
    "messages.po": PO,
    "macros.yaml": YAML,
    "macros.json": JSON,
    "reply.html.j2": HTML_JINJA,
}


@pytest.fixture(scope="module")
def narrow() -> Linter:
    """Two rules with exact spans: runs of ``!`` (any language) and blaming phrases."""
    return Linter(Config(select=["RL101", "RL201"]))


def lint_file(name: str, text: str, linter: Linter, language: str | None = None) -> tuple[SourceFile, list[Finding]]:
    """Lint a file as ``replylint check`` does: read, lint each segment, map, apply suppressions."""
    source = read_text(Path(name), text)
    lines = LineIndex(source.text)
    suppressions = Suppressions.parse(source, lines)
    found: list[Finding] = []
    for segment in source.segments:
        report = linter.lint(segment.text, language, template=segment.template)
        found.extend(suppressions.filter((map_finding(f, segment, lines) for f in report.findings), segment, lines))
    return source, sorted(found, key=lambda f: (f.line, f.column, f.code))


def located(text: str, findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    """Each finding as (code, line, column, the file's text at its span), checking line and column independently."""
    out = []
    for f in findings:
        assert f.start is not None and f.end is not None
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        out.append((f.code, f.line, f.column, text[f.start : f.end]))
    return out


def test_markdown_and_yaml_parsers_load_with_their_first_file() -> None:
    """An audit's, a plain check's imports leave out markdown-it-py and PyYAML; the first Markdown or YAML file read
    brings its reader in, and reads as any later one does."""
    script = (
        "import json, sys; from pathlib import Path; import replylint.cli, replylint.audit.pool; "
        "from replylint.sources import read_text; "
        "parsers = lambda: sorted(m for m in ('markdown_it', 'yaml') if m in sys.modules); before = parsers(); "
        "md = read_text(Path('a.md'), '# Hi\\n\\nThanks **a lot**!'); "
        "ym = read_text(Path('a.yml'), 'body: Thanks!\\n'); "
        "print(json.dumps([before, parsers(), [s.text for s in md.segments], [s.text for s in ym.segments]]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(done.stdout) == [[], ["markdown_it", "yaml"], ["Hi\nThanks a lot!"], ["Thanks!"]]


def test_plain_text_is_one_verbatim_reply(narrow: Linter) -> None:
    text = "Hello,\nthat is your fault!!!\n"
    source, findings = lint_file("reply.txt", text, narrow, "en")
    assert [s.text for s in source.segments] == [text]
    assert located(text, findings) == [("RL201", 2, 9, "your fault"), ("RL101", 2, 19, "!!!")]


def test_markdown_reads_prose_only(narrow: Linter) -> None:
    source, findings = lint_file("reply.md", MARKDOWN, narrow, "en")
    (segment,) = source.segments
    for absent in ("Refund", "t!!!", "code!!!", "comment", "indented", "You wrote", "fenced", "http"):
        assert absent not in segment.text
    assert "Thanks for your message and  & *esc* that was your fault!!" in segment.text
    assert located(MARKDOWN, findings) == [
        ("RL101", 4, 18, "!!!"),
        ("RL201", 7, 10, "your fault"),
        ("RL101", 7, 20, "!!"),
        ("RL201", 19, 9, "your fault"),
        ("RL101", 20, 11, "!!!"),
        ("RL101", 24, 8, "!!!"),
        ("RL101", 26, 14, "!!!"),
    ]


def test_markdown_escapes_and_entities_stand_on_their_source(narrow: Linter) -> None:
    (segment,) = read_text(Path("a.md"), MARKDOWN).segments
    assert segment.file_offset(segment.text.index("&")) == MARKDOWN.index("&amp;")
    assert segment.file_offset(segment.text.index("*esc")) == MARKDOWN.index("\\*esc") + 1


def test_markdown_comments_are_found_in_html_blocks_and_inline() -> None:
    text = "Hi <!-- inline --> there.\n\n<!-- block -->\n\n```\n<!-- in code -->\n```\n"
    source = read_text(Path("a.md"), text)
    assert [text[c.body_start : c.body_end] for c in source.comments] == [" inline ", " block "]


def test_html_reads_visible_text(narrow: Linter) -> None:
    source, findings = lint_file("reply.html", HTML, narrow, "en")
    (segment,) = source.segments
    for absent in ("Title", "color", "var x", "comment", "code"):
        assert absent not in segment.text
    assert "This is your fault\xa0& not ours!!!" in segment.text
    assert located(HTML, findings) == [("RL201", 4, 12, "your\nfault"), ("RL101", 5, 26, "!!!")]
    assert findings[0].end_line == 5


def test_jinja_keeps_placeholders_and_drops_tags(narrow: Linter) -> None:
    source, findings = lint_file("reply.j2", JINJA, narrow, "en")
    (segment,) = source.segments
    assert segment.template
    assert "{{ customer.first_name }}" in segment.text
    assert "{{ not a tag }}" in segment.text
    assert "{%" not in segment.text and "comment" not in segment.text and "{#" not in segment.text
    assert located(JINJA, findings) == [
        ("RL101", 3, 48, "!!!"),
        ("RL201", 6, 10, "your fault"),
        ("RL101", 6, 20, "!!!"),
    ]


def test_a_customer_name_placeholder_is_one_placeholder_token() -> None:
    (segment,) = read_text(Path("reply.liquid"), LIQUID).segments
    doc = analyze(segment.text)
    placeholders = [t.text for t in doc.tokens if t.is_placeholder]
    assert placeholders == ["{{ticket.requester.first_name}}"]
    assert is_name_placeholder(placeholders[0])


def test_liquid_control_tags_and_comments(narrow: Linter) -> None:
    source, findings = lint_file("reply.liquid", LIQUID, narrow, "en")
    (segment,) = source.segments
    assert "solved" not in segment.text.split("\n")[0]
    assert "endif" not in segment.text and "replylint" not in segment.text
    assert located(LIQUID, findings) == [
        ("RL101", 5, 22, "!!!"),
        ("RL201", 5, 33, "your fault"),
        ("RL101", 7, 13, "!!"),
    ]


def test_handlebars_blocks_partials_and_triple_stash(narrow: Linter) -> None:
    source, findings = lint_file("reply.hbs", HANDLEBARS, narrow, "en")
    (segment,) = source.segments
    assert segment.template
    assert "{{#if" not in segment.text and "{{else}}" not in segment.text and "footer" not in segment.text
    assert "{{signature}}" in segment.text and "{{customer.name}}" in segment.text
    assert "sorry, your fault!!! thanks!!" in segment.text
    assert located(HANDLEBARS, findings) == [("RL101", 2, 52, "!!!"), ("RL101", 2, 69, "!!"), ("RL101", 4, 25, "!!!")]


def test_po_lints_each_translation(narrow: Linter) -> None:
    source, findings = lint_file("messages.po", PO, narrow, "ru")
    assert [s.text for s in source.segments] == [
        "Привет!!!",
        'Вы сами виноваты!!! "цитата"\nвторая строка!!',
        "Один!!!",
        "Много!!!",
    ]
    assert all(s.template and s.anchor is not None for s in source.segments)
    assert located(PO, findings) == [
        ("RL101", 8, 15, "!!!"),
        ("RL201", 13, 2, "Вы сами виноваты"),
        ("RL101", 13, 18, "!!!"),
        ("RL101", 14, 15, "!!"),
        ("RL101", 18, 16, "!!!"),
        ("RL101", 19, 17, "!!!"),
    ]


def test_po_agrees_with_polib() -> None:
    polib = pytest.importorskip("polib")
    catalogue = polib.pofile(PO)
    expected = [
        text
        for entry in catalogue
        if entry.msgid and not entry.obsolete
        for text in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])
    ]
    assert [s.text for s in read_text(Path("m.po"), PO).segments] == expected


def test_po_escape_stands_on_its_backslash() -> None:
    segments = read_text(Path("m.po"), PO).segments
    quote = segments[1].text.index('"')
    assert PO[segments[1].file_offset(quote) : segments[1].file_offset(quote) + 2] == '\\"'


def test_malformed_po_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="line 2"):
        read_text(Path("m.po"), 'msgid "a"\nmsgstr oops\n')


def test_yaml_values_at_keys_with_their_own_positions(narrow: Linter) -> None:
    source, findings = lint_file("macros.yaml", YAML, narrow, "en")
    assert [s.key for s in source.segments] == [
        "macros[0].body",
        "macros[0].comment.value",
        "macros[1].body",
        "macros[2].body",
        "macros[3].body",
        "macros[5].reply[0]",
        "macros[5].reply[1]",
    ]
    assert source.segments[0].text == 'Your fault!!! "quoted" café next line!!'
    assert source.segments[2].text == "folded text that is your fault!!!   # not a comment"
    assert all(s.template for s in source.segments)
    assert located(YAML, findings) == [
        ("RL201", 3, 12, "Your fault"),
        ("RL101", 3, 22, "!!!"),
        ("RL101", 4, 16, "!!"),
        ("RL201", 8, 9, "You failed to"),
        ("RL101", 8, 26, "!!!"),
        ("RL101", 9, 22, "!!"),
        ("RL201", 12, 15, "your fault"),
        ("RL101", 12, 25, "!!!"),
        ("RL101", 13, 21, "!!!"),
        ("RL101", 14, 26, "!!!"),
        ("RL101", 16, 19, "!!!"),
        ("RL101", 16, 32, "!!!"),
    ]


def test_yaml_escapes_stand_on_their_backslash() -> None:
    segment = read_text(Path("m.yaml"), YAML).segments[0]
    assert YAML[segment.file_offset(segment.text.index("é")) :].startswith("\\u00e9")
    assert YAML[segment.file_offset(segment.text.index('"')) :].startswith('\\"quoted')


def test_yaml_comments_are_outside_scalars() -> None:
    source = read_text(Path("m.yaml"), YAML)
    assert [YAML[c.body_start : c.body_end] for c in source.comments] == [" a comment"]


def test_yaml_reports_its_errors() -> None:
    with pytest.raises(SourceError, match=r"^invalid YAML at line 2, column 3: mapping values are not allowed here$"):
        read_text(Path("m.yaml"), "a: 1\n b: [\n")


def test_json_values_with_escapes(narrow: Linter) -> None:
    source, findings = lint_file("macros.json", JSON, narrow, "en")
    assert [s.key for s in source.segments] == ["macros[0].actions[0].body", "macros[0].comment.value"]
    assert source.segments[0].text == 'Café "q" your fault!!!\nLine two!! 😀 end!!!'
    assert located(JSON, findings) == [
        ("RL201", 2, 41, "your fault"),
        ("RL101", 2, 51, "!!!"),
        ("RL101", 2, 64, "!!"),
        ("RL101", 2, 83, "!!!"),
        ("RL101", 3, 67, "!!!"),
    ]


def test_json_reports_its_errors() -> None:
    with pytest.raises(SourceError, match=r"invalid JSON.*line 1 column 9"):
        read_text(Path("m.json"), '{"body":}')


def test_keys_are_configurable() -> None:
    text = '{"message": {"text": "Hello!!!"}, "body": "Hi."}'
    assert [s.key for s in read_text(Path("m.json"), text, ["message.text"]).segments] == ["message.text"]
    assert [s.key for s in read_text(Path("m.json"), text, ["text"]).segments] == ["message.text"]
    assert [s.key for s in read_text(Path("m.json"), text).segments] == ["body"]


def test_key_matching_and_names() -> None:
    """A value is read when its path ends with a key (list indices ignored): not a shorter path, not a longer one."""
    nested = '{"macros": [{"comment": {"value": "Hi."}}]}'
    assert [s.key for s in read_text(Path("m.json"), nested, ["comment.value"]).segments] == ["macros[0].comment.value"]
    shorter = '{"value": "Hi.", "x": {"comment": {"value": "Thanks."}}}'
    assert [s.key for s in read_text(Path("m.json"), shorter, ["comment.value"]).segments] == ["x.comment.value"]
    longer = '{"comment": {"value": {"x": "Hi."}}, "body": "Thanks."}'
    assert [s.key for s in read_text(Path("m.json"), longer, list(DEFAULT_KEYS)).segments] == ["body"]
    assert path_name(("macros", 0, "comment", "value")) == "macros[0].comment.value"


def test_templates_inside_html_are_read_as_both(narrow: Linter) -> None:
    source, findings = lint_file("reply.html.j2", HTML_JINJA, narrow, "en")
    (segment,) = source.segments
    assert segment.template and "{{ name }}" in segment.text and "<p>" not in segment.text
    assert located(HTML_JINJA, findings) == [("RL201", 2, 16, "Your fault"), ("RL101", 2, 26, "!!!")]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_piece_stands_on_its_own_characters(name: str) -> None:
    """Each mapped character is the file's own, or a decoded escape/entity on its first character, or a folded
    line break."""
    text = FIXTURES[name]
    source = read_text(Path(name), text)
    assert source.segments
    for segment in source.segments:
        for seg_start, file_start, length in segment.pieces:
            for k in range(length):
                mine, theirs = segment.text[seg_start + k], text[file_start + k]
                assert mine == theirs or theirs in "\\&\n", (name, mine, theirs, file_start + k)


def test_whole_reply_findings_span_the_visible_text() -> None:
    text = "{# note #}\n\n  Hello there.  \n"
    (segment,) = read_text(Path("a.j2"), text).segments
    lines = LineIndex(text)
    whole = Finding(
        code="RL603", rule="r", category="missing-next-step", severity="warning", message="m",
        start=None, end=None, line=1, column=1, end_line=1, end_column=1,
    )  # fmt: skip
    mapped = map_finding(whole, segment, lines)
    assert (mapped.line, mapped.column, mapped.end_line, mapped.end_column) == (3, 3, 3, 15)


def test_read_source_rejects_binary_and_other_encodings() -> None:
    with pytest.raises(SourceError, match="binary"):
        read_source(Path("a.txt"), b"a\x00b")
    with pytest.raises(SourceError, match="UTF-8"):
        read_source(Path("a.txt"), "привет".encode("cp1251"))


@pytest.mark.parametrize("name", FIXTURES)
def test_crlf_files_map_to_the_same_places(narrow: Linter, name: str) -> None:
    text = FIXTURES[name]
    crlf = text.replace("\n", "\r\n")
    language = "ru" if name.endswith(".po") else "en"
    expected = located(text, lint_file(name, text, narrow, language)[1])
    assert located(crlf, lint_file(name, crlf, narrow, language)[1]) == [
        (code, line, column, match.replace("\n", "\r\n")) for code, line, column, match in expected
    ]


def test_html_body_ends_an_unclosed_head() -> None:
    (segment,) = read_text(Path("a.html"), "<html><head><title>T</title>\n<body><p>Hello there.</p>").segments
    assert segment.text.strip() == "Hello there."


TRICKY_YAML = [
    'body: "one\\n\\ttwo  \n\n   three \\\n   four\\x21\\U0001F600"\n',
    "body: 'it''s\n\n  folded\n  again'\n",
    "body: plain\n  over\n\n  lines  \n",
    "body: |+\n  keep\n    more\n\n\nnext: 1\n",
    "body: >\n  folded\n    more indented\n  back\n\n  para\n",
    "- body: |2\n     two extra\n    base\n",
    "body: >-\r\n  crlf\r\n  folded\r\n",
]


def _yaml_strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _yaml_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _yaml_strings(v)]
    return []


@pytest.mark.parametrize("text", TRICKY_YAML)
def test_yaml_scalars_of_every_style_are_aligned_exactly(text: str) -> None:
    (segment,) = read_text(Path("m.yaml"), text).segments
    (value,) = [v for v in _yaml_strings(yaml.safe_load(text)) if v == segment.text]
    assert segment.text == value
    assert all(length > 0 for _, _, length in segment.pieces), "fell back to the value's start"
    for seg_start, file_start, length in segment.pieces:
        for k in range(length):
            mine, theirs = segment.text[seg_start + k], text[file_start + k]
            assert mine == theirs or theirs in "\\\r\n", (mine, theirs)


def test_template_files_expect_placeholders_and_a_name_placeholder_addresses_the_customer() -> None:
    linter = Linter(Config(select=["unresolved-placeholder", "missing-greeting"], channel="email"))
    text = "{{ticket.requester.first_name}}, your order ships on Friday. We will email you the tracking number.\n"
    as_text = {f.rule for f in lint_file("reply.txt", text, linter)[1]}
    assert as_text == {"unresolved-placeholder", "missing-greeting"}
    for name in ("reply.liquid", "reply.j2", "reply.hbs", "reply.md.liquid"):
        assert lint_file(name, text, linter)[1] == [], name
