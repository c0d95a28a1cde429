"""Linter.lint_many takes per-item requests and runs the rules that compare replies; the audit runs them over the
whole export, through the Python API and the command line alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replylint import Linter
from replylint.cli import main
from replylint.errors import ReplyTooLong
from replylint.models import Channel, LintRequest, Report

REPLY = "We are sorry for the trouble. Please send us your order number and we will look into it."
COMPLAINTS = ["The parcel never came.", "You billed me twice!", "Your courier shouted at me."]


def _rl712(reports: list[Report]) -> list[int]:
    return [sum(f.code == "RL712" for f in report.findings) for report in reports]


def test_requests_and_plain_texts_lint_the_same(linter: Linter) -> None:
    texts = [REPLY, REPLY, "Thank you, enjoy the new headphones!"]
    plain = linter.lint_many(texts, contexts=COMPLAINTS)
    requested = linter.lint_many([LintRequest(text=t, context=c) for t, c in zip(texts, COMPLAINTS, strict=True)])
    assert requested == plain
    assert _rl712(requested) == [0, 1, 0]


def test_each_request_keeps_its_own_channel_language_and_context(linter: Linter) -> None:
    reports = linter.lint_many(
        [
            LintRequest(text=REPLY, context=COMPLAINTS[0], channel=Channel.CHAT),
            LintRequest(text=REPLY, context=COMPLAINTS[1], channel=Channel.EMAIL, language="en"),
            REPLY,  # the batch's defaults: no context given, so the reply itself says it answers a complaint
        ],
        channel="review",
    )
    assert [r.channel for r in reports] == [Channel.CHAT, Channel.EMAIL, Channel.REVIEW]
    assert [r.context.source for r in reports] == ["context", "context", "reply"]
    assert _rl712(reports) == [0, 1, 1]
    single = linter.lint(REPLY, channel="email", context=COMPLAINTS[1])
    assert [f for f in reports[1].findings if f.code != "RL712"] == single.findings


def test_a_template_request_reads_its_directives(linter: Linter) -> None:
    template = "{# replylint: disable=RL201 #}Hi {{ name }}, this is your fault."
    (report,) = linter.lint_many([LintRequest(text=template, template=True)])
    assert report == linter.lint(template, template=True)
    assert "RL201" not in {f.code for f in report.findings}


def test_a_request_too_long_names_its_place(linter: Linter) -> None:
    small = Linter(linter.config.model_copy(update={"max_reply_chars": 50}))
    with pytest.raises(ReplyTooLong, match=r"texts\[1\]\.text"):
        small.lint_many([LintRequest(text="ok"), LintRequest(text="z" * 51)])
    with pytest.raises(ValueError, match="extra"):
        LintRequest.model_validate({"text": "ok", "colour": "red"})


def test_audit_with_a_context_column_flags_the_same_reply_to_different_complaints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    rows = [("1", COMPLAINTS[0], REPLY), ("2", COMPLAINTS[1], REPLY), ("3", COMPLAINTS[1], REPLY)]
    export.write_text("id,customer,reply\n" + "".join(f'{i},"{c}","{r}"\n' for i, c, r in rows), encoding="utf-8")
    args = ["audit", str(export), "--text-column", "reply", "--context-column", "customer", "--id-column", "id"]
    assert main([*args, "--output", "-", "--no-progress"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    flagged = {r["id"]: [f["message"] for f in r["findings"] if f["code"] == "RL712"] for r in records}
    # The third row answers the same complaint as the second: a copy, but not to a different complaint.
    assert flagged == {
        "1": [],
        "2": ["The same reply went to 2 different complaints in this batch; this is copy 2 (first: reply 2)."],
        "3": [],
    }
    api = Linter().lint_many([LintRequest(text=r, context=c) for _, c, r in rows])
    assert _rl712(api) == [0, 1, 0]
