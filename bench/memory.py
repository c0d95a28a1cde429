"""A child process's peak anonymous memory, sampled from ``/proc/PID/status`` while the parent waits for it.

``ru_maxrss`` (and ``VmHWM``) count every resident page, the pages of the libraries a process maps included, and how
many of those are resident depends on the page cache (a freshly installed environment's files sit in large folios):
the same audit read 185 MB on the first run after installing and 170 MB on the next. ``RssAnon`` counts only the
process's own memory (heap, Python's arenas, spaCy's pools), which the page cache does not move. The kernel keeps no
high-water mark of it, so :func:`wait_sampling` reads it every :data:`INTERVAL` seconds until the process ends (a
``pidfd`` tells the end at once, so the wall time is not rounded to a sampling step); an audit's anonymous memory
grows by tables filled over seconds, so the highest reading misses at most what one interval adds.
"""

from __future__ import annotations

import os
import select
from dataclasses import dataclass

#: Seconds between two readings of the child's status (a reading costs tens of µs of the parent's CPU).
INTERVAL = 0.02


def status_kib(text: str) -> dict[str, int]:
    """The fields of a ``/proc/PID/status`` text given in kB, in KiB by name (``RssAnon``, ``VmHWM`` ...)."""
    fields: dict[str, int] = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[name] = int(parts[0])
    return fields


@dataclass
class Exit:
    """How a sampled child ended: its exit code, ``ru_maxrss`` and the highest ``RssAnon`` read (KiB; 0 when no
    reading found the field, as on a system without ``/proc``)."""

    code: int
    maxrss_kib: int
    anon_peak_kib: int


def _anon_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            return status_kib(status.read()).get("RssAnon", 0)
    except OSError:
        return 0


def wait_sampling(pid: int, interval: float = INTERVAL) -> Exit:
    """Wait for child ``pid``, reading its ``RssAnon`` every ``interval`` seconds. The child is reaped only by the
    last ``wait4``, so every reading is of that process, never of another given its id later."""
    highest = 0
    ended = os.pidfd_open(pid)
    try:
        while True:
            highest = max(highest, _anon_kib(pid))
            if select.select([ended], [], [], interval)[0]:
                break
    finally:
        os.close(ended)
    _, status, usage = os.wait4(pid, 0)
    return Exit(os.waitstatus_to_exitcode(status), usage.ru_maxrss, highest)
