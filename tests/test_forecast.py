"""Tests of chiso.forecast: batch counts, hard cases, shares, ranks, trends,
backtests, progress classes and plots."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from chiso import _chiso
from chiso.forecast import (
    backtest,
    backtest_summary,
    forecast_annual,
    forecast_counts,
    forecast_rank,
    forecast_share,
    plot_fan,
    plot_rank_distribution,
    progress_class,
)

COUNT_SCHEMA = {
    "series": pl.String,
    "observed": pl.Float64,
    "elapsed": pl.Float64,
    "projection": pl.Float64,
    "mean": pl.Float64,
    "pi80_low": pl.Float64,
    "pi80_high": pl.Float64,
    "pi95_low": pl.Float64,
    "pi95_high": pl.Float64,
    "probability": pl.Float64,
    "pace_per_month": pl.Float64,
    "anticipated_progress": pl.Float64,
    "escap_class": pl.String,
    "model": pl.String,
    "reason": pl.String,
    "reason_key": pl.String,
    "dispersion": pl.Float64,
    "seasonal_share": pl.Float64,
    "history_years": pl.Int64,
    "revised": pl.Boolean,
    "error": pl.String,
}


def reports(values: list[tuple[str, dt.date, float]]) -> pl.DataFrame:
    return pl.DataFrame(values, schema=["series", "period_end", "value"], orient="row")


def history_rows(series: str, shares: list[float], totals: list[float], first_year: int = 2023) -> list[tuple[str, dt.date, float]]:
    rows = []
    for offset, (share, total) in enumerate(zip(shares, totals)):
        year = first_year + offset
        rows.append((series, dt.date(year, 6, 30), round(share * total)))
        rows.append((series, dt.date(year, 12, 31), total))
    return rows


def test_forecast_counts_schema() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 6, 30), 9.0)]), threshold=20, lang="en")
    assert dict(out.schema) == COUNT_SCHEMA
    # Gamma–Poisson: 9 counted by mid-year, NB(9.5, p = 181/365) for the rest.
    assert out["model"][0] == "poisson_gamma_run_rate"
    assert out["observed"][0] == 9.0
    assert out["pi80_low"][0] >= 9.0
    assert out["anticipated_progress"][0] == pytest.approx(out["projection"][0] / 20)
    assert out["escap_class"][0] == "accelerate_progress"


def test_forecast_counts_batch_of_thousands() -> None:
    n = 5_000
    frame = pl.DataFrame(
        {
            "series": [f"s{i}" for i in range(n) for _ in range(2)],
            "year": [2026] * (2 * n),
            "elapsed": [0.25, 0.5] * n,
            "value": [float(i % 7) for i in range(n) for _ in range(2)],
        }
    )
    out = forecast_counts(frame, threshold=10)
    assert out.height == n
    assert out["series"].to_list() == [f"s{i}" for i in range(n)]
    assert (out["pi95_low"] >= out["observed"]).all()
    assert out["probability"].is_between(0, 1).all()


def test_forecast_counts_no_reports() -> None:
    targets = pl.DataFrame({"series": ["a", "missing"], "threshold": [5.0, 5.0]})
    out = forecast_counts(reports([("a", dt.date(2026, 3, 31), 1.0)]), targets=targets, lang="en")
    missing = out.filter(pl.col("series") == "missing").row(0, named=True)
    assert missing["model"] == "none"
    assert missing["reason_key"] == "forecast.reason_no_reports"
    assert missing["probability"] is None
    assert "no report" in missing["error"]


def test_forecast_counts_one_report() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 3, 31), 4.0)]), threshold=20)
    assert out["projection"][0] > 4.0
    # 16 still needed over the (1 - 90/365) of the year left, in months.
    assert out["pace_per_month"][0] == pytest.approx(16.0 / ((1 - 90 / 365) * 12))


def test_forecast_counts_target_already_met() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 6, 30), 25.0)]), threshold=20)
    assert out["probability"][0] == 1.0
    assert out["pace_per_month"][0] == 0.0
    assert out["pi95_low"][0] >= 25.0


def test_forecast_counts_zero_so_far() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 6, 30), 0.0)]), threshold=3)
    row = out.row(0, named=True)
    assert row["pi95_low"] == 0.0
    assert 0.0 < row["probability"] < 0.2
    assert row["projection"] == round(row["projection"])


def test_forecast_counts_revision_downwards() -> None:
    frame = pl.DataFrame(
        {
            "period_end": [dt.date(2026, 6, 30), dt.date(2026, 6, 30)],
            "reported_on": [dt.date(2026, 8, 1), dt.date(2026, 7, 5)],
            "value": [15.0, 18.0],
        }
    )
    out = forecast_counts(frame, threshold=30)
    # The later vintage (15, reported 1 August) replaces the earlier 18.
    assert out["observed"][0] == 15.0
    assert out["revised"][0] is True


def test_forecast_counts_short_history_falls_back() -> None:
    rows = history_rows("a", [0.4], [100.0]) + [("a", dt.date(2026, 6, 30), 30.0)]
    out = forecast_counts(reports(rows), threshold=80, model="seasonal", lang="en")
    assert out["model"][0] == "poisson_gamma_run_rate"
    assert out["reason_key"][0] == "forecast.reason_history_too_short"
    assert out["history_years"][0] == 1


def test_forecast_counts_auto_seasonal() -> None:
    rows = history_rows("a", [0.33, 0.30, 0.36], [100.0, 95.0, 104.0]) + [("a", dt.date(2026, 6, 30), 33.0)]
    out = forecast_counts(reports(rows), threshold=90, lang="en")
    row = out.row(0, named=True)
    assert row["model"] == "seasonal_beta"
    assert row["history_years"] == 3
    assert row["seasonal_share"] == pytest.approx(0.33, abs=0.01)
    assert row["reason"].startswith("Seasonal model")


def test_forecast_counts_every_model_by_name() -> None:
    rows = history_rows("a", [0.33, 0.30, 0.36], [100.0, 95.0, 104.0]) + [("a", dt.date(2026, 6, 30), 33.0)]
    names = {}
    for model in ("run_rate", "seasonal", "overdispersed", "auto"):
        names[model] = forecast_counts(reports(rows), threshold=90, model=model)["model"][0]
    assert names == {
        "run_rate": "poisson_gamma_run_rate",
        "seasonal": "seasonal_beta",
        "overdispersed": "overdispersed_negative_binomial",
        "auto": "seasonal_beta",
    }


def test_forecast_counts_threshold_zero() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 6, 30), 0.0)]), threshold=0)
    assert out["probability"][0] == 1.0


def test_forecast_counts_after_deadline() -> None:
    out = forecast_counts(reports([("a", dt.date(2026, 10, 31), 12.0)]), threshold=20, deadline=dt.date(2026, 9, 30))
    row = out.row(0, named=True)
    assert row["model"] == "observed"
    assert row["probability"] == 0.0
    assert row["pace_per_month"] is None


def test_forecast_counts_rejects_unknown_model() -> None:
    with pytest.raises(ValueError, match="model='ets'"):
        forecast_counts(reports([("a", dt.date(2026, 6, 30), 1.0)]), threshold=2, model="ets")  # type: ignore[arg-type]


def test_forecast_counts_needs_value_column() -> None:
    with pytest.raises(ValueError, match="value"):
        forecast_counts(pl.DataFrame({"period_end": [dt.date(2026, 6, 30)]}), threshold=2)


def test_forecast_share_zero_and_one() -> None:
    zero = forecast_share(threshold=0.1, numerator=0, denominator=50)
    assert zero["pi95_low"][0] >= 0.0
    assert zero["probability"][0] < 0.05
    one = forecast_share(threshold=0.1, numerator=50, denominator=50)
    assert one["probability"][0] > 0.999
    survey_zero = forecast_share(threshold=0.1, estimate=0.0, se=0.0, n=40, method="logit_normal")
    assert survey_zero["probability"][0] < 0.05


def test_forecast_share_survey_needs_n_at_zero() -> None:
    with pytest.raises(_chiso.ForecastError, match="sample size"):
        forecast_share(threshold=0.1, estimate=0.0, se=0.0, method="effective_n")


def test_forecast_share_logit_normal() -> None:
    out = forecast_share(threshold=0.2, estimate=0.2, se=0.03, method="logit_normal", lang="en")
    expected = pl.DataFrame({"model": ["survey_logit_normal"], "probability": [0.5]})
    assert_frame_equal(out.select("model", "probability"), expected, abs_tol=1e-12)


def test_forecast_rank_outputs() -> None:
    result = forecast_rank(10, draws=4000)
    assert result.distribution["probability"].sum() == pytest.approx(1.0)
    assert result.distribution["cumulative"][9] == pytest.approx(result.summary["probability"][0])
    assert result.summary["score_needed"][0] > 0
    assert set(result.missing["year"].unique()) <= {2023, 2024, 2025}
    assert set(result.missing["missing"].unique()) <= {"row", "score", "rank"}
    assert result.missing.height > 0


def test_forecast_rank_unknown_unit() -> None:
    with pytest.raises(_chiso.ForecastError, match="Atlantis"):
        forecast_rank(5, unit="Atlantis", draws=100)


def test_forecast_annual_short_series() -> None:
    for values in ([50.0], [45.0, 50.0]):
        frame = pl.DataFrame({"year": list(range(2025 - len(values) + 1, 2026)), "value": values})
        out = forecast_annual(frame, target_year=2027, threshold=55)
        assert out["model"][0] == "naive_log"
        assert out.select(pl.all().exclude("model", "reason")).null_count().sum_horizontal()[0] == 0
        assert out["projection"][0] == pytest.approx(50.0)


def test_backtest_scores_models() -> None:
    rows = [
        (year, month, round(total * share))
        for year, total in [(2019, 100), (2020, 110), (2021, 105), (2022, 120), (2023, 118)]
        for month, share in [(3, 0.2), (6, 0.45), (9, 0.65), (10, 0.72), (12, 1.0)]
    ]
    frame = pl.DataFrame(rows, schema=["year", "month", "value"], orient="row")
    result = backtest(frame)
    summary = backtest_summary(result)
    assert summary["requested"].to_list() == ["auto", "overdispersed", "run_rate", "seasonal"]
    assert summary["coverage80"].is_between(0, 1).all()
    seasonal = summary.filter(pl.col("requested") == "seasonal").row(0, named=True)
    run_rate = summary.filter(pl.col("requested") == "run_rate").row(0, named=True)
    assert seasonal["mape"] < run_rate["mape"]


def test_progress_class_reference_row() -> None:
    # CIF 11-3-1 as published by Statistics Canada: progress 0.8949, score 2.1068, moderate progress.
    cases = pl.DataFrame(
        {
            "base_value": [63.0, 178.8],
            "base_year": [2005, 2015],
            "current_value": [74.0, 171.9],
            "current_year": [2020, 2024],
            "target": [85.0, None],
            "target_year": [2030, None],
            "direction": [1.0, -1.0],
        }
    )
    out = progress_class(cases, lang="en")
    assert out["statcan_status"].to_list() == ["moderate_progress", "limited_progress"]
    assert out["statcan_value"][0] == pytest.approx(0.8949392974311927, rel=1e-9)
    assert out["eurostat_class"].to_list() == ["moderate_progress", "moderate_progress"]
    assert out["escap_class"][0] == "accelerate_progress"
    assert out["escap_class"][1] is None
    assert out["statcan_label"][0] == "Moderate progress"


def test_plot_fan_and_rank() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    frame = reports([("a", dt.date(2026, 3, 31), 4.0), ("a", dt.date(2026, 6, 30), 9.0)])
    figure = plot_fan(frame, threshold=20)
    axis = figure.axes[0]
    assert axis.get_ylabel() == "Số lũy kế"
    assert len(axis.collections) == 2
    rank_figure = plot_rank_distribution(forecast_rank(10, draws=2000), k=10, lang="en")
    assert rank_figure.axes[0].get_xlabel() == "Rank"


@settings(max_examples=60, deadline=None)
@given(
    observed=st.integers(min_value=0, max_value=50_000),
    month=st.integers(min_value=1, max_value=11),
    threshold=st.integers(min_value=0, max_value=100_000),
    model=st.sampled_from(["auto", "run_rate", "seasonal", "overdispersed"]),
)
@example(observed=0, month=1, threshold=0, model="seasonal")
@example(observed=5, month=11, threshold=5, model="overdispersed")
def test_forecast_counts_bounds_property(observed: int, month: int, threshold: int, model: str) -> None:
    history = history_rows("a", [0.3, 0.4, 0.5], [40_000.0, 42_000.0, 39_000.0])
    rows = reports([*history, ("a", dt.date(2026, month, 28), float(observed))])
    row = forecast_counts(rows, threshold=threshold, model=model).row(0, named=True)  # type: ignore[arg-type]
    bounds = [row["pi95_low"], row["pi80_low"], row["projection"], row["pi80_high"], row["pi95_high"]]
    assert bounds == sorted(bounds)
    assert bounds[0] >= observed
    assert all(b == int(b) for b in bounds)
    assert 0.0 <= row["probability"] <= 1.0
