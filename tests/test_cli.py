"""The command line: output, exit codes, standard input, bad files, configuration errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from replylint.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = tmp_path / "ok.txt"
    reply.write_text("Thanks for the kind words, see you soon.\n", encoding="utf-8")
    code, out, _ = _run(["check", str(reply)], capsys)
    assert code == 0
    assert out.strip() == "All checks passed."


def test_findings_exit_one_with_ruff_like_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = tmp_path / "bad.txt"
    reply.write_text("Hello.\nThis is your fault!!!\n", encoding="utf-8")
    code, out, _ = _run(["check", "--no-color", str(reply)], capsys)
    assert code == 1
    assert f"{reply}:2:9: RL201 [error] Blames the customer: “your fault”." in out
    assert "2 | This is your fault!!!" in out
    assert "  |         ^^^^^^^^^^" in out
    assert out.rstrip().endswith("Found 2 findings in 1 file.")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_context_file_is_decoded_as_a_reply_file_is(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A customer's message saved by Notepad as "Unicode" (UTF-16 with a byte-order mark) was refused with a codec
    # error ("'utf-8' codec can't decode byte 0xff"), where a reply file in the same encoding is read.
    context, reply = tmp_path / "msg.txt", tmp_path / "reply.txt"
    context.write_text("Заказ так и не привезли, это ужасно.", encoding=encoding)
    reply.write_text("Ожидайте.", encoding=encoding)
    code, out, err = _run(["check", str(reply), "--context-file", str(context), "--format", "json"], capsys)
    assert (code, err) == (1, "")
    assert {item["code"] for item in json.loads(out)} == {"RL601", "RL603"}
    code, _, err = _run(["check", str(reply), "--context-file", str(tmp_path)], capsys)
    assert code == 2 and err == f"replylint: cannot read context file {tmp_path}: Is a directory\n"
    context.write_bytes(b"\xff not text")
    code, _, err = _run(["check", str(reply), "--context-file", str(context)], capsys)
    assert code == 2 and err == f"replylint: cannot read context file {context}: not valid UTF-8 (byte 0: b'\\xff')\n"


def test_fail_on_error_ignores_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reply = tmp_path / "loud.txt"
    reply.write_text("Thanks!!!\n", encoding="utf-8")
    assert _run(["check", str(reply)], capsys)[0] == 1
    assert _run(["check", "--fail-on", "error", str(reply)], capsys)[0] == 0


def test_stdin_with_context_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    context = tmp_path / "msg.txt"
    context.write_text("Заказ так и не привезли, это ужасно.", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Ожидайте.".encode())))
    code, out, _ = _run(["check", "-", "--context-file", str(context), "--format", "json"], capsys)
    items = json.loads(out)
    assert code == 1
    assert {item["code"] for item in items} == {"RL601", "RL603"}
    assert all(item["path"] == "-" for item in items)
    assert items[0]["message"].startswith("В ответе") or items[0]["message"].startswith("Клиент")


def test_bad_files_are_reported_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a_binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "b_latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "c_good.txt").write_text("This is your fault.", encoding="utf-8")
    code, out, _ = _run(["check", str(tmp_path)], capsys)
    assert code == 1
    assert f"{tmp_path / 'a_binary.txt'}: skipped: binary file" in out
    assert f"{tmp_path / 'b_latin1.txt'}: skipped: not valid UTF-8" in out
    assert f"{tmp_path / 'c_good.txt'}:1:9: RL201" in out


def test_missing_file_is_reported_and_others_still_linted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Your fault.", encoding="utf-8")
    code, out, _ = _run(["check", str(tmp_path / "nope.txt"), str(good)], capsys)
    assert code == 2  # a path named on the command line that does not exist is a usage error
    assert "nope.txt: skipped: no such file or folder" in out
    assert f"{good}:1:1: RL201" in out


def test_config_error_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".replylint.toml").write_text("fail-on = 'never'\n", encoding="utf-8")
    reply = tmp_path / "r.txt"
    reply.write_text("Hi.", encoding="utf-8")
    code, _, err = _run(["check", str(reply)], capsys)
    assert code == 2
    assert f"{tmp_path / '.replylint.toml'}: fail-on: Input should be" in err


def test_usage_error_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--channel", "fax"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_option_is_named_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--output", "x.sarif", "-"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --output" in capsys.readouterr().err


def test_explain_acts_with_statistics_names_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    """The text format was given; the message had said --explain-acts works with --format text."""
    code, _, err = _run(["check", "--explain-acts", "--statistics", "-"], capsys)
    assert code == 2
    assert err == "replylint: --explain-acts prints sentences, --statistics counts: give one of them\n"


def test_unsafe_fixes_alone_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --fix or --diff the flag did nothing, and the run looked like one with nothing to fix."""
    reply = tmp_path / "r.txt"
    reply.write_text("WE CANNOT REFUND IT.\n", encoding="utf-8")
    code, out, err = _run(["check", "--unsafe-fixes", str(reply)], capsys)
    assert (code, out) == (2, "")
    assert err == "replylint: --unsafe-fixes goes with --fix or --diff\n"
    assert reply.read_text(encoding="utf-8") == "WE CANNOT REFUND IT.\n"


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["rules"], capsys)
    assert code == 0 and "RL201  blaming-phrase" in out
    code, out, _ = _run(["explain", "RL101"], capsys)
    assert code == 0 and out.startswith("RL101 exclamation-run (exclamation, warning)")
    assert _run(["explain", "RL000"], capsys)[0] == 2


def test_console_script_on_stdin() -> None:
    exe = Path(sys.executable).with_name("replylint")
    done = subprocess.run(
        [str(exe), "check", "-", "--format", "json"],
        input="Вы сами виноваты!!!".encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert {item["code"] for item in json.loads(done.stdout)} >= {"RL201", "RL101"}


def test_a_file_reached_twice_is_linted_and_fixed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named twice, as ./name beside name, inside a named folder, or through a link: one file, one report, one
    # patch (the same hunk twice makes `git apply` fail), and standard input is read once.
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "loud.txt").write_text("Hello!!! Thanks!!!\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(folder / "loud.txt")
    paths = ["replies", "replies/loud.txt", "./replies/loud.txt", "link.txt"]
    code, out, _ = _run(["check", "--no-color", "-q", *paths], capsys)
    assert code == 1
    assert out.splitlines() == [
        "replies/loud.txt:1:6: RL101 [warning] Run of punctuation “!!!” reads as shouting.",
        "replies/loud.txt:1:16: RL101 [warning] Run of punctuation “!!!” reads as shouting.",
    ]
    code, out, err = _run(["check", "--diff", *paths], capsys)
    assert out.count("+++ b/replies/loud.txt") == 1 and "link.txt" not in out
    assert err.strip() == "Would fix 2 findings in 1 file."
    code, out, _ = _run(["check", "--statistics", *paths], capsys)
    assert out.splitlines() == ["2\tRL101\texclamation-run"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Thanks!!!")))
    code, out, err = _run(["check", "--no-color", "-", "-"], capsys)
    assert "skipped" not in out + err
    assert out.rstrip().endswith("Found 1 finding in 1 file.")
