"""Time chiso's batch count forecast against statsforecast AutoETS and
statsmodels ETSModel on the same synthetic quarterly count series.

Each series is 8 quarterly counts (two years), Poisson around a
series-specific rate drawn from Gamma(2, scale 10), with season factors
0.8, 0.9, 1.0, 1.3 and 5 % growth in year 2 (the recipe of
``benches/forecast.rs``, drawn here with numpy).

* chiso uses year 1 as history and year 2 up to Q2, and forecasts the year-2
  total with 80 % and 95 % intervals and P(total ≥ year-1 total), for all
  series in one ``forecast_counts`` call (both cores, rayon).
* The ETS peers fit all 8 points and forecast 4 quarters ahead with 80 % and
  95 % intervals, the set-up used for the published peer timings. Their task
  uses two more points and gives per-quarter intervals rather than a
  year-end probability, so the comparison is of throughput, not of accuracy.

Run from the repository root::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benches/forecast_peers.py [--peer-series 10000]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd
import polars as pl

from chiso.forecast import forecast_counts

SEASON = np.array([0.8, 0.9, 1.0, 1.3])


def synthetic(n: int, seed: int = 2026) -> np.ndarray:
    """Counts of shape (n, 8)."""
    rng = np.random.default_rng(seed)
    base = rng.gamma(2.0, 10.0, size=n)
    means = np.concatenate([base[:, None] * SEASON, base[:, None] * SEASON * 1.05], axis=1)
    return rng.poisson(np.maximum(means, 1e-3)).astype(float)


def chiso_inputs(counts: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = counts.shape[0]
    ids = np.array([f"s{i}" for i in range(n)])
    year1 = np.cumsum(counts[:, :4], axis=1)
    year2 = np.cumsum(counts[:, 4:6], axis=1)
    rows = pl.DataFrame(
        {
            "series": np.repeat(ids, 6),
            "year": np.tile([2025] * 4 + [2026] * 2, n),
            "elapsed": np.tile([0.25, 0.5, 0.75, 1.0, 0.25, 0.5], n),
            "value": np.concatenate([year1, year2], axis=1).ravel(),
        }
    )
    targets = pl.DataFrame({"series": ids, "year": 2026, "threshold": year1[:, -1]})
    return rows, targets


def time_chiso(counts: np.ndarray) -> float:
    rows, targets = chiso_inputs(counts)
    forecast_counts(rows.head(600), targets=targets.head(100))
    started = time.perf_counter()
    out = forecast_counts(rows, targets=targets)
    seconds = time.perf_counter() - started
    assert out.height == counts.shape[0]
    assert out["error"].null_count() == out.height
    return seconds


def time_statsforecast(counts: np.ndarray) -> float:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    def frame(block: np.ndarray) -> pd.DataFrame:
        n = block.shape[0]
        return pd.DataFrame({"unique_id": np.repeat(np.arange(n), 8), "ds": np.tile(np.arange(1, 9), n), "y": block.ravel()})

    engine = StatsForecast(models=[AutoETS(season_length=4)], freq=1, n_jobs=1)
    engine.forecast(df=frame(counts[:20]), h=4, level=[80, 95])
    started = time.perf_counter()
    engine.forecast(df=frame(counts), h=4, level=[80, 95])
    return time.perf_counter() - started


def time_statsmodels(counts: np.ndarray) -> float:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    started = time.perf_counter()
    for series in counts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = ETSModel(pd.Series(series), error="add", trend="add").fit(disp=False)
            prediction = fit.get_prediction(start=8, end=11)
            prediction.summary_frame(alpha=0.05)
            prediction.summary_frame(alpha=0.20)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100_000, help="series for chiso (default 100000)")
    parser.add_argument("--peer-series", type=int, default=10_000, help="series for each ETS peer (default 10000)")
    args = parser.parse_args()

    counts = synthetic(args.series)
    peers = counts[: args.peer_series]
    chiso_all = time_chiso(counts)
    chiso_peer = time_chiso(peers)
    sf = time_statsforecast(peers)
    sm = time_statsmodels(peers)

    per = lambda seconds, n: seconds / n * 1e6  # noqa: E731 - µs per series
    print(f"chiso forecast_counts   {args.series:>7} series  {chiso_all:8.2f} s  {per(chiso_all, args.series):9.1f} µs/series")
    print(f"chiso forecast_counts   {args.peer_series:>7} series  {chiso_peer:8.2f} s  {per(chiso_peer, args.peer_series):9.1f} µs/series")
    print(f"statsforecast AutoETS   {args.peer_series:>7} series  {sf:8.2f} s  {per(sf, args.peer_series):9.1f} µs/series")
    print(f"statsmodels ETSModel    {args.peer_series:>7} series  {sm:8.2f} s  {per(sm, args.peer_series):9.1f} µs/series")
    print(f"per-series speed-up: {per(sf, args.peer_series) / per(chiso_all, args.series):.0f}× vs statsforecast, "
          f"{per(sm, args.peer_series) / per(chiso_all, args.series):.0f}× vs statsmodels")


if __name__ == "__main__":
    main()
