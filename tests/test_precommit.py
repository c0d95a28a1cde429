"""The pre-commit hook, for real: pre-commit installs this checkout and lints a repository of templates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from replylint.sources import LINTABLE_SUFFIXES

ROOT = Path(__file__).resolve().parents[1]
#: What installing replylint needs: the package, its metadata and the hook manifest.
SHIPPED = ["pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "src", "rules"]

BAD = {
    "replies/refund_en.j2": (
        "{# The refund reply. #}\nHello {{ customer.first_name }},\nThis is your fault!!! Read the policy next time.\n"
    ),
    "replies/delay_ru.md": "Здравствуйте!\n\nВы сами виноваты, что опоздали!!!\n",
    "macros.yaml": (
        "- title: Late\n"
        "  body: |\n"
        "    Заказ задержался по вашей вине!!\n"
        "- title: Thanks\n"
        "  # replylint: disable-next-line=RL101 -- a cheerful sign-off is the house style here\n"
        "  body: Thank you so much!!!\n"
    ),
}
GOOD = {
    "replies/refund_en.j2": (
        "{# The refund reply. #}\n"
        "Hello {{ customer.first_name }},\n"
        "We are sorry about the mix-up. We will refund you by Friday and email you when it is done.\n"
    ),
    "replies/delay_ru.md": "Здравствуйте!\n\nПриносим извинения за задержку. Мы свяжемся с вами завтра до 12:00.\n",
    "macros.yaml": (
        "- title: Late\n"
        "  body: |\n"
        "    Извините, заказ задержался. Мы отправим его завтра и пришлём трек-номер.\n"
        "- title: Thanks\n"
        "  # replylint: disable-next-line=RL101 -- a cheerful sign-off is the house style here\n"
        "  body: Thank you so much!!!\n"
    ),
}


def test_manifest_lints_what_a_folder_check_lints() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["require_serial"]) == (
        "replylint",
        "replylint check",
        "python",
        True,
    )
    files = re.compile(hook["files"])
    assert {s for s in LINTABLE_SUFFIXES if files.search(f"reply{s}")} == set(LINTABLE_SUFFIXES)
    # A folder check reads an ending in any case (REFUND.TXT, Macros.YML): so does the hook.
    assert {s for s in LINTABLE_SUFFIXES if files.search(f"REPLY{s.upper()}")} == set(LINTABLE_SUFFIXES)
    assert files.search("macros/Refund.Html.J2")
    assert not files.search("setup.py") and not files.search("notes.rst")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    done = _run(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Git and pre-commit isolated from the machine's own settings; one pre-commit home for the session."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="replylint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="replylint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str]) -> Path:
    """This checkout as pre-commit should see it. A clean checkout is used as it is; with uncommitted work, a
    one-commit copy of the working tree is (as ``pre-commit try-repo`` makes one, except that try-repo would leave out
    files that git does not track yet)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    status = _run(["git", "status", "--porcelain", "--", *SHIPPED], ROOT, git_env)
    if status.returncode == 0 and not status.stdout.strip():
        return ROOT
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *SHIPPED]
    listed = _run(listing, ROOT, git_env)
    snapshot = tmp_path_factory.mktemp("replylint-snapshot")
    for name in filter(None, listed.stdout.split("\0")):
        source, target = ROOT / name, snapshot / name
        if source.is_symlink() or source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    _git(snapshot, git_env, "init", "-q")
    _git(snapshot, git_env, "add", "-A")
    _git(snapshot, git_env, "commit", "-q", "-m", "working tree")
    return snapshot


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_the_hook_fails_on_bad_templates_and_passes_once_fixed(
    tmp_path: Path, hook_repo: Path, git_env: dict[str, str]
) -> None:
    """What ``pre-commit try-repo`` does, with the hook installed once: try-repo puts the hook's environment (this
    checkout and its dependencies) in a new temporary store on each call, so the two calls here installed it twice;
    ``pre-commit run`` with a configuration naming this checkout at its commit keeps the one store of the session."""
    rev = _run(["git", "rev-parse", "HEAD"], hook_repo, git_env)
    assert rev.returncode == 0, rev.stderr
    templates = tmp_path / "templates"
    templates.mkdir()
    _git(templates, git_env, "init", "-q")
    config = {"repos": [{"repo": str(hook_repo), "rev": rev.stdout.strip(), "hooks": [{"id": "replylint"}]}]}
    (templates / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (templates / ".replylint.toml").write_text('select = ["RL101", "RL102", "RL201"]\n', encoding="utf-8")
    (templates / "README.rst").write_text("Not linted: your fault!!!\n", encoding="utf-8")
    _write(templates, BAD)
    _git(templates, git_env, "add", "-A")
    _git(templates, git_env, "commit", "-q", "-m", "templates")
    run = [sys.executable, "-m", "pre_commit", "run", "replylint", "--all-files"]

    failed = _run(run, templates, git_env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert re.search(r"replylint \(tone of reply templates\)\.+Failed", output), output
    assert "- exit code: 1" in output
    locations = re.findall(r"^(\S+:\d+:\d+): (RL\d+)", output, re.MULTILINE)
    assert locations == [
        ("macros.yaml:3:22", "RL201"),
        ("macros.yaml:3:35", "RL101"),
        ("replies/delay_ru.md:3:1", "RL201"),
        ("replies/delay_ru.md:3:31", "RL101"),
        ("replies/refund_en.j2:3:9", "RL201"),
        ("replies/refund_en.j2:3:19", "RL101"),
    ], output
    assert "README.rst" not in output

    _write(templates, GOOD)
    passed = _run(run, templates, git_env)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert re.search(r"replylint \(tone of reply templates\)\.+Passed", output), output
