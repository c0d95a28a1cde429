"""The audit as one self-contained HTML page for a QA lead: inline CSS, SVG charts and a few lines of inline script
that sort tables; no external assets, so it opens offline and can be mailed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from replylint.audit.outcome import REPLY_CHARS
from replylint.audit.summary import AuditSummary, GroupStats, groups_by_error_rate

#: Groups shown in the report's table (all of them are in the summary JSON).
GROUPS_SHOWN = 50
SEVERITY_COLORS = {"error": "#c0392b", "warning": "#d68910", "info": "#2874a6"}
PALETTE = ("#1f6f8b", "#99a8b2", "#e6a157", "#5b8c5a", "#a05195", "#d45087", "#2f4b7c", "#ff7c43", "#665191")

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0;background:#f4f6f8}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:#5c6b7a;font-size:13px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:18px 0}
.card{flex:1;background:#fff;border-radius:8px;padding:12px 16px;min-width:120px;box-shadow:0 1px 2px #0001}
.card b{display:block;font-size:24px}.card span{color:#5c6b7a;font-size:12px}
.row{display:flex;gap:16px;flex-wrap:wrap}.panel{background:#fff;border-radius:8px;padding:14px;
box-shadow:0 1px 2px #0001;flex:1;min-width:340px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px #0001}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #e8ecef;vertical-align:top}
th{background:#eef2f5;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#4a5866}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}
.chip{display:inline-block;background:#eef2f5;border-radius:10px;padding:0 7px;margin:1px;font-size:12px}
.ex{font-size:12px;color:#3b4754;margin:2px 0}mark{background:#ffe08a;padding:0 1px}
.bar{display:inline-block;height:9px;background:#1f6f8b;border-radius:2px;vertical-align:middle;margin-right:6px}
.note{color:#5c6b7a;font-size:12px;margin-top:6px}code{background:#eef2f5;padding:0 4px;border-radius:3px}
.pair{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:8px;margin:6px 0;font-size:12px}
.pair>div{background:#f7f9fa;border-left:3px solid #c9d3dc;border-radius:4px;padding:4px 8px;color:#3b4754}
.pair>div.reply{border-left-color:#1f6f8b}.pair i{display:block;font-style:normal;font-size:11px;color:#7b8894}
.pair .none{color:#99a3ad;font-style:italic}
.worst{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0001;padding:12px 14px;margin:0 0 10px}
.worst header{display:flex;gap:10px;align-items:center;font-size:12px;color:#5c6b7a;margin-bottom:6px}
.score{font-weight:700;font-size:15px;border-radius:6px;padding:2px 8px;color:#fff}
.worst .pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr);font-size:13px}
.worst .pair>div{white-space:pre-wrap}
.chip.error{background:#f6dcd8}.chip.warning{background:#fbeccf}.chip.info{background:#dcebf7}
mark.error{background:#f6c5bf}mark.warning{background:#fbe3b5}mark.info{background:#cfe3f3}
mark sup{font-size:9px;color:#5c6b7a;margin-left:2px}
th.sort{cursor:pointer;user-select:none;white-space:nowrap}th.sort:after{content:" ⇅";color:#a3afba}
th.sort[aria-sort=ascending]:after{content:" ▲";color:#1f6f8b}
th.sort[aria-sort=descending]:after{content:" ▼";color:#1f6f8b}
"""

#: Sorts a table by a clicked header: by each cell's ``data-v`` (a number) or its text; a second click reverses.
_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th.sort").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th.sort").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var u = x.dataset.v !== undefined ? +x.dataset.v : x.textContent;
        var v = y.dataset.v !== undefined ? +y.dataset.v : y.textContent;
        var order = typeof u === "number" ? u - v : u.localeCompare(v);
        return down ? -order : order;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
});
"""


def _pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _severity(severity: str) -> str:
    color = SEVERITY_COLORS.get(severity, "#5c6b7a")
    return f'<span class="sev" style="background:{color}">{escape(severity)}</span>'


def _bar(share: float) -> str:
    return f'<span class="bar" style="width:{max(1.0, min(share, 100.0)) * 0.8:.1f}px"></span>{share:.1f}%'


def bar_chart(items: Sequence[tuple[str, int, str]], total: int, width: int = 520) -> str:
    """Horizontal bars: ``(label, value, color)``, each value also shown as a share of ``total``."""
    if not items:
        return '<p class="note">Nothing to show.</p>'
    label_w, row_h = 150, 24
    top = max(value for _, value, _ in items) or 1
    span = width - label_w - 110
    parts = [f'<svg role="img" width="{width}" height="{len(items) * row_h + 4}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value, color) in enumerate(items):
        y = i * row_h + 2
        w = max(1.0, span * value / top)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" rx="2" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">{value:,} ({_pct(value, total):.1f}%)</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def score_histogram(bins: Sequence[int], width: int = 420, height: int = 170) -> str:
    """Column chart of tone scores in bins of ten (the last bin is a perfect 100)."""
    labels = [f"{10 * i}–{10 * i + 9}" for i in range(10)] + ["100"]
    top = max(bins) or 1
    col = (width - 20) / len(bins)
    plot_h = height - 36
    parts = [f'<svg role="img" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, count in enumerate(bins):
        h = plot_h * count / top
        x = 10 + i * col
        color = "#c0392b" if i < 5 else "#e6a157" if i < 9 else "#5b8c5a"
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{plot_h - h + 14:.1f}" width="{col - 4:.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{labels[i]}: {count:,}</title></rect>"
            f'<text x="{x + col / 2:.1f}" y="{plot_h - h + 10:.1f}" font-size="10" text-anchor="middle">'
            f"{count:,}</text>"
            f'<text x="{x + col / 2:.1f}" y="{height - 6}" font-size="10" text-anchor="middle">{labels[i]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _highlight(excerpt: str, match: str | None) -> str:
    at = excerpt.find(match) if match else -1
    if match is None or at < 0:
        return escape(excerpt)
    end = at + len(match)
    return f"{escape(excerpt[:at])}<mark>{escape(match)}</mark>{escape(excerpt[end:])}"


def _customer(text: str | None) -> str:
    if text is None:
        return '<div><i>Customer</i><span class="none">no customer message</span></div>'
    return f"<div><i>Customer</i>{escape(text)}</div>"


def _example(example: dict[str, Any]) -> str:
    """One example of a rule: where it is, the customer's message and the reply with the match highlighted."""
    where = f"line {example['line']}" + (f" · {escape(str(example['id']))}" if example.get("id") else "")
    reply = _highlight(example["excerpt"], example.get("match"))
    return (
        f'<div class="pair">{_customer(example.get("customer"))}'
        f'<div class="reply"><i>Reply, {where}</i>{reply}</div></div>'
    )


def _marked(text: str, marks: Sequence[Sequence[Any]]) -> str:
    """A reply with its findings' spans highlighted by severity and labelled with their codes."""
    out, at = [], 0
    for start, end, code, severity in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(
            f'<mark class="{escape(str(severity))}" title="{escape(str(code))}">{escape(text[start:end])}'
            f"<sup>{escape(str(code))}</sup></mark>"
        )
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _score_color(score: int) -> str:
    return "#c0392b" if score < 50 else "#d68910" if score < 90 else "#5b8c5a"


def _worst(s: AuditSummary) -> str:
    if not s.worst:
        return '<p class="note">No reply has a finding.</p>'
    items = []
    for w in s.worst:
        where = f"line {w['line']}" + (f" · {escape(str(w['id']))}" if w.get("id") else "")
        group = f" · {escape(str(w['group']))}" if w.get("group") else ""
        codes = "".join(
            f'<span class="chip {escape(severity)}" title="{escape(name)}">{escape(code)} {escape(name)}</span>'
            for code, name, severity in w["rules"]
        )
        more = "…" if len(w["reply"]) >= REPLY_CHARS else ""
        items.append(
            f'<div class="worst"><header><span class="score" style="background:{_score_color(w["score"])}">'
            f"{w['score']}</span><span>{where}{group}</span><span>{codes}</span></header>"
            f'<div class="pair">{_customer(w.get("customer"))}'
            f'<div class="reply"><i>Reply</i>{_marked(w["reply"], w["marks"])}{more}</div></div></div>'
        )
    return "".join(items)


def _cards(s: AuditSummary) -> str:
    errors = s.replies_by_severity["error"]
    cards = [
        (f"{s.replies:,}", "replies linted"),
        (f"{_pct(s.flagged, s.replies):.1f}%", f"with findings ({s.flagged:,})"),
        (f"{_pct(errors, s.replies):.1f}%", f"with an error ({errors:,})"),
        (f"{s.mean_score:.1f}", "mean tone score (100 = clean)") if s.replies else ("–", "no tone score (no reply)"),
        (f"{s.findings:,}", "findings"),
        (f"{s.bad:,}", "bad rows (not linted)"),
    ]
    return (
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{v}</b><span>{t}</span></div>' for v, t in cards)
        + "</div>"
    )


def _rules_table(s: AuditSummary) -> str:
    if not s.rules:
        return '<p class="note">No rule fired.</p>'
    rows = []
    for r in sorted(s.rules.values(), key=lambda r: (-r.replies, r.code)):
        chips = "".join(f'<span class="chip">{escape(m)} ×{n:,}</span>' for m, n in r.matches.most_common(5))
        examples = "".join(_example(e) for e in r.examples)
        rows.append(
            f"<tr><td><b>{escape(r.code)}</b><br>{escape(r.rule)}</td><td>{escape(r.category)}</td>"
            f"<td>{_severity(r.severity)}</td><td class='n'>{_bar(_pct(r.replies, s.replies))}<br>{r.replies:,}</td>"
            f"<td class='n'>{r.findings:,}</td><td>{chips}{examples}</td></tr>"
        )
    head = "<tr><th>Rule</th><th>Category</th><th>Severity</th><th>Replies</th><th>Findings</th>"
    return f"<table>{head}<th>Most frequent matches and first examples</th></tr>{''.join(rows)}</table>"


def _group_row(name: str, g: GroupStats) -> str:
    top = ", ".join(f"{escape(c)} {n:,}" for c, n in g.categories.most_common(3))
    error_rate, flagged = _pct(g.errored, g.replies), _pct(g.flagged, g.replies)
    return (
        f"<tr><td>{escape(name)}</td><td class='n' data-v='{g.replies}'>{g.replies:,}</td>"
        f"<td class='n' data-v='{error_rate:.3f}'>{_bar(error_rate)}</td>"
        f"<td class='n' data-v='{flagged:.3f}'>{flagged:.1f}%</td>"
        f"<td class='n' data-v='{g.mean_score:.3f}'>{g.mean_score:.1f}</td>"
        f"<td class='n' data-v='{g.severities['error']}'>{g.severities['error']:,}</td>"
        f"<td class='n' data-v='{g.severities['warning']}'>{g.severities['warning']:,}</td><td>{top}</td></tr>"
    )


def _groups_table(s: AuditSummary) -> str:
    biggest = sorted(s.groups.items(), key=lambda item: (-item[1].replies, item[0]))[:GROUPS_SHOWN]
    kept = {name for name, _ in biggest}
    rows = [(n, g) for n, g in groups_by_error_rate(s.groups) if n in kept]
    head = (
        "<thead><tr><th class='sort'>Group</th><th class='sort'>Replies</th>"
        "<th class='sort' aria-sort='descending'>With an error</th><th class='sort'>With findings</th>"
        "<th class='sort'>Mean score</th><th class='sort'>Errors</th><th class='sort'>Warnings</th>"
        "<th>Top categories (findings)</th></tr></thead>"
    )
    note = "Highest share of replies with an error first; click a column to sort by it."
    if len(s.groups) > len(rows):
        note += f" The {len(rows)} largest of {len(s.groups):,} groups; all are in the summary JSON."
    body = "".join(_group_row(n, g) for n, g in rows)
    return f'<table class="sortable">{head}<tbody>{body}</tbody></table><p class="note">{note}</p>'


def _counts_table(title: str, counts: dict[str, int], total: int) -> str:
    rows = "".join(
        f"<tr><td>{escape(k)}</td><td class='n'>{v:,}</td><td class='n'>{_pct(v, total):.1f}%</td></tr>"
        for k, v in sorted(counts.items(), key=lambda item: -item[1])
    )
    return f'<div class="panel"><b>{escape(title)}</b><table>{rows}</table></div>'


def _bad_rows(s: AuditSummary) -> str:
    if not s.bad:
        return '<p class="note">Every row was linted.</p>'
    reasons = "".join(f"<tr><td>{escape(r)}</td><td class='n'>{n:,}</td></tr>" for r, n in s.bad_reasons.most_common())
    first = ", ".join(f"line {b['line']} ({escape(b['reason'])})" for b in s.bad_rows)
    return f'<table><tr><th>Reason</th><th>Rows</th></tr>{reasons}</table><p class="note">First: {first}</p>'


def _version() -> str:
    try:
        return version("replylint")
    except PackageNotFoundError:
        return "unknown"


def render_html(summary: AuditSummary, title: str = "replylint audit") -> str:
    """The whole report as one HTML document."""
    s = summary
    categories = [
        (name, s.replies_by_category[name], PALETTE[i % len(PALETTE)])
        for i, (name, _) in enumerate(s.replies_by_category.most_common())
    ]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<div class="meta">{escape(s.source)} · {s.rows:,} rows · generated {generated} by replylint {_version()}'
        f" in {s.elapsed:.1f} s</div>",
        _cards(s),
        '<div class="row"><div class="panel"><b>Replies with a finding, by category</b>',
        bar_chart(categories, s.replies),
        '</div><div class="panel"><b>Tone score of the replies</b>',
        score_histogram(s.score_bins),
        '<p class="note">100 is a clean reply; each finding costs points by severity.</p></div></div>',
    ]
    if s.grouped:
        body += ["<h2>By group</h2>", _groups_table(s)]
    body += [
        "<h2>Worst replies</h2>",
        '<p class="note">The lowest tone scores, each beside the customer\'s message, findings highlighted.</p>',
        _worst(s),
        "<h2>Rules</h2>",
        _rules_table(s),
        "<h2>The replies</h2>",
        '<div class="row">',
        _counts_table("Language", dict(s.languages), s.replies),
        _counts_table("Channel", dict(s.channels), s.replies),
        _counts_table("Customer message", dict(s.contexts), s.replies),
        "</div>",
        "<h2>Rows not linted</h2>",
        _bad_rows(s),
        '<p class="note">Run <code>replylint explain CODE</code> for what a rule looks for and why.</p>',
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>{''.join(body)}</main>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
