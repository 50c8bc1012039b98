"""Quarterly and annual scorecard reports: one HTML page or one Excel workbook, with charts.

A report contains the title ("Quý III/2026" for a quarterly report, the year
for an annual one), the counts of targets by status, the charts of
:mod:`chiso.plot`, the target and task scorecards, the reporting record
and the problems found in the data. The annual report adds the status of
every target at each quarter end. When the figures are illustrative, the
report says so under its title.

Charts need matplotlib (the ``chiso[plot]`` extra).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl

from chiso import _chiso
from chiso.exceptions import SettingsError
from chiso.locale import format_date, format_quarter, resolve, t
from chiso.safeio import atomic_path, check_not_input

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from chiso.scorecard import Scorecard

ReportKind = Literal["quarterly", "annual"]

STATUS_ORDER = ("met", "on_track", "at_risk", "off_track", "overdue", "no_data")

_CHART_DPI = 110


def status_counts(targets: pl.DataFrame, *, lang: str | None = None) -> pl.DataFrame:
    """Count the targets of a scorecard by status, in the order met, on track, at risk, off track, overdue, no data.

    Parameters
    ----------
    targets : polars.DataFrame
        A target scorecard (``Scorecard.targets``), with a ``status`` column.
    lang : {"vi", "en"}, optional
        Language of the ``status_label`` column.

    Returns
    -------
    polars.DataFrame
        ``status`` (str), ``status_label`` (str) and ``count`` (int), one row
        per status that occurs.

    Examples
    --------
    >>> import chiso
    >>> from chiso.report import status_counts
    >>> status_counts(chiso.scorecard(as_of="2026-09-30").targets, lang="en").rows()
    [('at_risk', 'At risk', 3), ('off_track', 'Off track', 10)]
    """
    lang = resolve(lang)
    present = targets["status"].to_list()
    known = [s for s in STATUS_ORDER if s in present]
    others = sorted({s for s in present if s not in STATUS_ORDER})
    statuses = known + others
    return pl.DataFrame(
        {
            "status": statuses,
            "status_label": [t(f"status.{s}", lang) for s in statuses],
            "count": [present.count(s) for s in statuses],
        },
        schema={"status": pl.String, "status_label": pl.String, "count": pl.Int64},
    )


def status_summary_text(targets: pl.DataFrame, *, lang: str | None = None) -> str:
    """Return one line with the number of targets in each status.

    Examples
    --------
    >>> import chiso
    >>> from chiso.report import status_summary_text
    >>> status_summary_text(chiso.scorecard(as_of="2026-09-30").targets, lang="vi")
    'Trạng thái của 13 mục tiêu: Có nguy cơ 3, Chậm tiến độ 10'
    """
    lang = resolve(lang)
    counts = status_counts(targets, lang=lang)
    parts = ", ".join(f"{label} {count}" for label, count in counts.select("status_label", "count").iter_rows())
    return f"{t('report.status_summary', lang, count=targets.height)}: {parts}"


def status_summary_html(targets: pl.DataFrame, *, lang: str | None = None) -> str:
    """Return the status counts as a row of coloured labels, every text escaped.

    Examples
    --------
    >>> import chiso
    >>> from chiso.report import status_summary_html
    >>> "Chậm tiến độ: 10" in status_summary_html(chiso.scorecard(as_of="2026-09-30").targets)
    True
    """
    from chiso.scorecard import STATUS_COLOURS

    lang = resolve(lang)
    counts = status_counts(targets, lang=lang)
    chips = [
        f"<span style=\"background:{STATUS_COLOURS.get(status, '#878787')};color:#fff;padding:2px 8px;"
        f"margin-right:6px;border-radius:3px\">{html.escape(label)}: {count}</span>"
        for status, label, count in counts.iter_rows()
    ]
    heading = html.escape(t("report.status_summary", lang, count=targets.height))
    return f"<p class=\"chiso-summary\"><strong>{heading}:</strong> {''.join(chips)}</p>"


def report_title(card: Scorecard, *, kind: ReportKind = "quarterly", lang: str | None = None) -> str:
    """Return the title of a report: the quarter of ``card.as_of`` ("Quý III/2026") or its year.

    Examples
    --------
    >>> import chiso
    >>> from chiso.report import report_title
    >>> report_title(chiso.scorecard(as_of="2026-09-30"), kind="quarterly")[:20]
    'Báo cáo Quý III/2026'
    >>> report_title(chiso.scorecard(as_of="2026-09-30", lang="en"), kind="annual")[:18]
    '2026 annual report'
    """
    lang = resolve(lang or card.lang)
    _check_kind(kind, lang)
    plan = _plan_title(card, lang)
    if kind == "quarterly":
        return t("report.quarterly_title", lang, plan=plan, quarter=format_quarter(card.as_of, lang))
    return t("report.annual_title", lang, plan=plan, year=card.as_of.year)


def write_report(
    card: Scorecard,
    path: str | os.PathLike[str],
    *,
    kind: ReportKind = "quarterly",
    lang: str | None = None,
) -> Path:
    """Write the quarterly or annual report of a scorecard as one HTML page or one Excel workbook.

    The format follows the extension. ``.html`` writes a self-contained page:
    the charts are embedded as PNG images and every value is HTML-escaped.
    ``.xlsx`` writes the scorecard workbook of :meth:`Scorecard.write` with a
    first sheet of charts. The file is written atomically and never over one
    of the report files read.

    Parameters
    ----------
    card : Scorecard
        The scorecard to report.
    path : str or path-like
        Output file, ``.html``/``.htm`` or ``.xlsx``.
    kind : {"quarterly", "annual"}, default "quarterly"
        ``"quarterly"`` titles the report with the quarter of ``card.as_of``
        and lists the reporting of that quarter. ``"annual"`` titles it with
        the year, lists the reporting of every quarter and adds the status of
        each target at each quarter end.
    lang : {"vi", "en"}, optional
        Language of the report; the scorecard's language by default.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    SettingsError
        For an unknown ``kind`` or extension.
    ValueError
        When ``path`` is one of the input files.
    ImportError
        When matplotlib is not installed.

    Examples
    --------
    >>> import tempfile, pathlib, chiso
    >>> from chiso.report import write_report
    >>> card = chiso.scorecard(as_of="2026-09-30")
    >>> page = write_report(card, pathlib.Path(tempfile.mkdtemp()) / "bao-cao-quy.html")
    >>> "Quý III/2026" in page.read_text(encoding="utf-8")
    True
    """
    lang = resolve(lang or card.lang)
    _check_kind(kind, lang)
    target = Path(path)
    check_not_input(target, card.reports.files, t("error.overwrite_input", lang, path=str(target)))
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".xlsx"):
        raise SettingsError(t("report.format_unknown", lang, path=str(target)))

    card = _in_language(card, lang)
    charts = _charts(card, lang)
    if suffix == ".xlsx":
        _write_workbook(card, target, kind, lang, charts)
    else:
        page = _html_page(card, kind, lang, charts)
        with atomic_path(target) as temporary:
            Path(temporary).write_text(page, encoding="utf-8")
    return target


def _check_kind(kind: str, lang: str) -> None:
    if kind not in ("quarterly", "annual"):
        raise SettingsError(t("report.kind_invalid", lang, value=kind))


def _plan_title(card: Scorecard, lang: str) -> str:
    core = card.plan._core
    return core.title_en if lang == "en" and core.title_en else core.title_vi


def _in_language(card: Scorecard, lang: str) -> Scorecard:
    """Return the scorecard with its text columns in ``lang``, keeping its statuses and forecasts."""
    from chiso.scorecard import Scorecard, scorecard

    if lang == card.lang:
        return card
    # NOTE: the rebuilt scorecard uses the default status thresholds. Only its
    # text columns are taken, so statuses and forecasts stay those of `card`.
    rebuilt = scorecard(card.reports, plan=card.plan, as_of=card.as_of, lang=lang)
    labels = [t(f"status.{s}", lang) for s in card.targets["status"].to_list()]
    targets = card.targets.with_columns(
        rebuilt.targets["name"], rebuilt.targets["unit"], rebuilt.targets["note"],
        pl.Series("status_label", labels, dtype=pl.String),
    )
    return Scorecard(card.plan, card.reports, card.as_of, lang, targets, rebuilt.tasks, rebuilt.reporting)


# -- charts --------------------------------------------------------------------


def _charts(card: Scorecard, lang: str) -> list[tuple[str, bytes]]:
    """Draw the report's charts: captions and PNG bytes, progress bars first, then a fan chart per count target."""
    from chiso import plot

    charts = [(t("report.chart_progress", lang), _png(plot.progress_bars(card, lang=lang)))]
    cumulative = card.targets.filter(pl.col("kind").is_in(["count", "coverage"]))
    for target_id, name in cumulative.select("target_id", "name").iter_rows():
        figure = plot.fan_chart(card, target_id, lang=lang)
        charts.append((t("report.chart_fan", lang, target=f"{target_id} {name}"), _png(figure)))
    return charts


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_CHART_DPI)
    return buffer.getvalue()


# -- tables --------------------------------------------------------------------


def _reporting_rows(card: Scorecard, kind: str) -> pl.DataFrame:
    """Select the reporting record of the report's quarter (quarterly) or of every quarter (annual)."""
    if kind == "annual":
        return card.reporting
    quarter_end = _quarter_end(card.as_of)
    rows = card.reporting.filter(pl.col("quarter_end") == quarter_end)
    return rows if not rows.is_empty() else card.reporting


def _quarter_end(day: _dt.date) -> _dt.date:
    last_month = ((day.month - 1) // 3) * 3 + 3
    if last_month == 12:
        return _dt.date(day.year, 12, 31)
    return _dt.date(day.year, last_month + 1, 1) - _dt.timedelta(days=1)


def _status_history(card: Scorecard, lang: str) -> pl.DataFrame:
    """Tabulate each target's status label at each quarter end before ``card.as_of``, then at ``card.as_of``.

    NOTE: the earlier quarters use the default status thresholds, because a
    Scorecard does not keep its settings. The last column is the scorecard itself.
    """
    from chiso.scorecard import scorecards

    dates = [d for d in card.plan.quarter_ends() if d < card.as_of]
    history = {t("label.target_id", lang): card.targets["target_id"].to_list()}
    if dates:
        frame = scorecards(card.reports, as_of=dates, lang=lang)
        for day in dates:
            statuses = frame.filter(pl.col("as_of") == day).sort("number")["status"].to_list()
            history[format_quarter(day, lang)] = [t(f"status.{s}", lang) for s in statuses]
    history[format_date(card.as_of, lang)] = card.targets["status_label"].to_list()
    return pl.DataFrame(history, schema={k: pl.String for k in history})


def _plain_table(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for row in frame.iter_rows()
    )
    return f"<table class=\"chiso\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# -- HTML ----------------------------------------------------------------------

_REPORT_CSS = (
    "h1{font-size:1.35em;color:#1f4e79}h2{font-size:1.15em;color:#1f4e79;margin-top:1.6em}"
    ".chiso-warning{background:#fff3cd;border:1px solid #f1a340;padding:6px 10px}"
    "figure{margin:1em 0}figcaption{font-size:0.9em;color:#444}img{max-width:100%;height:auto}"
)


def _html_page(card: Scorecard, kind: str, lang: str, charts: list[tuple[str, bytes]]) -> str:
    from chiso.scorecard import _CSS, _display, _html_table

    title = report_title(card, kind=kind, lang=lang)  # type: ignore[arg-type]
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p>{html.escape(t('report.data_as_of', lang, date=format_date(card.as_of, lang)))}</p>"]
    for warning in card.warnings():
        parts.append(f"<p class=\"chiso-warning\"><strong>{html.escape(warning)}</strong></p>")
    parts.append(f"<p>{html.escape(card.reports.summary(lang))}</p>")

    parts.append(f"<h2>{html.escape(t('report.summary_heading', lang))}</h2>")
    parts.append(status_summary_html(card.targets, lang=lang))

    parts.append(f"<h2>{html.escape(t('report.charts_heading', lang))}</h2>")
    for caption, png in charts:
        data = base64.b64encode(png).decode("ascii")
        alt = html.escape(caption)
        parts.append(f"<figure><img src=\"data:image/png;base64,{data}\" alt=\"{alt}\"><figcaption>{alt}</figcaption></figure>")

    parts.append(f"<h2>{html.escape(t('report.targets_heading', lang))}</h2>")
    parts.append(_html_table(card.display_targets(), card.targets["status"].to_list()))
    if kind == "annual":
        parts.append(f"<h2>{html.escape(t('report.history_heading', lang))}</h2>")
        parts.append(_plain_table(_status_history(card, lang)))

    parts.append(f"<h2>{html.escape(t('report.tasks_heading', lang))}</h2>")
    parts.append(_html_table(card.display_tasks(), card.tasks["status"].to_list()))

    reporting = _reporting_rows(card, kind)
    parts.append(f"<h2>{html.escape(t('report.discipline_heading', lang))}</h2>")
    parts.append(_html_table(_display(reporting, ["quarter", "due", "reporter", "first_report", "timeliness_label"], lang),
                             reporting["timeliness"].to_list()))

    if not card.problems.is_empty():
        parts.append(f"<h2>{html.escape(t('report.problems_heading', lang))}</h2>")
        columns = ["file", "sheet", "row", "column", "value", "problem", "fix"]
        parts.append(_plain_table(card.problems.select(columns).rename({c: t(f"label.{c}", lang) for c in columns})))

    parts.append(f"<p><small>{html.escape(t('report.generated', lang, version=_chiso.__version__))}</small></p>")
    body = "\n".join(parts)
    return (
        f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}{_REPORT_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


# -- Excel ---------------------------------------------------------------------


def _write_workbook(card: Scorecard, path: Path, kind: str, lang: str, charts: list[tuple[str, bytes]]) -> None:
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font, PatternFill

    from chiso.excel import _FILLS, write_scorecard_workbook

    with atomic_path(path) as temporary:
        write_scorecard_workbook(card, temporary)
        # A file object, because openpyxl rejects the .tmp extension of a path.
        with open(temporary, "rb") as handle:
            workbook = load_workbook(handle)
        sheet = workbook.create_sheet(t("report.sheet_charts", lang), 0)
        sheet.append([report_title(card, kind=kind, lang=lang)])  # type: ignore[arg-type]
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([t("report.data_as_of", lang, date=format_date(card.as_of, lang))])
        for warning in card.warnings():
            sheet.append([warning])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="A50026")
        sheet.append([t("report.status_summary", lang, count=card.targets.height)])
        for status, label, count in status_counts(card.targets, lang=lang).iter_rows():
            sheet.append([label, count])
            sheet.cell(sheet.max_row, 1).data_type = "s"
            if status in _FILLS:
                sheet.cell(sheet.max_row, 1).fill = PatternFill("solid", fgColor=_FILLS[status])
                sheet.cell(sheet.max_row, 1).font = Font(color="FFFFFF", bold=True)
        sheet.column_dimensions["A"].width = 24

        row = sheet.max_row + 2
        for caption, png in charts:
            sheet.cell(row, 1, caption).font = Font(bold=True)
            image = Image(io.BytesIO(png))
            sheet.add_image(image, f"A{row + 1}")
            # Default rows are 20 pixels high, so skip the image's height in rows plus a gap.
            row += 2 + int(image.height / 20) + 1
        workbook.active = 0
        workbook.save(temporary)
