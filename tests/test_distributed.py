"""The Dask adapter, for real: a local cluster of two worker processes lints DataFrames and bags partition-wise."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import pytest

pytest.importorskip("dask", reason="the dask extra is not installed (pip install 'replylint[dask]')")
pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'replylint[dask]')")
pd = pytest.importorskip("pandas", reason="the dask extra is not installed (pip install 'replylint[dask]')")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from replylint import Linter  # noqa: E402
from replylint.audit import AuditSummary, Columns, lint_rows, make_row  # noqa: E402
from replylint.audit.dask import audit_bag, audit_dataframe, lint_bag, lint_dataframe  # noqa: E402

REPLIES = [
    ("You should have read the terms before ordering!!!", "anna", "Where is my order? It is a week late."),
    ("Thank you for your message. We will send a replacement tomorrow.", "anna", None),
    ("Вы сами виноваты, надо было читать условия!!!", "boris", "Заказ пришёл сломанный, верните деньги"),
    ("Здравствуйте! Приносим извинения за задержку, курьер привезёт заказ завтра.", "boris", None),
    ("Sorry for the wait, a refund is on its way and should arrive in 3 days.", "carol", "Still no refund"),
    (None, "carol", None),
]
COLUMNS = Columns(text="body", context="customer", group="agent", id="ticket")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    scratch = tmp_path_factory.mktemp("dask")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, local_directory=scratch
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rows = REPLIES * 4
    return pd.DataFrame(
        {
            "ticket": [f"T{i}" for i in range(len(rows))],
            "body": [r[0] for r in rows],
            "agent": [r[1] for r in rows],
            "customer": [r[2] for r in rows],
        }
    )


def _linters_alive() -> int:
    """How many Linter objects the calling process holds (run on each worker)."""
    return sum(isinstance(o, Linter) for o in gc.get_objects())


def _local_summary(frame: pd.DataFrame, linter: Linter) -> AuditSummary:
    records = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]
    summary = AuditSummary(grouped=True)
    for outcome in lint_rows(linter, [make_row(i, r, COLUMNS) for i, r in enumerate(records, 1)]):
        summary.add(outcome)
    return summary


def test_dataframe_is_linted_on_the_workers_with_one_linter_each(
    client: Client, frame: pd.DataFrame, linter: Linter
) -> None:
    ddf = dd.from_pandas(frame, npartitions=6)
    result = lint_dataframe(ddf, columns=COLUMNS).compute()

    assert list(result.index) == list(frame.index)
    assert list(result["ticket"]) == list(frame["ticket"])
    for (_, row), (text, _, context) in zip(result.iterrows(), REPLIES * 4, strict=True):
        if text is None:
            assert pd.isna(row["lint_score"]) and row["lint_error"] == "text is null"
            continue
        expected = linter.lint(text, context=context)
        assert row["lint_score"] == expected.score
        assert row["lint_codes"].split() == list(dict.fromkeys(f.code for f in expected.findings))
        record = json.loads(row["lint_result"])
        assert [f["code"] for f in record["findings"]] == [f.code for f in expected.findings]
        assert record["id"] == row["ticket"] and record["group"] == row["agent"]

    # Six partitions on two worker processes: each process holds exactly one linter.
    built = client.run(_linters_alive)
    assert len(built) == 2
    assert sorted(built.values()) == [1, 1]


def test_dataframe_summary_equals_the_local_audit(client: Client, frame: pd.DataFrame, linter: Linter) -> None:
    summary = audit_dataframe(dd.from_pandas(frame, npartitions=4), columns=COLUMNS)
    expected = _local_summary(frame, linter)
    assert summary.rows == 24 and summary.replies == 20 and summary.bad_reasons == {"text is null": 4}
    got, want = summary.to_dict(), expected.to_dict()
    for data in (got, want):
        data.pop("elapsed_seconds")
        data.pop("bad_row_examples")  # line numbers are positions within partitions
        data.pop("worst_replies")
        for rule in data["rules"]:
            rule.pop("examples")
    assert got == want
    assert set(summary.groups) == {"anna", "boris", "carol"}


def test_bag_of_strings_and_records(client: Client) -> None:
    texts = [r[0] for r in REPLIES if r[0] is not None] * 3
    bag = db.from_sequence(texts, npartitions=3)
    records = lint_bag(bag).compute()
    assert len(records) == len(texts)
    assert all("score" in r for r in records)
    assert any(f["category"] == "blame" for r in records for f in r["findings"])

    summary = audit_bag(db.from_sequence([{"text": t} for t in texts] + [{"text": 5}], npartitions=4))
    assert summary.replies == len(texts)
    assert summary.bad_reasons == {"text is not a string (int)": 1}
    assert summary.replies_by_category["blame"] == 6


def test_unknown_column_is_an_error_before_any_work(frame: pd.DataFrame) -> None:
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(ValueError, match="column 'reply' is not in the DataFrame"):
        lint_dataframe(ddf, columns=Columns(text="reply"))
