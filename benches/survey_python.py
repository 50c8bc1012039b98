"""Time chiso.survey.estimate_share end to end from Python on the benchmark CSV.

Run after `cargo bench --bench survey -- --csv /tmp/survey-bench.csv`:
    python benches/survey_python.py /tmp/survey-bench.csv
"""

import sys
import time

import polars as pl

from chiso.survey import estimate_share

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/survey-bench.csv"
data = pl.read_csv(path)
for method in ("logit", "beta", "likelihood"):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        estimate_share(data, variable="y", weights="weight", strata="stratum", fpc="fpc", by="domain", method=method)
        times.append(time.perf_counter() - start)
    median = sorted(times)[len(times) // 2]
    sys.stdout.write(f"estimate_share overall + 20 domains, {method:<10}: {median * 1e3:.0f} ms (median of 5)\n")
