"""JUnit XML for CI test reports: one test suite per run, one test case per file, one failure per finding."""

from __future__ import annotations

from collections.abc import Sequence

from replylint.formats.base import FileResult

SUITE = "replylint"


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
        case = ET.SubElement(suite, "testcase", {"classname": SUITE, "name": result.path, "file": result.path})
        for f in result.findings:
            failure = ET.SubElement(
                case, "failure", {"type": f.code, "message": f"{f.code} [{f.severity.value}] {f.message}"}
            )
            lines = [f"{result.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}"]
            if f.suggestion:
                lines.append(f"help: {f.suggestion}")
            failure.text = "\n".join(lines)
        if result.error:
            ET.SubElement(case, "error", {"type": "skipped", "message": result.error})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
