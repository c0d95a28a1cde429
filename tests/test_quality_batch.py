"""``scripts/quality.py --batch``: a new Russian batch measured before anyone reads it prints numbers, not rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import script_module

ROWS = [
    {
        "id": "t-1",
        "channel": "review",
        "context": "Заказ привезли на три дня позже обещанного.",
        "reply": "Приносим извинения за задержку. Вернём стоимость доставки на карту до пятницы.",
        "context_kind": "complaint",
        "expect": [],
        "allow": [],
    },
    {
        "id": "t-2",
        "channel": "review",
        "context": "Курьер нагрубил мне у подъезда.",
        "reply": "ВЫ САМИ ВИНОВАТЫ!!!",
        "context_kind": "complaint",
        "expect": ["blame", "exclamation", "shouting", "missing-apology", "missing-next-step"],
        "allow": [],
    },
]


def test_a_batch_prints_its_numbers_and_none_of_its_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "new.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    assert script_module("quality").main(["--batch", str(batch)]) == 0
    out = capsys.readouterr().out
    assert "| good replies flagged | new.jsonl (unread batch) | 1 | 0.0% |" in out
    assert "| shouting: precision / recall | new.jsonl (unread batch) | 1 | 1.000 | recall 1.000 |" in out
    assert "ВИНОВАТЫ" not in out and "t-2" not in out


def test_a_broken_batch_is_named_and_stops_the_measure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "broken.jsonl"
    batch.write_bytes(b"{not json\n")
    assert script_module("quality").main(["--batch", str(batch)]) == 2
    assert "quality: " + str(batch) in capsys.readouterr().err
