"""Design-based survey estimates of shares, and their probability of meeting a goal.

Plan target 8 requires that enterprises with innovation activity make up at
least 10 % of all enterprises. The share is measured from an enterprise
survey (stratified by sector and size, with design weights) and from the
enterprise register. This module estimates it from survey microdata with
the methods of R ``survey`` (Lumley 2010, package version 4.1.1), by domain,
and assesses it against the goal; it also works from aggregated counts.

Every function takes and returns polars DataFrames. The numerical work is
done in Rust (``chiso._chiso``); the formulas are in ``docs/survey.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from chiso import _chiso
from chiso.locale import resolve

__all__ = [
    "CiMethod",
    "CountMethod",
    "LonelyPsu",
    "estimate",
    "estimate_share",
    "share_from_counts",
    "share_goal",
    "simulate_enterprise_survey",
]

CiMethod = Literal["logit", "likelihood", "asin", "beta", "mean", "xlogit", "wald", "wilson"]
"""Interval methods for a proportion (the first six as in R ``svyciprop``)."""

CountMethod = Literal["clopper_pearson", "wilson", "jeffreys", "beta_binomial"]
"""Interval methods for a share from counts."""

LonelyPsu = Literal["fail", "certainty", "remove", "adjust", "average"]
"""Rules for a stratum with a single PSU (as R ``options(survey.lonely.psu)``)."""

_CI_METHODS = ("logit", "likelihood", "asin", "beta", "mean", "xlogit", "wald", "wilson")
_COUNT_METHODS = ("clopper_pearson", "wilson", "jeffreys", "beta_binomial")
_LONELY = ("fail", "certainty", "remove", "adjust", "average")


def _check_choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} = {value!r} is invalid; use one of {', '.join(allowed)}")


def _groupings(by: str | Sequence[str | Sequence[str]] | None) -> list[list[str]]:
    """Normalise ``by``: a column, or a list whose items are columns or lists of columns to cross."""
    if by is None:
        return []
    if isinstance(by, str):
        return [[by]]
    groups = []
    for item in by:
        groups.append([item] if isinstance(item, str) else list(item))
    return groups


def _design(
    *,
    weights: str,
    strata: str | None,
    clusters: str | None,
    fpc: str | None,
    fpc_kind: str,
    lonely_psu: str,
    by: str | Sequence[str | Sequence[str]] | None,
    overall: bool,
    missing: str,
    level: float,
    df: str,
) -> dict[str, object]:
    _check_choice("lonely_psu", lonely_psu, _LONELY)
    _check_choice("df", df, ("design", "inf"))
    _check_choice("missing", missing, ("exclude", "fail"))
    _check_choice("fpc_kind", fpc_kind, ("auto", "population", "fraction"))
    if not 0.0 < level < 1.0:
        raise ValueError(f"level = {level} is invalid; it must be strictly between 0 and 1, for example 0.95")
    return {
        "weights": weights,
        "strata": strata,
        "clusters": clusters,
        "fpc": fpc,
        "fpc_kind": fpc_kind,
        "lonely_psu": lonely_psu,
        "by": _groupings(by),
        "overall": overall,
        "missing": missing,
        "level": float(level),
        "df": df,
    }


def estimate_share(
    data: pl.DataFrame,
    *,
    variable: str,
    weights: str,
    strata: str | None = None,
    clusters: str | None = None,
    fpc: str | None = None,
    fpc_kind: Literal["auto", "population", "fraction"] = "auto",
    by: str | Sequence[str | Sequence[str]] | None = None,
    overall: bool = True,
    method: CiMethod = "logit",
    level: float = 0.95,
    df: Literal["design", "inf"] = "design",
    lonely_psu: LonelyPsu = "fail",
    missing: Literal["exclude", "fail"] = "exclude",
    min_respondents: int = 30,
    min_psu: int = 2,
    lang: Literal["vi", "en"] | None = None,
) -> pl.DataFrame:
    """Estimate the share of units with ``variable`` = 1, overall and by domain.

    Parameters
    ----------
    data : polars.DataFrame
        One row per responding or non-responding unit of the sample.
    variable : str
        0/1 or boolean column. Nulls are missing responses.
    weights : str
        Sampling weights; every weight must be a positive number.
    strata : str, optional
        Stratum column. Without it the sample is one stratum.
    clusters : str, optional
        Cluster (PSU) column for one-stage cluster sampling, read within
        strata. Without it each row is its own PSU.
    fpc : str, optional
        Finite-population correction, constant within a stratum: the
        population size N_h (number of PSUs in the stratum's population)
        or the sampling fraction n_h/N_h.
    fpc_kind : {"auto", "population", "fraction"}, default "auto"
        How to read ``fpc``. ``"auto"`` follows R: fractions when every value
        is at most 1, population sizes otherwise.
    by : str or sequence, optional
        Domains. A column name, or a list whose items are column names (one
        grouping each) or lists of names (their values crossed), for example
        ``["sector", ["sector", "size"], "commune"]``. All groupings come back
        in one frame. Null values form a domain labelled ``NA``.
    overall : bool, default True
        Add the whole-sample row first (group ``all``).
    method : CiMethod, default "logit"
        Interval method; see Notes.
    level : float, default 0.95
        Confidence level.
    df : {"design", "inf"}, default "design"
        Degrees of freedom of the quantiles: the design df of each domain
        (PSUs − strata, as R's ``degf``), or normal quantiles.
    lonely_psu : LonelyPsu, default "fail"
        Rule for a stratum with a single PSU; see Notes.
    missing : {"exclude", "fail"}, default "exclude"
        Missing responses are left out of numerator and denominator and
        counted in ``n_missing`` (``"exclude"``), or raise (``"fail"``).
    min_respondents, min_psu : int, default 30 and 2
        A domain with fewer respondents or fewer PSUs is flagged.
    lang : {"vi", "en"}, optional
        Language of text and errors; the current language (chiso.set_language) by default.
        Language of the overall label and of the ``note`` column.

    Returns
    -------
    polars.DataFrame
        One row per domain, with columns ``group`` (str), ``domain`` (str),
        ``n``, ``n_missing``, ``n_psu`` (i64), ``estimate``, ``se``,
        ``ci_lower``, ``ci_upper``, ``df`` (null for normal quantiles),
        ``deff``, ``n_effective`` (f64), ``flag`` (``ok`` or a comma list of
        ``small_n``, ``few_psu``, ``boundary``, ``empty``), ``method`` (str),
        ``level`` (f64) and ``note`` (the flags in words).

    Raises
    ------
    chiso.SurveyError
        A weight is missing, zero or negative (the message names the rows),
        a stratum or cluster is missing (rows named), the fpc is
        inconsistent, a stratum has one PSU under ``lonely_psu="fail"``, the
        variable is not 0/1, or a response is missing under ``missing="fail"``.
    chiso.SchemaError
        A column is absent or has the wrong type.
    ValueError
        An option is not one of its allowed values.

    Notes
    -----
    Variances are by Taylor linearisation over the whole design: a domain's
    estimate uses the domain indicator times the variable on every row, never
    a subset. Intervals follow R ``svyciprop``: ``logit`` (default) and
    ``xlogit`` are Wald intervals for logit(p); ``likelihood`` is the
    quasi-binomial profile-likelihood interval; ``asin`` is a Wald interval
    for asin(√p); ``beta`` is Korn & Graubard's (1998) interval with the
    effective sample size; ``mean`` is p ± t·se; ``wald`` is p ± z·se with the
    normal quantile; ``wilson`` is Wilson's score interval with the effective
    sample size n_eff = p(1−p)/v in place of n. When a domain's share is 0 or
    1 its variance is 0 and every method returns the Clopper–Pearson interval
    on its respondents (flag ``boundary``). ``deff`` is v / (p(1−p)/n).

    Lonely PSU rules: ``fail`` raises; ``certainty`` and ``remove`` let the
    stratum add no variance; ``adjust`` centres its PSU at zero instead of the
    stratum mean; ``average`` scales the other strata's variance up.

    References
    ----------
    Lumley, T. (2010). Complex Surveys: A Guide to Analysis Using R. Wiley.
    Korn, E. L. and Graubard, B. I. (1998). Confidence intervals for
    proportions with small expected number of positive counts estimated
    from survey data. Survey Methodology 23, 193–201 (as cited by the
    ``svyciprop`` help page of R ``survey`` 4.1.1).

    Examples
    --------
    >>> from chiso.survey import estimate_share, simulate_enterprise_survey
    >>> sample = simulate_enterprise_survey(seed=1, n=2000)
    >>> table = estimate_share(sample, variable="innovates", weights="weight",
    ...                        strata="stratum", fpc="fpc", by="size", lang="en")
    >>> table.select("group", "domain").head(3).rows()
    [('all', 'All'), ('size', 'Lớn'), ('size', 'Nhỏ')]
    >>> bool(table["ci_lower"][0] < table["estimate"][0] < table["ci_upper"][0])
    True
    """
    lang = resolve(lang)
    _check_choice("method", method, _CI_METHODS)
    design = _design(
        weights=weights, strata=strata, clusters=clusters, fpc=fpc, fpc_kind=fpc_kind,
        lonely_psu=lonely_psu, by=by, overall=overall, missing=missing, level=level, df=df,
    )
    goal = {"threshold": None, "on_track": 0.8, "at_risk": 0.5, "basis": "posterior"}
    table = _chiso.survey_shares(data, variable, design, goal, method, min_respondents, min_psu, lang)
    return pl.DataFrame(table)


def share_goal(
    data: pl.DataFrame,
    *,
    variable: str,
    weights: str,
    threshold: float = 0.10,
    strata: str | None = None,
    clusters: str | None = None,
    fpc: str | None = None,
    fpc_kind: Literal["auto", "population", "fraction"] = "auto",
    by: str | Sequence[str | Sequence[str]] | None = None,
    overall: bool = True,
    method: CiMethod = "logit",
    level: float = 0.95,
    df: Literal["design", "inf"] = "design",
    lonely_psu: LonelyPsu = "fail",
    missing: Literal["exclude", "fail"] = "exclude",
    min_respondents: int = 30,
    min_psu: int = 2,
    on_track: float = 0.8,
    at_risk: float = 0.5,
    basis: Literal["posterior", "normal"] = "posterior",
    lang: Literal["vi", "en"] | None = None,
) -> pl.DataFrame:
    """Estimate shares and the probability that each is at least ``threshold``.

    Parameters
    ----------
    data, variable, weights, strata, clusters, fpc, fpc_kind, by, overall, method, level, df, lonely_psu, missing, min_respondents, min_psu, lang
        As in :func:`estimate_share`.
    threshold : float, default 0.10
        The goal as a share (plan target 8: 10 %).
    on_track, at_risk : float, default 0.8 and 0.5
        Status thresholds on the probability, the same as the scorecard's.
    basis : {"posterior", "normal"}, default "posterior"
        Which probability decides the status.

    Returns
    -------
    polars.DataFrame
        The columns of :func:`estimate_share` (before ``note``) plus
        ``threshold`` (f64), ``probability_normal`` (f64), ``p_value`` (f64),
        ``probability_posterior`` (f64) and ``status`` (str).

    Raises
    ------
    chiso.SurveyError
        As :func:`estimate_share`, and for a threshold outside (0, 1) or
        status thresholds out of order.
    chiso.SchemaError
        A column is absent or has the wrong type.
    ValueError
        An option is not one of its allowed values.

    Notes
    -----
    ``probability_normal`` is Φ(z) of the one-sided test on the logit scale,
    z = (logit p − logit p₀) / (se / (p(1−p))); ``p_value`` = 1 − Φ(z) tests
    H₀: share ≤ p₀. ``probability_posterior`` is P(share ≥ p₀) under
    Beta(n_eff·p + ½, n_eff·(1−p) + ½), Jeffreys' prior updated with the
    effective sample size. Status: ``met`` when the interval's lower bound is
    at least p₀; otherwise ``on_track`` when the chosen probability is at
    least ``on_track``, ``at_risk`` when at least ``at_risk``, else
    ``off_track``.

    Examples
    --------
    >>> from chiso.survey import share_goal, simulate_enterprise_survey
    >>> sample = simulate_enterprise_survey(seed=1, n=2000)
    >>> goal = share_goal(sample, variable="innovates", weights="weight",
    ...                   strata="stratum", fpc="fpc", threshold=0.10)
    >>> goal["status"][0] in {"met", "on_track", "at_risk", "off_track"}
    True
    >>> 0.0 <= goal["probability_posterior"][0] <= 1.0
    True
    """
    lang = resolve(lang)
    _check_choice("method", method, _CI_METHODS)
    _check_choice("basis", basis, ("posterior", "normal"))
    design = _design(
        weights=weights, strata=strata, clusters=clusters, fpc=fpc, fpc_kind=fpc_kind,
        lonely_psu=lonely_psu, by=by, overall=overall, missing=missing, level=level, df=df,
    )
    goal = {"threshold": float(threshold), "on_track": on_track, "at_risk": at_risk, "basis": basis}
    table = _chiso.survey_shares(data, variable, design, goal, method, min_respondents, min_psu, lang)
    return pl.DataFrame(table)


def estimate(
    data: pl.DataFrame,
    *,
    variable: str,
    weights: str,
    quantity: Literal["total", "mean", "ratio"] = "mean",
    denominator: str | None = None,
    strata: str | None = None,
    clusters: str | None = None,
    fpc: str | None = None,
    fpc_kind: Literal["auto", "population", "fraction"] = "auto",
    by: str | Sequence[str | Sequence[str]] | None = None,
    overall: bool = True,
    level: float = 0.95,
    df: Literal["design", "inf"] = "design",
    lonely_psu: LonelyPsu = "fail",
    missing: Literal["exclude", "fail"] = "exclude",
    lang: Literal["vi", "en"] | None = None,
) -> pl.DataFrame:
    """Estimate a total, mean or ratio, overall and by domain.

    Parameters
    ----------
    variable : str
        Numeric column (the numerator of a ratio).
    quantity : {"total", "mean", "ratio"}, default "mean"
        Σ w·y, Σ w·y / Σ w, or Σ w·y / Σ w·x.
    denominator : str, optional
        The x column of a ratio.
    data, weights, strata, clusters, fpc, fpc_kind, by, overall, level, df, lonely_psu, missing, lang
        As in :func:`estimate_share`.

    Returns
    -------
    polars.DataFrame
        Columns ``group``, ``domain`` (str), ``n``, ``n_missing``, ``n_psu``
        (i64), ``estimate``, ``se``, ``ci_lower``, ``ci_upper``, ``df`` (f64),
        ``quantity`` (str) and ``level`` (f64). The interval is
        estimate ± t·se with the chosen degrees of freedom.

    Raises
    ------
    chiso.SurveyError
        As :func:`estimate_share`, and for a ratio without ``denominator``.
    chiso.SchemaError
        A column is absent or has the wrong type.
    ValueError
        An option is not one of its allowed values.

    Examples
    --------
    >>> import polars as pl
    >>> from chiso.survey import estimate
    >>> frame = pl.DataFrame({"w": [10.0] * 4, "y": [1.0, 2.0, 3.0, 4.0]})
    >>> estimate(frame, variable="y", weights="w", quantity="total")["estimate"][0]
    100.0
    """
    lang = resolve(lang)
    _check_choice("quantity", quantity, ("total", "mean", "ratio"))
    design = _design(
        weights=weights, strata=strata, clusters=clusters, fpc=fpc, fpc_kind=fpc_kind,
        lonely_psu=lonely_psu, by=by, overall=overall, missing=missing, level=level, df=df,
    )
    return pl.DataFrame(_chiso.survey_estimates(data, variable, design, quantity, denominator, lang))


def share_from_counts(
    numerator: float | Sequence[float],
    denominator: float | Sequence[float],
    *,
    threshold: float = 0.10,
    method: CountMethod = "jeffreys",
    level: float = 0.95,
    prior: tuple[float, float] = (0.5, 0.5),
    on_track: float = 0.8,
    at_risk: float = 0.5,
    basis: Literal["posterior", "normal"] = "posterior",
) -> pl.DataFrame:
    """Estimate a share from counts (for example the enterprise register) and assess the goal.

    Parameters
    ----------
    numerator, denominator : float or sequence of float
        Units with the property (innovating enterprises) and all units; one
        row per pair.
    threshold : float, default 0.10
        The goal as a share.
    method : CountMethod, default "jeffreys"
        ``clopper_pearson`` (exact binomial), ``wilson`` (score interval),
        ``jeffreys`` (equal-tailed Beta(x + ½, n − x + ½) interval, bound 0 at
        x = 0 and 1 at x = n) or ``beta_binomial`` (equal-tailed posterior
        interval of the beta-binomial model with prior Beta(``prior``)).
    level : float, default 0.95
        Confidence (or credible) level.
    prior : tuple of float, default (0.5, 0.5)
        Beta prior of ``beta_binomial``; it also sets the posterior
        probability of that method.
    on_track, at_risk, basis
        As in :func:`share_goal`.

    Returns
    -------
    polars.DataFrame
        Columns ``numerator``, ``denominator``, ``estimate``, ``se``
        (√(p(1−p)/n)), ``ci_lower``, ``ci_upper`` (f64), ``method`` (str),
        ``level``, ``threshold``, ``probability_normal``, ``p_value``,
        ``probability_posterior`` (f64) and ``status`` (str).

    Raises
    ------
    chiso.SurveyError
        A count is negative, the numerator exceeds the denominator, the
        prior is not positive, or a threshold is out of range.
    ValueError
        An option is not one of its allowed values.

    Notes
    -----
    The binomial model treats the register's enterprises as draws from the
    process that sets the share. Read as a census of a fixed population the
    share has no sampling error, and the interval expresses only that model.

    Examples
    --------
    >>> from chiso.survey import share_from_counts
    >>> row = share_from_counts(2100, 23722, threshold=0.10)
    >>> row["status"][0]
    'off_track'
    >>> round(row["estimate"][0], 4)
    0.0885
    """
    _check_choice("method", method, _COUNT_METHODS)
    _check_choice("basis", basis, ("posterior", "normal"))
    numerators = [float(numerator)] if isinstance(numerator, (int, float)) else [float(v) for v in numerator]
    denominators = [float(denominator)] if isinstance(denominator, (int, float)) else [float(v) for v in denominator]
    goal = {"threshold": float(threshold), "on_track": on_track, "at_risk": at_risk, "basis": basis}
    table = _chiso.survey_counts(numerators, denominators, method, level, goal, (float(prior[0]), float(prior[1])))
    return pl.DataFrame(table)


def simulate_enterprise_survey(*, seed: int = 2026, n: int = 2000, missing_rate: float = 0.05) -> pl.DataFrame:
    """Simulate a stratified sample of enterprises of former Đồng Nai province (SIMULATED data).

    The population size is real: the 2021 Economic Census counted 23,722
    operating enterprises in former Đồng Nai (Báo Đồng Nai, June 2022). The
    split by sector and size, the allocation, the innovation rates and the
    non-response are assumed, so no row is a real enterprise.

    Parameters
    ----------
    seed : int, default 2026
        Seed of the random generator; the same seed gives the same sample.
    n : int, default 2000
        Approximate sample size (40 to 23,722).
    missing_rate : float, default 0.05
        Probability that an enterprise's response is missing (null).

    Returns
    -------
    polars.DataFrame
        Columns ``enterprise_id``, ``sector``, ``size``, ``stratum``,
        ``commune`` (str), ``innovates`` (i64 0/1, null when missing),
        ``weight`` (N_h/n_h), ``fpc`` (N_h) and ``simulated`` (always True).

    Raises
    ------
    chiso.SurveyError
        ``n`` or ``missing_rate`` is out of range.

    Notes
    -----
    Strata are 5 sectors × 4 size classes. The sample of each stratum is
    proportional to √N_h, at least 2 and at most N_h, drawn by simple random
    sampling. Innovation is Bernoulli with a rate by size class times a
    factor by sector.

    Examples
    --------
    >>> from chiso.survey import simulate_enterprise_survey
    >>> sample = simulate_enterprise_survey(seed=1, n=2000)
    >>> round(sample["weight"].sum())
    23722
    >>> sample["simulated"].all()
    True
    """
    return pl.DataFrame(_chiso.survey_simulate(seed, n, missing_rate))
