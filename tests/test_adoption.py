"""Adopting replylint on an existing template library: a baseline, `extend`, git-style excludes, per-file ignores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint import ConfigError, Linter, load_config_file
from replylint.baseline import Baseline, BaselineEntry, normalise
from replylint.cli import main
from replylint.config import excluded
from replylint.files import lint_source

BASE = """\
select = ["ALL"]
ignore = ["missing-greeting"]
extend-exclude = ["drafts/", "/vendor"]
"""
LEAF = """\
extend = "config/base.toml"
extend-exclude = ["drafts/", "/vendor", "!drafts/keep.j2"]

[per-file-ignores]
"legacy/**" = ["rl1"]
"*.yaml" = ["exclamation"]
"""
FILES = {
    "replies/refund_en.j2": "Hello {{ name }},\nThis is your fault!!!\nWe will refund you by Friday.\n",
    "replies/late_ru.j2": "Здравствуйте!\nВы сами виноваты!!!\n",
    "legacy/old/welcome.j2": "Welcome!!! Your fault.\n",
    "drafts/wip.j2": "Your fault!!!\n",
    "drafts/keep.j2": "Thanks for waiting!!!\n",
    "vendor/theirs.j2": "Your fault!!!\n",
    "lib/vendor/ours.j2": "Thanks!!!\n",
    "macros.yaml": "- body: Thanks for waiting!!! It is your fault.\n",
}


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small template repository, the current folder of the test."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "base.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / ".replylint.toml").write_text(LEAF, encoding="utf-8")
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple[str, str, int]], str]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr()
    findings = [(f["path"], f["code"], f["line"]) for f in json.loads(out.out)] if out.out.strip() else []
    return code, findings, out.err


def test_excludes_and_per_file_ignores(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, findings, _ = found(capsys, ".")
    paths = {path for path, _, _ in findings}
    assert "drafts/wip.j2" not in paths and "vendor/theirs.j2" not in paths  # excluded, the second anchored
    assert {"drafts/keep.j2", "lib/vendor/ours.j2"} <= paths  # taken back with "!", and not at the root
    legacy = {code for path, code, _ in findings if path.startswith("legacy/")}
    assert "RL201" in legacy and not any(code.startswith("RL1") for code in legacy)
    assert {code for path, code, _ in findings if path == "macros.yaml"} == {"RL201"}
    assert not [code for _, code, _ in findings if code == "RL801"]  # missing-greeting, ignored by the base
    assert found(capsys, "drafts/wip.j2")[1] == []  # named on the command line, still excluded


def test_baseline_written_survives_moved_lines_and_reports_new_and_stale(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, before, _ = found(capsys, ".")
    assert code == 1 and before
    assert main(["check", "--write-baseline", "baseline.json", "."]) == 0
    assert f"baseline of {len(before)} findings in 6 files written" in capsys.readouterr().err
    recorded = json.loads((library / "baseline.json").read_text(encoding="utf-8"))
    assert {"path": "replies/refund_en.j2", "code": "RL201", "match": "your fault", "count": 1} in recorded["findings"]

    code, findings, err = found(capsys, "--baseline", "baseline.json", ".")
    assert (code, findings) == (0, [])
    assert f"baseline.json: {len(before)} findings in the baseline not reported" in err

    refund = library / "replies/refund_en.j2"
    refund.write_text("{# a new first line #}\n\n" + FILES["replies/refund_en.j2"].replace("This", "this"), "utf-8")
    assert found(capsys, "--baseline", "baseline.json", ".")[:2] == (0, [])  # lines moved, case changed

    refund.write_text(refund.read_text(encoding="utf-8") + "Read the manual, it is your fault.\n", "utf-8")
    code, findings, _ = found(capsys, "--baseline", "baseline.json", ".")
    assert code == 1
    assert findings == [("replies/refund_en.j2", "RL201", 6)]  # one more of the same: the new one is reported

    (library / "replies/late_ru.j2").write_text("Здравствуйте! Спасибо, что написали.\n", encoding="utf-8")
    _, _, err = found(capsys, "--baseline", "baseline.json", "replies/late_ru.j2")
    assert "no longer found" in err and "replies/late_ru.j2: RL201 “вы сами виноваты”" in err
    assert "refund_en.j2" not in err  # not linted in this run: nothing said about it


def test_baseline_paths_are_relative_to_its_folder(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (library / "ci").mkdir()
    assert main(["check", "--write-baseline", "ci/baseline.json", "replies"]) == 0
    capsys.readouterr()
    paths = {e["path"] for e in json.loads((library / "ci/baseline.json").read_text("utf-8"))["findings"]}
    assert paths == {"../replies/refund_en.j2", "../replies/late_ru.j2"}
    assert found(capsys, "--baseline", "ci/baseline.json", str(library / "replies"))[:2] == (0, [])


def test_the_library_api_takes_a_baseline(library: Path) -> None:
    linter = Linter(load_config_file(library / ".replylint.toml"))
    entry = BaselineEntry(path="replies/refund_en.j2", code="RL201", match=normalise("Your  FAULT"))
    baseline = Baseline([entry], library)
    report = lint_source(
        library / "replies/refund_en.j2", name="replies/refund_en.j2", linter=linter, baseline=baseline
    )
    assert report.baselined == 1 and "RL201" not in [f.code for f in report.findings]
    assert baseline.stale() == []


def test_a_broken_baseline_is_a_usage_error(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (library / "baseline.json").write_text('{"version": 2, "findings": []}', encoding="utf-8")
    assert main(["check", "--baseline", "baseline.json", "."]) == 2
    assert "baseline.json: version" in capsys.readouterr().err


def test_extend_layers_files_and_errors_name_the_file_that_set_the_key(library: Path) -> None:
    config = load_config_file(library / ".replylint.toml")
    assert config.select == ["ALL"] and config.ignore == ["missing-greeting"]
    assert config.origin("ignore") == library / "config" / "base.toml"
    assert config.origin("extend-exclude") == library / ".replylint.toml"
    (library / "config" / "base.toml").write_text('ignore = ["RL2O1"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(library / ".replylint.toml"))
    assert (caught.value.path, caught.value.key) == (str(library / "config" / "base.toml"), "ignore")


def test_extend_merges_rule_tables_and_refuses_cycles(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text(
        '[rules.RL101]\nseverity = "error"\n[rules.RL102]\nseverity = "info"\n', "utf-8"
    )
    (tmp_path / "leaf.toml").write_text('extend = "base.toml"\n[rules.RL102]\nseverity = "error"\n', "utf-8")
    rules = load_config_file(tmp_path / "leaf.toml").rules
    assert {k: v.severity.value if v.severity else None for k, v in rules.items()} == {
        "RL101": "error",
        "RL102": "error",
    }
    (tmp_path / "base.toml").write_text('extend = "leaf.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cycle"):
        load_config_file(tmp_path / "leaf.toml")
    (tmp_path / "leaf.toml").write_text('extend = "missing.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no configuration file 'missing\.toml'"):
        load_config_file(tmp_path / "leaf.toml")


def test_per_file_ignores_selectors_and_patterns_are_validated(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('[per-file-ignores]\n"legacy/**" = ["RL2O1"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Linter(load_config_file(tmp_path / "c.toml"))
    assert caught.value.key == "per-file-ignores.legacy/**"
    assert "'RL2O1' matches no rule" in caught.value.reason


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("archive", "replies/archive/old.j2", True),
        ("/archive", "replies/archive/old.j2", False),
        ("replies/*.j2", "replies/a.j2", True),
        ("replies/*.j2", "x/replies/a.j2", False),
        ("**/drafts/*.md", "a/b/drafts/x.md", True),
        ("*.po", "locale/ru/LC_MESSAGES/app.po", True),
    ],
)
def test_patterns_are_git_style(tmp_path: Path, pattern: str, path: str, expected: bool) -> None:
    assert excluded(tmp_path / path, [pattern], tmp_path) is expected
