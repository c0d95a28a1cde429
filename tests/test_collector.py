"""The console script's ``check`` and ``audit`` start with the collector passing over young objects only, and the
first linter built restores it with what start-up made frozen; the library alone leaves the collector as it is."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from replylint import collector

CONSOLE = """
import contextlib, gc, io, json, sys
from replylint import collector
from replylint.entry import main
before, seen = gc.get_threshold(), []
resume = collector.resume
def spy():
    seen.append(list(gc.get_threshold()))
    resume()
collector.resume = spy
sys.stdin = io.TextIOWrapper(io.BytesIO(b"You should have read the manual before writing to us."), encoding="utf-8")
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "found": "RL" in out.getvalue(), "while_starting": seen,
                  "restored": gc.get_threshold() == before, "frozen": gc.get_freeze_count() > 0}))
"""


def _run(script: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture
def collector_state() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    collector._paused = None


def test_check_starts_with_young_passes_only_and_the_linter_restores_the_collector() -> None:
    result = _run(CONSOLE, "check", "-")
    assert result["code"] == 1 and result["found"] is True  # linted as ever
    assert result["while_starting"] == [list(collector.STARTING)]
    assert result["restored"] is True and result["frozen"] is True


def test_the_library_alone_keeps_its_collector() -> None:
    script = (
        "import gc, json; before = gc.get_threshold(); from replylint import Linter; Linter().lint('Hello.'); "
        "print(json.dumps({'same': gc.get_threshold() == before, 'frozen': gc.get_freeze_count()}))"
    )
    assert _run(script) == {"same": True, "frozen": 0}


@pytest.mark.usefixtures("collector_state")
def test_resume_restores_the_thresholds_pause_changed_and_only_those() -> None:
    gc.set_threshold(500, 5, 5)
    collector.resume()  # nothing paused: nothing to do
    assert gc.get_threshold() == (500, 5, 5) and gc.get_freeze_count() == 0
    collector.pause()
    assert gc.get_threshold() == collector.STARTING
    collector.resume()
    assert gc.get_threshold() == (500, 5, 5) and gc.get_freeze_count() > 0


@pytest.fixture
def held() -> Iterator[None]:
    yield
    if collector._freeze_survivors in gc.callbacks:
        gc.callbacks.remove(collector._freeze_survivors)
    gc.unfreeze()


@pytest.mark.usefixtures("held")
def test_a_full_pass_freezes_its_survivors_and_later_garbage_is_still_collected() -> None:
    collector.hold_long_lived()
    collector.hold_long_lived()  # once per process
    assert gc.callbacks.count(collector._freeze_survivors) == 1
    survivor: list[list[int]] = [[] for _ in range(100)]
    gc.collect()
    assert gc.get_freeze_count() > len(survivor)
    assert all(x is not survivor for x in gc.get_objects())  # out of the collector's sight
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1  # made after the freeze: the next full pass still frees it


@pytest.mark.usefixtures("held")
def test_young_passes_freeze_nothing() -> None:
    collector.hold_long_lived()
    gc.collect(0)
    gc.collect(1)
    assert gc.get_freeze_count() == 0


AUDIT = """
import contextlib, gc, io, json, sys
from replylint import collector
from replylint.entry import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as stop:  # `serve --help` ends where argparse prints the help
        code = stop.code
print(json.dumps({"code": code, "held": collector._freeze_survivors in gc.callbacks}))
"""


def test_an_audit_holds_long_lived_objects_and_other_commands_do_not(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "Thanks for waiting, we have fixed it."}\\n', encoding="utf-8")
    assert _run(AUDIT, "audit", str(rows), "--jobs", "1")["held"] is True
    assert _run(AUDIT.replace("main(sys.argv[1:])", 'main(["rules"])'))["held"] is False
    assert _run(AUDIT.replace("main(sys.argv[1:])", 'main(["serve", "--help"])'))["held"] is False
