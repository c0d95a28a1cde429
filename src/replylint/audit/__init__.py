"""Audits of reply exports: stream a CSV or JSON Lines file through the linter, write one result per row,
and summarise per category, rule and group (agent, company).

Memory stays bounded whatever the file's size: rows are read one at a time (:mod:`~replylint.audit.read`), at
most a few chunks are in flight between the reader and the workers (:mod:`~replylint.audit.pool`), the
summary keeps counts, not replies (:mod:`~replylint.audit.summary`), and the rules that compare replies keep a
fingerprint per reply (:mod:`~replylint.audit.run`).
"""

from __future__ import annotations

from replylint.audit.outcome import INTERNAL_ERROR, NO_CUSTOMER_MESSAGE, Outcome
from replylint.audit.pool import auto_jobs, lint_rows, lint_stream
from replylint.audit.read import FORMATS, AuditError, BadRow, Columns, Row, make_row, read_rows
from replylint.audit.run import audit, audit_file
from replylint.audit.summary import AuditSummary, render_summary

__all__ = [
    "FORMATS",
    "INTERNAL_ERROR",
    "NO_CUSTOMER_MESSAGE",
    "AuditError",
    "AuditSummary",
    "BadRow",
    "Columns",
    "Outcome",
    "Row",
    "audit",
    "audit_file",
    "auto_jobs",
    "lint_rows",
    "lint_stream",
    "make_row",
    "read_rows",
    "render_summary",
]
