"""Backtest chiso's count models against statsforecast AutoETS and R forecast::ets.

For every series, scored year and as-of month (March, June, September,
October), each method forecasts the year-end total from what was published by
then, and the probability of reaching 90 %, 100 % and 110 % of the previous
year's total. chiso's rows come from ``chiso.forecast.backtest``; the ETS peers
are fitted to monthly flows (complete earlier years plus the current year up
to the last published month) and the year-end total is the count so far plus
the sum of 2,000 (statsforecast) or 1,000 (R) simulated paths.

Series:

* Vietnam's newly established enterprises and new-plus-returning enterprises
  (``seeds/vn-enterprise-series-2019-2024.csv``, published year-to-date values;
  months between published values are interpolated linearly for the ETS peers
  only). 2024 has no year-end figure, so it is not scored; its monthly
  releases also changed to a reporting window cut before the month end.
* ``AirPassengers`` and ``UKDriverDeaths`` from R's ``datasets`` package
  (Debian ``r-base-core`` 4.2.2.20221110-2), exported to ``benches/data``.

Run from the repository root with the chiso package installed::

    python benches/backtest_peers.py

R's forecast package (Debian ``r-cran-forecast``) is used when ``Rscript``
can load it; otherwise its rows are left out.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from chiso.forecast import backtest, backtest_summary

ROOT = Path(__file__).resolve().parents[1]
LEVELS = np.arange(1, 20) / 20
RATIOS = (0.9, 1.0, 1.1)
MONTHS = (3, 6, 9, 10)
ETS_PATHS = 2_000
R_PATHS = 1_000


def load_vn(series: str) -> pl.DataFrame:
    """Published year-to-date values of one VN series as (year, month, value)."""
    points: dict[tuple[int, int], float] = {}
    exact: set[tuple[int, int]] = set()
    year_totals: dict[int, float] = {}
    with open(ROOT / "seeds" / "vn-enterprise-series-2019-2024.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["series"] != series or row["geo"] != "VN":
                continue
            value = float(row["value"])
            if row["period_type"] == "year":
                year_totals[int(row["period"])] = value
            elif row["period_type"] == "ytd_month":
                year, month = (int(part) for part in row["period"].split("-"))
                key = (year, month)
                # Prefer an exact count over a figure rounded to hundreds.
                if key not in points or (key not in exact and value % 100 != 0):
                    points[key] = value
                    if value % 100 != 0:
                        exact.add(key)
    for year, total in year_totals.items():
        points.setdefault((year, 12), total)
    rows = sorted((year, month, value) for (year, month), value in points.items())
    return pl.DataFrame(rows, schema=["year", "month", "value"], orient="row")


def load_r(name: str) -> pl.DataFrame:
    """Monthly counts from R's datasets package as year-to-date values."""
    flows = pl.read_csv(ROOT / "benches" / "data" / f"{name}.csv")
    return flows.sort("year", "month").with_columns(pl.col("value").cum_sum().over("year").cast(pl.Float64))


def monthly_flows(ytd: pl.DataFrame, year: int, as_of: int) -> tuple[np.ndarray, float, int]:
    """Training flows for the ETS peers, the count so far and the last month seen."""
    complete = sorted(ytd.filter((pl.col("month") == 12) & (pl.col("year") < year))["year"].to_list())
    # Keep the run of consecutive complete years that ends just before `year`.
    run: list[int] = []
    for y in reversed(complete):
        if run and y != run[-1] - 1:
            break
        if not run and y != year - 1:
            break
        run.append(y)
    flows: list[float] = []
    for y in reversed(run):
        flows.extend(np.diff(interpolated(ytd, y, 12), prepend=0.0))
    current = ytd.filter((pl.col("year") == year) & (pl.col("month") <= as_of))
    last = int(current["month"].max())
    path = interpolated(ytd.filter(pl.col("month") <= last), year, last)
    flows.extend(np.diff(path, prepend=0.0))
    return np.asarray(flows, dtype=float), float(path[-1]), last


def interpolated(ytd: pl.DataFrame, year: int, last: int) -> np.ndarray:
    points = ytd.filter(pl.col("year") == year).sort("month")
    months = [0, *points["month"].to_list()]
    values = [0.0, *points["value"].to_list()]
    return np.interp(np.arange(1, last + 1), months, values)


def score(totals: np.ndarray, truth: float, thresholds: list[float]) -> dict[str, float]:
    q = np.quantile(totals, [0.025, 0.1, 0.5, 0.9, 0.975])
    levels = np.quantile(totals, LEVELS)
    pinball = np.where(truth >= levels, LEVELS * (truth - levels), (1 - LEVELS) * (levels - truth))
    brier = np.mean([(np.mean(totals >= c) - float(truth >= c)) ** 2 for c in thresholds])
    return {
        "pi95_low": q[0],
        "pi80_low": q[1],
        "projection": q[2],
        "pi80_high": q[3],
        "pi95_high": q[4],
        "brier": brier,
        "crps": 2 * pinball.mean() / max(truth, 1.0),
    }


def peer_tasks(name: str, ytd: pl.DataFrame, cells: pl.DataFrame) -> list[dict]:
    tasks = []
    totals = dict(ytd.filter(pl.col("month") == 12).select("year", "value").iter_rows())
    for year, month in cells.select("year", "as_of_month").unique().sort("year", "as_of_month").iter_rows():
        flows, observed, last = monthly_flows(ytd, year, month)
        thresholds = [round(r * totals[year - 1]) for r in RATIOS]
        tasks.append({"series": name, "year": year, "as_of_month": month, "flows": flows, "observed": observed, "h": 12 - last, "truth": totals[year], "thresholds": thresholds})
    return tasks


def run_statsforecast(tasks: list[dict]) -> tuple[list[dict], float]:
    from statsforecast.models import AutoETS

    rows, started = [], time.perf_counter()
    for i, task in enumerate(tasks):
        base = {"series": task["series"], "year": task["year"], "as_of_month": task["as_of_month"], "requested": "statsforecast_autoets", "truth": task["truth"]}
        try:
            model = AutoETS(season_length=12 if len(task["flows"]) >= 24 else 1)
            model.fit(task["flows"])
            paths = model.simulate(h=task["h"], n_paths=ETS_PATHS, seed=i)
            totals = task["observed"] + paths.sum(axis=1)
            rows.append(base | score(totals, task["truth"], task["thresholds"]))
        except Exception as error:  # statsforecast raises several types on tiny series
            print(f"statsforecast failed on {task['series']} {task['year']}-{task['as_of_month']:02d}: {error}", file=sys.stderr)
    return rows, time.perf_counter() - started


R_SCRIPT = r"""
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
tasks <- read.csv(args[1], stringsAsFactors = FALSE)
out <- file(args[2], "w")
for (i in seq_len(nrow(tasks))) {
  y <- as.numeric(strsplit(tasks$flows[i], " ")[[1]])
  h <- tasks$h[i]
  result <- tryCatch({
    fit <- ets(ts(y, frequency = if (length(y) >= 24) 12 else 1))
    set.seed(i)
    sums <- replicate(as.integer(args[3]), sum(simulate(fit, nsim = h, future = TRUE)))
    paste(format(sums, digits = 12), collapse = " ")
  }, error = function(e) "")
  writeLines(paste0(i - 1, ",", result), out)
}
close(out)
"""


def run_r(tasks: list[dict]) -> tuple[list[dict], float]:
    if shutil.which("Rscript") is None:
        return [], 0.0
    with tempfile.TemporaryDirectory() as folder:
        task_file, out_file, script = Path(folder) / "tasks.csv", Path(folder) / "out.csv", Path(folder) / "ets.R"
        script.write_text(R_SCRIPT)
        pl.DataFrame({"flows": [" ".join(f"{v:.6f}" for v in t["flows"]) for t in tasks], "h": [t["h"] for t in tasks]}).write_csv(task_file)
        started = time.perf_counter()
        done = subprocess.run(["Rscript", str(script), str(task_file), str(out_file), str(R_PATHS)], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            print(f"R forecast::ets failed: {done.stderr.strip()}", file=sys.stderr)
            return [], elapsed
        rows = []
        for line in out_file.read_text().splitlines():
            index, _, sums = line.partition(",")
            task = tasks[int(index)]
            if not sums:
                print(f"R ets failed on {task['series']} {task['year']}-{task['as_of_month']:02d}", file=sys.stderr)
                continue
            totals = task["observed"] + np.array([float(v) for v in sums.split()])
            base = {"series": task["series"], "year": task["year"], "as_of_month": task["as_of_month"], "requested": "r_forecast_ets", "truth": task["truth"]}
            rows.append(base | score(totals, task["truth"], task["thresholds"]))
        return rows, elapsed


def main() -> None:
    series = {
        "vn_new_enterprises": load_vn("new_enterprises"),
        "vn_new_and_returning": load_vn("new_and_returning_enterprises"),
        "AirPassengers": load_r("airpassengers"),
        "UKDriverDeaths": load_r("ukdriverdeaths"),
    }
    ours, tasks = [], []
    started = time.perf_counter()
    for name, ytd in series.items():
        rows = backtest(ytd, as_of_months=MONTHS, thresholds=RATIOS).with_columns(pl.lit(name).alias("series"))
        ours.append(rows)
    chiso_seconds = time.perf_counter() - started
    ours_frame = pl.concat(ours)
    for name, ytd in series.items():
        tasks.extend(peer_tasks(name, ytd, ours_frame.filter(pl.col("series") == name)))

    sf_rows, sf_seconds = run_statsforecast(tasks)
    r_rows, r_seconds = run_r(tasks)
    columns = ["series", "year", "as_of_month", "requested", "truth", "projection", "pi80_low", "pi80_high", "pi95_low", "pi95_high", "brier", "crps"]
    peers = pl.DataFrame(sf_rows + r_rows).select(columns) if sf_rows or r_rows else None
    combined = pl.concat([ours_frame.select(columns), peers] if peers is not None else [ours_frame.select(columns)], how="vertical_relaxed")

    print(f"chiso {chiso_seconds:.2f} s, statsforecast {sf_seconds:.2f} s, R ets {r_seconds:.2f} s")
    pl.Config.set_tbl_rows(100)
    pl.Config.set_tbl_cols(20)
    pl.Config.set_tbl_formatting("MARKDOWN")
    pl.Config.set_float_precision(3)
    pl.Config.set_fmt_str_lengths(40)
    print("\nAll series pooled")
    print(backtest_summary(combined))
    print("\nBy series")
    print(backtest_summary(combined, by=("series", "requested")))
    combined.write_csv(ROOT / "benches" / "data" / "backtest-results.csv")


if __name__ == "__main__":
    main()
