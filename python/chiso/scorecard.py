"""Scorecards of a plan's targets and tasks as of a report date.

The target scorecard has one row per target: the latest value, progress,
gap, deadline, lead agency, status, and for targets not yet met a projection
to the deadline with 80 % and 95 % prediction intervals, the probability of
meeting the target and the pace still needed per month.

Status rule (targets): ``met`` when the latest value meets the threshold;
``overdue`` when not met after the deadline; ``no_data`` when nothing was
reported; otherwise ``on_track`` when the probability is at least
``on_track`` (0.8), ``at_risk`` when it is at least ``at_risk`` (0.5) and
``off_track`` below. A milestone not yet done is ``on_track`` until
``milestone_warning_days`` (92) before its deadline, then ``at_risk``.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from chiso import _chiso
from chiso.exceptions import ReportsError, SettingsError
from chiso.locale import format_date, format_number, format_percent, resolve, t
from chiso.plan import Plan, load_plan
from chiso.reports import ReportSet, Source, example_reports, read_reports
from chiso.safeio import atomic_path, check_not_input, neutralise_csv_cell

STATUS_COLOURS = {
    "met": "#1b7837",
    "done": "#1b7837",
    "on_track": "#5aae61",
    "on_time": "#5aae61",
    "at_risk": "#f1a340",
    "late": "#f1a340",
    "off_track": "#d73027",
    "overdue": "#a50026",
    "missing": "#a50026",
    "no_data": "#878787",
    "not_due": "#bababa",
}

_TARGET_DISPLAY = [
    "target_id", "name", "latest_value", "threshold", "progress", "status_label", "projection",
    "pi80_low", "pi80_high", "probability", "pace_per_month", "deadline", "lead_agency", "note", "source",
]
_TASK_DISPLAY = ["task_id", "name", "lead_agency", "output", "delivered", "deadline_text", "status_label"]


def _as_date(value: str | _dt.date | None, lang: str) -> _dt.date:
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return _dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise SettingsError(t("error.date", lang, value=text))


def _probability(name: str, value: object, lang: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(t("error.probability", lang, name=name, value=repr(value))) from None
    return number


def _plan_from(value: object, lang: str) -> Plan:
    """Accept a plan file path where a Plan is expected."""
    if isinstance(value, (str, os.PathLike)):
        return load_plan(value, lang=lang)
    raise TypeError(t("error.plan_type", lang, type=type(value).__name__))


def _settings(on_track: float, at_risk: float, milestone_warning_days: int, seed: int) -> dict[str, object]:
    return {"on_track": on_track, "at_risk": at_risk, "milestone_warning_days": milestone_warning_days, "seed": seed}


class Scorecard:
    """Target and task scorecards of a plan as of a date, with the reporting record.

    Attributes
    ----------
    targets : polars.DataFrame
        One row per target (columns documented in the user guide).
    tasks : polars.DataFrame
        One row per task, grouped by lead agency.
    reporting : polars.DataFrame
        For each quarter begun by the date: which agencies and communes reported
        by the due date, which were late, which have not reported.
    problems : polars.DataFrame
        Problems found reading the reports.
    illustrative : bool
        Whether the figures are illustrative (the shipped example).

    Examples
    --------
    >>> import chiso
    >>> card = chiso.scorecard(as_of="2026-10-01")
    >>> card.targets.height
    13
    >>> card.targets.filter(card.targets["target_id"] == "MT02")["status"].item()
    'overdue'
    """

    def __init__(self, plan: Plan, reports: ReportSet, as_of: _dt.date, lang: str, targets: pl.DataFrame,
                 tasks: pl.DataFrame, reporting: pl.DataFrame) -> None:
        self.plan = plan
        self.reports = reports
        self.as_of = as_of
        self.lang = lang
        self.targets = targets
        self.tasks = tasks
        self.reporting = reporting
        self.problems = reports.problems
        self.simulated_survey = "source" in targets.columns and bool((targets["source"] == "survey (simulated)").any())
        self.illustrative = reports.illustrative or self.simulated_survey

    # -- text -----------------------------------------------------------------

    def warnings(self) -> list[str]:
        """Return the caveats every output must carry: illustrative reports, simulated survey data.

        Examples
        --------
        >>> import chiso
        >>> chiso.scorecard(as_of="2026-09-30", lang="en").warnings()[0].startswith("Note: the report figures")
        True
        """
        notes = []
        if self.reports.illustrative:
            notes.append(t("text.illustrative_warning", self.lang))
        if self.simulated_survey:
            notes.append(t("text.simulated_survey_warning", self.lang))
        return notes

    def title(self) -> str:
        """Return the scorecard's title in its language."""
        title = self.plan._core.title_en if self.lang == "en" and self.plan._core.title_en else self.plan._core.title_vi
        return t("text.scorecard_title", self.lang, plan=title, date=format_date(self.as_of, self.lang))

    def display_targets(self) -> pl.DataFrame:
        """Return the target scorecard formatted for reading: labels and numbers in the language.

        Examples
        --------
        >>> import chiso
        >>> chiso.scorecard(as_of="2026-09-30").display_targets().columns[0]
        'Mã'
        """
        return _display(self.targets, _TARGET_DISPLAY, self.lang)

    def display_tasks(self) -> pl.DataFrame:
        """Return the task scorecard formatted for reading."""
        return _display(self.tasks, _TASK_DISPLAY, self.lang)

    def __str__(self) -> str:
        from chiso.report import status_summary_text

        lines = [self.title()]
        lines.extend(self.warnings())
        lines.append(self.reports.summary(self.lang))
        lines.append(status_summary_text(self.targets, lang=self.lang))
        lines.append(_terminal_table(self.display_targets().drop([t("label.note", self.lang), t("label.source", self.lang)])))
        return "\n".join(lines)

    def __repr__(self) -> str:
        counts = self.targets.group_by("status").len().sort("status")
        summary = ", ".join(f"{s}={n}" for s, n in counts.iter_rows())
        return f"Scorecard(plan={self.plan.id!r}, as_of={self.as_of.isoformat()}, {summary})"

    def _repr_html_(self) -> str:
        return self.to_html_string()

    def to_html_string(self) -> str:
        """Return a self-contained HTML page fragment with the status counts and both scorecards, every value escaped."""
        from chiso.report import status_summary_html

        parts = [f"<h3>{html.escape(self.title())}</h3>"]
        for warning in self.warnings():
            parts.append(f"<p><strong>{html.escape(warning)}</strong></p>")
        parts.append(f"<p>{html.escape(self.reports.summary(self.lang))}</p>")
        parts.append(status_summary_html(self.targets, lang=self.lang))
        parts.append(_html_table(self.display_targets(), self.targets["status"].to_list()))
        parts.append(f"<h4>{html.escape(t('text.tasks_title', self.lang, date=format_date(self.as_of, self.lang)))}</h4>")
        parts.append(_html_table(self.display_tasks(), self.tasks["status"].to_list()))
        return "\n".join(parts)

    # -- files ----------------------------------------------------------------

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the scorecard to ``path``; the format follows the extension (.xlsx, .csv, .html).

        The file is written atomically and never over one of the report files read.

        Raises
        ------
        SettingsError
            For an unknown extension.
        ValueError
            When ``path`` is one of the input files.
        """
        target = Path(path)
        check_not_input(target, self.reports.files, t("error.overwrite_input", self.lang, path=str(target)))
        suffix = target.suffix.lower()
        if suffix == ".xlsx":
            return self.to_excel(target)
        if suffix == ".csv":
            return self.to_csv(target)
        if suffix in (".html", ".htm"):
            return self.to_html(target)
        raise SettingsError(t("error.format_unknown", self.lang, path=str(target)))

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write the target scorecard as UTF-8 CSV (text that could run as a formula is quoted with ')."""
        frame = self.targets.with_columns(
            [pl.col(c).map_elements(neutralise_csv_cell, return_dtype=pl.String) for c, d in self.targets.schema.items() if d == pl.String]
        )
        with atomic_path(path) as temporary:
            frame.write_csv(temporary, include_bom=True)
        return Path(path)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write a self-contained HTML page with both scorecards and the reporting record."""
        body = self.to_html_string()
        body += f"\n<h4>{html.escape(t('text.discipline_title', self.lang))}</h4>\n"
        body += _html_table(_display(self.reporting, ["quarter", "due", "reporter", "first_report", "timeliness_label"], self.lang),
                            self.reporting["timeliness"].to_list())
        page = (
            f"<!DOCTYPE html>\n<html lang=\"{self.lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title())}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
        )
        with atomic_path(path) as temporary:
            Path(temporary).write_text(page, encoding="utf-8")
        return Path(path)

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write a formatted workbook: targets, tasks, reporting and problems, with status colours."""
        from chiso.excel import write_scorecard_workbook

        with atomic_path(path) as temporary:
            write_scorecard_workbook(self, temporary)
        return Path(path)


def _display(frame: pl.DataFrame, columns: list[str], lang: str) -> pl.DataFrame:
    out = {}
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column].to_list()
        if column in ("progress", "probability"):
            cells = [format_percent(v, 0, lang) for v in values]
        elif column == "threshold" or column == "latest_value":
            kinds = frame["kind"].to_list() if "kind" in frame.columns else [None] * len(values)
            cells = [format_percent(v, 1, lang) if k == "share" else format_number(v, 0, lang) for v, k in zip(values, kinds)]
        elif column in ("projection", "pi80_low", "pi80_high"):
            kinds = frame["kind"].to_list() if "kind" in frame.columns else [None] * len(values)
            cells = [format_percent(v, 1, lang) if k == "share" else format_number(v, 0, lang) for v, k in zip(values, kinds)]
        elif column in ("pace_per_month", "delivered"):
            cells = [format_number(v, 1, lang) for v in values]
        elif frame[column].dtype == pl.Date:
            cells = [format_date(v, lang) for v in values]
        else:
            cells = ["" if v is None else str(v) for v in values]
        out[t(f"label.{column}", lang)] = cells
    return pl.DataFrame(out, schema={k: pl.String for k in out})


def _terminal_table(frame: pl.DataFrame, max_width: int = 38) -> str:
    def clip(text: str) -> str:
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[clip(c) for c in frame.columns]] + [[clip(v) for v in row] for row in frame.iter_rows()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(frame.columns))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:1.5em}table.chiso{border-collapse:collapse;font-size:0.9em}"
    "table.chiso th,table.chiso td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}"
    "table.chiso th{background:#1f4e79;color:#fff}"
)


def _html_table(frame: pl.DataFrame, statuses: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = []
    for row, status in zip(frame.iter_rows(), statuses):
        cells = []
        for name, value in zip(frame.columns, row):
            style = ""
            if name in (t("label.status_label", "vi"), t("label.status_label", "en"),
                        t("label.timeliness_label", "vi"), t("label.timeliness_label", "en")):
                style = f" style=\"background:{STATUS_COLOURS.get(status, '#fff')};color:#fff\""
            cells.append(f"<td{style}>{html.escape(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class=\"chiso\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def scorecard(
    reports: ReportSet | Source | Sequence[Source] | None = None,
    *,
    plan: Plan | None = None,
    as_of: str | _dt.date | None = None,
    lang: str | None = None,
    on_track: float = 0.8,
    at_risk: float = 0.5,
    milestone_warning_days: int = 92,
    seed: int = 2026,
    history: ReportSet | Source | Sequence[Source] | None = None,
    survey: Mapping[str, Any] | None = None,
) -> Scorecard:
    """Build the target and task scorecards of a plan as of a date.

    Parameters
    ----------
    reports : ReportSet, path, DataFrame or list, optional
        The reports. Files and DataFrames are read with :func:`read_reports`
        in strict mode. When omitted with the default plan, the shipped
        illustrative reports are used; with another plan, no reports.
    plan : Plan, optional
        The plan; the shipped 2026 plan of Đồng Nai by default.
    as_of : str or date, optional
        Report date (``yyyy-mm-dd`` or ``dd/mm/yyyy``); today by default. Only
        reports dated on or before it are seen.
    lang : {"vi", "en"}, optional
        Language of names, statuses and notes.
    on_track, at_risk : float
        Probability thresholds of the status rule.
    milestone_warning_days : int
        Days before its deadline from which an unfinished milestone is at risk.
    seed : int
        Seed of the rank simulation.
    history : ReportSet, path, DataFrame or list, optional
        Reports of earlier years (read with ``history=True``). With complete
        earlier years, count targets use the automatic model choice of
        :mod:`chiso.forecast` (seasonal profile, overdispersion) instead of the
        plain run rate.
    survey : mapping, optional
        Survey microdata for the share targets: the keyword arguments of
        :func:`chiso.survey.share_goal` (``data``, ``variable``, ``weights``
        and the design columns). When given, every share target is judged
        from the design-based estimate instead of the reported counts: its
        value, 80 % and 95 % intervals, the posterior probability of reaching
        the threshold and the status come from the survey.

    Returns
    -------
    Scorecard

    Raises
    ------
    SettingsError
        For thresholds outside 0–1 or ``at_risk > on_track``, or an invalid date.
    ReportsError
        When report files have rejected rows.

    Examples
    --------
    >>> import chiso
    >>> card = chiso.scorecard(as_of="30/09/2026", lang="en")
    >>> card.targets.select("target_id", "latest_value", "status").row(5)
    ('MT06', 12.0, 'off_track')
    """
    lang = resolve(lang)
    as_of_date = _as_date(as_of, lang)
    on_track, at_risk = _probability("on_track", on_track, lang), _probability("at_risk", at_risk, lang)
    if plan is not None and not isinstance(plan, Plan):
        plan = _plan_from(plan, lang)
    if survey is not None and not isinstance(survey, Mapping):
        raise TypeError(t("error.survey_mapping", lang, type=type(survey).__name__))
    if not isinstance(reports, ReportSet):
        if reports is None:
            reports = example_reports(lang=lang) if plan is None else read_reports([], plan=plan, lang=lang)
        else:
            reports = read_reports(reports, plan=plan, lang=lang)
    if plan is not None and reports.plan.id != plan.id:
        raise SettingsError(t("error.plan_mismatch", lang, reports=reports.plan.id, plan=plan.id))
    plan = plan or reports.plan
    if history is not None:
        if not isinstance(history, ReportSet):
            history = read_reports(history, plan=plan, history=True, lang=lang)
        reports = reports.concat(history)
    settings = _settings(on_track, at_risk, milestone_warning_days, seed)
    text = as_of_date.isoformat()
    targets = pl.DataFrame(_chiso.scorecard(plan._core, reports._core, text, lang, **settings))
    if survey is not None:
        targets = _apply_survey(targets, survey, lang, on_track, at_risk)
    tasks = pl.DataFrame(_chiso.task_scorecard_table(plan._core, reports._core, text, lang))
    reporting = pl.DataFrame(_chiso.reporting_table(plan._core, reports._core, text, lang))
    return Scorecard(plan, reports, as_of_date, lang, targets, tasks, reporting)


def _apply_survey(targets: pl.DataFrame, survey: Mapping[str, Any], lang: str, on_track: float, at_risk: float) -> pl.DataFrame:
    """Replace the share targets' figures with the design-based survey estimate."""
    from chiso.survey import estimate_share, share_goal

    options = {k: v for k, v in survey.items() if k not in ("threshold", "level", "by", "overall", "lang", "on_track", "at_risk")}
    rows = []
    for row in targets.iter_rows(named=True):
        if row["kind"] != "share":
            rows.append(row)
            continue
        goal = share_goal(threshold=row["threshold"], level=0.95, on_track=on_track, at_risk=at_risk, lang=lang, **options)
        narrow = estimate_share(level=0.80, lang=lang, **{k: v for k, v in options.items() if k != "basis"})
        g, n80 = goal.row(0, named=True), narrow.row(0, named=True)
        method = options.get("method", "logit")
        row.update(
            latest_value=g["estimate"], projection=g["estimate"], pi95_low=g["ci_lower"], pi95_high=g["ci_upper"],
            pi80_low=n80["ci_lower"], pi80_high=n80["ci_upper"], probability=g["probability_posterior"],
            status=g["status"], status_label=t(f"status.{g['status']}", lang), model=f"survey_{method}",
            progress=g["estimate"] / row["threshold"] if row["threshold"] else None,
            gap=max(row["threshold"] - g["estimate"], 0.0), pace_per_month=None,
            note=t("note.survey_estimate", lang, method=method, n=g["n"], se=format_number(g["se"], 4, lang),
                   n_eff=format_number(g["n_effective"], 0, lang)),
            source=_survey_source(options.get("data")),
        )
        rows.append(row)
    return pl.DataFrame(rows, schema=targets.schema)


def _survey_source(data: object) -> str:
    """Name the survey as the source, saying so when its microdata is simulated."""
    if isinstance(data, pl.DataFrame) and "simulated" in data.columns and bool(data["simulated"].all()):
        return "survey (simulated)"
    return "survey"


def scorecards(
    reports: ReportSet | Sequence[ReportSet] | None = None,
    *,
    as_of: Sequence[str | _dt.date],
    lang: str | None = None,
    on_track: float = 0.8,
    at_risk: float = 0.5,
    milestone_warning_days: int = 92,
    seed: int = 2026,
) -> pl.DataFrame:
    """Build target scorecards for many dates (and many plans) in one call, as one long DataFrame.

    Parameters
    ----------
    reports : ReportSet or list of ReportSet, optional
        One report set per plan (each carries its plan); the shipped example by default.
    as_of : list of str or date
        Report dates.

    Returns
    -------
    polars.DataFrame
        The target scorecard columns, with ``plan_id`` and ``as_of`` telling the rows apart.

    Examples
    --------
    >>> import chiso
    >>> frame = chiso.scorecards(as_of=["2026-03-31", "2026-06-30", "2026-09-30"])
    >>> frame.height
    39
    """
    lang = resolve(lang)
    if isinstance(as_of, (str, _dt.date)):
        as_of = [as_of]
    if reports is None:
        sets = [example_reports(lang=lang)]
    elif isinstance(reports, ReportSet):
        sets = [reports]
    else:
        sets = list(reports)
    dates = [_as_date(d, lang).isoformat() for d in as_of]
    table = _chiso.scorecard_batch(
        [s.plan._core for s in sets], [s._core for s in sets], dates, lang,
        **_settings(on_track, at_risk, milestone_warning_days, seed),
    )
    return pl.DataFrame(table)


def scorecards_from_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    as_of: str | _dt.date | Sequence[str | _dt.date],
    plan: Plan | None = None,
    by_file: bool = False,
    strict: bool = True,
    progress: bool = True,
    lang: str | None = None,
    on_track: float = 0.8,
    at_risk: float = 0.5,
    milestone_warning_days: int = 92,
    seed: int = 2026,
) -> pl.DataFrame:
    """Read many report files, with a progress bar, and build their target scorecards as one long DataFrame.

    Reading is the slow part with many Excel files, so the bar counts files
    read. The scorecards are then built in one call, as in :func:`scorecards`.

    Parameters
    ----------
    paths : list of path
        Report files (``.csv`` or ``.xlsx``), for example one per agency or commune.
    as_of : str, date or list of them
        Report date or dates (``yyyy-mm-dd`` or ``dd/mm/yyyy``).
    plan : Plan, optional
        The plan; the shipped 2026 plan of Đồng Nai by default.
    by_file : bool, default False
        ``False`` reads all files as one set of reports, as
        :func:`read_reports` does with a list. ``True`` builds separate
        scorecards for each file and adds a ``file`` column.
    strict : bool, default True
        Raise :class:`ReportsError` when any row is rejected; with
        ``strict=False`` rejected rows are set aside.
    progress : bool, default True
        Show a progress bar (tqdm, the ``chiso[progress]`` extra) while reading.
    lang : {"vi", "en"}, optional
        Language of names, statuses and messages.
    on_track, at_risk, milestone_warning_days, seed
        Settings of the status rule, as in :func:`scorecard`.

    Returns
    -------
    polars.DataFrame
        The target scorecard columns with ``plan_id`` and ``as_of``, and
        ``file`` first when ``by_file=True``.

    Raises
    ------
    ReportsError
        In strict mode, when a row of any file is rejected.
    FileNotFoundError
        When a file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib, chiso
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> header = "item,period_end,value,basis,agency,reported_on\\n"
    >>> _ = (folder / "quy1.csv").write_text(header + "MT06,2026-03-14,4,ytd,Sở KH&CN,2026-03-11\\n", encoding="utf-8")
    >>> _ = (folder / "quy2.csv").write_text(header + "MT06,2026-06-14,9,ytd,Sở KH&CN,2026-06-10\\n", encoding="utf-8")
    >>> frame = chiso.scorecards_from_files(sorted(folder.glob("*.csv")), as_of=["2026-03-31", "2026-06-30"],
    ...                                     progress=False)
    >>> frame.filter(frame["target_id"] == "MT06")["latest_value"].to_list()
    [4.0, 9.0]
    """
    from chiso.progress import progress as progress_bar

    lang = resolve(lang)
    plan = plan or load_plan()
    dates = [as_of] if isinstance(as_of, (str, _dt.date)) else list(as_of)

    def build(reports: ReportSet) -> pl.DataFrame:
        return scorecards(reports, as_of=dates, lang=lang, on_track=on_track, at_risk=at_risk,
                          milestone_warning_days=milestone_warning_days, seed=seed)

    sets = []
    for path in progress_bar(list(paths), desc=t("report.reading_files", lang), disable=None if progress else True):
        sets.append(read_reports(path, plan=plan, strict=False, lang=lang))
    combined = _merge_report_sets(plan, sets)
    if strict and combined.rejected:
        first = combined.rejected_rows.row(0, named=True)
        error = ReportsError(
            t("error.reports_invalid", lang, count=combined.rejected_rows.height, file=first["file"], row=first["row"],
              column=first["column"], value=first["value"], problem=first["problem"], fix=first["fix"])
        )
        error.problems = combined.problems  # type: ignore[attr-defined]
        raise error

    if not by_file:
        return build(combined)
    if not sets:
        return build(combined).clear().select(pl.lit("").alias("file"), pl.all())
    frames = [build(reports).select(pl.lit(str(path)).alias("file"), pl.all()) for path, reports in zip(paths, sets)]
    return pl.concat(frames)


def _merge_report_sets(plan: Plan, sets: list[ReportSet]) -> ReportSet:
    """Merge report sets into one, as :func:`read_reports` does with a list of files."""
    if not sets:
        return read_reports([], plan=plan)
    merged = sets[0]._core
    for reports in sets[1:]:
        merged = merged.concat(reports._core)
    problems = [s.problems for s in sets if not s.problems.is_empty()]
    return ReportSet(
        plan, merged, pl.concat(problems, how="diagonal_relaxed") if problems else pl.DataFrame(),
        sum(s.rows_read for s in sets), [f for s in sets for f in s.files],
    )
