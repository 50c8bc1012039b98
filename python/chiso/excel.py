"""Formatted Excel workbooks of scorecards (openpyxl)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from chiso.locale import t

if TYPE_CHECKING:
    from chiso.scorecard import Scorecard

_FILLS = {
    "met": "1B7837", "done": "1B7837", "on_track": "5AAE61", "on_time": "5AAE61", "at_risk": "F1A340",
    "late": "F1A340", "off_track": "D73027", "overdue": "A50026", "missing": "A50026", "no_data": "878787",
    "not_due": "BABABA",
}


def _readable_codes(lang: str) -> dict[str, dict[str, str]]:
    """Words for the code columns a reader of the workbook sees (kind, reporter type, report column)."""
    from chiso import _chiso

    kinds = {k: t(f"kind.{k}", lang) for k in ("count", "share", "rank", "milestone", "coverage")}
    reporters = {k: t(f"text.reporter_{k}", lang) for k in ("agency", "commune")}
    headers = dict(zip(_chiso.REPORT_COLUMNS, _chiso.REPORT_HEADERS_VI)) if lang == "vi" else {}
    return {"kind": kinds, "reporter_type": reporters, "column": headers}


def _write_sheet(workbook, title: str, frame: pl.DataFrame, lang: str, status_column: str | None, heading: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = workbook.create_sheet(title)
    for line in heading:
        sheet.append([line])
    header_row = len(heading) + 1
    sheet.append([t(f"label.{c}", lang) for c in frame.columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    readable = _readable_codes(lang)
    percent_columns = {"progress", "probability"}
    value_columns = {"threshold", "latest_value", "gap", "projection", "pi80_low", "pi80_high", "pi95_low", "pi95_high"}
    for row in frame.iter_rows(named=True):
        sheet.append([None] * len(frame.columns))
        r = sheet.max_row
        for j, (name, value) in enumerate(row.items(), start=1):
            cell = sheet.cell(r, j)
            if isinstance(value, str):
                cell.value = readable.get(name, {}).get(value, value)
                cell.data_type = "s"  # text, even when it starts with "=": no formula runs
            else:
                cell.value = value
            if name in percent_columns and value is not None:
                cell.number_format = "0%"
            elif name in value_columns and row.get("kind") == "share" and value is not None:
                cell.number_format = "0.0%"
            elif name in value_columns and row.get("kind") in ("count", "coverage", "rank", "milestone"):
                cell.number_format = "#,##0"
            elif isinstance(value, float):
                cell.number_format = "#,##0" if value.is_integer() else "#,##0.0"
            if hasattr(value, "year"):
                cell.number_format = "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"
            if status_column and name == status_column.replace("_code", "") + "_label":
                status = row.get(status_column)
                if status in _FILLS:
                    cell.fill = PatternFill("solid", fgColor=_FILLS[status])
                    cell.font = Font(color="FFFFFF", bold=True)
    # Freeze the header and the first id column; filter on every column.
    sheet.freeze_panes = sheet.cell(header_row + 1, min(len(frame.columns), 4) if frame.width > 3 else 1)
    if frame.height:
        sheet.auto_filter.ref = f"A{header_row}:{sheet.cell(sheet.max_row, len(frame.columns)).coordinate}"
    for j, name in enumerate(frame.columns, start=1):
        width = 48 if name in ("name", "note", "output", "lead_agency", "problem", "fix", "source") else 14
        sheet.column_dimensions[sheet.cell(header_row, j).column_letter].width = width


def write_scorecard_workbook(card: Scorecard, path: str) -> None:
    """Write the workbook of a scorecard to ``path`` (the caller makes the write atomic)."""
    from openpyxl import Workbook

    lang = card.lang
    workbook = Workbook()
    workbook.remove(workbook.active)
    caveats = card.warnings()
    heading = [card.title(), *caveats, card.reports.summary(lang)]
    _write_sheet(workbook, t("sheet.targets", lang), card.targets, lang, "status", heading)
    tasks_title = t("text.tasks_title", lang, date=card.as_of.strftime("%d/%m/%Y"))
    _write_sheet(workbook, t("sheet.tasks", lang), card.tasks, lang, "status", [tasks_title, *caveats])
    _write_sheet(workbook, t("sheet.discipline", lang), card.reporting, lang, "timeliness", [t("text.discipline_title", lang), *caveats])
    problems = card.problems if not card.problems.is_empty() else pl.DataFrame({"problem": [t("text.no_problems", lang)]})
    _write_sheet(workbook, t("sheet.problems", lang), problems, lang, None, caveats)
    workbook.save(path)
