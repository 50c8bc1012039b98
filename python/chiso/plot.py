"""Charts of scorecards and index results (matplotlib, the ``chiso[plot]`` extra).

Every function returns a :class:`matplotlib.figure.Figure` with titles,
labels and numbers in the chosen language (decimal comma in Vietnamese).
With ``save=`` it also writes the chart. A path ending in ``.png`` or
``.svg`` writes that format, and a path without an extension writes both.
Files are written atomically.

matplotlib is imported only when a chart is drawn, so the rest of chiso
works without it.

NOTE: each figure is closed in pyplot before it is returned. Jupyter then
shows it once, as the cell's value, instead of twice, and many charts in a
loop do not pile up in pyplot. Call ``fig.savefig`` or pass ``save=`` to
keep a chart outside a notebook.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import polars as pl

from chiso.exceptions import SchemaError, SettingsError
from chiso.locale import format_date, format_number, format_percent, resolve, t
from chiso.safeio import atomic_path

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from chiso.reports import ReportSet
    from chiso.scorecard import Scorecard

SavePath = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None]

_NAME_WIDTH = 42
_BAND_ALPHA_95 = 0.18
_BAND_ALPHA_80 = 0.35


def _pyplot() -> Any:
    """Import pyplot, or raise an ImportError with the install command in Vietnamese and English."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        message = f"{t('plot.matplotlib_missing', 'vi')} ({t('plot.matplotlib_missing', 'en')})"
        raise ImportError(message) from error
    return plt


def _new_figure(width: float, height: float) -> Figure:
    plt = _pyplot()
    figure = plt.figure(figsize=(width, height), layout="constrained")
    plt.close(figure)
    return figure


def _number_formatter(decimals: int, lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _position: format_number(x, decimals, lang))


def _percent_formatter(lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _position: format_percent(x, 0, lang))


def _check_columns(frame: pl.DataFrame, columns: Sequence[str], lang: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise SchemaError(t("plot.column_missing", lang, column=column, columns=", ".join(frame.columns)))


def _clip(text: str, width: int = _NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def save_figure(figure: Figure, save: SavePath, *, lang: str | None = None) -> list[Path]:
    """Write a figure as PNG and/or SVG, each file atomically.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The chart.
    save : path or list of paths
        A path ending in ``.png`` or ``.svg`` writes that format. A path
        without an extension writes both, ``path.png`` and ``path.svg``.
    lang : {"vi", "en"}, optional
        Language of the error message.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    SettingsError
        For any other extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import chiso, chiso.plot
    >>> figure = chiso.plot.progress_bars(chiso.scorecard(as_of="2026-09-30"))
    >>> paths = chiso.plot.save_figure(figure, pathlib.Path(tempfile.mkdtemp()) / "tien-do")
    >>> [p.suffix for p in paths]
    ['.png', '.svg']
    """
    lang = resolve(lang)
    if save is None:
        return []
    items = [save] if isinstance(save, (str, os.PathLike)) else list(save)

    targets: list[tuple[Path, str]] = []
    for item in items:
        path = Path(item)
        suffix = path.suffix.lower()
        if suffix == "":
            targets += [(path.with_name(path.name + ".png"), "png"), (path.with_name(path.name + ".svg"), "svg")]
        elif suffix in (".png", ".svg"):
            targets.append((path, suffix[1:]))
        else:
            raise SettingsError(t("plot.save_format", lang, path=str(path)))

    for path, image_format in targets:
        with atomic_path(path) as temporary:
            figure.savefig(temporary, format=image_format, dpi=150)
    return [path for path, _ in targets]


# -- progress bars -------------------------------------------------------------


def _relative(kind: str, value: float | None, threshold: float | None) -> float | None:
    """Return a value as a share of the threshold, or threshold / rank for ranks, where lower is better."""
    if value is None or threshold is None or threshold == 0:
        return None
    if kind == "rank":
        return threshold / value if value > 0 else None
    return value / threshold


def _bar_length(row: dict[str, Any]) -> float:
    """Return a target's bar length: a milestone's progress (0 or 1), or the value relative to the threshold."""
    if row["kind"] == "milestone":
        return row["progress"] or 0.0
    return _relative(row["kind"], row["latest_value"], row["threshold"]) or 0.0


def _value_text(kind: str, value: float | None, lang: str) -> str:
    if value is None:
        return ""
    if kind == "share":
        return format_percent(value, 1, lang)
    return format_number(value, 0, lang)


def progress_bars(card: Scorecard, *, lang: str | None = None, save: SavePath = None) -> Figure:
    """Draw one horizontal bar per target: progress to the threshold, coloured by status.

    The bar is the latest value as a share of the threshold (for a rank
    target, threshold ÷ rank, since a smaller rank is better). A grey track
    runs to the threshold, marked by the dashed line at 100 %. A diamond
    marks the projection to the deadline and a whisker its 80 % prediction
    interval, on the same scale. The text right of the bars gives the latest
    value and the threshold, or a milestone's status.

    Parameters
    ----------
    card : Scorecard
        The scorecard to draw.
    lang : {"vi", "en"}, optional
        Language of titles, status labels and numbers; the scorecard's
        language by default. Target names come from the scorecard.
    save : path or list of paths, optional
        Where to write the chart (see :func:`save_figure`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ImportError
        When matplotlib is not installed.

    Examples
    --------
    >>> import chiso, chiso.plot
    >>> figure = chiso.plot.progress_bars(chiso.scorecard(as_of="2026-09-30"))
    >>> len(figure.axes[0].containers[0])
    13
    >>> figure.axes[0].get_xlabel()
    'Tỷ lệ so với chỉ tiêu'
    """
    from chiso.scorecard import STATUS_COLOURS

    lang = resolve(lang or card.lang)
    rows = list(card.targets.iter_rows(named=True))
    figure = _new_figure(10.0, 0.42 * len(rows) + 2.0)
    axes = figure.add_subplot()

    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    positions = list(range(len(rows)))
    lengths = [_bar_length(r) for r in rows]
    colours = [STATUS_COLOURS.get(r["status"], "#878787") for r in rows]
    axes.barh(positions, lengths, color=colours, height=0.62, zorder=2)
    # A grey track from 0 to the threshold, behind the bars, keeps rows with no progress visible.
    axes.barh(positions, [1.0] * len(rows), color="#ececec", height=0.62, zorder=1)

    right_edge = 1.0
    for y, row, length in zip(positions, rows, lengths):
        projection = _relative(row["kind"], row["projection"], row["threshold"])
        if projection is not None:
            low = _relative(row["kind"], row["pi80_low"], row["threshold"])
            high = _relative(row["kind"], row["pi80_high"], row["threshold"])
            if row["kind"] == "rank":
                low, high = high, low
            if low is not None and high is not None:
                axes.hlines(y, low, high, color="#333333", linewidth=1.4, zorder=3)
                right_edge = max(right_edge, high)
            axes.plot([projection], [y], marker="D", color="#333333", markersize=5, linestyle="none", zorder=3)
            right_edge = max(right_edge, projection)
        right_edge = max(right_edge, length)

    for y, row in zip(positions, rows):
        if row["latest_value"] is None:
            label = t("plot.no_data", lang)
        elif row["kind"] == "milestone":
            label = t(f"status.{row['status']}", lang)
        elif row["kind"] == "rank":
            label = t("plot.rank_value", lang, rank=_value_text("rank", row["latest_value"], lang),
                      threshold=_value_text("rank", row["threshold"], lang))
        else:
            label = f"{_value_text(row['kind'], row['latest_value'], lang)} / {_value_text(row['kind'], row['threshold'], lang)}"
        # The values sit in a column right of every bar and whisker, so no line crosses them.
        colour = STATUS_COLOURS.get(row["status"], "#878787")
        axes.text(right_edge * 1.04, y, label, va="center", fontsize=8,
                  bbox={"boxstyle": "square,pad=0.25", "facecolor": colour, "alpha": 0.25, "edgecolor": "none"})

    axes.axvline(1.0, color="#1f4e79", linewidth=1.2, linestyle="--")
    axes.set_xlim(0, right_edge * 1.45)
    # Ticks stop at the bars, so the column of values has no scale under it.
    axes.set_xticks([x for x in axes.get_xticks() if 0 <= x <= right_edge + 1e-9])
    axes.set_yticks(positions, [_clip(f"{r['target_id']} {r['name']}") for r in rows], fontsize=8)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(_percent_formatter(lang))
    axes.set_xlabel(t("plot.progress_axis", lang))
    axes.set_title(t("plot.progress_title", lang, date=format_date(card.as_of, lang)))

    seen = dict.fromkeys(r["status"] for r in rows)
    handles: list[Artist] = [Patch(color=STATUS_COLOURS.get(s, "#878787"), label=t(f"status.{s}", lang)) for s in seen]
    handles += [
        Line2D([], [], color="#1f4e79", linestyle="--", label=t("plot.threshold", lang)),
        Line2D([], [], color="#333333", marker="D", linestyle="none", markersize=5, label=t("plot.projection", lang)),
        Line2D([], [], color="#333333", linewidth=1.4, label=t("plot.interval80", lang)),
    ]
    axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=7, frameon=False)

    save_figure(figure, save, lang=lang)
    return figure


# -- fan chart -----------------------------------------------------------------


def cumulative_path(reports: ReportSet, target_id: str, *, as_of: str | _dt.date | None = None) -> pl.DataFrame:
    """Return the reported cumulative path of a count or coverage target, one row per period.

    The rules are those of the scorecard. For each period only the latest
    vintage reported on or before ``as_of`` counts. A year-to-date value is
    taken as it is, and per-period values are added up. For a coverage
    target the value is the number of communes of the plan's list reported
    as covered (value 1) by each period end.

    Parameters
    ----------
    reports : ReportSet
        The reports, every vintage.
    target_id : str
        A target of kind ``count`` or ``coverage``.
    as_of : str or date, optional
        Report date; every vintage when omitted.

    Returns
    -------
    polars.DataFrame
        ``period_end`` (date) and ``value`` (float, cumulative).

    Examples
    --------
    >>> import chiso
    >>> from chiso.plot import cumulative_path
    >>> cumulative_path(chiso.example_reports(), "MT06", as_of="2026-09-30")["value"].to_list()
    [4.0, 9.0, 12.0]
    """
    from chiso.scorecard import _as_date

    table = reports.table.filter(pl.col("item") == target_id)
    if as_of is not None:
        table = table.filter(pl.col("reported_on") <= _as_date(as_of, resolve(None)))
    # Latest vintage per period and commune; the later row wins a tie, as in the core.
    latest = (
        table.with_row_index("order")
        .sort("reported_on", "order")
        .group_by("period_end", "commune_code", maintain_order=True)
        .last()
    )
    kind = reports.plan.targets.filter(pl.col("target_id") == target_id)["kind"].to_list()
    if kind == ["coverage"]:
        series = _coverage_series(latest, set(reports.plan.communes["code"].to_list()))
    else:
        series = _count_series(latest)
    start = reports.plan.start
    series = [(period, value) for period, value in series if not (period.year != start.year and period < start)]
    return pl.DataFrame(
        {"period_end": [p for p, _ in series], "value": [v for _, v in series]},
        schema={"period_end": pl.Date, "value": pl.Float64},
    )


def _count_series(latest: pl.DataFrame) -> list[tuple[_dt.date, float]]:
    by_period: dict[_dt.date, tuple[float | None, float]] = {}
    for row in latest.filter(pl.col("commune_code").is_null()).iter_rows(named=True):
        ytd, period_sum = by_period.get(row["period_end"], (None, 0.0))
        if row["basis"] == "ytd":
            ytd = row["value"] if row["value"] is not None else ytd
        else:
            period_sum += row["value"] or 0.0
        by_period[row["period_end"]] = (ytd, period_sum)

    running = 0.0
    series = []
    for period in sorted(by_period):
        ytd, period_sum = by_period[period]
        running = ytd if ytd is not None else running + period_sum
        series.append((period, running))
    return series


def _coverage_series(latest: pl.DataFrame, listed: set[str]) -> list[tuple[_dt.date, float]]:
    newest: dict[str, dict[str, Any]] = {}
    for row in latest.filter(pl.col("commune_code").is_in(list(listed))).iter_rows(named=True):
        known = newest.get(row["commune_code"])
        if known is None or (row["period_end"], row["reported_on"]) >= (known["period_end"], known["reported_on"]):
            newest[row["commune_code"]] = row
    periods = sorted({row["period_end"] for row in newest.values()})
    return [
        (period, float(sum(1 for r in newest.values() if r["period_end"] <= period and r["value"] == 1.0)))
        for period in periods
    ]


def fan_chart(
    card: Scorecard,
    target_id: str,
    *,
    path: pl.DataFrame | None = None,
    lang: str | None = None,
    save: SavePath = None,
) -> Figure:
    """Draw the cumulative path of a count target to its deadline, with the threshold and the forecast fan.

    The line is the reported cumulative path (:func:`cumulative_path`). From
    the latest value a fan widens to the 95 % and 80 % prediction intervals
    at the deadline, and a dashed line leads to the projection, all taken
    from the scorecard row. The fan is drawn as straight lines between the
    latest value and the interval at the deadline.

    Parameters
    ----------
    card : Scorecard
        The scorecard with the target's forecast.
    target_id : str
        A target of kind ``count`` or ``coverage``, such as ``"MT06"``.
    path : polars.DataFrame, optional
        Columns ``period_end`` and ``value``; by default built from
        ``card.reports`` as of ``card.as_of``.
    lang : {"vi", "en"}, optional
        Language of titles and numbers; the scorecard's language by default.
    save : path or list of paths, optional
        Where to write the chart (see :func:`save_figure`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SettingsError
        When the target is not in the scorecard or is not a count or coverage target.
    SchemaError
        When ``path`` lacks ``period_end`` or ``value``.

    Examples
    --------
    >>> import chiso, chiso.plot
    >>> figure = chiso.plot.fan_chart(chiso.scorecard(as_of="2026-09-30"), "MT06")
    >>> figure.axes[0].get_title()
    'MT06: số lũy kế đến thời hạn 31/12/2026'
    """
    lang = resolve(lang or card.lang)
    row = _target_row(card, target_id, lang)
    if row["kind"] not in ("count", "coverage"):
        raise SettingsError(t("plot.not_cumulative", lang, target=target_id, kind=row["kind"]))
    if path is None:
        path = cumulative_path(card.reports, target_id, as_of=card.as_of)
    _check_columns(path, ["period_end", "value"], lang)

    from chiso.scorecard import STATUS_COLOURS

    colour = STATUS_COLOURS.get(row["status"], "#878787")
    figure = _new_figure(8.0, 4.6)
    axes = figure.add_subplot()

    path = path.sort("period_end")
    dates = [card.plan.start, *path["period_end"].to_list()]
    values = [0.0, *path["value"].to_list()]
    axes.plot(dates, values, marker="o", color=colour, linewidth=2, label=t("plot.reported_path", lang))

    deadline = row["deadline"] or card.plan.end
    if row["threshold"] is not None:
        axes.axhline(row["threshold"], color="#1f4e79", linestyle="--", linewidth=1.2,
                     label=f"{t('plot.threshold', lang)}: {format_number(row['threshold'], 0, lang)}")
    if row["projection"] is not None and len(path) > 0:
        start_date, start_value = dates[-1], values[-1]
        fan_dates = [start_date, deadline]
        axes.fill_between(fan_dates, [start_value, row["pi95_low"]], [start_value, row["pi95_high"]],
                          color=colour, alpha=_BAND_ALPHA_95, linewidth=0, label=t("plot.interval95", lang))
        axes.fill_between(fan_dates, [start_value, row["pi80_low"]], [start_value, row["pi80_high"]],
                          color=colour, alpha=_BAND_ALPHA_80, linewidth=0, label=t("plot.interval80", lang))
        axes.plot(fan_dates, [start_value, row["projection"]], color=colour, linestyle=":", marker="D",
                  markevery=[1], label=f"{t('plot.projection', lang)}: {format_number(row['projection'], 0, lang)}")

    from matplotlib.dates import date2num, num2date
    from matplotlib.ticker import FuncFormatter

    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _position: format_date(num2date(x).date(), lang)))
    axes.yaxis.set_major_formatter(_number_formatter(0, lang))
    axes.set_xlim(date2num(card.plan.start), date2num(max([deadline, *dates]) + _dt.timedelta(days=10)))
    axes.set_ylim(bottom=0)
    axes.set_xlabel(t("plot.fan_date", lang))
    axes.set_ylabel(t("plot.fan_value", lang, unit=row["unit"]))
    axes.set_title(t("plot.fan_title", lang, target=target_id, deadline=format_date(deadline, lang)))
    axes.legend(loc="upper left", fontsize=8)
    axes.grid(alpha=0.3)
    figure.autofmt_xdate()

    save_figure(figure, save, lang=lang)
    return figure


def _target_row(card: Scorecard, target_id: str, lang: str) -> dict[str, Any]:
    rows = card.targets.filter(pl.col("target_id") == target_id)
    if rows.is_empty():
        raise SettingsError(t("plot.target_not_found", lang, target=target_id,
                              targets=", ".join(card.targets["target_id"].to_list())))
    return rows.row(0, named=True)


# -- index results -------------------------------------------------------------


def rank_intervals(
    frame: pl.DataFrame,
    *,
    unit_col: str = "unit",
    median_col: str = "median",
    low_col: str = "q05",
    high_col: str = "q95",
    nominal_col: str | None = None,
    title: str | None = None,
    lang: str | None = None,
    save: SavePath = None,
) -> Figure:
    """Draw each unit's median rank and its 5–95 % rank interval, best rank at the top.

    Meant for the uncertainty analysis of a composite index, which returns
    one row per unit with the rank under the nominal settings and quantiles
    of the rank over the simulated alternatives.

    Parameters
    ----------
    frame : polars.DataFrame
        One row per unit.
    unit_col, median_col, low_col, high_col : str
        Columns of the unit name, the median rank and the 5 % and 95 % rank quantiles.
    nominal_col : str, optional
        Column of the nominal rank, drawn as a hollow circle.
    title : str, optional
        Chart title; the catalogue's by default.
    lang : {"vi", "en"}, optional
        Language of labels and numbers.
    save : path or list of paths, optional
        Where to write the chart (see :func:`save_figure`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SchemaError
        When a named column is missing.

    Examples
    --------
    >>> import polars as pl, chiso.plot
    >>> frame = pl.DataFrame({"unit": ["Đồng Nai", "Bình Dương", "Hà Nội"], "nominal": [12, 3, 1],
    ...                       "median": [11.0, 3.0, 1.0], "q05": [8.0, 2.0, 1.0], "q95": [15.0, 5.0, 2.0]})
    >>> figure = chiso.plot.rank_intervals(frame, nominal_col="nominal")
    >>> [label.get_text() for label in figure.axes[0].get_yticklabels()]
    ['Hà Nội', 'Bình Dương', 'Đồng Nai']
    """
    lang = resolve(lang)
    columns = [unit_col, median_col, low_col, high_col] + ([nominal_col] if nominal_col else [])
    _check_columns(frame, columns, lang)

    ordered = frame.sort(median_col, nulls_last=True)
    units = [str(u) for u in ordered[unit_col].to_list()]
    positions = list(range(len(units)))
    figure = _new_figure(7.5, 0.32 * len(units) + 1.8)
    axes = figure.add_subplot()

    axes.hlines(positions, ordered[low_col].to_list(), ordered[high_col].to_list(), color="#1f4e79",
                linewidth=2.2, alpha=0.6, label=t("plot.rank_interval", lang))
    axes.plot(ordered[median_col].to_list(), positions, marker="o", linestyle="none", color="#1f4e79",
              label=t("plot.rank_median", lang))
    if nominal_col:
        axes.plot(ordered[nominal_col].to_list(), positions, marker="o", linestyle="none", markerfacecolor="none",
                  markeredgecolor="#d73027", label=t("plot.rank_nominal", lang))

    axes.set_yticks(positions, units, fontsize=8)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(_number_formatter(0, lang))
    axes.set_xlabel(t("plot.rank_axis", lang))
    axes.set_ylabel(t("plot.unit", lang))
    axes.set_title(title or t("plot.rank_title", lang))
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="x", alpha=0.3)

    save_figure(figure, save, lang=lang)
    return figure


def pillar_contributions(
    frame: pl.DataFrame,
    *,
    unit_col: str = "unit",
    pillar_cols: Sequence[str],
    labels: dict[str, str] | None = None,
    title: str | None = None,
    lang: str | None = None,
    save: SavePath = None,
) -> Figure:
    """Draw each unit's score as horizontal bars stacked by pillar contribution, highest total at the top.

    Positive contributions stack to the right of zero and negative ones to
    the left, so a negative contribution never hides a positive one.

    Parameters
    ----------
    frame : polars.DataFrame
        One row per unit, one column per pillar with its contribution to the score.
    unit_col : str
        Column of the unit name.
    pillar_cols : list of str
        Pillar columns, stacked in this order.
    labels : dict, optional
        Legend text per pillar column; the column name by default.
    title : str, optional
        Chart title; the catalogue's by default.
    lang : {"vi", "en"}, optional
        Language of labels and numbers.
    save : path or list of paths, optional
        Where to write the chart (see :func:`save_figure`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SchemaError
        When a named column is missing.
    SettingsError
        When ``pillar_cols`` is empty.

    Examples
    --------
    >>> import polars as pl, chiso.plot
    >>> frame = pl.DataFrame({"unit": ["Đồng Nai", "Hà Nội"], "P1": [10.5, 14.0], "P2": [8.0, 12.5]})
    >>> figure = chiso.plot.pillar_contributions(frame, pillar_cols=["P1", "P2"])
    >>> [len(bars) for bars in figure.axes[0].containers]
    [2, 2]
    """
    lang = resolve(lang)
    if not pillar_cols:
        raise SettingsError(t("plot.columns_empty", lang))
    _check_columns(frame, [unit_col, *pillar_cols], lang)
    labels = labels or {}

    totals = frame.select(pl.sum_horizontal([pl.col(c).fill_null(0.0) for c in pillar_cols]).alias("total"))["total"]
    ordered = frame.with_columns(totals.alias("__total")).sort("__total", descending=True)
    units = [str(u) for u in ordered[unit_col].to_list()]
    positions = list(range(len(units)))
    figure = _new_figure(8.5, 0.32 * len(units) + 1.8)
    axes = figure.add_subplot()

    import matplotlib

    palette = matplotlib.colormaps["tab10"]
    positive_base = [0.0] * len(units)
    negative_base = [0.0] * len(units)
    for i, column in enumerate(pillar_cols):
        values = [float(v) if v is not None else 0.0 for v in ordered[column].to_list()]
        lefts = [p if v >= 0 else n for v, p, n in zip(values, positive_base, negative_base)]
        axes.barh(positions, values, left=lefts, height=0.7, color=palette(i % 10), label=labels.get(column, column))
        positive_base = [p + max(v, 0.0) for v, p in zip(values, positive_base)]
        negative_base = [n + min(v, 0.0) for v, n in zip(values, negative_base)]

    axes.set_yticks(positions, units, fontsize=8)
    axes.invert_yaxis()
    axes.axvline(0.0, color="#333333", linewidth=0.8)
    axes.xaxis.set_major_formatter(_number_formatter(1, lang))
    axes.set_xlabel(t("plot.pillar_axis", lang))
    axes.set_ylabel(t("plot.unit", lang))
    axes.set_title(title or t("plot.pillar_title", lang))
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="x", alpha=0.3)

    save_figure(figure, save, lang=lang)
    return figure


# -- framework tree ------------------------------------------------------------


def _tree_layout(codes: list[str], parents: list[str | None]) -> tuple[dict[str, int], dict[str, float], list[str]]:
    """Place each node: depth from the root (column) and position down the page (row).

    Leaves take consecutive rows in framework order under their parent, and an
    aggregate sits at the mean row of its children. Returns the depths, the
    rows and the codes that no root reaches (a cycle of parents).
    """
    known = set(codes)
    children: dict[str, list[str]] = {code: [] for code in codes}
    roots: list[str] = []
    for code, parent in zip(codes, parents):
        if parent is None or parent not in known:
            roots.append(code)
        else:
            children[parent].append(code)

    depth: dict[str, int] = {}
    row: dict[str, float] = {}
    next_leaf = 0

    def place(code: str, level: int) -> None:
        nonlocal next_leaf
        depth[code] = level
        if not children[code]:
            row[code] = float(next_leaf)
            next_leaf += 1
            return
        for child in children[code]:
            place(child, level + 1)
        row[code] = sum(row[c] for c in children[code]) / len(children[code])

    for root in roots:
        place(root, 0)
    unreached = [code for code in codes if code not in depth]
    return depth, row, unreached


def framework_tree(
    framework: pl.DataFrame,
    *,
    code_col: str = "code",
    parent_col: str = "parent",
    name_col: str | None = None,
    title: str | None = None,
    lang: str | None = None,
    save: SavePath = None,
) -> Figure:
    """Draw the hierarchy of a composite index as a tree, the index on the left and indicators on the right.

    Each level of the hierarchy is a column, and a line joins every parent to
    each of its children. A code whose parent is null or not in the table is
    drawn as a root.

    Parameters
    ----------
    framework : polars.DataFrame
        One row per indicator or aggregate, as given to :func:`chiso.index.build_index`.
    code_col, parent_col : str
        Columns of the node code and of its parent's code.
    name_col : str, optional
        Column of node names shown beside the codes; codes only by default.
    title : str, optional
        Chart title; the catalogue's by default.
    lang : {"vi", "en"}, optional
        Language of the title.
    save : path or list of paths, optional
        Where to write the chart (see :func:`save_figure`).

    Returns
    -------
    matplotlib.figure.Figure
        One text label per node in ``figure.axes[0].texts``.

    Raises
    ------
    SchemaError
        When a named column is missing.
    SettingsError
        When codes repeat or parents form a cycle.

    Examples
    --------
    >>> import polars as pl, chiso.plot
    >>> framework = pl.DataFrame({"code": ["a", "b", "idx"], "parent": ["idx", "idx", None]})
    >>> figure = chiso.plot.framework_tree(framework)
    >>> sorted(text.get_text() for text in figure.axes[0].texts)
    ['a', 'b', 'idx']
    """
    lang = resolve(lang)
    _check_columns(framework, [code_col, parent_col] + ([name_col] if name_col else []), lang)
    codes = [str(c) for c in framework[code_col].to_list()]
    parents = [None if p is None else str(p) for p in framework[parent_col].to_list()]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SettingsError(t("plot.tree_duplicate", lang, codes=", ".join(duplicates)))
    depth, row, unreached = _tree_layout(codes, parents)
    if unreached:
        raise SettingsError(t("plot.tree_cycle", lang, codes=", ".join(unreached)))

    names = framework[name_col].to_list() if name_col else [None] * len(codes)
    labels = {code: code if not name else _clip(f"{code} {name}", 36) for code, name in zip(codes, names)}
    rows = max(row.values(), default=0.0) + 1
    columns = max(depth.values(), default=0) + 1
    figure = _new_figure(2.6 * columns + 1.0, 0.28 * rows + 1.2)
    axes = figure.add_subplot()

    for code, parent in zip(codes, parents):
        if parent in depth:
            axes.plot([depth[parent], depth[code]], [row[parent], row[code]], color="#7a7a7a", linewidth=0.8, zorder=1)
    for code in codes:
        is_leaf = code not in parents
        axes.text(depth[code], row[code], labels[code], fontsize=8, va="center", ha="left" if is_leaf else "center",
                  zorder=2, bbox={"boxstyle": "round,pad=0.25", "facecolor": "#e8f0f8" if not is_leaf else "white",
                                  "edgecolor": "#4a6f94", "linewidth": 0.6})

    axes.set_xlim(-0.5, columns - 0.2)
    axes.set_ylim(rows - 0.5, -0.5)
    axes.set_axis_off()
    axes.set_title(title or t("plot.tree_title", lang))

    save_figure(figure, save, lang=lang)
    return figure
