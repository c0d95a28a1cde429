"""The lint workers' pool on its own: jobs queued behind a busy worker, work stopped past its deadline or when its
client has gone, and answers that always reach the request they belong to."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from conftest import worker_pids
from replylint.workers import LintPool, WorkStopped


class _Echo:
    """Stands in for the linter: its report is the reply's text, after a pause for a reply that says so."""

    def __init__(self, text: str) -> None:
        self.text = text

    def model_dump_json(self) -> str:
        return json.dumps({"text": self.text})


class _SlowLinter:
    def lint(self, text: str, *args: Any, **kwargs: Any) -> _Echo:
        if text.startswith("slow"):
            time.sleep(float(text.split()[1]))
        return _Echo(text)


def _body(text: str) -> bytes:
    return json.dumps({"text": text}).encode()


async def _lint(pool: LintPool, text: str, budget: float = 10.0, gone: asyncio.Future[Any] | None = None) -> str:
    gone = gone if gone is not None else asyncio.get_running_loop().create_future()
    answer = await pool.lint("lint", _body(text), time.monotonic() + budget, gone)
    return str(json.loads(answer)["text"])


def test_a_job_queued_behind_a_stopped_one_is_answered_by_the_fresh_worker() -> None:
    pool = LintPool(_SlowLinter(), 1)  # type: ignore[arg-type]

    async def scenario() -> tuple[set[int], set[int], str]:
        await pool.start()
        before = worker_pids(pool)
        slow = asyncio.ensure_future(_lint(pool, "slow 30", budget=0.3))
        waiting = asyncio.ensure_future(_lint(pool, "next"))  # waits in the busy worker's socket
        with pytest.raises(WorkStopped) as stopped:
            await slow
        assert stopped.value.budget
        answer = await asyncio.wait_for(waiting, 20)
        after = worker_pids(pool)
        pool.close()  # on the event loop, as the app's shutdown does
        return before, after, answer

    before, after, answer = asyncio.run(scenario())
    assert answer == "next"
    assert after and not after & before  # the worker on the stopped job was killed and replaced


def test_answers_reach_their_requests_after_one_left_while_it_waited() -> None:
    pool = LintPool(_SlowLinter(), 1)  # type: ignore[arg-type]

    async def scenario() -> list[str]:
        await pool.start()
        gone = asyncio.get_running_loop().create_future()
        first = asyncio.ensure_future(_lint(pool, "slow 0.3"))
        left = asyncio.ensure_future(_lint(pool, "left", gone=gone))
        await asyncio.sleep(0.1)
        gone.set_result(None)  # its client has gone while it waited behind the first
        with pytest.raises(WorkStopped) as stopped:
            await left
        assert not stopped.value.budget
        later = [asyncio.ensure_future(_lint(pool, f"reply {i}")) for i in range(6)]
        answers = [await first, *await asyncio.gather(*later)]
        pool.close()
        return answers

    answers = asyncio.run(scenario())
    assert answers == ["slow 0.3", *(f"reply {i}" for i in range(6))]
