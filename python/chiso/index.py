"""Composite indices built like the Global Innovation Index and Vietnam's PII.

Indicators are rescaled (by default min-max to 0–100 between the lowest and
highest unit), optionally after outlier treatment, and combined by weighted
means up the framework: indicator → sub-pillar → pillar → sub-index → index.
Every step is recorded in :attr:`IndexResult.log`. The engine matches COINr
1.1.14 on its ASEM example to 1e-9 relative error, with identical ranks.

Examples
--------
>>> from chiso import index
>>> result = index.pii_example()
>>> round(result.scores["TC_MTCS"][0], 2)
58.9
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Sequence, TypeVar

import polars as pl

from chiso import _chiso
from chiso.locale import resolve, t
from chiso.progress import progress as _progress
from chiso._chiso import ChisoError, ComputeError, FrameworkError, SchemaError, SettingsError

__all__ = [
    "ChisoError",
    "ComputeError",
    "FrameworkError",
    "IndexResult",
    "Path",
    "SettingsError",
    "Sensitivity",
    "Uncertainty",
    "build_index",
    "compare_across_merger",
    "path_to_rank",
    "pii_crosswalk",
    "pii_example",
    "sensitivity",
    "uncertainty",
    "what_if",
]

T = TypeVar("T")
Preset = Literal["pii", "gii", "coinr"]
NormaliseMethod = Literal["minmax", "zscore", "rank", "percent_rank", "distance_to_target", "distance_to_frontier", "none"]
AggregateMethod = Literal["arithmetic", "geometric", "harmonic", "generalised"]
ImputeMethod = Literal["none", "mean", "median", "group_mean", "group_median"]
TiePolicy = Literal["exceed", "stop"]
ConstantPolicy = Literal["error", "midpoint"]
ForcedTreatment = Literal["none", "winsorise", "log"]

_NORMALISE = ("minmax", "zscore", "rank", "percent_rank", "distance_to_target", "distance_to_frontier", "none")
_AGGREGATE = ("arithmetic", "geometric", "harmonic", "generalised")
_IMPUTE = ("none", "mean", "median", "group_mean", "group_median")


def _choice(name: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not supported; use one of {', '.join(allowed)}")
    return value


def _normalisation(method: str, scale: tuple[float, float], goalposts: bool, zscore: tuple[float, float]) -> dict[str, Any]:
    _choice("normalise", method, _NORMALISE)
    if method == "minmax":
        return {"method": "min_max", "lower": float(scale[0]), "upper": float(scale[1]), "goalposts": goalposts}
    if method == "zscore":
        return {"method": "z_score", "mean": float(zscore[0]), "sd": float(zscore[1])}
    return {"method": method}


def _aggregation(method: str, power: float | None) -> dict[str, Any]:
    _choice("aggregate", method, _AGGREGATE)
    if method == "generalised":
        if power is None:
            raise ValueError("aggregate='generalised' needs power=p (a non-zero exponent)")
        return {"method": "generalised", "p": float(power)}
    return {"method": method}


def _imputation(method: str, group: str | None) -> dict[str, Any]:
    _choice("impute", method, _IMPUTE)
    if method.startswith("group_"):
        if group is None:
            raise ValueError(f"impute={method!r} needs group=<name of the data column with group labels>")
        return {"method": method, "group": group}
    return {"method": method}


def _forced(spec: Mapping[str, ForcedTreatment | tuple[str, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code, value in spec.items():
        if isinstance(value, tuple):
            method, points = value
            _choice("forced", method, ("winsorise",))
            out[code] = {"method": "winsorise", "points": int(points)}
        elif value == "winsorise":
            out[code] = {"method": "winsorise", "points": 1}
        else:
            out[code] = {"method": _choice("forced", value, ("none", "log"))}
    return out


def _treatment(preset: str | None, treat: bool | Preset | None, skew: float | None, kurt: float | None,
               winsor_max: int | None, ties: TiePolicy | None, forced: Mapping[str, Any] | None) -> dict[str, Any]:
    if isinstance(treat, str):
        rule = treat
    elif treat is None:
        rule = preset
    elif treat:
        rule = preset or "gii"
    else:
        rule = None
    if rule is not None and rule not in ("pii", "gii", "coinr"):
        raise ValueError(f"treat={treat!r} is not supported; use True, False, 'gii', 'pii' or 'coinr'")
    enabled = rule is not None
    out: dict[str, Any] = {"enabled": enabled, "skew": 2.0 if rule == "coinr" else 2.25, "kurt": 3.5, "winsor_max": 5, "ties": "exceed"}
    if skew is not None:
        out["skew"] = float(skew)
    if kurt is not None:
        out["kurt"] = float(kurt)
    if winsor_max is not None:
        out["winsor_max"] = int(winsor_max)
    if ties is not None:
        out["ties"] = _choice("ties", ties, ("exceed", "stop"))
    out["forced"] = _forced(forced or {})
    return out


def _settings(preset: str | None, **kw: Any) -> dict[str, Any]:
    if preset is not None:
        _choice("preset", preset, ("pii", "gii", "coinr"))
    return {
        "screening": kw["screening"],
        "imputation": _imputation(kw["impute"], kw["group"]),
        "treatment": _treatment(preset, kw["treat"], kw["skew"], kw["kurt"], kw["winsor_max"], kw["ties"], kw["forced"]),
        "normalisation": _normalisation(kw["normalise"], kw["scale"], kw["goalposts"], kw["zscore"]),
        "constant": _choice("constant", kw["constant"], ("error", "midpoint")),
        "aggregation": _aggregation(kw["aggregate"], kw["power"]),
        "aggregation_by_level": {str(level): _aggregation(m, kw["power"]) for level, m in (kw["aggregate_by_level"] or {}).items()},
        "min_coverage": kw["min_coverage"],
        "weights": {k: float(v) for k, v in (kw["weights"] or {}).items()},
        "efficiency": list(kw["efficiency"]) if kw["efficiency"] else None,
        "strengths": int(kw["strengths"]),
    }


class IndexResult:
    """Result of :func:`build_index`: scores, ranks and the record of every step.

    Tables are polars DataFrames with a ``unit`` column, then one column per
    code (indicators first, then aggregates by level).

    Examples
    --------
    >>> from chiso import index
    >>> result = index.pii_example()
    >>> result.ranks["TC_MTCS"].to_list()
    [1]
    >>> result.log.filter(pl.col("step") == "ranking").height
    1
    """

    def __init__(self, model: Any, run: Any, settings: dict[str, Any], lang: str) -> None:
        lang = resolve(lang)
        self._model = model
        self._run = run
        self._settings = settings
        self._lang = lang

    def _table(self, name: str) -> pl.DataFrame:
        return pl.DataFrame(self._run.table(name))

    @property
    def index_code(self) -> str:
        """Code of the highest-level aggregate (the index)."""
        return self._run.top_code

    @property
    def scores(self) -> pl.DataFrame:
        """Scores at every level, at full precision (round only for display)."""
        return self._table("scores")

    @property
    def ranks(self) -> pl.DataFrame:
        """Competition ranks (1, 2, 2, 4) of the full-precision scores; missing scores are null."""
        return self._table("ranks")

    @property
    def normalised(self) -> pl.DataFrame:
        """Normalised indicator values (direction applied)."""
        return self._table("normalised")

    @property
    def treated(self) -> pl.DataFrame:
        """Indicator values after outlier treatment, in raw units (log values after a log transform)."""
        return self._table("treated")

    @property
    def imputed(self) -> pl.DataFrame:
        """Indicator values after denomination, screening and imputation."""
        return self._table("imputed")

    @property
    def treatment(self) -> pl.DataFrame:
        """Per indicator: skewness and kurtosis before and after, the action taken and the points treated."""
        return self._table("treatment")

    @property
    def log(self) -> pl.DataFrame:
        """How the result was made: one row per step, setting or change (``step``, ``item``, ``value``)."""
        return self._table("log")

    @property
    def strengths(self) -> pl.DataFrame:
        """Each unit's best- and worst-ranked indicators (``kind`` is ``strength`` or ``weakness``)."""
        return self._table("highlights")

    @property
    def efficiency(self) -> pl.DataFrame:
        """Output sub-index divided by input sub-index (null unless ``efficiency=`` was given)."""
        return self._table("efficiency")

    @property
    def settings(self) -> dict[str, Any]:
        """The settings used, as sent to the engine."""
        return json.loads(json.dumps(self._settings))

    def group_ranks(self, column: str) -> pl.DataFrame:
        """Rank every unit within its group at every level.

        Parameters
        ----------
        column : str
            Data column (given to :func:`build_index`) with each unit's group
            label, for example a region.

        Returns
        -------
        polars.DataFrame
            ``unit``, ``group``, then one column per code with the competition
            ranks (1, 2, 2, 4) of the full-precision scores among the units of
            the same group. A unit with a missing score or no group label is
            unranked (null).

        Raises
        ------
        SettingsError
            When ``column`` is not a column of the data.

        Examples
        --------
        >>> import polars as pl
        >>> from chiso import index
        >>> framework = pl.DataFrame({"code": ["a", "idx"], "parent": ["idx", None], "level": [1, 2]})
        >>> data = pl.DataFrame({"unit": ["X", "Y", "Z"], "a": [1.0, 2.0, 3.0], "region": ["N", "N", "S"]})
        >>> index.build_index(data, framework, preset=None).group_ranks("region")["idx"].to_list()
        [2, 1, 1]
        """
        labels = self._model.labels(column)
        if labels is None:
            raise SettingsError(t("index.group_column_missing", self._lang, column=column))
        by_unit = dict(zip(self._model.units, labels))
        groups = [by_unit.get(unit) for unit in self.scores["unit"].to_list()]
        return pl.DataFrame(self._run.group_ranks(groups))

    def what_if(self, changes: Sequence[tuple[str, str, float]] = (), *, weights: Mapping[str, float] | None = None,
                code: str | None = None) -> pl.DataFrame:
        """See :func:`what_if`."""
        return what_if(self, changes, weights=weights, code=code)

    def path_to_rank(self, unit: str, rank: int, **options: Any) -> Path:
        """See :func:`path_to_rank`."""
        return path_to_rank(self, unit, rank, **options)

    def uncertainty(self, **options: Any) -> Uncertainty:
        """See :func:`uncertainty`."""
        return uncertainty(self, **options)

    def sensitivity(self, **options: Any) -> Sensitivity:
        """See :func:`sensitivity`."""
        return sensitivity(self, **options)

    def __repr__(self) -> str:
        return f"IndexResult(units={len(self._model.units)}, indicators={len(self._model.indicators)}, index={self.index_code!r})"

    def _repr_html_(self) -> str:
        code = self.index_code
        top = (
            self.scores.select("unit", pl.col(code).alias("score"))
            .join(self.ranks.select("unit", pl.col(code).alias("rank")), on="unit")
            .sort("rank", nulls_last=True)
            .head(10)
        )
        caption = html.escape(f"{code}: {len(self._model.units)} units, {len(self._model.indicators)} indicators")
        return f"<p><b>{caption}</b></p>" + top._repr_html_()


def _framework_frame(framework: pl.DataFrame) -> pl.DataFrame:
    if not isinstance(framework, pl.DataFrame):
        raise TypeError(f"framework must be a polars DataFrame, not {type(framework).__name__}")
    return framework


def build_index(
    data: pl.DataFrame,
    framework: pl.DataFrame,
    *,
    preset: Preset | None = "pii",
    unit: str = "unit",
    long: bool | None = None,
    normalise: NormaliseMethod = "minmax",
    scale: tuple[float, float] = (0.0, 100.0),
    goalposts: bool = True,
    zscore: tuple[float, float] = (0.0, 1.0),
    aggregate: AggregateMethod = "arithmetic",
    power: float | None = None,
    aggregate_by_level: Mapping[int, AggregateMethod] | None = None,
    impute: ImputeMethod = "none",
    group: str | None = None,
    treat: bool | Preset | None = None,
    skew: float | None = None,
    kurt: float | None = None,
    winsor_max: int | None = None,
    ties: TiePolicy | None = None,
    forced: Mapping[str, ForcedTreatment | tuple[str, int]] | None = None,
    constant: ConstantPolicy = "error",
    screening: float | None = None,
    min_coverage: float | None = None,
    weights: Mapping[str, float] | None = None,
    efficiency: tuple[str, str] | None = None,
    strengths: int = 5,
    lang: str | None = None,
) -> IndexResult:
    """Build a composite index from indicator data and a framework table.

    Parameters
    ----------
    data : polars.DataFrame
        Wide: a ``unit`` column and one column per indicator. Long: columns
        ``unit``, ``indicator``, ``value`` (detected automatically, or set ``long``).
        Group and denominator columns may sit beside the indicators.
    framework : polars.DataFrame
        One row per indicator or aggregate: ``code``, ``parent`` (null for the
        index), ``level`` (1 for indicators), and optionally ``weight`` (1),
        ``direction`` (1 or -1), ``name``, ``unit``, ``lower`` and ``upper``
        goalposts, ``denominator`` (a data column to divide by).
    preset : {"pii", "gii", "coinr"} or None
        ``pii`` and ``gii``: outlier treatment when |skewness| ≥ 2.25 and
        kurtosis ≥ 3.5, up to 5 winsorised points, else ``ln(x − min + 0.01·range)``.
        ``coinr``: the same with skewness 2.0 (COINr 1.1.14's code). ``None``:
        no treatment. Every preset uses min-max 0–100 and arithmetic means.
    normalise, scale, goalposts, zscore
        Normalisation method; ``scale`` is the min-max range, ``zscore`` the
        target mean and sd. With ``goalposts=True`` min-max uses the framework's
        ``lower``/``upper`` where both are given.
    aggregate, power, aggregate_by_level
        Weighted mean at every level, ``power`` for ``generalised``, and
        methods that replace it at given levels (the parent's level).
    impute, group
        Imputation before treatment; ``group`` names the data column of group labels.
    treat, skew, kurt, winsor_max, ties, forced
        Override the preset's treatment. ``treat=False`` switches it off, and
        ``treat=True`` without a preset uses the GII rule. ``ties="exceed"``
        (COINr's behaviour) lets one step replace tied points past
        ``winsor_max``, while ``ties="stop"`` keeps the limit and falls back to
        the log transform. ``forced`` maps codes to ``"none"``, ``"log"``,
        ``"winsorise"`` or ``("winsorise", k)``, applied even when the test passes.
    constant : {"error", "midpoint"}
        Policy for an indicator with equal values for every unit (COINr returns NaN).
    screening : float, optional
        Drop units with a smaller share (0–1) of indicator values.
    min_coverage : float, optional
        An aggregate is missing for a unit when fewer than this share of its children have a value.
    weights : mapping, optional
        Weights that replace the framework's, by code.
    efficiency : (input_code, output_code), optional
        Codes of the input and output sub-indices for the efficiency ratio.
    strengths : int
        Number of strengths and weaknesses listed per unit.
    lang : {"vi", "en"}
        Language of error messages.

    Returns
    -------
    IndexResult

    Raises
    ------
    FrameworkError
        The framework or the data failed validation; the message lists every problem.
    ComputeError
        A constant indicator, a zero reaching a geometric mean, too few units after screening.
    SettingsError
        An unknown code or unit in the options, or an option out of range.

    Examples
    --------
    >>> import polars as pl
    >>> from chiso import index
    >>> framework = pl.DataFrame({"code": ["a", "b", "idx"], "parent": ["idx", "idx", None], "level": [1, 1, 2]})
    >>> data = pl.DataFrame({"unit": ["X", "Y", "Z"], "a": [1.0, 2.0, 3.0], "b": [30.0, 10.0, 20.0]})
    >>> result = index.build_index(data, framework, preset=None)
    >>> result.scores["idx"].to_list()
    [50.0, 25.0, 75.0]
    >>> result.ranks["idx"].to_list()
    [2, 3, 1]
    """
    lang = resolve(lang)
    if not isinstance(data, pl.DataFrame):
        raise TypeError(f"data must be a polars DataFrame, not {type(data).__name__}")
    framework = _framework_frame(framework)
    settings = _settings(
        preset, screening=screening, impute=impute, group=group, treat=treat, skew=skew, kurt=kurt,
        winsor_max=winsor_max, ties=ties, forced=forced, normalise=normalise, scale=scale, goalposts=goalposts,
        zscore=zscore, constant=constant, aggregate=aggregate, power=power, aggregate_by_level=aggregate_by_level,
        min_coverage=min_coverage, weights=weights, efficiency=efficiency, strengths=strengths,
    )
    if long is None:
        long = {unit, "indicator", "value"} <= set(data.columns) and len(data.columns) <= 4
    long_columns = (unit, "indicator", "value") if long else None
    if long:
        data = data.with_columns(pl.col("value").cast(pl.String))
    model = _chiso.index_model(data, framework, unit=unit, long_columns=long_columns, lang=lang)
    run = model.run(json.dumps(settings), lang=lang)
    return IndexResult(model, run, settings, lang)


def pii_example(*, lang: str | None = None) -> IndexResult:
    """Build the PII 2025 sub-pillar "Môi trường chính sách" for Khánh Hòa.

    The three indicators are rescaled to 0–100 between the published lowest and
    highest values across the 34 provincial units (framework goalposts) and
    averaged with equal weights, which gives the published score, 58.90.

    Examples
    --------
    >>> from chiso import index
    >>> result = index.pii_example()
    >>> [round(x, 2) for x in result.normalised.row(0)[1:]]
    [70.66, 52.63, 53.4]
    """
    lang = resolve(lang)
    data, framework = _chiso.index_pii_example(lang=lang)
    return build_index(pl.DataFrame(data), pl.DataFrame(framework), preset="pii", lang=lang)


def what_if(result: IndexResult, changes: Sequence[tuple[str, str, float]] = (), *,
            weights: Mapping[str, float] | None = None, code: str | None = None) -> pl.DataFrame:
    """Rerun the index with new raw values and weights and compare with the nominal result.

    Parameters
    ----------
    result : IndexResult
        The nominal result; its settings are reused.
    changes : sequence of (unit, indicator, value)
        New raw values (before denomination).
    weights : mapping, optional
        New weights by code.
    code : str, optional
        Code to compare; the index by default.

    Returns
    -------
    polars.DataFrame
        ``unit``, ``score_before``, ``score_after``, ``rank_before``,
        ``rank_after``, ``rank_gain`` (positive when the unit moves up).

    Examples
    --------
    >>> import polars as pl
    >>> from chiso import index
    >>> framework = pl.DataFrame({"code": ["a", "b", "idx"], "parent": ["idx", "idx", None], "level": [1, 1, 2]})
    >>> data = pl.DataFrame({"unit": ["X", "Y", "Z"], "a": [1.0, 2.0, 3.0], "b": [30.0, 10.0, 20.0]})
    >>> result = index.build_index(data, framework, preset=None)
    >>> index.what_if(result, [("Y", "b", 40.0)])["rank_gain"].to_list()
    [-1, 2, -1]
    """
    payload = [{"unit": u, "indicator": i, "value": float(v)} for u, i, v in changes]
    table = result._model.what_if(json.dumps(result._settings), json.dumps(payload),
                                  json.dumps({k: float(v) for k, v in (weights or {}).items()}), code=code, lang=result._lang)
    return pl.DataFrame(table)


@dataclass(frozen=True)
class Path:
    """The smallest improvement found that lifts a unit to a target rank.

    ``changes`` lists every indicator that could move: ``from`` and ``to`` raw
    values (null when left alone), ``points`` (normalised points, percent of the
    nominal range) and ``gain_per_point`` (score gained per point at the start).
    """

    unit: str
    code: str
    target_rank: int
    start_rank: int | None
    final_rank: int | None
    reached: bool
    score_before: float
    score_after: float
    total_points: float
    steps: int
    changes: pl.DataFrame = field(repr=False)


def path_to_rank(result: IndexResult, unit: str, rank: int, *, code: str | None = None, step: float = 1.0,
                 limits: Mapping[str, float] | None = None, fixed: Sequence[str] = (), max_steps: int = 2000) -> Path:
    """Find the smallest improvement of one unit's raw values that lifts it to ``rank`` or better.

    Each greedy step moves by ``step`` normalised points the indicator that
    raises the score most per point, recomputing every step that the move
    affects (treatment, rescaling when the minimum moves, aggregation), so the
    scores equal those of a full rerun. The last step is shortened
    by bisection, and the end point is verified by a fresh run
    (``final_rank``). With arithmetic means and bounds that do not move this is
    the minimum; otherwise it is an upper bound found by a heuristic.

    Parameters
    ----------
    result : IndexResult
        The nominal result.
    unit : str
        Unit code.
    rank : int
        Target rank.
    code : str, optional
        Code whose rank is targeted; the index by default.
    step : float
        Step size in normalised points.
    limits : mapping, optional
        Most favourable raw value allowed per indicator; by default the best
        value among the units.
    fixed : sequence of str
        Indicators that may not change.
    max_steps : int
        Maximum number of greedy steps.

    Examples
    --------
    >>> import polars as pl
    >>> from chiso import index
    >>> framework = pl.DataFrame({"code": ["a", "b", "idx"], "parent": ["idx", "idx", None], "level": [1, 1, 2]})
    >>> data = pl.DataFrame({"unit": ["X", "Y", "Z"], "a": [1.0, 2.0, 3.0], "b": [30.0, 10.0, 20.0]})
    >>> path = index.path_to_rank(index.build_index(data, framework, preset=None), "Y", 1)
    >>> path.reached, path.final_rank
    (True, 1)
    """
    options = {"code": code, "step": float(step), "limits": {k: float(v) for k, v in (limits or {}).items()},
               "fixed": list(fixed), "max_steps": int(max_steps)}
    table, summary = result._model.path_to_rank(json.dumps(result._settings), unit, int(rank), json.dumps(options), lang=result._lang)
    return Path(changes=pl.DataFrame(table), **summary)


def _run_with_bar(call: Callable[[], T], description: str, show: bool) -> T:
    """Run one engine call under a one-step progress bar.

    NOTE: the bar moves once, when the call returns. The engine draws every
    replication from one random stream sized by the total count, and the
    weight sets and rank quantiles depend on all replications, so calling it
    in chunks would change the results.
    """
    outcome: list[T] = []
    for _ in _progress(range(1), total=1, desc=description, disable=None if show else True):
        outcome.append(call())
    return outcome[0]


@dataclass(frozen=True)
class Uncertainty:
    """Rank statistics over the replications (``ranks``: ``unit``, ``nominal``,
    ``mean``, ``median``, ``q05``, ``q95``) and the failed replications."""

    ranks: pl.DataFrame
    replications: int
    failed: int
    failures: list[tuple[str, int]]


def _assumptions(winsor_limits: Sequence[int] | None, normalisations: Sequence[NormaliseMethod | dict[str, Any]] | None,
                 aggregations: Sequence[AggregateMethod] | None, aggregation_level: int | None,
                 imputations: Sequence[ImputeMethod] | None, group: str | None, weight_bound: float | None,
                 weight_codes: Sequence[str] | None, weight_sets: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if winsor_limits:
        out.append({"kind": "winsor_limit", "values": [int(v) for v in winsor_limits]})
    if normalisations:
        methods = [m if isinstance(m, dict) else _normalisation(m, (0.0, 100.0), True, (0.0, 1.0)) for m in normalisations]
        out.append({"kind": "normalisation", "methods": methods})
    if aggregations:
        out.append({"kind": "aggregation", "level": aggregation_level, "methods": [_aggregation(m, None) for m in aggregations]})
    if imputations:
        out.append({"kind": "imputation", "methods": [_imputation(m, group) for m in imputations]})
    if weight_bound is not None:
        out.append({"kind": "weights", "bound": float(weight_bound), "codes": list(weight_codes or []), "sets": int(weight_sets)})
    if not out:
        raise ValueError("give at least one uncertain input: winsor_limits, normalisations, aggregations, imputations or weight_bound")
    return out


def uncertainty(result: IndexResult, *, n: int = 1000, seed: int = 1, winsor_limits: Sequence[int] | None = None,
                normalisations: Sequence[NormaliseMethod | dict[str, Any]] | None = None,
                aggregations: Sequence[AggregateMethod] | None = None, aggregation_level: int | None = None,
                imputations: Sequence[ImputeMethod] | None = None, group: str | None = None,
                weight_bound: float | None = None, weight_codes: Sequence[str] | None = None,
                code: str | None = None, progress: bool = True) -> Uncertainty:
    """Rerun the index ``n`` times with method choices drawn at random (Monte Carlo).

    Each uncertain input is drawn uniformly and independently: one of the
    alternatives given, or weights multiplied by factors from
    U(1 − ``weight_bound``, 1 + ``weight_bound``). Replications run in
    parallel; the draws come from one stream seeded by ``seed``, so results
    are reproducible. Failed replications (for example a zero reaching a
    geometric mean) are counted and left out of the statistics.

    With ``progress=True`` a progress bar (tqdm, when installed) is shown
    while the replications run; ``progress=False`` hides it.

    Examples
    --------
    >>> from chiso import index
    >>> result = index.pii_example()
    >>> ua = index.uncertainty(result, n=50, weight_bound=0.25)
    >>> ua.failed, ua.ranks["median"].to_list()
    (0, [1.0])
    """
    assumptions = _assumptions(winsor_limits, normalisations, aggregations, aggregation_level, imputations, group,
                               weight_bound, weight_codes, 0)
    options = {"assumptions": assumptions, "replications": int(n), "seed": int(seed), "code": code}
    call = functools.partial(result._model.uncertainty, json.dumps(result._settings), json.dumps(options), lang=result._lang)
    table, failed, failures = _run_with_bar(call, t("index.uncertainty_progress", result._lang), progress)
    return Uncertainty(ranks=pl.DataFrame(table), replications=int(n), failed=failed, failures=list(failures))


@dataclass(frozen=True)
class Sensitivity:
    """First-order and total Sobol indices with bootstrap 5–95 % intervals (``indices``)."""

    indices: pl.DataFrame
    runs: int
    failed: int


def sensitivity(result: IndexResult, *, n: int = 500, bootstrap: int = 200, seed: int = 1,
                winsor_limits: Sequence[int] | None = None,
                normalisations: Sequence[NormaliseMethod | dict[str, Any]] | None = None,
                aggregations: Sequence[AggregateMethod] | None = None, aggregation_level: int | None = None,
                imputations: Sequence[ImputeMethod] | None = None, group: str | None = None,
                weight_bound: float | None = None, weight_codes: Sequence[str] | None = None,
                weight_sets: int = 100, code: str | None = None, progress: bool = True) -> Sensitivity:
    """Estimate how much each method choice drives the ranks (Sobol indices).

    The output of a run is the mean absolute rank change against the nominal
    ranks. The Saltelli design takes ``n·(d + 2)`` runs for ``d`` inputs.
    First-order indices use the Saltelli (2010) estimator and total indices
    Jansen's (1999). Weights count as one input that picks one of ``weight_sets``
    perturbed weight vectors.

    With ``progress=True`` a progress bar (tqdm, when installed) is shown
    while the runs execute; ``progress=False`` hides it.

    Examples
    --------
    >>> from chiso import index
    >>> result = index.pii_example()
    >>> sa = index.sensitivity(result, n=20, bootstrap=0, weight_bound=0.25)
    >>> sa.runs
    60
    """
    assumptions = _assumptions(winsor_limits, normalisations, aggregations, aggregation_level, imputations, group,
                               weight_bound, weight_codes, weight_sets)
    options = {"assumptions": assumptions, "base": int(n), "bootstrap": int(bootstrap), "seed": int(seed), "code": code}
    call = functools.partial(result._model.sensitivity, json.dumps(result._settings), json.dumps(options), lang=result._lang)
    table, runs, failed = _run_with_bar(call, t("index.sensitivity_progress", result._lang), progress)
    return Sensitivity(indices=pl.DataFrame(table), runs=runs, failed=failed)


def pii_crosswalk() -> pl.DataFrame:
    """Read the crosswalk from the 63 former provinces to the 34 provincial units of 1 July 2025.

    The National Assembly's resolution of 12 June 2025 merged 52 provinces
    into 23 units and left 11 unchanged. Names follow ``seeds/pii-scores.csv``
    (``TP. Hồ Chí Minh``, ``Huế``, ``Bà Rịa - Vũng Tàu``).

    Returns
    -------
    polars.DataFrame
        One row per former province: ``unit_2025``, ``former_province``,
        ``source_url`` (the page that states the merger) and ``note``.

    Examples
    --------
    >>> from chiso import index
    >>> crosswalk = index.pii_crosswalk()
    >>> crosswalk.height, crosswalk["unit_2025"].n_unique()
    (63, 34)
    >>> crosswalk.filter(pl.col("unit_2025") == "Đồng Nai")["former_province"].to_list()
    ['Đồng Nai', 'Bình Phước']
    """
    text = _chiso.shipped_file("pii-crosswalk-2025.csv")
    return pl.read_csv(text.encode("utf-8"), schema_overrides={name: pl.String for name in ("unit_2025", "former_province", "source_url", "note")})


def compare_across_merger(scores: pl.DataFrame, year_col: str = "year", unit_col: str = "province",
                          score_col: str = "score", *, first_year: int = 2025, lang: str | None = None) -> pl.DataFrame:
    """Place the published scores of each 2025 unit's former provinces side by side, year by year.

    Rows before ``first_year`` name a former province and are mapped to its
    2025 unit with :func:`pii_crosswalk`. Rows from ``first_year`` on name a
    2025 unit and stand for that unit alone.

    The scores are listed, never averaged or summed. A composite index score
    is a mean of scores rescaled between the lowest and highest unit of its
    own year, so it is not additive. A weighted mean of the former provinces'
    scores is not the score the merged unit would have had, and scores on 63
    and on 34 units are on different scales. Compare ranks or indicators
    instead, or rebuild the index on merged indicator data.

    Parameters
    ----------
    scores : polars.DataFrame
        One row per unit and year, for example ``seeds/pii-scores.csv``.
    year_col, unit_col, score_col : str
        Columns of the year, the unit name and the score.
    first_year : int
        First year published on the 34 units of 1 July 2025.
    lang : {"vi", "en"}, optional
        Language of error messages.

    Returns
    -------
    polars.DataFrame
        ``unit_2025``, ``year``, ``provinces`` (the former provinces in
        crosswalk order before ``first_year``, the unit itself from then on),
        ``scores`` (their published scores in the same order, null where none
        was published) and ``published`` (how many scores are not null).
        One row per unit and year with at least one published score.

    Raises
    ------
    SchemaError
        When a named column is missing.
    SettingsError
        When a unit name is not in the crosswalk.

    Examples
    --------
    >>> import polars as pl
    >>> from chiso import index
    >>> scores = pl.DataFrame({"year": [2024, 2024, 2025], "province": ["Đồng Nai", "Bình Phước", "Đồng Nai"],
    ...                        "score": [40.0, 30.0, 45.0]})
    >>> table = index.compare_across_merger(scores)
    >>> table.row(0)
    ('Đồng Nai', 2024, ['Đồng Nai', 'Bình Phước'], [40.0, 30.0], 2)
    """
    lang = resolve(lang)
    for column in (year_col, unit_col, score_col):
        if column not in scores.columns:
            raise SchemaError(t("index.column_missing", lang, column=column, columns=", ".join(scores.columns)))
    crosswalk = pii_crosswalk()
    unit_of = dict(zip(crosswalk["former_province"].to_list(), crosswalk["unit_2025"].to_list()))
    current = set(crosswalk["unit_2025"].to_list())

    rows = scores.select(pl.col(year_col).cast(pl.Int64).alias("year"), pl.col(unit_col).cast(pl.String).alias("unit"),
                         pl.col(score_col).cast(pl.Float64).alias("score"))
    unknown = sorted({u for y, u in zip(rows["year"], rows["unit"])
                      if u not in (current if y is not None and y >= first_year else unit_of)})
    if unknown:
        raise SettingsError(t("index.crosswalk_unknown", lang, units=", ".join(str(u) for u in unknown)))

    published = {(y, u): v for y, u, v in rows.iter_rows()}
    out: list[dict[str, Any]] = []
    for unit_2025 in dict.fromkeys(crosswalk["unit_2025"].to_list()):
        formers = crosswalk.filter(pl.col("unit_2025") == unit_2025)["former_province"].to_list()
        for year in sorted({y for y in rows["year"].to_list() if y is not None}):
            provinces = [unit_2025] if year >= first_year else formers
            values = [published.get((year, p)) for p in provinces]
            count = sum(v is not None for v in values)
            if count:
                out.append({"unit_2025": unit_2025, "year": year, "provinces": provinces, "scores": values, "published": count})
    schema = {"unit_2025": pl.String, "year": pl.Int64, "provinces": pl.List(pl.String), "scores": pl.List(pl.Float64),
              "published": pl.Int64}
    return pl.DataFrame(out, schema=schema)
