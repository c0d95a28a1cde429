// The review page: lints the draft reply through POST /v1/lint as the agent types, and shows what it found.
"use strict";

const TEXT = {
  en: {
    title: "Check a reply", interface: "Interface", context: "Customer's message", reply: "Draft reply",
    channel: "Channel", default: "default", chat: "chat", email: "e-mail", review: "public review",
    social: "social media", language: "Language", detect: "detect", checked: "The reply, checked",
    score: "Score", kind: "Customer's message", findings: "Findings", sentences: "What each sentence does",
    checking: "Checking…", none: "No findings.", found: (n) => (n === 1 ? "1 finding." : `${n} findings.`),
    failed: "The check failed: ", empty: "Type a reply to check it.", detected: (l) => `detected: ${l}`,
    clean: "Nothing lowered it.", fix: "Apply fix", rule: "about the rule", suggestion: "Suggestion: ",
    whole: "whole reply", show: "Show in the reply", fromContext: "read from the customer's message",
    fromReply: "no customer's message: read from the reply", why: "Because of: ", noActs: "no act recognised",
    kinds: { complaint: "a complaint", question: "a question", praise: "praise", thanks: "thanks", other: "other" },
    severities: { error: "error", warning: "warning", info: "info" },
  },
  ru: {
    title: "Проверка ответа", interface: "Интерфейс", context: "Сообщение клиента", reply: "Черновик ответа",
    channel: "Канал", default: "по умолчанию", chat: "чат", email: "e-mail", review: "публичный отзыв",
    social: "соцсети", language: "Язык", detect: "определить", checked: "Ответ после проверки",
    score: "Оценка", kind: "Сообщение клиента", findings: "Замечания", sentences: "Что делает каждое предложение",
    checking: "Проверяю…", none: "Замечаний нет.", found: (n) => `Замечаний: ${n}.`,
    failed: "Проверка не удалась: ", empty: "Введите ответ, чтобы проверить его.",
    detected: (l) => `определён: ${l}`, clean: "Ничто не снизило оценку.", fix: "Исправить",
    rule: "о правиле", suggestion: "Совет: ", whole: "весь ответ", show: "Показать в ответе",
    fromContext: "по сообщению клиента", fromReply: "сообщения клиента нет: по самому ответу",
    why: "Признаки: ", noActs: "действие не распознано",
    kinds: { complaint: "жалоба", question: "вопрос", praise: "похвала", thanks: "благодарность", other: "другое" },
    severities: { error: "ошибка", warning: "предупреждение", info: "заметка" },
  },
};
const SCORING = JSON.parse(document.getElementById("scoring").textContent);
const DELAY_MS = 300;
const $ = (id) => document.getElementById(id);

// The interface follows the browser's language until the agent picks one.
let ui = localStorage.getItem("replylint.ui") || ((navigator.language || "en").toLowerCase().startsWith("ru") ? "ru" : "en");
let timer = null;
let inFlight = null;
let last = null; // {text, report}

function t(key, ...args) {
  const value = TEXT[ui][key];
  return typeof value === "function" ? value(...args) : value;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// Report offsets count code points (Python's str); the browser's strings count UTF-16 units.
function unitsOf(text) {
  const units = [];
  let unit = 0;
  for (const ch of text) {
    units.push(unit);
    unit += ch.length;
  }
  units.push(unit);
  return units;
}

function translate() {
  document.documentElement.lang = ui;
  $("ui-language").value = ui;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  render();
}

function schedule(delay = DELAY_MS) {
  clearTimeout(timer);
  timer = setTimeout(check, delay);
}

async function check() {
  const text = $("reply").value;
  if (inFlight) inFlight.abort();
  if (!text.trim()) {
    last = null;
    render();
    return;
  }
  const body = { text, context: $("context").value.trim() || null };
  if ($("channel").value) body.channel = $("channel").value;
  if ($("language").value) body.language = $("language").value;
  inFlight = new AbortController();
  $("status").textContent = t("checking");
  try {
    const answer = await fetch("/v1/lint", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: inFlight.signal,
    });
    const data = await answer.json();
    if (!answer.ok) throw new Error(data.field ? `${data.field}: ${data.error}` : data.error);
    last = { text, report: data };
    render();
  } catch (error) {
    if (error.name !== "AbortError") $("status").textContent = t("failed") + error.message;
  }
}

function applyFix(finding) {
  if (!last || $("reply").value !== last.text) return; // the text changed since: its next check brings fresh fixes
  const units = unitsOf(last.text);
  let text = last.text;
  const edits = [...finding.fix.edits].sort((a, b) => b.start - a.start);
  for (const edit of edits) text = text.slice(0, units[edit.start]) + edit.replacement + text.slice(units[edit.end]);
  $("reply").value = text;
  $("reply").focus();
  schedule(0);
}

function safeFix(finding) {
  return finding.fix && finding.fix.applicability === "safe" && finding.fix.edits.length > 0;
}

function details(finding, id) {
  const tip = el("span", { class: "tip", role: "tooltip", id });
  tip.append(el("span", { class: "tip-message" }, finding.message));
  const code = el("a", { href: `/rules/${finding.code}`, target: "_blank", rel: "noopener" }, finding.code);
  tip.append(el("span", { class: "tip-code" }, code, ` ${finding.rule} · ${t("severities")[finding.severity]} · ${t("rule")}`));
  if (finding.suggestion) tip.append(el("span", { class: "tip-suggestion" }, t("suggestion") + finding.suggestion));
  if (safeFix(finding)) {
    tip.append(el("button", { type: "button", class: "fix", onclick: () => applyFix(finding) }, t("fix")));
  }
  return tip;
}

function renderHighlights(text, findings) {
  const box = $("highlighted");
  box.replaceChildren();
  const units = unitsOf(text);
  let at = 0;
  const spans = findings.map((f, i) => [f, i]).filter(([f]) => f.start !== null).sort((a, b) => a[0].start - b[0].start);
  for (const [finding, i] of spans) {
    const start = Math.max(units[finding.start], at);
    const end = units[finding.end];
    if (end <= start) continue; // inside a span already marked: listed below
    box.append(text.slice(at, start));
    const mark = el("mark", {
      class: `sev-${finding.severity}`, tabindex: "0", id: `mark-${i}`, "data-code": finding.code,
      "aria-describedby": `tip-${i}`,
    }, text.slice(start, end));
    mark.append(details(finding, `tip-${i}`));
    box.append(mark);
    at = end;
  }
  box.append(text.slice(at));
}

function renderFindings(findings) {
  const list = $("findings");
  list.replaceChildren();
  findings.forEach((finding, i) => {
    const item = el("li", { class: `sev-${finding.severity}` });
    item.append(el("span", { class: "badge" }, t("severities")[finding.severity]), " ");
    item.append(el("a", { href: `/rules/${finding.code}`, target: "_blank", rel: "noopener" }, finding.code), " ");
    item.append(finding.message);
    if (finding.suggestion) item.append(el("div", { class: "muted" }, t("suggestion") + finding.suggestion));
    const actions = el("div", { class: "actions" });
    if (document.getElementById(`mark-${i}`)) {
      actions.append(el("button", { type: "button", onclick: () => $(`mark-${i}`).focus() }, t("show")));
    } else {
      actions.append(el("span", { class: "muted" }, t("whole")));
    }
    if (safeFix(finding)) actions.append(el("button", { type: "button", class: "fix", onclick: () => applyFix(finding) }, t("fix")));
    item.append(actions);
    list.append(item);
  });
}

function renderScore(report) {
  $("score").textContent = report.score;
  const byCode = new Map();
  for (const f of report.findings) {
    const seen = byCode.get(f.code) || { finding: f, count: 0 };
    seen.count += 1;
    byCode.set(f.code, seen);
  }
  const rows = [...byCode.values()].map(({ finding, count }) => ({
    finding, count, points: SCORING.penalty[finding.severity] * Math.min(count, SCORING.max_counted),
  })).sort((a, b) => b.points - a.points);
  $("deductions").replaceChildren(...(rows.length ? rows.map(({ finding, count, points }) =>
    el("li", {}, `−${points} `, el("a", { href: `/rules/${finding.code}`, target: "_blank", rel: "noopener" }, finding.code),
      ` ${finding.rule}${count > 1 ? ` ×${count}` : ""}`)) : [el("li", {}, t("clean"))]));
}

function renderKind(context) {
  $("kind").textContent = `${t("kinds")[context.kind] || context.kind} (${context.source === "context" ? t("fromContext") : t("fromReply")})`;
  $("kind-why").textContent = context.signals.length ? t("why") + context.signals.join(", ") : "";
}

function renderSentences(text, sentences) {
  const units = unitsOf(text);
  $("sentences").replaceChildren(...sentences.map((s) => {
    const acts = s.acts.length ? s.acts.map((a) => el("span", { class: "act" }, a)) : [el("span", { class: "muted" }, t("noActs"))];
    return el("li", {}, el("q", {}, text.slice(units[s.start], units[s.end]).trim()), " ", ...acts);
  }));
}

function render() {
  if (!last) {
    for (const id of ["highlighted", "deductions", "findings", "sentences"]) $(id).replaceChildren();
    for (const id of ["kind", "kind-why", "detected"]) $(id).textContent = "";
    $("score").textContent = "–";
    $("status").textContent = t("empty");
    return;
  }
  const { text, report } = last;
  renderHighlights(text, report.findings);
  renderFindings(report.findings);
  renderScore(report);
  renderKind(report.context);
  renderSentences(text, report.sentences);
  $("detected").textContent = $("language").value ? "" : t("detected", report.language);
  $("status").textContent = report.findings.length ? t("found", report.findings.length) : t("none");
}

$("ui-language").addEventListener("change", (event) => {
  ui = event.target.value;
  localStorage.setItem("replylint.ui", ui);
  translate();
});
for (const id of ["reply", "context"]) $(id).addEventListener("input", () => schedule());
for (const id of ["channel", "language"]) $(id).addEventListener("change", () => schedule(0));
$("form").addEventListener("submit", (event) => event.preventDefault());
translate();
if ($("reply").value) schedule(0);
