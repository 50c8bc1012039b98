"""The corpus of broken inputs in tests/data/bad/: each gives exactly the problems listed."""

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chiso

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = pl.read_csv(BAD / "expected.csv", schema_overrides={"sheet": pl.String, "row": pl.Int64, "column": pl.String, "code": pl.String})
REPORT_FILES = sorted(EXPECTED["file"].unique().to_list())


def _key(frame: pl.DataFrame) -> set[tuple]:
    return {
        (r["sheet"] or None, r["row"], r["column"] or None, r["code"], r["rejected"])
        for r in frame.iter_rows(named=True)
        if r["code"]
    }


@pytest.mark.parametrize("name", REPORT_FILES)
def test_corpus_file_gives_exact_problems(name):
    reports = chiso.read_reports(BAD / name, strict=False, lang="en")
    expected = EXPECTED.filter(pl.col("file") == name)
    assert _key(reports.problems) == _key(expected)
    rejected_rows = set(reports.problems.filter(pl.col("rejected") & (pl.col("row") > 0))["row"])
    assert reports.accepted + len(rejected_rows) == reports.rows_read


@pytest.mark.parametrize("name", [n for n in REPORT_FILES if n.endswith(".csv")])
def test_streaming_validation_agrees(name):
    problems, rows, accepted = chiso.validate_reports(BAD / name, lang="en")
    full = chiso.read_reports(BAD / name, strict=False, lang="en")
    assert _key(problems) == _key(full.problems)
    assert (rows, accepted) == (full.rows_read, full.accepted)


def test_corpus_strict_mode_names_first_problem():
    with pytest.raises(chiso.ReportsError, match="negative-count.csv.*2.*value.*-3"):
        chiso.read_reports(BAD / "negative-count.csv", lang="en")


def test_excel_serial_dates_read():
    import datetime as dt

    table = chiso.read_reports(BAD / "excel-serial-dates.csv").table
    assert table["period_end"].to_list() == [dt.date(2026, 3, 14)]
    assert table["reported_on"].to_list() == [dt.date(2026, 3, 12)]


@pytest.mark.parametrize("row", list(pl.read_csv(BAD / "expected-plan.csv").iter_rows(named=True)))
def test_corpus_plan_errors(row):
    with pytest.raises(chiso.PlanError) as caught:
        chiso.load_plan(BAD / row["file"], lang="en")
    message = str(caught.value)
    assert row["file"] in message
    assert row["item"] in message
    assert f'field "{row["field"]}"' in message


COLUMNS = ["item", "period_end", "value", "basis", "numerator", "denominator", "commune", "agency", "reported_on"]
cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["MT06", "MT08", "MT05", "NV10", "MT01", "MT02"]),
    st.sampled_from(["2026-03-14", "14/03/2026", "46095", "2027-01-01", "31/02/2026"]),
    st.from_regex(r"-?[0-9]{1,6}([.,][0-9]{1,3})?%?", fullmatch=True),
    st.sampled_from(["Phường Biên Hòa", "P. Biên Hoà", "Hố Nai", "Tân Bình", "Xã Atlantis"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({c: cells for c in COLUMNS}), max_size=8))
def test_reader_accounts_for_every_row(rows):
    frame = pl.DataFrame(rows, schema={c: pl.String for c in COLUMNS})
    reports = chiso.read_reports(frame, strict=False)
    blank = sum(all((r[c] or "").strip() == "" for c in COLUMNS) for r in rows)
    rejected = set(reports.problems.filter(pl.col("rejected") & (pl.col("row") > 0))["row"]) if reports.problems.height else set()
    assert reports.accepted + len(rejected) == len(rows) - blank


def test_forecast_and_survey_arguments_checked():
    from chiso import forecast, survey

    with pytest.raises(chiso.SettingsError, match="k"):
        forecast.forecast_rank(k=0)
    with pytest.raises(chiso.SettingsError, match="draws"):
        forecast.forecast_rank(k=5, draws=-5)
    with pytest.raises(chiso.SettingsError, match="n"):
        survey.simulate_enterprise_survey(n=-1)


def test_commune_without_diacritics_suggested():
    frame = pl.DataFrame({"item": ["MT05"], "period_end": ["2026-05-31"], "value": ["1"], "commune": ["Phuong Ho Nai"],
                          "agency": ["A"], "reported_on": ["2026-06-10"]})
    problems = chiso.read_reports(frame, strict=False, lang="en").problems
    assert problems["code"].to_list() == ["commune_near_miss"]
    assert "Hố Nai" in problems["problem"][0]
