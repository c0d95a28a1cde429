"""Hostile files: readers stay linear, never block, and refuse what they cannot read with a clear error."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from replylint.cli import EXIT_INTERNAL, main
from replylint.sources import SourceError, read_source, read_text
from replylint.sources import markdown as markdown_source
from replylint.sources.structured import MAX_NESTING


def _check_json(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]], str]:
    code = main(["check", "--format", "json", *map(str, paths)])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_unclosed_link_brackets_cost_no_label_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it scanned the rest of the block for every ``[`` nothing closes: 50,000 of them took minutes."""
    scans = 0
    parser = markdown_source._MD.inline
    skip = parser.skipToken

    def counted(state: object) -> None:
        nonlocal scans
        scans += 1
        skip(state)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "skipToken", counted)
    source = read_text(Path("reply.md"), "[" * 50_000 + "\n\n![" * 1_000)
    assert scans == 0
    assert source.segments[0].text.startswith("[" * 50_000)


def test_links_are_still_read_after_the_guard() -> None:
    text = "See [our [refund] page](https://example.com/refunds) and ![logo](logo.png) [unclosed\n"
    segment = read_text(Path("reply.md"), text).segments[0]
    assert segment.text == "See our [refund] page and  [unclosed"
    start = segment.text.index("[unclosed")
    assert text[segment.file_offset(start) :].startswith("[unclosed")


@pytest.mark.parametrize("unclosed", ["<a ", "<!--", "</", "<![", "<?"])
def test_html_tags_that_never_close_are_read_in_one_pass(unclosed: str) -> None:
    """The standard library's parser scanned the rest of the file again for each: 20,000 "<a " took 16 s."""
    text = "<p>Hello there.</p>\n" + unclosed * (60_000 // len(unclosed)) + "end"
    started = time.perf_counter()
    segment = read_text(Path("reply.html"), text).segments[0]
    assert time.perf_counter() - started < 5  # about 1 ms here; the quadratic scan took minutes
    assert segment.text.startswith("Hello there.")
    assert segment.text.rstrip().endswith("end")
    last = len(segment.text.rstrip()) - 1
    assert text[segment.file_offset(last)] == "d"


def test_html_parsing_is_unchanged_before_the_last_closing_bracket() -> None:
    text = "<p>Fine &amp; <b>bold</b></p><!-- replylint: noqa --> 1 < 2 <i"
    source = read_text(Path("reply.html"), text)
    assert source.segments[0].text == "Fine & bold\n 1 < 2 <i"  # as before the change
    assert [text[c.body_start : c.body_end] for c in source.comments] == [" replylint: noqa "]


@pytest.mark.parametrize("opener", ["{#", "{%#", "{{!", "{{!--"])
def test_unclosed_template_comment_runs_to_the_end(opener: str) -> None:
    source = read_text(Path("reply.j2"), "Hello.\n" + opener + " x" * 50_000)
    assert [s.text for s in source.segments] == ["Hello.\n"]
    assert source.comments[-1].end == len(source.text)


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("nan.json", '{"body": "Hi", "rate": NaN}', "invalid JSON: NaN is not a JSON value"),
        ("inf.json", '{"body": "Hi", "rate": -Infinity}', "invalid JSON: -Infinity is not a JSON value"),
        ("deep.json", '{"body": "Hi", "x": ' + "[" * 2_000 + "]" * 2_000 + "}", f"nested more than {MAX_NESTING}"),
        ("open.json", "[" * 100_000, f"nested more than {MAX_NESTING}"),
        ("deep.yaml", "body: Hi\nx: " + "[" * 3_000 + "]" * 3_000 + "\n", f"nested more than {MAX_NESTING}"),
        ("block.yaml", "".join("  " * i + "a:\n" for i in range(3_000)), f"nested more than {MAX_NESTING}"),
        ("deep2.yaml", "body: Hi\nx: " + "[" * 250 + "]" * 250 + "\n", f"nested more than {MAX_NESTING}"),
    ],
)
def test_hostile_structured_files_are_clear_errors(name: str, text: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason.replace("(", r"\(").replace("[", r"\[")):
        read_text(Path(name), text)


def test_huge_integers_in_json_are_not_an_error() -> None:
    text = '{"body": "This is your fault.", "n": ' + "7" * 5_001 + "}"
    assert [s.text for s in read_text(Path("big.json"), text).segments] == ["This is your fault."]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_files_with_a_bom_are_read(encoding: str) -> None:
    text = "Это ваша вина.\nThis is your fault."
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    source = read_source(Path("reply.txt"), bom + text.encode(encoding))
    assert source.text == text
    assert [s.text for s in source.segments] == [text]


def test_broken_utf16_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="not valid UTF-16"):
        read_source(Path("reply.txt"), b"\xff\xfe" + "Hi".encode("utf-16-le") + b"\x00\xd8")


def test_utf16_file_is_linted_with_offsets_in_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_bytes("Hello.\nThis is your fault.".encode("utf-16"))
    code, results, _ = _check_json([reply], capsys)
    assert code == 1
    assert any(r["code"] == "RL201" and (r["line"], r["column"]) == (2, 9) for r in results)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("named", [True, False], ids=["named", "in-folder"])
def test_fifo_is_reported_not_waited_on(named: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("This is your fault.", encoding="utf-8")
    args = ["check", "--no-color", *([str(fifo), str(good)] if named else [str(tmp_path)])]
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(main(args)))
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # unblock the reader so the test ends, then fail
        with open(fifo, "wb"):
            pass
        worker.join()
        pytest.fail("check blocked on a named pipe")
    out = capsys.readouterr().out
    assert outcome == [1]
    assert f"{fifo}: skipped: not a regular file (FIFO)" in out
    assert f"{good}:1:9: RL201" in out


def test_unreadable_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("Hi.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("This is your fault.", encoding="utf-8")
    scandir = os.scandir

    def refuse(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    code = main(["check", "--no-color", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{tmp_path / 'locked'}: skipped: cannot read folder: Permission denied" in out
    assert f"{tmp_path / 'open.txt'}:1:9: RL201" in out


def test_a_file_that_crashes_the_linter_does_not_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from replylint.engine import Linter

    lint = Linter.lint

    def fragile(self: Linter, text: str, *args: object, **kwargs: object) -> object:
        if "boom" in text:
            raise RuntimeError("simulated bug")
        return lint(self, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Linter, "lint", fragile)
    (tmp_path / "a.txt").write_text("This is your fault.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("boom", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Your fault again.", encoding="utf-8")
    code = main(["check", "--no-color", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == EXIT_INTERNAL
    assert f"{tmp_path / 'a.txt'}:1:9: RL201" in captured.out
    assert f"{tmp_path / 'b.txt'}: skipped: internal error: RuntimeError: simulated bug" in captured.out
    assert f"{tmp_path / 'c.txt'}:1:1: RL201" in captured.out
    assert "Traceback" in captured.err and "simulated bug" in captured.err


def test_an_unexpected_error_exits_with_its_own_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import replylint.cli as cli

    def broken(args: object) -> int:
        raise KeyError("simulated bug")

    monkeypatch.setattr(cli, "_rules", broken)
    assert main(["rules"]) == EXIT_INTERNAL == 3
    assert "internal error" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_port_out_of_range_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2
    assert "--port" in capsys.readouterr().err
