"""The shell hook's client: ``replylint check --server URL [-]`` on a plain reply from standard input, answered
with the standard library alone (no pydantic, no spaCy), so that a hook per reply costs Python's start-up and
one request. Anything else, or any doubt, returns None and the full command line takes over with the same input.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sys

from replylint.lines import LineIndex, printable, source_excerpt
from replylint.service.address import service_address
from replylint.wording import counted

TYPE_CHECKING = False  # ``typing`` itself costs the client a sixth of its imports
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

#: Options the hook client answers (with a value, or a flag); any other sends the call to the full command line.
_VALUED = {
    "--server": None,
    "--fail-on": ("error", "warning", "info"),
    "--language": None,
    "--channel": None,
    "--context-file": None,
}
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--no-color": "no_color"}
_RANK = {"info": 0, "warning": 1, "error": 2}
_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
#: A ``# replylint: …`` line makes suppressions: the full command line reads those.
_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*replylint:", re.MULTILINE)
#: What a ``pyproject.toml`` with a ``[tool.replylint]`` table must hold: ``tool`` then ``replylint`` as the next
#: key (``[tool.replylint]``, ``tool.replylint.x = …``, ``tool = {replylint = …}``, quoted or not), or a ``[tool]``
#: table, whose keys may be ``replylint``. A file without it is not parsed (keys written with escapes are not read).
_TOOL_TABLE = re.compile(
    r"""["']?tool["']?[ \t]*(?:\.[ \t]*|=[ \t]*\{.*)["']?replylint|^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""",
    re.MULTILINE,
)
_TIMEOUT = 30.0


def parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The options of a ``check --server URL [-]`` call on standard input, or None when the call asks for more."""
    if not argv or argv[0] != "check":
        return None
    options: dict[str, Any] = {}
    rest = list(argv[1:])
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name in _VALUED and (eq or rest):
            value = value if eq else rest.pop(0)
            allowed = _VALUED[name]
            if allowed is not None and value not in allowed:
                return None
            options[name[2:].replace("-", "_")] = value
        elif arg in _FLAGS and not eq:
            options[_FLAGS[arg]] = True
        elif arg != "-" or options.get("stdin"):
            return None
        else:
            options["stdin"] = True
    return options if options.get("server") else None


def _configured(start: str) -> bool:
    """Whether a configuration file applies here (the full command line then reads and validates it)."""
    folder, parent = start, os.path.dirname(start)
    while True:
        if os.path.isfile(os.path.join(folder, ".replylint.toml")):
            return True
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject):
            try:
                with open(pyproject, encoding="utf-8") as file:
                    text = file.read()
                if _TOOL_TABLE.search(text):
                    import tomllib  # only for a file that may hold the table

                    if "replylint" in tomllib.loads(text).get("tool", {}):
                        return True
            except (OSError, UnicodeDecodeError, ValueError):  # tomllib.TOMLDecodeError is a ValueError
                return True
        if parent == folder:
            return False
        folder, parent = parent, os.path.dirname(parent)


def _post(url: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The report the service answers, or None for any failure (the full command line then reports it)."""
    try:
        address = service_address(url)
    except ValueError:  # the command line names the URL and why
        return None
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    path = f"{address.path}/v1/lint"
    try:
        if address.https:
            answer = _https(address.host, address.port, path, body)
        else:
            answer = _http(address.host, address.port or 80, address.netloc, path, body)
        report = json.loads(answer) if answer is not None else None
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) and isinstance(report.get("findings"), list) else None


def _http(host: str, port: int, netloc: str, path: str, body: bytes) -> bytes | None:
    """The body of a 200 answer to one HTTP/1.0 ``POST`` (no chunked body, the service closes the connection),
    else None. A socket, not :mod:`http.client`, which imports the e-mail parser and ``ssl`` (a third of the
    client's start)."""
    head = (
        f"POST {path} HTTP/1.0\r\nHost: {netloc}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=_TIMEOUT) as connection:
        connection.sendall(head.encode("ascii") + body)  # a URL that is not ASCII: UnicodeEncodeError, a ValueError
        received = []
        while chunk := connection.recv(65536):
            received.append(chunk)
    status, _, rest = b"".join(received).partition(b"\r\n")
    headers, _, answer = rest.partition(b"\r\n\r\n")
    if status.split(b" ", 2)[1:2] != [b"200"]:
        return None
    for line in headers.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip() != str(len(answer)).encode():
            return None  # cut short
    return answer


def _https(host: str, port: int | None, path: str, body: bytes) -> bytes | None:
    """The body of a 200 answer to a ``POST`` over TLS, else None."""
    import http.client

    connection = http.client.HTTPSConnection(host, port, timeout=_TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        answer = response.read()
    except http.client.HTTPException:
        return None
    finally:
        connection.close()
    return answer if response.status == 200 else None


def _placed(finding: dict[str, Any], text: str, lines: LineIndex) -> dict[str, Any]:
    """A finding's line and columns in the input (a whole-reply finding spans its visible characters)."""
    if finding.get("start") is None or finding.get("end") is None:
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    else:
        start, end = min(finding["start"], len(text)), min(finding["end"], len(text))
    (line, column), (end_line, end_column) = lines.line_col(start), lines.line_col(end)
    return {**finding, "line": line, "column": column, "end_line": end_line, "end_column": end_column}


def _render(findings: list[dict[str, Any]], lines: LineIndex, color: bool, quiet: bool) -> str:
    """The text format of :mod:`replylint.formats.text` for one input (``-``); tests hold the two equal. Source
    lines are those of ``lines``, which the positions count (a form feed or U+0085 ends none, where
    :meth:`str.splitlines` would break there)."""

    def paint(value: str, code: str) -> str:
        return f"{code}{value}{_RESET}" if color else value

    out: list[str] = []
    for f in findings:
        severity, line, column = f["severity"], f["line"], f["column"]
        out.append(
            f"{paint(f'-:{line}:{column}:', _BOLD)} {paint(f['code'], _COLORS[severity])} [{severity}] "
            f"{printable(f['message'])}"
        )
        if quiet:
            continue
        if f.get("start") is not None:
            source = lines.line_text(line)
            gutter = " " * len(str(line))
            width = f["end_column"] - column if f["end_line"] == line else len(source) - column + 1
            shown, pad, width = source_excerpt(source, column - 1, max(1, width))
            out += [f"{gutter} |", f"{line} | {shown}", f"{gutter} | {pad}{paint('^' * width, _COLORS[severity])}"]
        if f.get("suggestion"):
            out.append(f"  = help: {printable(f['suggestion'])}")
        out.append("")
    if not quiet:
        count = len(findings)
        out.append(f"Found {counted(count, 'finding')} in 1 file." if count else "All checks passed.")
    return "".join(f"{line}\n" for line in out)


def check(options: dict[str, Any], stdin: bytes) -> int | None:
    """Answer a ``check --server`` call (:func:`parse`) on ``stdin`` and return its exit code, or None to leave it
    to the full command line."""
    if stdin.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in stdin:
        return None
    try:
        text = stdin.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    if not text.strip() or _DIRECTIVE.search(text) or _configured(os.getcwd()):
        return None
    payload: dict[str, Any] = {"text": text, "template": False}
    payload.update((k, options[k]) for k in ("language", "channel") if k in options)
    if "context_file" in options:
        try:
            with open(options["context_file"], encoding="utf-8") as file:
                payload["context"] = file.read().removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            return None
    report = _post(options["server"], payload)
    if report is None:
        return None
    lines = LineIndex(text)
    findings = sorted(
        (_placed(f, text, lines) for f in report["findings"]), key=lambda f: (f["line"], f["column"], f["code"])
    )
    color = not options.get("no_color") and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    sys.stdout.write(_render(findings, lines, color, bool(options.get("quiet"))))
    threshold = _RANK[options.get("fail_on", "warning")]
    return 1 if any(_RANK[f["severity"]] >= threshold for f in findings) else 0
