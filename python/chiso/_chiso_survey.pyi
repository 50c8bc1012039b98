# Stub declarations of the survey functions of the compiled module chiso._chiso,
# to be merged into the module's stub. The public API and its documentation
# are in chiso.survey.
from typing import Literal, TypedDict

from chiso._chiso import ArrowTable, ChisoError

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
