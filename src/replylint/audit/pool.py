"""Linting rows in chunks, in this process or in worker processes, with memory bounded by the chunks in flight."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from replylint.audit.outcome import INTERNAL_ERROR, Outcome, bad_outcome, outcome_of
from replylint.audit.read import BadRow, Row
from replylint.config import Config
from replylint.engine import Linter, shared_linter
from replylint.errors import ReplyTooLong, refused
from replylint.models import Language

#: Rows per chunk sent to a worker, and chunks in flight per worker.
CHUNK_ROWS = 200


CHUNKS_PER_WORKER = 3
#: Bytes of export per worker that ``--jobs auto`` starts: a worker costs about 1.4 s to start (Python, the
#: pipelines, the rules), which a second one earns back on about 4,000 replies (~0.6 MB of JSON Lines).
AUTO_BYTES_PER_WORKER = 1 << 20


def auto_jobs(path: str) -> int:
    """Worker processes for ``--jobs auto``: one per usable core, fewer for a small file (standard input: the cores)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        size = os.stat(path).st_size if path != "-" else None
    except OSError:
        return 1  # the audit itself reports the missing file
    return cores if size is None else max(1, min(cores, size // AUTO_BYTES_PER_WORKER))


def lint_rows(linter: Linter, rows: Iterable[Row | BadRow], language: Language | None = None) -> list[Outcome]:
    """Lint a chunk of rows with one linter; a row the linter refuses or fails on is an error row, and the
    chunk goes on."""
    out = []
    for row in rows:
        if isinstance(row, BadRow):
            out.append(bad_outcome(row))
            continue
        try:
            report, keys = linter.lint_keyed(row.text, language, row.channel, row.context)
        except ReplyTooLong as exc:  # one reason for every row over the limit, whatever its length
            reason = f"{exc.argument} longer than {exc.limit:,} characters (setting max-reply-chars)"
            out.append(bad_outcome(BadRow(row.line, reason, row.id)))
            continue
        except Exception as exc:
            if refused(exc):  # a reply the linter refuses otherwise
                out.append(bad_outcome(BadRow(row.line, str(exc), row.id)))
            else:
                reason = f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}"
                out.append(bad_outcome(BadRow(row.line, reason, row.id), internal=True))
            continue
        out.append(outcome_of(row, report, keys))
    return out


_worker: tuple[Linter, Language | None] | None = None


def _init_worker(config: Config, language: Language | None) -> None:
    global _worker
    _worker = (shared_linter(config), language)


def _lint_chunk(rows: list[Row | BadRow]) -> list[Outcome]:
    assert _worker is not None, "worker not initialised"
    return lint_rows(_worker[0], rows, _worker[1])


def _chunks(rows: Iterator[Row | BadRow], size: int) -> Iterator[list[Row | BadRow]]:
    chunk: list[Row | BadRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def lint_stream(
    rows: Iterator[Row | BadRow],
    config: Config | None = None,
    language: Language | None = None,
    jobs: int = 1,
) -> Iterator[Outcome]:
    """Outcomes in input order. With ``jobs > 1``, chunks go to worker processes that each build one linter;
    at most ``jobs * CHUNKS_PER_WORKER`` chunks are in flight, so memory stays bounded."""
    config = config or Config()
    if jobs <= 1:
        linter = shared_linter(config)
        for chunk in _chunks(rows, CHUNK_ROWS):
            yield from lint_rows(linter, chunk, language)
        return
    # Built before the workers start: forked workers inherit it instead of each building their own, and the audit
    # needs it here anyway as soon as a reply has a key for the rules that compare replies.
    shared_linter(config)
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config, language)) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(rows, CHUNK_ROWS):
            pending.append(pool.submit(_lint_chunk, chunk))
            if len(pending) >= jobs * CHUNKS_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
