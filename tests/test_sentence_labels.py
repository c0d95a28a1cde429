"""The English sentence labels (``scripts/data/en_sentence_acts.jsonl``): spans and acts without the text, which
comes back by key and is checked against a digest; a reader's sentence that is not found verbatim is left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SCRIPTS, script_module
from replylint.models import Act

REPLY = "@kim_r Hi Kim. Sorry about the wait!\nWe've passed this to the depot team. DM us your order number ^PT"
READER = {
    "key": "twcs:101",
    "sentences": [
        {"text": "@kim_r Hi Kim.", "acts": ["greeting"]},
        {"text": "Sorry about the wait!", "acts": ["apology"]},
        {"text": "We've passed this to the depot team.", "acts": ["commitment"]},
        {"text": "DM us your order number ^PT", "acts": ["instruction", "info-request", "contact-channel"]},
    ],
}


def test_spans_are_found_in_order_and_nothing_is_guessed() -> None:
    devdata = script_module("devdata")
    spans = devdata.sentence_spans(REPLY, [s["text"] for s in READER["sentences"]])
    assert [REPLY[a:b] for a, b in spans] == [s["text"] for s in READER["sentences"]]
    assert devdata.sentence_spans(REPLY, ["@kim_r Hi Kim.", "Sorry about the delay!"]) is None  # not verbatim
    assert devdata.sentence_spans(REPLY, ["@kim_r Hi Kim.", "We've passed this to the depot team."]) is None  # a gap
    assert devdata.sentence_spans(REPLY, ["@kim_r Hi Kim."]) is None  # words left at the end


def test_labels_go_in_without_text_and_come_back_by_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    importer, devdata = script_module("import_sentence_acts"), script_module("devdata")
    source = tmp_path / "a.jsonl"
    wrong = {"key": "twcs:102", "sentences": [{"text": "Not in the reply.", "acts": ["explanation"]}]}
    source.write_text("\n".join(json.dumps(r) for r in (READER, wrong)) + "\n", encoding="utf-8")
    texts = {"twcs:101": REPLY, "twcs:102": "Something else entirely."}
    rows, problems = importer.convert("a", source, texts)
    assert problems == ["twcs:102: span mismatch"]
    assert "Kim" not in json.dumps(rows)
    out = tmp_path / "spans.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    [(row, text)] = devdata.en_sentence_acts(out, texts)
    assert row["reader"] == "a" and text == REPLY
    assert [(REPLY[s["start"] : s["end"]], s["acts"]) for s in row["sentences"]][2] == (
        "We've passed this to the depot team.",
        ["commitment"],
    )
    assert devdata.en_sentence_acts(out, {"twcs:101": REPLY.replace("Kim", "Kym")}) == []
    assert "twcs:101: text changed" in capsys.readouterr().err


def test_the_repo_file_holds_spans_and_known_acts_only() -> None:
    known = {a.value for a in Act}
    lines = (SCRIPTS / "data" / "en_sentence_acts.jsonl").read_text(encoding="utf-8").splitlines()
    keys = set()
    for row in map(json.loads, lines):
        assert set(row) == {"key", "reader", "digest", "sentences"}, row["key"]
        assert row["reader"] in {"a", "b"} and len(row["digest"]) == 12 and row["key"] not in keys
        keys.add(row["key"])
        at = 0
        for sentence in row["sentences"]:
            assert set(sentence) == {"start", "end", "acts"} and set(sentence["acts"]) <= known, row["key"]
            assert at <= sentence["start"] < sentence["end"], row["key"]
            at = sentence["end"]
    assert len(keys) >= 600
