# Type stubs of the compiled module chiso._chiso (built from src/python/).
# The public API is the chiso package; these names are private.

import datetime
from collections.abc import Sequence
from typing import Any, Final, Literal, TypedDict, final


__version__: Final[str]
REPORT_COLUMNS: Final[list[str]]
REPORT_HEADERS_VI: Final[list[str]]

class ChisoError(Exception): ...
class PlanError(ChisoError): ...
class ReportsError(ChisoError): ...
class SettingsError(ChisoError): ...
class ForecastError(ChisoError): ...
class SchemaError(ChisoError): ...

@final
class ArrowTable:
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __len__(self) -> int: ...

@final
class Plan:
    @property
    def id(self) -> str: ...
    @property
    def title_vi(self) -> str: ...
    @property
    def title_en(self) -> str: ...
    @property
    def place(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def start(self) -> datetime.date: ...
    @property
    def end(self) -> datetime.date: ...
    @property
    def file(self) -> str: ...
    @property
    def annual_due(self) -> datetime.date: ...
    @property
    def quarterly_due_day(self) -> int: ...
    def targets_table(self, lang: str) -> ArrowTable: ...
    def tasks_table(self, lang: str) -> ArrowTable: ...
    def communes_table(self) -> ArrowTable: ...
    def quarter_ends(self) -> list[datetime.date]: ...

@final
class Reports:
    def __len__(self) -> int: ...
    def table(self) -> ArrowTable: ...
    def as_of(self, date: str) -> Reports: ...
    def concat(self, other: Reports) -> Reports: ...

def load_plan(path: str | None = None, lang: str = "vi") -> Plan: ...
def parse_plan(text: str, file: str = "<text>", lang: str = "vi") -> Plan: ...
def read_reports_table(
    plan: Plan,
    table: object,
    file: str,
    sheet: str | None = None,
    first_row: int = 2,
    number_format: str = "auto",
    lang: str = "vi",
    allow_earlier_years: bool = False,
) -> tuple[Reports, ArrowTable, int]: ...
def read_reports_csv(
    plan: Plan, text: str, file: str, number_format: str = "auto", lang: str = "vi", allow_earlier_years: bool = False
) -> tuple[Reports, ArrowTable, int]: ...
def validate_csv_file(
    plan: Plan, path: str, number_format: str = "auto", lang: str = "vi", allow_earlier_years: bool = False
) -> tuple[ArrowTable, int, int]: ...
def scorecard(plan: Plan, reports: Reports, as_of: str, lang: str = "vi", **settings: Any) -> ArrowTable: ...
def scorecard_batch(
    plans: Sequence[Plan], reports: Sequence[Reports], dates: Sequence[str], lang: str = "vi", **settings: Any
) -> ArrowTable: ...
def task_scorecard_table(plan: Plan, reports: Reports, as_of: str, lang: str = "vi") -> ArrowTable: ...
def reporting_table(plan: Plan, reports: Reports, as_of: str, lang: str = "vi") -> ArrowTable: ...
def messages(lang: str) -> dict[str, str]: ...
def canonical_column(header: str) -> str | None: ...
def format_number(value: float, decimals: int, lang: str = "vi") -> str: ...
def shipped_file(name: str) -> str: ...
def forecast_run_rate(
    observed: float,
    elapsed: float,
    remaining: float,
    threshold: float,
    prior_shape: float = 0.5,
    prior_rate: float = 0.0,
    lang: str = "vi",
) -> dict[str, Any]: ...

class FrameworkError(ChisoError): ...
class ComputeError(ChisoError): ...

@final
class IndexRun:
    @property
    def codes(self) -> list[str]: ...
    @property
    def top_code(self) -> str: ...
    def group_ranks(self, groups: list[str | None]) -> ArrowTable: ...
    def table(self, name: str) -> ArrowTable: ...

@final
class IndexModel:
    @property
    def units(self) -> list[str]: ...
    @property
    def indicators(self) -> list[str]: ...
    def labels(self, column: str) -> list[str | None] | None: ...
    def run(self, settings: str, lang: str = "vi") -> IndexRun: ...
    def what_if(self, settings: str, changes: str, weights: str, code: str | None = None, lang: str = "vi") -> ArrowTable: ...
    def path_to_rank(self, settings: str, unit: str, target_rank: int, options: str, lang: str = "vi") -> tuple[ArrowTable, dict[str, Any]]: ...
    def uncertainty(self, settings: str, options: str, lang: str = "vi") -> tuple[ArrowTable, int, list[tuple[str, int]]]: ...
    def sensitivity(self, settings: str, options: str, lang: str = "vi") -> tuple[ArrowTable, int, int]: ...

def index_model(
    data: Any,
    framework: Any,
    unit: str = "unit",
    long_columns: tuple[str, str, str] | None = None,
    lang: str = "vi",
) -> IndexModel: ...
def index_pii_example(lang: str = "vi") -> tuple[ArrowTable, ArrowTable]: ...

_CountModel = Literal["auto", "run_rate", "seasonal", "overdispersed"]
_ShareMethod = Literal["beta_binomial", "effective_n", "logit_normal"]
_Lang = Literal["vi", "en"]

def forecast_counts_table(
    rows: Any,
    targets: Any,
    model: _CountModel = "auto",
    prior_shape: float = 0.5,
    prior_rate: float = 0.0,
    lang: _Lang = "vi",
) -> ArrowTable: ...
def forecast_share_dict(
    threshold: float,
    numerator: float | None = None,
    denominator: float | None = None,
    estimate: float | None = None,
    se: float | None = None,
    n: float | None = None,
    method: _ShareMethod = "beta_binomial",
    lang: _Lang = "vi",
) -> dict[str, Any]: ...
def forecast_rank_dict(
    k: int,
    unit: str = "Đồng Nai",
    year: int = 2025,
    draws: int = 20000,
    seed: int = 2026,
    lang: _Lang = "vi",
) -> dict[str, Any]: ...
def pii_missing_table() -> ArrowTable: ...
def forecast_annual_dict(
    years: list[int],
    values: list[float],
    target_year: int,
    threshold: float,
    damping: float = ...,
    lang: _Lang = "vi",
) -> dict[str, Any]: ...
def backtest_table(
    years: list[int],
    elapsed: list[float],
    values: list[float],
    as_of_months: list[int],
    threshold_ratios: list[float],
    models: list[_CountModel],
    lang: _Lang = "vi",
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
    lang: _Lang = "vi",
) -> ArrowTable: ...

class SurveyError(ChisoError): ...

class _DesignArgs(TypedDict):
    weights: str
    strata: str | None
    clusters: str | None
    fpc: str | None
    fpc_kind: Literal["auto", "population", "fraction"]
    lonely_psu: Literal["fail", "certainty", "remove", "adjust", "average"]
    by: list[list[str]]
    overall: bool
    missing: Literal["exclude", "fail"]
    level: float
    df: Literal["design", "inf"]

class _GoalArgs(TypedDict):
    threshold: float | None
    on_track: float
    at_risk: float
    basis: Literal["posterior", "normal"]

def survey_shares(
    table: object,
    variable: str,
    design: _DesignArgs,
    goal: _GoalArgs,
    method: Literal["logit", "likelihood", "asin", "beta", "mean", "xlogit", "wald", "wilson"],
    min_respondents: int,
    min_psu: int,
    lang: str = "vi",
) -> ArrowTable: ...
def survey_estimates(
    table: object,
    variable: str,
    design: _DesignArgs,
    quantity: Literal["total", "mean", "ratio"],
    denominator: str | None = None,
    lang: str = "vi",
) -> ArrowTable: ...
def survey_counts(
    numerators: list[float],
    denominators: list[float],
    method: Literal["clopper_pearson", "wilson", "jeffreys", "beta_binomial"],
    level: float,
    goal: _GoalArgs,
    prior: tuple[float, float],
    lang: str = "vi",
) -> ArrowTable: ...
def survey_simulate(seed: int, n: int, missing_rate: float, lang: str = "vi") -> ArrowTable: ...
