"""Audits on a Dask cluster (``pip install 'replylint[dask]'``): lint a Dask DataFrame or bag partition-wise,
with one linter per worker process, built on the worker's first partition and reused for every later one.

    from dask.distributed import Client
    import dask.dataframe as dd
    from replylint.audit import Columns
    from replylint.audit.dask import audit_dataframe, lint_dataframe

    client = Client("tcp://scheduler:8786")
    replies = dd.read_parquet("replies/")
    columns = Columns(text="body", context="customer_message", group="agent")
    lint_dataframe(replies, columns=columns).to_parquet("linted/")   # one result per row
    summary = audit_dataframe(replies, columns=columns)              # the same summary as ``replylint audit``

A result row is the record ``replylint audit --output`` writes; its ``line`` is the row's 1-based position in
its partition (the results keep the input's index, so join on it, or name an ``id`` column).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import partial, reduce
from typing import Any

from replylint.audit.outcome import Outcome
from replylint.audit.pool import lint_rows
from replylint.audit.read import BadRow, Columns, Row, make_row
from replylint.audit.summary import AuditSummary
from replylint.config import Config
from replylint.engine import shared_linter
from replylint.models import Language

#: Columns ``lint_dataframe`` appends.
RESULT_COLUMNS = ("lint_score", "lint_codes", "lint_error", "lint_result")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def _rows(records: Iterable[Any], columns: Columns) -> list[Row | BadRow]:
    rows: list[Row | BadRow] = []
    for position, record in enumerate(records, 1):
        if isinstance(record, str):
            record = {columns.text: record}
        if not isinstance(record, dict):
            rows.append(BadRow(position, f"not a record ({type(record).__name__})"))
            continue
        clean = {key: None if _missing(value) else value for key, value in record.items()}
        rows.append(make_row(position, clean, columns))
    return rows


def _outcomes(records: Iterable[Any], columns: Columns, config: Config, language: Language | None) -> list[Outcome]:
    return lint_rows(shared_linter(config), _rows(records, columns), language)


def _summarize(records: Iterable[Any], columns: Columns, config: Config, language: Language | None) -> AuditSummary:
    summary = AuditSummary(grouped=columns.group is not None)
    for outcome in _outcomes(records, columns, config, language):
        summary.add(outcome)
    return summary


def _merge(summaries: Iterable[AuditSummary]) -> AuditSummary:
    return reduce(AuditSummary.merge, summaries, AuditSummary())


def _lint_frame(frame: Any, columns: Columns, config: Config, language: Language | None) -> Any:
    wanted = [c for c in (columns.text, columns.context, columns.channel, columns.id, columns.group) if c]
    records = frame[list(dict.fromkeys(wanted))].to_dict("records")
    outcomes = _outcomes(records, columns, config, language)
    return frame.assign(
        lint_score=[None if o.error else o.score for o in outcomes],
        lint_codes=[" ".join(dict.fromkeys(f[0] for f in o.findings)) for o in outcomes],
        lint_error=[o.error for o in outcomes],
        lint_result=[o.json_line for o in outcomes],
    ).astype({"lint_score": "Int64"})


def _summarize_frame(frame: Any, columns: Columns, config: Config, language: Language | None) -> AuditSummary:
    wanted = [c for c in (columns.text, columns.context, columns.channel, columns.id, columns.group) if c]
    return _summarize(frame[list(dict.fromkeys(wanted))].to_dict("records"), columns, config, language)


def _check_columns(frame_columns: Sequence[str], columns: Columns) -> None:
    for name in (columns.text, columns.context, columns.channel, columns.id, columns.group):
        if name is not None and name not in frame_columns:
            raise ValueError(f"column {name!r} is not in the DataFrame; columns: {', '.join(map(str, frame_columns))}")


def lint_bag(
    bag: Any, *, columns: Columns | None = None, config: Config | None = None, language: Language | str | None = None
) -> Any:
    """A bag of result records (dicts) from a bag of replies: strings, or dicts read with ``columns``."""
    cols, lang = columns or Columns(), Language(language) if language else None
    return bag.map_partitions(
        lambda part: [json.loads(o.json_line) for o in _outcomes(part, cols, config or Config(), lang)]
    )


def audit_bag(
    bag: Any, *, columns: Columns | None = None, config: Config | None = None, language: Language | str | None = None
) -> AuditSummary:
    """The audit summary of a bag of replies, computed partition by partition on the cluster."""
    cols, lang = columns or Columns(), Language(language) if language else None
    per_partition = partial(_summarize, columns=cols, config=config or Config(), language=lang)
    summary: AuditSummary = bag.reduction(per_partition, _merge).compute()
    summary.grouped = cols.group is not None
    return summary


def lint_dataframe(
    frame: Any, *, columns: Columns | None = None, config: Config | None = None, language: Language | str | None = None
) -> Any:
    """The DataFrame with :data:`RESULT_COLUMNS` appended: tone score (null for a bad row), the codes found,
    the bad-row reason, and the full result record as JSON."""
    import pandas as pd

    cols, lang = columns or Columns(), Language(language) if language else None
    _check_columns(list(frame.columns), cols)
    meta = frame._meta.assign(
        lint_score=pd.Series(dtype="Int64"),
        lint_codes=pd.Series(dtype=object),
        lint_error=pd.Series(dtype=object),
        lint_result=pd.Series(dtype=object),
    )
    return frame.map_partitions(_lint_frame, cols, config or Config(), lang, meta=meta)


def audit_dataframe(
    frame: Any, *, columns: Columns | None = None, config: Config | None = None, language: Language | str | None = None
) -> AuditSummary:
    """The audit summary of a DataFrame of replies: one summary per partition on the workers, merged."""
    from dask.delayed import delayed

    cols, lang = columns or Columns(), Language(language) if language else None
    _check_columns(list(frame.columns), cols)
    parts = [delayed(_summarize_frame)(part, cols, config or Config(), lang) for part in frame.to_delayed()]
    summary: AuditSummary = delayed(_merge)(parts).compute()
    summary.grouped = cols.group is not None
    return summary
