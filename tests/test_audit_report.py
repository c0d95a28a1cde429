"""What a QA lead acts on: cross-reply rules over the whole export, the customer's message beside each example,
the worst replies, groups by error rate, and the HTML report as Chromium renders it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from replylint import Config
from replylint.audit import NO_CUSTOMER_MESSAGE, AuditSummary, Columns, audit, outcome, pool
from replylint.audit import summary as summary_mod
from replylint.audit.html import render_html
from replylint.config import config_from_mapping

FIXTURE = Path(__file__).parent / "fixtures" / "audit_helpdesk.csv"
COLUMNS = Columns(text="reply", context="customer", id="ticket", group="agent", channel="channel")
#: Set to a path (e.g. docs/audit-report.png) to keep the screenshot the Chromium test takes.
SCREENSHOT_ENV = "REPLYLINT_SCREENSHOT"


def _audit(jobs: int = 1, config: Config | None = None) -> tuple[AuditSummary, list[dict[str, object]]]:
    out = io.StringIO()
    summary = audit(FIXTURE, columns=COLUMNS, output=out, jobs=jobs, config=config)
    return summary, [json.loads(line) for line in out.getvalue().splitlines()]


def _codes(record: dict[str, object]) -> list[str]:
    findings = record.get("findings", [])
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_same_reply_to_different_complaints_is_flagged_across_the_export(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "CHUNK_ROWS", 2)  # the copies are in different chunks
    summary, records = _audit(jobs)
    by_id = {r["id"]: r for r in records}
    assert "RL712" not in _codes(by_id["T-1004"])  # the first copy
    second = next(f for f in by_id["T-1005"]["findings"] if f["code"] == "RL712")  # type: ignore[attr-defined]
    third = next(f for f in by_id["T-1006"]["findings"] if f["code"] == "RL712")  # type: ignore[attr-defined]
    assert second["message"] == (
        "The same reply went to 2 different complaints in this batch; this is copy 2 (first: reply 5)."
    )
    assert third["message"].endswith("this is copy 3 (first: reply 5).")
    assert (second["line"], second["column"], second["start"]) == (1, 1, None)
    assert by_id["T-1006"]["score"] == 90
    russian = next(f for f in by_id["T-1012"]["findings"] if f["code"] == "RL712")  # type: ignore[attr-defined]
    assert "на 2 разные жалобы" in russian["message"]
    assert summary.rules["RL712"].replies == 3
    assert [e["customer"] for e in summary.rules["RL712"].examples][:2] == [
        "My refund never arrived.",
        "The courier was rude to me.",
    ]


def test_the_summary_keeps_one_fingerprint_per_reply_not_the_reply() -> None:
    from replylint.checks.canned import DuplicateStream, fingerprint

    stream = DuplicateStream()
    key = (fingerprint("we are sorry please send your order number"), fingerprint("late"))
    assert stream.see(key, 1) is None
    assert len(key[0]) == 12 and stream.see((key[0], fingerprint("broken")), 2) is not None
    assert stream.see((key[0], fingerprint("late")), 3) is None  # the same complaint again


def test_no_customer_message_is_apart_from_other() -> None:
    summary, records = _audit()
    assert summary.contexts[NO_CUSTOMER_MESSAGE] == 2
    assert summary.contexts["other"] == 1
    assert {r["context"] for r in records if r["id"] in ("T-1008", "T-1016")} <= {"other", "complaint", "question"}


def test_long_spans_are_trimmed_to_the_relevant_part() -> None:
    # The helpdesk's social replies go to X: 280 characters.
    on_x = config_from_mapping({"channels": {"social": {"rules": {"RL901": {"options": {"max-chars": 280}}}}}})
    summary, _ = _audit(config=on_x)
    for code in ("RL901", "RL902"):
        example = summary.rules[code].examples[0]
        assert len(example["excerpt"]) <= outcome.EXCERPT_CHARS + 2, example
        assert example["match"] is not None and len(example["match"]) <= outcome.MATCH_CHARS
        assert example["match"] in example["excerpt"]
    assert summary.rules["RL901"].examples[0]["excerpt"].startswith("…")


def test_an_unknown_channel_is_named() -> None:
    summary, records = _audit()
    assert summary.bad_reasons == {"unknown channel 'fax'": 1}
    assert next(r for r in records if r["id"] == "T-1017")["error"] == "unknown channel 'fax'"


def test_worst_replies_lowest_first_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_mod, "WORST_KEPT", 3)
    summary, records = _audit()
    scores = sorted(r["score"] for r in records if "score" in r)
    assert [w["score"] for w in summary.worst] == scores[:3]
    assert [w["id"] for w in summary.worst[:2]] == ["T-1016", "T-1003"]
    assert summary.worst[0]["customer"] is None
    worst = summary.worst[1]
    assert worst["customer"] == "You charged me twice for the same order."
    marked = {worst["reply"][start:end] for start, end, _, _ in worst["marks"]}
    assert "You should have read" in marked
    merged = AuditSummary().merge(summary)
    assert merged.worst == summary.worst
    assert summary.to_dict()["worst_replies"] == summary.worst


def test_groups_worst_first() -> None:
    summary, _ = _audit()
    data = summary.to_dict()
    rates = [g["error_rate"] for g in data["groups"].values()]
    assert rates == sorted(rates, reverse=True)
    assert next(iter(data["groups"])) == "dmitry"


def test_the_page_pairs_examples_with_the_customer_message_and_sorts_groups() -> None:
    summary, _ = _audit()
    page = render_html(summary)
    assert "<h2>Worst replies</h2>" in page and 'class="sortable"' in page and "<script>" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "<i>Customer</i>The courier was rude to me.</div>" in page
    assert '<span class="none">no customer message</span>' in page
    assert '<mark class="error" title="RL201">You should have read<sup>RL201</sup></mark>' in page
    rows = re.findall(r"<tr><td>([a-z]+)</td><td class='n' data-v=", page)
    assert rows == list(summary.to_dict()["groups"]) and rows[0] == "dmitry" and rows[-1] == "anna"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (make test installs the Debian package when it runs as root)")
    return found


def _run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def test_the_report_renders_in_chromium_and_sorts_without_a_server(tmp_path: Path) -> None:
    binary = _chromium()
    summary, _ = _audit()
    summary.source = FIXTURE.name  # the page shows the export's name, not this machine's path
    page = render_html(summary)
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")

    shot = tmp_path / "report.png"
    _run_chromium(binary, tmp_path / "p1", "--window-size=1280,1500", f"--screenshot={shot}", report.as_uri())
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    assert int.from_bytes(png[16:20], "big") == 1280
    if target := os.environ.get(SCREENSHOT_ENV):
        Path(target).write_bytes(png)

    # Click "Mean score" (lowest first after a second click) and read the rows as the browser ordered them.
    clicked = tmp_path / "clicked.html"
    click = "<script>var h=document.querySelectorAll('th.sort')[4];h.click();h.click();</script></body>"
    clicked.write_text(page.replace("</body>", click), encoding="utf-8")
    dom = _run_chromium(binary, tmp_path / "p2", "--dump-dom", clicked.as_uri()).stdout
    dom = dom[dom.index('class="sortable"') :]
    dom = dom[: dom.index("</table>")]
    rows = re.findall(r"<tr><td>([a-z]+)</td><td class=\"n\" data-v=", dom)
    assert rows[0] in ("boris", "dmitry") and rows[-1] == "anna", rows
    cells = [re.findall(r'data-v="([\d.]+)"', row) for row in re.findall(r"<tr><td>[a-z]+</td>(.*?)</tr>", dom)]
    scores = [float(values[3]) for values in cells]  # replies, with an error, with findings, mean score, …
    assert len(scores) == 5 and scores == sorted(scores), scores


def test_no_reply_linted_gives_no_mean_score() -> None:
    empty = AuditSummary(source="empty.csv", rows=2)
    empty.bad_reasons["empty reply"] = 2
    text = summary_mod.render_summary(empty)
    assert "no mean tone score (no reply linted)" in text
    assert "mean tone score 0.0" not in text
    assert "no tone score (no reply)" in render_html(empty)
    assert empty.to_dict()["mean_score"] == 0.0  # the JSON keeps its schema; "replies": 0 tells it apart


def test_linted_replies_keep_their_mean_score() -> None:
    summary, _ = _audit()
    assert f"mean tone score {summary.mean_score:.1f}" in summary_mod.render_summary(summary)
