# Declarations of the forecasting functions in chiso._chiso (src/python/forecast.rs).
# They are merged into _chiso.pyi; docstrings live in chiso/forecast.py.

from typing import Any, Literal

from chiso._chiso import ArrowTable

CountModel = Literal["auto", "run_rate", "seasonal", "overdispersed"]
ShareMethod = Literal["beta_binomial", "effective_n", "logit_normal"]
Lang = Literal["vi", "en"]

def forecast_counts_table(
    rows: Any,
    targets: Any,
    model: CountModel = "auto",
    prior_shape: float = 0.5,
    prior_rate: float = 0.0,
    lang: Lang = "vi",
) -> ArrowTable: ...
def forecast_share_dict(
    threshold: float,
    numerator: float | None = None,
    denominator: float | None = None,
    estimate: float | None = None,
    se: float | None = None,
    n: float | None = None,
    method: ShareMethod = "beta_binomial",
    lang: Lang = "vi",
) -> dict[str, Any]: ...
def forecast_rank_dict(
    k: int,
    unit: str = "Đồng Nai",
    year: int = 2025,
    draws: int = 20000,
    seed: int = 2026,
    lang: Lang = "vi",
) -> dict[str, Any]: ...
def pii_missing_table() -> ArrowTable: ...
def forecast_annual_dict(
    years: list[int],
    values: list[float],
    target_year: int,
    threshold: float,
    damping: float = 0.8,
    lang: Lang = "vi",
) -> dict[str, Any]: ...
def backtest_table(
    years: list[int],
    elapsed: list[float],
    values: list[float],
    as_of_months: list[int],
    threshold_ratios: list[float],
    models: list[CountModel],
    lang: Lang = "vi",
) -> ArrowTable: ...
def progress_table(
    base_value: list[float],
    base_year: list[int],
    current_value: list[float],
    current_year: list[int],
    target: list[float | None],
    target_year: list[int | None],
    direction: list[float],
    limit: list[float | None],
    lang: Lang = "vi",
) -> ArrowTable: ...
