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
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("replylint/rules/")}
    expected = {f"replylint/rules/{p.name}" for p in (ROOT / "rules").glob("*.toml")}
    assert shipped == expected
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # the MIT text pyproject declares
    models = ROOT / "src" / "replylint" / "models"
    assert {n for n in names if n.startswith("replylint/models/")} == {
        f"replylint/models/{p.parent.name}/{p.name}" for p in models.glob("*/*") if p.is_file()
    }

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel], check=True
    )
    probe = (
        "import replylint, replylint.packs as p; "
        "print(replylint.__file__); print(len(p.builtin_specs())); "
        "print(replylint.lint('your fault').findings[0].code); "
        "print(replylint.lint('We will check.', context='My parcel never came, useless.').context.signals[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(target), "PATH": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, count, code, model, _ = done.stdout.split()
    assert module_file.startswith(str(target))
    assert int(count) > 0
    assert code == "RL201"
    assert model == "model"  # the complaint model's weights load from the installed wheel
