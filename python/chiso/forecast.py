"""Forecast whether year-end targets will be met, and how sure that is.

Every forecast reports a median projection, 80 % and 95 % prediction
intervals, the probability of meeting the target taken from the predictive
distribution, the model used and the reason it was chosen (in Vietnamese or
English). The models are described, with formulas and sources, in
``docs/forecast.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

import polars as pl

from chiso import _chiso
from chiso.locale import resolve

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CountModel",
    "RankForecast",
    "ShareMethod",
    "backtest",
    "backtest_summary",
    "forecast_annual",
    "forecast_counts",
    "forecast_rank",
    "forecast_share",
    "plot_fan",
    "plot_rank_distribution",
    "progress_class",
]

CountModel = Literal["auto", "run_rate", "seasonal", "overdispersed"]
ShareMethod = Literal["beta_binomial", "effective_n", "logit_normal"]
Lang = Literal["vi", "en"]

_COUNT_MODELS = get_args(CountModel)
_SHARE_METHODS = get_args(ShareMethod)


def _check_choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not supported; use one of {', '.join(allowed)}")


def _year_fraction(column: str) -> pl.Expr:
    """Fraction of the calendar year elapsed at the end of the date's day."""
    date = pl.col(column)
    days_in_year = pl.when(date.dt.is_leap_year()).then(366).otherwise(365)
    return date.dt.ordinal_day().cast(pl.Float64) / days_in_year


def _long_rows(df: pl.DataFrame) -> pl.DataFrame:
    """Normalise reports to columns series, year, elapsed, value (revisions last)."""
    if "value" not in df.columns:
        raise ValueError("the reports table needs a `value` column of year-to-date values")
    frame = df if "series" in df.columns else df.with_columns(pl.lit("1").alias("series"))
    frame = frame.with_columns(pl.col("series").cast(pl.String))
    if "period_end" in frame.columns:
        order = ["period_end", "reported_on"] if "reported_on" in frame.columns else ["period_end"]
        frame = frame.sort(order, maintain_order=True).with_columns(
            pl.col("period_end").dt.year().alias("year"), _year_fraction("period_end").alias("elapsed")
        )
    elif not {"year", "elapsed"} <= set(frame.columns):
        raise ValueError("the reports table needs `period_end` (date) or both `year` and `elapsed` (fraction of the year)")
    return frame.select(
        pl.col("series"),
        pl.col("year").cast(pl.Int64),
        pl.col("elapsed").cast(pl.Float64),
        pl.col("value").cast(pl.Float64),
    ).rechunk()


def _targets_frame(
    rows: pl.DataFrame,
    targets: pl.DataFrame | None,
    threshold: float | None,
    year: int | None,
    deadline: dt.date | float | None,
) -> pl.DataFrame:
    year = int(rows["year"].max()) if year is None and rows.height else (year or dt.date.today().year)
    if targets is None:
        if threshold is None:
            raise ValueError("give either `targets` (a table with series and threshold) or a scalar `threshold`")
        targets = pl.DataFrame({"series": rows["series"].unique(maintain_order=True), "threshold": float(threshold)})
    frame = targets.with_columns(pl.col("series").cast(pl.String))
    if "year" not in frame.columns:
        frame = frame.with_columns(pl.lit(year).alias("year"))
    if "deadline" in frame.columns and frame.schema["deadline"] == pl.Date:
        frame = frame.with_columns(_year_fraction("deadline").alias("deadline"))
    elif "deadline" not in frame.columns:
        fraction = _date_fraction(deadline) if isinstance(deadline, dt.date) else float(deadline or 1.0)
        frame = frame.with_columns(pl.lit(fraction).alias("deadline"))
    return frame.select(
        pl.col("series"),
        pl.col("year").cast(pl.Int64),
        pl.col("threshold").cast(pl.Float64),
        pl.col("deadline").cast(pl.Float64),
    ).rechunk()


def _date_fraction(date: dt.date) -> float:
    days = 366 if (date.year % 4 == 0 and date.year % 100 != 0) or date.year % 400 == 0 else 365
    return date.timetuple().tm_yday / days


def forecast_counts(
    df: pl.DataFrame,
    *,
    targets: pl.DataFrame | None = None,
    threshold: float | None = None,
    year: int | None = None,
    deadline: dt.date | float | None = None,
    model: CountModel = "auto",
    prior_shape: float = 0.5,
    prior_rate: float = 0.0,
    lang: Lang | None = None,
) -> pl.DataFrame:
    """Forecast year-end counts for many series in one call.

    Parameters
    ----------
    df : polars.DataFrame
        Year-to-date values in long form: ``series`` (optional, str), either
        ``period_end`` (date) or ``year`` (int) with ``elapsed`` (fraction of
        the year, 1 = 31 December), and ``value``. Rows of earlier years with a
        value at 31 December are the history the seasonal and overdispersed
        models learn from. With ``period_end`` and ``reported_on``, a later
        vintage of a period revises the earlier one.
    targets : polars.DataFrame, optional
        One row per target: ``series``, ``threshold`` and optionally ``year``
        and ``deadline`` (date or fraction of the year).
    threshold : float, optional
        Threshold for every series when ``targets`` is not given.
    year : int, optional
        Year being forecast; defaults to the latest year in ``df``.
    deadline : datetime.date or float, optional
        Deadline for every target without its own; defaults to the year end.
    model : {"auto", "run_rate", "seasonal", "overdispersed"}, default "auto"
        ``auto`` uses the seasonal model with at least 3 complete earlier
        years, the overdispersed model when at least 2 earlier years give a
        dispersion index above 1.5, and the run rate otherwise. A named model
        without enough history falls back to the run rate and names the
        fallback in ``reason``.
    prior_shape, prior_rate : float, default 0.5 and 0.0
        Gamma prior on the yearly rate (Jeffreys by default).
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.
        Language of the ``reason`` column.

    Returns
    -------
    polars.DataFrame
        One row per target: ``series`` (str), ``observed``, ``elapsed``,
        ``projection`` (median), ``mean``, ``pi80_low``, ``pi80_high``,
        ``pi95_low``, ``pi95_high``, ``probability``, ``pace_per_month``,
        ``anticipated_progress`` (Float64; ESCAP's anticipated progress for
        a count within the year, projection over threshold), ``escap_class``
        (``maintain_progress``, ``accelerate_progress``), ``model``,
        ``reason``, ``reason_key`` (str),
        ``dispersion``, ``seasonal_share`` (Float64), ``history_years``
        (Int64), ``revised`` (bool) and ``error`` (str, null unless the
        forecast failed, for example with no reports). Bounds are whole
        counts and never below ``observed``.

    Raises
    ------
    ValueError
        For an unknown model or a table without the needed columns.
    chiso.exceptions.SchemaError
        When a column has the wrong type.

    Notes
    -----
    The run rate's predictive for the count still to come is negative
    binomial, ``NB(½ + y, p = t/h)``; the seasonal model mixes it over a beta
    share learned from earlier years; the overdispersed model scales it by
    the dispersion index φ.

    References
    ----------
    Hyndman, R. J. & Athanasopoulos, G. (2021). *Forecasting: Principles and
    Practice*, 3rd ed., chapter 5 (prediction intervals) and 12.6 (counts).

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from chiso.forecast import forecast_counts
    >>> reports = pl.DataFrame({
    ...     "series": ["MT06", "MT06"],
    ...     "period_end": [dt.date(2026, 3, 31), dt.date(2026, 6, 30)],
    ...     "value": [4, 9],
    ... })
    >>> out = forecast_counts(reports, threshold=20, lang="en")
    >>> out.select("series", "projection", "pi80_low", "pi80_high", "model").row(0)
    ('MT06', 18.0, 13.0, 25.0, 'poisson_gamma_run_rate')
    >>> round(out["probability"][0], 2)
    0.38
    """
    lang = resolve(lang)
    _check_choice("model", model, _COUNT_MODELS)
    rows = _long_rows(df)
    target_frame = _targets_frame(rows, targets, threshold, year, deadline)
    table = _chiso.forecast_counts_table(rows, target_frame, model, prior_shape, prior_rate, lang)
    return pl.DataFrame(table)


def forecast_share(
    *,
    threshold: float,
    numerator: float | None = None,
    denominator: float | None = None,
    estimate: float | None = None,
    se: float | None = None,
    n: float | None = None,
    method: ShareMethod = "beta_binomial",
    lang: Lang | None = None,
) -> pl.DataFrame:
    """Forecast a share target from counts or from a survey estimate.

    Parameters
    ----------
    threshold : float
        Share to reach (0–1).
    numerator, denominator : float, optional
        Counts for ``method="beta_binomial"`` (Jeffreys beta posterior).
    estimate, se : float, optional
        Survey estimate and standard error for ``"effective_n"`` (beta on the
        Korn–Graubard effective sample size) or ``"logit_normal"``.
    n : float, optional
        Sample size, used when the estimate is exactly 0 or 1 or the SE is 0.
    method : {"beta_binomial", "effective_n", "logit_normal"}, default "beta_binomial"
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.

    Returns
    -------
    polars.DataFrame
        One row: ``model``, ``reason``, ``projection``, ``mean``,
        ``pi80_low``, ``pi80_high``, ``pi95_low``, ``pi95_high``,
        ``probability``.

    Raises
    ------
    ValueError
        For an unknown method.
    chiso.exceptions.ForecastError
        For a share outside 0–1 or missing inputs.

    Notes
    -----
    ``effective_n``: ``n_eff = p̂(1 − p̂)/SE²`` and ``Beta(n_eff p̂ + ½, n_eff (1 − p̂) + ½)``.

    References
    ----------
    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for
    proportions with small expected number of positive counts estimated from
    survey data. *Survey Methodology* 24(2).

    Examples
    --------
    >>> from chiso.forecast import forecast_share
    >>> out = forecast_share(threshold=0.10, estimate=0.153637, se=0.028697, method="effective_n")
    >>> round(out["probability"][0], 3)
    0.984
    """
    lang = resolve(lang)
    _check_choice("method", method, _SHARE_METHODS)
    result = _chiso.forecast_share_dict(threshold, numerator, denominator, estimate, se, n, method, lang)
    return _forecast_frame(result)


def _forecast_frame(result: dict) -> pl.DataFrame:
    columns = ["model", "reason", "projection", "mean", "pi80_low", "pi80_high", "pi95_low", "pi95_high", "probability"]
    return pl.DataFrame({name: [result[name]] for name in columns})


@dataclass(frozen=True)
class RankForecast:
    """Result of a rank simulation.

    Attributes
    ----------
    summary : polars.DataFrame
        One row: ``model``, ``reason``, ``projection`` (median rank), rank
        intervals, ``probability`` (P(rank ≤ k)), ``score_needed``,
        ``current_score``.
    distribution : polars.DataFrame
        ``rank`` (Int64), ``probability`` and ``cumulative`` (P(rank ≤ r)).
    missing : polars.DataFrame
        Figures missing from the 2023–2025 PII editions: ``year``, ``rank``,
        ``province``, ``missing`` (``row``, ``score`` or ``rank``).
    imputed_ranks : list[int]
        Ranks whose scores were interpolated for the simulation.
    """

    summary: pl.DataFrame
    distribution: pl.DataFrame
    missing: pl.DataFrame
    imputed_ranks: list[int]


def forecast_rank(
    k: int,
    *,
    unit: str = "Đồng Nai",
    year: int = 2025,
    draws: int = 20_000,
    seed: int = 2026,
    lang: Lang | None = None,
) -> RankForecast:
    """Simulate a province's next Provincial Innovation Index (PII) rank.

    Parameters
    ----------
    k : int
        Rank to reach (at most).
    unit : str, default "Đồng Nai"
        Province as printed in the PII table.
    year : int, default 2025
        Edition to start from.
    draws : int, default 20000
        Simulation draws.
    seed : int, default 2026
        Random seed (results are reproducible).
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.

    Returns
    -------
    RankForecast

    Raises
    ------
    chiso.exceptions.ForecastError
        When the unit has no rank in that edition.

    Notes
    -----
    Each unit's next score is its latest score plus a normal change whose
    spread is the standard deviation of published 2023→2024 changes.

    Examples
    --------
    >>> from chiso.forecast import forecast_rank
    >>> r = forecast_rank(10, draws=2000)
    >>> r.distribution.columns
    ['rank', 'probability', 'cumulative']
    >>> 0.0 < r.summary["probability"][0] < 1.0
    True
    """
    lang = resolve(lang)
    result = _chiso.forecast_rank_dict(k, unit, year, draws, seed, lang)
    summary = _forecast_frame(result).with_columns(
        pl.lit(result["score_needed"]).alias("score_needed"),
        pl.lit(result["current_score"]).alias("current_score"),
    )
    probabilities = result["distribution"]
    distribution = pl.DataFrame(
        {"rank": list(range(1, len(probabilities) + 1)), "probability": probabilities},
        schema={"rank": pl.Int64, "probability": pl.Float64},
    ).with_columns(pl.col("probability").cum_sum().alias("cumulative"))
    missing = pl.DataFrame(_chiso.pii_missing_table())
    return RankForecast(summary, distribution, missing, list(result["imputed_ranks"]))


def forecast_annual(
    df: pl.DataFrame,
    *,
    target_year: int,
    threshold: float,
    damping: float = 0.8,
    lang: Lang | None = None,
) -> pl.DataFrame:
    """Forecast an annual series (yearly patents, index scores) in a target year.

    Parameters
    ----------
    df : polars.DataFrame
        Columns ``year`` (int) and ``value`` (float, ≥ 0).
    target_year : int
    threshold : float
        The probability is P(value ≥ threshold).
    damping : float, default 0.8
        Damping φ of the trend per year ahead; 1 gives the undamped log-linear drift.
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.

    Returns
    -------
    polars.DataFrame
        One row with the same columns as :func:`forecast_share`.

    Raises
    ------
    chiso.exceptions.ForecastError
        For a negative value or an empty table.

    Notes
    -----
    A trend needs 3 values. With 1 or 2 the last value is kept
    (``naive_log``) with the spread of a typical 15 % yearly change, so the
    result is finite, never NaN.

    Examples
    --------
    >>> import polars as pl
    >>> from chiso.forecast import forecast_annual
    >>> patents = pl.DataFrame({"year": [2021, 2022, 2023, 2024], "value": [818, 925, 1011, 1226]})
    >>> forecast_annual(patents, target_year=2026, threshold=1300)["model"][0]
    'damped_log_trend'
    """
    lang = resolve(lang)
    result = _chiso.forecast_annual_dict(
        [int(y) for y in df["year"]], [float(v) for v in df["value"]], target_year, threshold, damping, lang
    )
    return _forecast_frame(result)


def backtest(
    df: pl.DataFrame,
    *,
    as_of_months: Sequence[int] = (3, 6, 9, 10),
    thresholds: Sequence[float] = (0.9, 1.0, 1.1),
    models: Sequence[CountModel] = ("run_rate", "seasonal", "overdispersed", "auto"),
    lang: Lang | None = None,
) -> pl.DataFrame:
    """Backtest the count models on past years of one series.

    Parameters
    ----------
    df : polars.DataFrame
        Year-to-date values: ``year`` (int), ``month`` (1–12) and ``value``.
        A year is complete (usable as history and as a truth) when it has
        month 12.
    as_of_months : sequence of int, default (3, 6, 9, 10)
        Months at which to forecast. Each forecast uses the latest value
        published at or before the month.
    thresholds : sequence of float, default (0.9, 1.0, 1.1)
        Thresholds as ratios of the previous year's total, for the Brier score.
    models : sequence of str, default all four
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.

    Returns
    -------
    polars.DataFrame
        One row per year, month and model: ``year``, ``as_of_month``,
        ``requested``, ``model``, ``observed``, ``truth``, ``projection``,
        ``pi80_low``, ``pi80_high``, ``pi95_low``, ``pi95_high``, ``brier``,
        ``crps`` (relative to the truth).

    Examples
    --------
    >>> import polars as pl
    >>> from chiso.forecast import backtest, backtest_summary
    >>> rows = [(y, m, round(t * s)) for y, t in [(2020, 100), (2021, 110), (2022, 105), (2023, 120)]
    ...         for m, s in [(3, 0.2), (6, 0.45), (9, 0.65), (12, 1.0)]]
    >>> df = pl.DataFrame(rows, schema=["year", "month", "value"], orient="row")
    >>> backtest_summary(backtest(df, models=["run_rate"]))["forecasts"][0]
    12
    """
    lang = resolve(lang)
    for model in models:
        _check_choice("model", model, _COUNT_MODELS)
    frame = df.select(pl.col("year").cast(pl.Int64), pl.col("month").cast(pl.Int64), pl.col("value").cast(pl.Float64))
    table = _chiso.backtest_table(
        frame["year"].to_list(),
        (frame["month"] / 12.0).to_list(),
        frame["value"].to_list(),
        [int(m) for m in as_of_months],
        [float(t) for t in thresholds],
        list(models),
        lang,
    )
    return pl.DataFrame(table)


def backtest_summary(rows: pl.DataFrame, *, by: Sequence[str] = ("requested",)) -> pl.DataFrame:
    """Summarise backtest rows per model.

    Parameters
    ----------
    rows : polars.DataFrame
        Output of :func:`backtest` (or a peer's rows with the same columns).
    by : sequence of str, default ("requested",)
        Grouping columns.

    Returns
    -------
    polars.DataFrame
        ``forecasts``, ``coverage80``, ``coverage95`` (share of truths inside
        the intervals), ``width80`` (mean interval width over the truth),
        ``mape`` (mean absolute percentage error of the median), ``brier``
        and ``crps`` (means).

    Examples
    --------
    See :func:`backtest`.
    """
    truth = pl.col("truth")
    return (
        rows.group_by(list(by), maintain_order=True)
        .agg(
            pl.len().alias("forecasts"),
            ((truth >= pl.col("pi80_low")) & (truth <= pl.col("pi80_high"))).mean().alias("coverage80"),
            ((truth >= pl.col("pi95_low")) & (truth <= pl.col("pi95_high"))).mean().alias("coverage95"),
            ((pl.col("pi80_high") - pl.col("pi80_low")) / truth).mean().alias("width80"),
            ((pl.col("projection") - truth).abs() / truth).mean().alias("mape"),
            pl.col("brier").mean(),
            pl.col("crps").mean(),
        )
        .sort(list(by))
    )


def progress_class(df: pl.DataFrame, *, lang: Lang | None = None) -> pl.DataFrame:
    """Add ESCAP, Eurostat, Statistics Canada and UNSD progress classes.

    Parameters
    ----------
    df : polars.DataFrame
        ``base_value``, ``base_year``, ``current_value``, ``current_year``;
        optional ``target`` and ``target_year`` (null for no quantified
        target), ``direction`` (+1 higher is better, −1 lower is better;
        default +1) and ``limit`` (natural limit such as 100).
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.
        Language of the ``*_label`` columns.

    Returns
    -------
    polars.DataFrame
        ``df`` with ``escap_status_index``, ``escap_anticipated_ratio``,
        ``escap_class``, ``escap_label``, ``eurostat_value``,
        ``eurostat_class``, ``eurostat_label``, ``statcan_value``,
        ``statcan_score``, ``statcan_status``, ``statcan_label``,
        ``unsd_ratio`` and ``unsd_score``.

    Notes
    -----
    ``CAGR_a = (y_t/y_b)^(1/(t−b)) − 1``, ``CAGR_r = (y*/y_b)^(1/(T−b)) − 1``;
    Eurostat classes the ratio ``CAGR_a/CAGR_r`` at 0.95, 0.60 and 0.

    References
    ----------
    UN ESCAP, Asia and the Pacific SDG Progress Report, progress assessment
    methodology; Eurostat, EU SDG monitoring report, methodological annex;
    Open SDG progress methodology (Statistics Canada); UNSD SDG Progress
    Chart technical note (2023).

    Examples
    --------
    >>> import polars as pl
    >>> from chiso.forecast import progress_class
    >>> cases = pl.DataFrame({"base_value": [63.0], "base_year": [2005], "current_value": [74.0],
    ...                       "current_year": [2020], "target": [85.0], "target_year": [2030]})
    >>> progress_class(cases, lang="en").select("eurostat_class", "statcan_status").row(0)
    ('moderate_progress', 'moderate_progress')
    """
    lang = resolve(lang)
    n = df.height

    def optional(name: str, dtype: type[pl.DataType], default: object = None) -> list:
        return df[name].cast(dtype).to_list() if name in df.columns else [default] * n

    table = _chiso.progress_table(
        df["base_value"].cast(pl.Float64).to_list(),
        df["base_year"].cast(pl.Int32).to_list(),
        df["current_value"].cast(pl.Float64).to_list(),
        df["current_year"].cast(pl.Int32).to_list(),
        optional("target", pl.Float64),
        optional("target_year", pl.Int32),
        optional("direction", pl.Float64, 1.0),
        optional("limit", pl.Float64),
        lang,
    )
    return pl.concat([df, pl.DataFrame(table)], how="horizontal")


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("plots need matplotlib; install it with `pip install chiso[plot]`") from error
    return plt


def plot_fan(
    df: pl.DataFrame,
    *,
    threshold: float,
    series: str | None = None,
    model: CountModel = "auto",
    lang: Lang | None = None,
) -> Figure:
    """Draw the cumulative path to the year end with a fan of prediction intervals.

    The fan is made of real forecasts: one for each remaining month end, all
    in one call to :func:`forecast_counts`, so the bands at each month are the
    model's predictive intervals for that date.

    Parameters
    ----------
    df : polars.DataFrame
        Reports as for :func:`forecast_counts`.
    threshold : float
        Target drawn as a horizontal line.
    series : str, optional
        Series to draw; defaults to the first.
    model : {"auto", "run_rate", "seasonal", "overdispersed"}, default "auto"
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.
        Language of the labels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import datetime as dt
    >>> import polars as pl
    >>> from chiso.forecast import plot_fan
    >>> reports = pl.DataFrame({"period_end": [dt.date(2026, 3, 31), dt.date(2026, 6, 30)], "value": [4, 9]})
    >>> figure = plot_fan(reports, threshold=20)
    >>> len(figure.axes)
    1
    """
    lang = resolve(lang)
    plt = _pyplot()
    labels = _chiso.messages(lang)
    rows = _long_rows(df)
    series = series if series is not None else rows["series"][0]
    rows = rows.filter(pl.col("series") == series)
    year = int(rows["year"].max())
    current = rows.filter(pl.col("year") == year).sort("elapsed")
    last = float(current["elapsed"].max())
    month_ends = [m / 12 for m in range(1, 13) if m / 12 > last + 1e-9]
    targets = pl.DataFrame({"series": [series] * len(month_ends), "year": year, "threshold": float(threshold), "deadline": month_ends})
    fan = forecast_counts(rows, targets=targets, model=model, lang=lang) if month_ends else None

    figure, axis = plt.subplots(figsize=(8, 4.5))
    months = [t * 12 for t in current["elapsed"]]
    axis.plot(months, current["value"], "o-", color="black", label=labels["forecast.plot_observed"])
    if fan is not None:
        x = [last * 12] + [t * 12 for t in month_ends]
        start = float(current["value"][-1])
        for low, high, alpha, key in (("pi95_low", "pi95_high", 0.2, "forecast.plot_pi95"), ("pi80_low", "pi80_high", 0.35, "forecast.plot_pi80")):
            axis.fill_between(x, [start, *fan[low]], [start, *fan[high]], color="tab:blue", alpha=alpha, label=labels[key])
        axis.plot(x, [start, *fan["projection"]], "--", color="tab:blue", label=labels["forecast.plot_median"])
    axis.axhline(threshold, color="tab:red", linewidth=1.2, label=labels["forecast.plot_target"])
    axis.set_xlim(0, 12)
    axis.set_xlabel(labels["forecast.plot_month"])
    axis.set_ylabel(labels["forecast.plot_cumulative"])
    axis.set_title(f"{labels['forecast.plot_fan_title']} ({series}, {year})")
    axis.legend(loc="upper left")
    figure.tight_layout()
    return figure


def plot_rank_distribution(result: RankForecast, *, k: int | None = None, lang: Lang | None = None) -> Figure:
    """Draw the simulated rank distribution as bars.

    Parameters
    ----------
    result : RankForecast
        Output of :func:`forecast_rank`.
    k : int, optional
        Rank goal drawn as a vertical line.
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from chiso.forecast import forecast_rank, plot_rank_distribution
    >>> figure = plot_rank_distribution(forecast_rank(10, draws=2000), k=10)
    >>> figure.axes[0].get_xlabel() in ("Thứ hạng", "Rank")
    True
    """
    lang = resolve(lang)
    plt = _pyplot()
    labels = _chiso.messages(lang)
    shown = result.distribution.filter(pl.col("probability") > 0)
    figure, axis = plt.subplots(figsize=(8, 4))
    axis.bar(shown["rank"], shown["probability"], color="tab:blue")
    if k is not None:
        axis.axvline(k + 0.5, color="tab:red", linestyle="--", label=labels["forecast.plot_rank_goal"])
        axis.legend()
    axis.set_xlabel(labels["forecast.plot_rank"])
    axis.set_ylabel(labels["forecast.plot_probability"])
    axis.set_title(labels["forecast.plot_rank_title"])
    figure.tight_layout()
    return figure
