"""The benchmark's memory sampler: what it reads of ``/proc/PID/status`` (bench/memory.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"

#: A status as Linux 6 writes it, cut to the lines around the memory fields.
STATUS = """Name:\treplylint
Umask:\t0022
State:\tS (sleeping)
Pid:\t4242
VmPeak:\t  612340 kB
VmSize:\t  598112 kB
VmLck:\t       0 kB
VmHWM:\t  185204 kB
VmRSS:\t  171688 kB
RssAnon:\t  110020 kB
RssFile:\t   61668 kB
RssShmem:\t       0 kB
Threads:\t1
SigQ:\t0/95561
Cpus_allowed_list:\t0-1
voluntary_ctxt_switches:\t150
"""


def _memory() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH / "memory.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_memory"] = module  # dataclasses look their module up there while the class is made
    spec.loader.exec_module(module)
    return module


def test_status_fields_in_kib_are_read_by_name() -> None:
    fields = _memory().status_kib(STATUS)
    assert fields["RssAnon"] == 110020
    assert fields["VmHWM"] == 185204
    assert fields["RssFile"] == 61668
    assert fields["RssShmem"] == 0


def test_status_lines_without_a_size_in_kb_are_left_out() -> None:
    fields = _memory().status_kib(STATUS)
    assert not {"Name", "State", "Pid", "Threads", "SigQ", "Cpus_allowed_list", "voluntary_ctxt_switches"} & set(fields)


def test_a_finished_process_status_has_no_anonymous_memory_field() -> None:
    zombie = "Name:\treplylint\nState:\tZ (zombie)\nPid:\t4242\nThreads:\t1\n"
    assert _memory().status_kib(zombie) == {}


def test_the_child_is_reaped_with_its_exit_code_and_peak_rss() -> None:
    child = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    ended = _memory().wait_sampling(child.pid)
    child.returncode = ended.code  # reaped by wait_sampling: Popen must not wait for it again
    assert ended.code == 3
    assert ended.maxrss_kib > 0
    assert ended.anon_peak_kib >= 0
