"""The wheel ships the rule packs, and the installed package finds them through importlib.resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_wheel_finds_its_rules(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path, ROOT],
        check=True,
    )
    wheel = next(tmp_path.glob("replylint-*.whl"))
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("replylint/rules/")}
    expected = {f"replylint/rules/{p.name}" for p in (ROOT / "rules").glob("*.toml")}
    assert shipped == expected

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel], check=True
    )
    probe = (
        "import replylint, replylint.packs as p; "
        "print(replylint.__file__); print(len(p.builtin_specs())); "
        "print(replylint.lint('your fault').findings[0].code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(target), "PATH": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, count, code = done.stdout.split()
    assert module_file.startswith(str(target))
    assert int(count) > 0
    assert code == "RL201"
