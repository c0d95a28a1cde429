"""``replylint check`` over folders of templates: which files it reads, and ``--keys``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint.cli import main


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".replylint.toml").write_text('select = ["RL101"]\n', encoding="utf-8")
    files = {
        "a.md": "Hi!!!\n",
        "b.html.j2": "<p>Hi {{ name }}!!!</p>\n",
        "c.liquid": "Hi!!!\n",
        "d.hbs": "Hi!!!\n",
        "e.po": 'msgid "a"\nmsgstr "Hi!!!"\n',
        "f.yml": "body: Hi!!!\n",
        "g.json": '{"text": "Hi!!!"}\n',
        "h.py": "print('Hi!!!')\n",
        "i.rst": "Hi!!!\n",
        ".hidden/j.md": "Hi!!!\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _located(out: str, root: Path) -> list[tuple[str, int, int]]:
    return [(str(Path(f["path"]).relative_to(root)), f["line"], f["column"]) for f in json.loads(out)]


def test_a_folder_is_searched_for_every_template_format(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(folder)]) == 1
    assert _located(capsys.readouterr().out, folder) == [
        ("a.md", 1, 3),
        ("b.html.j2", 1, 17),
        ("c.liquid", 1, 3),
        ("d.hbs", 1, 3),
        ("e.po", 2, 11),
        ("f.yml", 1, 9),
    ]


def test_keys_option_picks_the_values(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["check", "--format", "json", "--keys", "text, body", str(folder / "g.json"), str(folder / "f.yml")]) == 1
    )
    assert _located(capsys.readouterr().out, folder) == [("g.json", 1, 13), ("f.yml", 1, 9)]


def test_keys_from_the_configuration(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / ".replylint.toml").write_text('select = ["RL101"]\nkeys = ["text"]\n', encoding="utf-8")
    assert main(["check", "--format", "json", str(folder / "g.json"), str(folder / "f.yml")]) == 1
    assert _located(capsys.readouterr().out, folder) == [("g.json", 1, 13)]


def test_a_malformed_export_is_skipped_with_its_reason(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "f.yml").write_text("body: [unclosed\n", encoding="utf-8")
    assert main(["check", str(folder / "f.yml"), str(folder / "a.md")]) == 1
    out = capsys.readouterr().out
    assert "f.yml: skipped: invalid YAML" in out
    assert "a.md:1:3: RL101" in out
