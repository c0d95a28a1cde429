"""JUnit XML for CI test reports: one test suite per run, one test case per file, one failure per finding."""

from __future__ import annotations

import re
from collections.abc import Sequence

from replylint.formats.base import FileResult

SUITE = "replylint"

#: Characters XML 1.0 cannot hold, even escaped: C0 controls but tab and line breaks, lone surrogates (a file
#: name that is not valid UTF-8), U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """``value`` with each character XML cannot hold written as its escape (a vertical tab pasted from a word
    processor into a reply, and so into a finding's quoted match, is ``\\x0b``), so the report stays well-formed."""
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), value)


def render_junit(results: Sequence[FileResult]) -> str:
    """Every finding is a ``<failure>`` of its file's test case (whatever ``--fail-on`` says); a skipped
    file is an ``<error>``. Counts: ``tests`` files, ``failures`` files with findings, ``errors`` skipped."""
    from xml.etree import ElementTree as ET  # only this format needs it

    failed = sum(1 for r in results if r.findings)
    errors = sum(1 for r in results if r.error)
    counts = {"tests": str(len(results)), "failures": str(failed), "errors": str(errors), "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **{k: counts[k] for k in ("tests", "failures", "errors")}})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for result in results:
        path = _xml_text(result.path)
        case = ET.SubElement(suite, "testcase", {"classname": SUITE, "name": path, "file": path})
        for f in result.findings:
            headline = f"{f.code} [{f.severity.value}] {f.message}"
            failure = ET.SubElement(case, "failure", {"type": f.code, "message": _xml_text(headline)})
            lines = [f"{result.path}:{f.line}:{f.column}: {headline}"]
            if f.suggestion:
                lines.append(f"help: {f.suggestion}")
            failure.text = _xml_text("\n".join(lines))
        if result.error:
            ET.SubElement(case, "error", {"type": "skipped", "message": _xml_text(result.error)})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
