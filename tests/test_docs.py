"""docs/columns.md lists exactly the columns and dtypes of every table chiso returns."""

import re

import polars as pl
import pytest

import chiso
from chiso.plot import cumulative_path
from chiso.report import status_counts

HEADING = re.compile(r"^## .*: `([A-Za-z_.]+)`\s*$")
ROW = re.compile(r"^\| `([a-z0-9_]+)` \| ([A-Za-z0-9]+) \|")


@pytest.fixture
def documented(repo):
    """Map each table heading's anchor (`Scorecard.targets` …) to its (name, dtype) rows."""
    tables, current = {}, None
    for line in (repo / "docs" / "columns.md").read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        row = ROW.match(line)
        if row and current:
            tables[current].append((row.group(1), row.group(2)))
    return tables


@pytest.fixture(scope="module")
def returned_tables():
    reports = chiso.read_reports(
        pl.DataFrame({"item": ["MT99"], "period_end": ["2026-03-14"], "value": ["1"], "agency": ["A"],
                      "reported_on": ["2026-03-12"]}),
        strict=False,
    )
    card = chiso.scorecard(as_of="2026-09-30")
    return {
        "Scorecard.targets": card.targets,
        "Scorecard.tasks": card.tasks,
        "Scorecard.reporting": card.reporting,
        "ReportSet.problems": reports.problems,
        "ReportSet.table": card.reports.table,
        "Plan.targets": card.plan.targets,
        "Plan.tasks": card.plan.tasks,
        "Plan.communes": card.plan.communes,
        "report.status_counts": status_counts(card.targets),
        "plot.cumulative_path": cumulative_path(card.reports, "MT06"),
    }


def schema_rows(frame):
    return [(name, str(dtype)) for name, dtype in frame.schema.items()]


def test_docs_cover_every_table(documented, returned_tables):
    assert sorted(documented) == sorted(returned_tables)


@pytest.mark.parametrize("anchor", [
    "Scorecard.targets", "Scorecard.tasks", "Scorecard.reporting", "ReportSet.problems", "ReportSet.table",
    "Plan.targets", "Plan.tasks", "Plan.communes", "report.status_counts", "plot.cumulative_path",
])
def test_docs_columns_match(anchor, documented, returned_tables):
    assert documented[anchor] == schema_rows(returned_tables[anchor])


def test_docs_batch_has_target_columns(returned_tables):
    batch = chiso.scorecards(as_of=["2026-09-30"])
    assert schema_rows(batch) == schema_rows(returned_tables["Scorecard.targets"])
