"""The garbage collector while a ``replylint check`` or ``replylint audit`` process starts.

Importing spaCy, pydantic and the rule packs and building a linter make objects that live as long as the process;
the collector's passes over them while they are made (about 300 young, 28 middle and 2 full passes) free almost
nothing and took 0.19–0.20 s of a 1.15–1.24 s start (CPU time, measured with ``gc.callbacks``). The console script
(:mod:`replylint.entry`) has the collector pass over young objects only, and less often, until the first linter is
built (11 passes, 0.06 s); that linter then moves what start-up made out of the collector's sight (``gc.freeze``),
so that later full passes skip it and forked audit workers leave its memory pages shared, and restores the
collector. A program that imports the library keeps its collector as it is.

A process that lints on (an audit's workers, the service) fills its word caches for as long as it runs, and each full
pass of the collector walks all of them: :func:`hold_long_lived` moves what survived each full pass out of its sight,
so that the next one walks only what was made since.
"""

from __future__ import annotations

import gc

#: Allocations between two passes over young objects while the process starts, and passes between two passes over
#: older ones: no middle or full pass before the first linter is built.
STARTING = (20_000, 100, 100)

_paused: tuple[int, int, int] | None = None


def pause() -> None:
    """Collect only young objects until :func:`resume` (the console script, before its imports)."""
    global _paused
    if gc.isenabled() and _paused is None:
        _paused = gc.get_threshold()
        gc.set_threshold(*STARTING)


def resume() -> None:
    """Freeze what exists now (built once, kept for good) and restore the collector, if :func:`pause` changed it."""
    global _paused
    if _paused is not None:
        gc.freeze()
        gc.set_threshold(*_paused)
        _paused = None


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


def hold_long_lived() -> None:
    """After each full pass of the collector, freeze what survived it (:func:`gc.freeze`): in a process that lints
    for long, those are the word caches, and the next full pass then walks only what was made since instead of
    every cached word (about 0.3 s once the caches of both languages are full). Objects that survive a full pass
    and later form unreachable cycles are not collected; the caches hold none (their entries are freed by reference
    counting when a cache starts over). Once per process; forked workers inherit it."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)
