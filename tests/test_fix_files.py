"""``replylint check --fix`` / ``--diff`` on files: edits mapped back through each format's escapes, markup and
template tags left untouched, and a fixed file that gains no findings."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from replylint.cli import main

#: Per format: the file, and the file after ``--fix --unsafe-fixes``.
CASES = {
    "reply.txt": (
        "Здравствуйте!\nДенежные средства вернём в установленный срок!!!\nМЫ НЕ МОЖЕМ ВЕРНУТЬ деньги.\n",
        "Здравствуйте!\nДеньги вернём вовремя!\nМы не можем вернуть деньги.\n",
    ),
    "reply.md": (
        "# Refund\n\nAs per our policy, **WE CANNOT REFUND** opened items\\!\\!\\!\n",
        "# Refund\n\nIn line with our policy, **we cannot refund** opened items\\!\n",
    ),
    # An entity inside a span is replaced with the span; markup inside a span leaves the finding without a fix.
    "reply.html": (
        "<p>Thanks&excl;&excl; WE CANNOT REFUND opened items.</p>\n<p>YOU <b>SHOULD NEVER</b> do that.</p>\n",
        "<p>Thanks! We cannot refund opened items.</p>\n<p>YOU <b>SHOULD NEVER</b> do that.</p>\n",
    ),
    # Control tags and placeholders stay; a span across a tag is not fixed.
    "reply.j2": (
        "{# replylint: disable=RL604 #}Hi {{ name }}!!! {% if late %}WE CANNOT REFUND{% endif %} the fee"
        " in due course.\n",
        "{# replylint: disable=RL604 #}Hi {{ name }}! {% if late %}We cannot refund{% endif %} the fee soon.\n",
    ),
    "macros.json": (
        '{"macros": [{"title": "A!!!", "body": "Hi \\"there\\"!!! As per our policy,\\nWE CANNOT REFUND'
        ' \\u00e9 items\\u0021!"}]}\n',
        '{"macros": [{"title": "A!!!", "body": "Hi \\"there\\"! In line with our policy,\\nWe cannot refund'
        ' \\u00e9 items!"}]}\n',
    ),
    "macros.yml": (
        'double: "Hi!!! As per our policy,\\tWE CANNOT REFUND it\\x21!"\n'
        "single: 'It''s fine!!! WE CANNOT REFUND it.'\n"
        "plain: Hello!!! Kindly note the fee.\n"
        "block: |\n  Hello!!!\n  WE CANNOT REFUND it.\n",
        'double: "Hi! In line with our policy,\\twe cannot refund it!"\n'
        "single: 'It''s fine! We cannot refund it.'\n"
        "plain: Hello! Please note the fee.\n"
        "block: |\n  Hello!\n  We cannot refund it.\n",
    ),
    "messages.po": (
        'msgid "refund"\nmsgstr "Денежные средства вернём \\"завтра\\"!!!"\n',
        'msgid "refund"\nmsgstr "Деньги вернём \\"завтра\\"!"\n',
    ),
}


def _counts(path: Path, capsys: pytest.CaptureFixture[str]) -> Counter[str]:
    main(["check", "--format", "json", "--keys", "body,double,single,plain,block", str(path)])
    return Counter(f["code"] for f in json.loads(capsys.readouterr().out))


@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_maps_edits_through_the_format(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before_text, after_text = CASES[name]
    path = tmp_path / name
    path.write_text(before_text, encoding="utf-8")
    before = _counts(path, capsys)
    main(["check", "--fix", "--unsafe-fixes", "--keys", "body,double,single,plain,block", str(path)])
    assert "Fixed " in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == after_text
    after = _counts(path, capsys)
    assert sum(after.values()) < sum(before.values())
    assert not after - before, f"the fixed file gained {after - before}"


def test_safe_fixes_only_without_unsafe_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reply.txt"
    path.write_text("WE CANNOT REFUND opened items!!!\n", encoding="utf-8")
    assert main(["check", "--fix", "--format", "json", str(path)]) == 1
    remaining = json.loads(capsys.readouterr().out)
    assert path.read_text(encoding="utf-8") == "WE CANNOT REFUND opened items!\n"
    assert [(f["code"], f["fix"]["applicability"]) for f in remaining if f["fix"]] == [("RL110", "unsafe")]


def test_diff_changes_nothing_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reply.txt"
    text = "Спасибо!!! Денежные средства вернём завтра.\n"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--diff", str(path)]) == 1
    captured = capsys.readouterr()
    assert path.read_text(encoding="utf-8") == text
    assert f"--- a/{path}\n+++ b/{path}\n" in captured.out
    assert "-Спасибо!!! Денежные средства вернём завтра.\n+Спасибо! Деньги вернём завтра.\n" in captured.out
    assert "Would fix 2 findings in 1 file." in captured.err
    path.write_text("Спасибо! Вернём деньги завтра.\n", encoding="utf-8")
    assert main(["check", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_suppressed_findings_are_not_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reply.md"
    text = "<!-- replylint: disable-next-line=RL101 -->\nHi!!!\n\nThanks!!!\n"
    path.write_text(text, encoding="utf-8")
    main(["check", "--fix", str(path)])
    capsys.readouterr()
    assert path.read_text(encoding="utf-8") == "<!-- replylint: disable-next-line=RL101 -->\nHi!!!\n\nThanks!\n"


def test_fix_refuses_server_diff_and_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--fix", "--server", "http://127.0.0.1:9", "x.txt"]) == 2
    assert main(["check", "--fix", "--diff", "x.txt"]) == 2
    assert main(["check", "--fix", "-"]) == 2
    assert "--fix" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_fix_keeps_the_file_encoding_and_byte_order_mark(
    encoding: str, bom: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(bom + "Спасибо за ожидание!!!\r\nWe will call you today.\r\n".encode(encoding))
    main(["check", "--fix", str(path)])
    assert "Fixed 1 finding" in capsys.readouterr().err
    assert path.read_bytes() == bom + "Спасибо за ожидание!\r\nWe will call you today.\r\n".encode(encoding)


def test_fix_keeps_utf8_without_a_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes("Спасибо за ожидание!!!".encode())
    main(["check", "--fix", str(path)])
    capsys.readouterr()
    assert path.read_bytes() == "Спасибо за ожидание!".encode()


def _applied(original: str, diff: str) -> str:
    """``original`` after the one-hunk unified ``diff``, read the way ``patch`` and ``git apply`` read one: lines end
    at ``\\n`` only, and ``\\ No newline at end of file`` says the line before it has none."""
    lines = diff.split("\n")
    assert lines[0].startswith("--- ") and lines[1].startswith("+++ ") and lines[2].startswith("@@ -1")
    body: list[tuple[str, str]] = []
    for line in lines[3:]:
        if line.startswith("\\"):
            assert line == "\\ No newline at end of file"
            sign, text = body[-1]
            body[-1] = (sign, text.removesuffix("\n"))
        elif line:
            body.append((line[0], line[1:] + "\n"))
    old = "".join(text for sign, text in body if sign in " -")
    assert old == original, "the diff's old side is not the file as it is"
    return "".join(text for sign, text in body if sign in " +")


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for waiting!!!",  # no line break at the end
        "Hello.\nThank you for waiting!!!",
        "Page one\x0cpage two!!!\n",  # a form feed, U+2028 and U+0085 are not line ends for patch
        "Line\u2028Thank you for waiting!!!\nOne more line\x85here.\n",
    ],
)
def test_diff_applies_as_patch_reads_it(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(text.encode())
    assert main(["check", "--diff", str(path)]) == 1
    diff = capsys.readouterr().out
    main(["check", "--fix", str(path)])
    capsys.readouterr()
    assert _applied(text, diff) == path.read_text(encoding="utf-8")


def test_diff_says_a_file_it_could_not_read_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Thanks!!!\x00\x01")
    assert main(["check", "--diff", str(binary)]) == 1
    assert f"{binary}: skipped: binary file" in capsys.readouterr().err
    clean = tmp_path / "clean.txt"
    clean.write_text("Thank you, we will call you today.\n", encoding="utf-8")
    assert main(["check", "--diff", str(clean)]) == 0
    capsys.readouterr()
