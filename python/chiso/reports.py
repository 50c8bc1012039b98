"""Reports from agencies and communes: reading, validation and the template.

Reports are a tidy table with one value per row: ``item`` (a target
``MTxx`` or a task ``NVxx``), ``period_end``, ``value``, ``basis``
(``ytd`` year to date, or ``period``), ``numerator`` and ``denominator``
for shares, ``commune`` for coverage targets, ``agency``, ``reported_on``
(the vintage), ``source`` and ``note``. Headers may be English or the
Vietnamese headers of the template. Every vintage is kept: a later report
for the same period revises an earlier one only from its own date on.

All parsing and checks run in the Rust core, so CSV files, Excel workbooks
and DataFrames follow the same rules.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, Union

import polars as pl

from chiso import _chiso
from chiso.exceptions import ReportsError, SettingsError
from chiso.locale import resolve, t
from chiso.plan import Plan, load_plan
from chiso.safeio import atomic_path

NumberFormat = Literal["auto", "vi", "en"]
Source = Union[str, os.PathLike, pl.DataFrame]


class ReportSet:
    """Accepted report rows (every vintage) and the problems found reading them.

    Attributes
    ----------
    plan : Plan
        The plan the rows were checked against.
    problems : polars.DataFrame
        One row per problem: file, sheet, row, column, value, code, problem,
        fix, rejected. Rows with ``rejected = true`` were set aside.
    rows_read : int
        Data rows read from the inputs.

    Examples
    --------
    >>> import chiso
    >>> reports = chiso.example_reports()
    >>> reports.accepted > 100, reports.rejected
    (True, 0)
    """

    def __init__(self, plan: Plan, core: _chiso.Reports, problems: pl.DataFrame, rows_read: int, files: list[str]) -> None:
        self.plan = plan
        self._core = core
        self.problems = problems
        self.rows_read = rows_read
        self.files = files

    @property
    def accepted(self) -> int:
        """Number of rows accepted."""
        return len(self._core)

    @property
    def rejected(self) -> int:
        """Number of rows set aside because of a problem."""
        if self.problems.is_empty():
            return 0
        rejected = self.problems.filter(pl.col("rejected") & (pl.col("row") > 0))
        return rejected.select(pl.struct("file", "sheet", "row").n_unique()).item()

    @property
    def table(self) -> pl.DataFrame:
        """All accepted rows with the matched commune code, every vintage."""
        return pl.DataFrame(self._core.table())

    @property
    def rejected_rows(self) -> pl.DataFrame:
        """The problems of the rows that were set aside, for the user to fix."""
        return self.problems.filter(pl.col("rejected"))

    @property
    def illustrative(self) -> bool:
        """Whether any accepted row is marked as illustrative (source "minh họa")."""
        table = self.table
        if table.is_empty():
            return False
        return bool(table["source"].str.to_lowercase().str.contains("minh họa|minh hoạ|illustrative").any())

    def summary(self, lang: str | None = None) -> str:
        """Return the counts of accepted and rejected rows as a sentence.

        Examples
        --------
        >>> import chiso
        >>> chiso.example_reports().summary("en").startswith("Read ")
        True
        """
        return t("text.rows_read", lang, accepted=self.accepted, rejected=self.rejected)

    def __len__(self) -> int:
        return self.accepted

    def concat(self, other: ReportSet) -> ReportSet:
        """Return the rows and problems of both sets (for example reports and their history).

        Examples
        --------
        >>> import chiso
        >>> both = chiso.example_reports().concat(chiso.example_reports())
        >>> both.accepted == 2 * chiso.example_reports().accepted
        True
        """
        problems = pl.concat([self.problems, other.problems], how="diagonal_relaxed")
        return ReportSet(self.plan, self._core.concat(other._core), problems, self.rows_read + other.rows_read, self.files + other.files)

    def __repr__(self) -> str:
        return f"ReportSet(plan={self.plan.id!r}, accepted={self.accepted}, rejected={self.rejected}, problems={self.problems.height})"


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    columns = []
    for name in frame.columns:
        series = frame[name]
        if series.dtype == pl.Date:
            series = series.dt.strftime("%Y-%m-%d")
        elif series.dtype == pl.Datetime:
            series = series.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif series.dtype.is_float():
            series = pl.Series(name, [_cell_text(v) for v in series.to_list()], dtype=pl.String)
        columns.append(series.cast(pl.String).alias(str(name)))
    return pl.DataFrame(columns) if columns else pl.DataFrame()


def _file_problem(plan: Plan, path: Path, code: str, lang: str, **values: object) -> tuple[_chiso.Reports, pl.DataFrame, int]:
    """Return a whole-file problem (unreadable, empty) as a one-row problems table and no rows."""
    problems = pl.DataFrame(
        {
            "file": [str(path)], "sheet": [None], "row": [0], "column": [""], "value": [""], "code": [code],
            "problem": [t(f"problem.{code}", lang, **values)], "fix": [t(f"fix.{code}", lang, **values)],
            "rejected": [True],
        },
        schema_overrides={"sheet": pl.String, "row": pl.Int64},
    )
    empty = _chiso.read_reports_csv(plan._core, "item,period_end,reported_on\n", str(path), "auto", lang)[0]
    return empty, problems, 0


def _read_workbook(path: Path, plan: Plan, number_format: str, lang: str, history: bool = False) -> list[tuple[_chiso.Reports, pl.DataFrame, int]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated classes for damaged files
        return [_file_problem(plan, path, "file_unreadable", lang, reason=f"{type(error).__name__}: {error}")]

    results = []
    for sheet in workbook.worksheets:
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top_left = sheet.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top_left
        header_index = _find_header(grid)
        if header_index is None:
            continue
        header = [_cell_text(v) or "" for v in grid[header_index]]
        body = grid[header_index + 1:]
        data = {}
        for j, name in enumerate(header):
            key = name if name not in data else f"{name}#{j}"
            data[key] = [_cell_text(row[j]) if j < len(row) else None for row in body]
        frame = pl.DataFrame(data, schema={k: pl.String for k in data})
        core, problems, rows = _chiso.read_reports_table(
            plan._core, frame, str(path), sheet.title, header_index + 2, number_format, lang, history
        )
        results.append((core, pl.DataFrame(problems), rows))
    if not results:
        return [_file_problem(plan, path, "workbook_empty", lang)]
    return results


def _find_header(grid: list[list[object]]) -> int | None:
    """Index of the first row (within the first 15) that names at least three report columns."""
    for i, row in enumerate(grid[:15]):
        names = {_chiso.canonical_column(str(v)) for v in row if v is not None}
        names.discard(None)
        if len(names) >= 3 and "item" in names:
            return i
    return None


def _read_one(source: Source, plan: Plan, number_format: str, lang: str, history: bool = False) -> list[tuple[_chiso.Reports, pl.DataFrame, int, str]]:
    if isinstance(source, pl.DataFrame):
        text = _frame_as_text(source)
        core, problems, rows = _chiso.read_reports_table(plan._core, text, "<DataFrame>", None, 2, number_format, lang, history)
        return [(core, pl.DataFrame(problems), rows, "<DataFrame>")]

    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(t("error.file_not_found", lang, path=str(path)))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return [(c, p, r, str(path)) for c, p, r in _read_workbook(path, plan, number_format, lang, history)]
    if suffix in (".csv", ".txt", ""):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            reason = f"UTF-8: {error.reason} (byte {error.start})"
            return [(*_file_problem(plan, path, "file_unreadable", lang, reason=reason), str(path))]
        core, problems, rows = _chiso.read_reports_csv(plan._core, text, str(path), number_format, lang, history)
        return [(core, pl.DataFrame(problems), rows, str(path))]
    raise SettingsError(t("error.input_format", lang, path=str(path)))


def read_reports(
    sources: Source | Sequence[Source],
    *,
    plan: Plan | None = None,
    strict: bool = True,
    number_format: NumberFormat = "auto",
    history: bool = False,
    lang: str | None = None,
) -> ReportSet:
    """Read and check reports from CSV files, Excel workbooks or polars DataFrames.

    Parameters
    ----------
    sources : path, DataFrame, or a list of them
        CSV (UTF-8) and ``.xlsx`` files, or DataFrames with the report columns.
        In workbooks every sheet with a header row naming the report columns
        is read; extra title rows above the header and merged cells are handled.
    plan : Plan, optional
        Plan to check the rows against; the shipped plan by default.
    strict : bool, default True
        Raise :class:`ReportsError` when any row is rejected. With
        ``strict=False`` rejected rows are set aside and listed in
        :attr:`ReportSet.problems`.
    number_format : {"auto", "vi", "en"}, default "auto"
        How numbers with separators are read. ``"auto"`` rejects "1.234" and
        "1,234", which read differently in Vietnamese and English.
    history : bool, default False
        Accept rows of years before the plan year. They are history for the
        forecasting models that learn from earlier years (seasonal profile,
        overdispersion); rows after the plan year are still rejected.
    lang : {"vi", "en"}, optional
        Language of the problems table and errors.

    Returns
    -------
    ReportSet

    Raises
    ------
    ReportsError
        In strict mode, when a row is rejected. ``error.problems`` contains the table.
    FileNotFoundError
        When a file does not exist.

    Examples
    --------
    >>> import polars as pl, chiso
    >>> frame = pl.DataFrame({"item": ["MT06", "MT99"], "period_end": ["14/03/2026", "2026-03-14"],
    ...                       "value": ["4", "2"], "agency": ["Sở Khoa học và Công nghệ"] * 2,
    ...                       "reported_on": ["2026-03-12"] * 2})
    >>> reports = chiso.read_reports(frame, strict=False, lang="en")
    >>> reports.accepted, reports.rejected
    (1, 1)
    >>> reports.problems["code"].to_list()
    ['item_unknown']
    """
    lang = resolve(lang)
    if number_format not in ("auto", "vi", "en"):
        raise SettingsError(f"number_format={number_format!r}: use 'auto', 'vi' or 'en'")
    plan = plan or load_plan()
    items = _sources(sources, lang)

    cores, problem_tables, rows, files = [], [], 0, []
    for source in items:
        for core, problems, count, file in _read_one(source, plan, number_format, lang, history):
            cores.append(core)
            problem_tables.append(problems)
            rows += count
            files.append(file)

    merged = cores[0] if cores else _chiso.read_reports_csv(plan._core, "", "<empty>", number_format, lang)[0]
    for core in cores[1:]:
        merged = merged.concat(core)
    problems = pl.concat(problem_tables, how="diagonal_relaxed") if problem_tables else pl.DataFrame()
    result = ReportSet(plan, merged, problems, rows, files)

    if strict and not problems.is_empty() and problems["rejected"].any():
        first = problems.filter(pl.col("rejected")).row(0, named=True)
        error = ReportsError(
            t("error.reports_invalid", lang, count=int(problems["rejected"].sum()), file=first["file"],
              row=first["row"], column=first["column"], value=first["value"], problem=first["problem"], fix=first["fix"])
        )
        error.problems = problems  # type: ignore[attr-defined]
        error.reports = result  # type: ignore[attr-defined]
        raise error
    return result


def validate_reports(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    plan: Plan | None = None,
    number_format: NumberFormat = "auto",
    lang: str | None = None,
) -> tuple[pl.DataFrame, int, int]:
    """Check report files and return every problem, without keeping the rows.

    CSV files are read row by row in the Rust core, so memory does not grow
    with the file (a million rows validate in a few seconds); workbooks are
    read whole.

    Returns
    -------
    (problems, rows_read, rows_accepted)

    Examples
    --------
    >>> import tempfile, pathlib, chiso
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("item,period_end,value,agency,reported_on\\nMT06,2026-03-14,-4,A,2026-03-12\\n", encoding="utf-8")
    >>> problems, rows, accepted = chiso.validate_reports(path, lang="en")
    >>> problems["code"].to_list(), rows, accepted
    (['count_negative'], 1, 0)
    """
    lang = resolve(lang)
    plan = plan or load_plan()
    items = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    tables, rows, accepted = [], 0, 0
    for source in items:
        path = Path(source)
        if path.suffix.lower() == ".csv" and path.exists() and _is_utf8(path):
            table, count, good = _chiso.validate_csv_file(plan._core, str(path), number_format, lang)
            tables.append(pl.DataFrame(table))
            rows, accepted = rows + count, accepted + good
        else:
            result = read_reports(path, plan=plan, strict=False, number_format=number_format, lang=lang)
            tables.append(result.problems)
            rows, accepted = rows + result.rows_read, accepted + result.accepted
    problems = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame()
    return problems, rows, accepted


def _is_utf8(path: Path, chunk: int = 1 << 20) -> bool:
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(chunk):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _sources(sources: object, lang: str) -> list[Source]:
    """Check the type of ``sources`` and return them as a list."""
    if isinstance(sources, (str, os.PathLike, pl.DataFrame)):
        return [sources]
    if type(sources).__module__.startswith("pandas"):
        try:
            return [pl.from_pandas(sources)]
        except ImportError as error:
            raise TypeError(t("error.pandas", lang, reason=str(error))) from None
    if isinstance(sources, (list, tuple)):
        for item in sources:
            if not isinstance(item, (str, os.PathLike, pl.DataFrame)):
                raise TypeError(t("error.sources_type", lang, type=type(item).__name__))
        return list(sources)
    raise TypeError(t("error.sources_type", lang, type=type(sources).__name__))


def example_reports(*, lang: str | None = None) -> ReportSet:
    """Return the shipped illustrative reports for 2026 (Q1–Q3) on the shipped plan.

    The figures are invented for illustration, plausible in size against the
    published history; real 2026 reports are internal to the city.

    Examples
    --------
    >>> import chiso
    >>> chiso.example_reports().illustrative
    True
    """
    lang = resolve(lang)
    plan = load_plan()
    text = _chiso.shipped_file("bao-cao-minh-hoa-2026.csv")
    core, problems, rows = _chiso.read_reports_csv(plan._core, text, "seeds/bao-cao-minh-hoa-2026.csv", "auto", lang)
    return ReportSet(plan, core, pl.DataFrame(problems), rows, ["seeds/bao-cao-minh-hoa-2026.csv"])


def shipped_reports(name: str, plan: Plan, *, history: bool = False, lang: str | None = None) -> ReportSet:
    """Return shipped reports by file name (``vn-doanh-nghiep-2024.csv``, ``thanh-hoa-2022.csv`` …).

    Examples
    --------
    >>> from chiso.plan import shipped_plan
    >>> from chiso.reports import shipped_reports
    >>> plan = shipped_plan("vn-doanh-nghiep-2024.toml")
    >>> shipped_reports("vn-doanh-nghiep-2024.csv", plan).rejected
    0
    """
    lang = resolve(lang)
    core, problems, rows = _chiso.read_reports_csv(plan._core, _chiso.shipped_file(name), f"seeds/{name}", "auto", lang, history)
    return ReportSet(plan, core, pl.DataFrame(problems), rows, [f"seeds/{name}"])


def write_template(path: str | os.PathLike[str], *, plan: Plan | None = None, lang: str | None = None) -> Path:
    """Write the Excel reporting template that agencies and communes fill in.

    The workbook has a reports sheet with the Vietnamese headers, drop-down
    lists of valid ids, communes and bases, and a lists sheet with every
    target, task and commune of the plan. The file is written atomically.

    Examples
    --------
    >>> import tempfile, pathlib, chiso
    >>> path = chiso.write_template(pathlib.Path(tempfile.mkdtemp()) / "mau.xlsx")
    >>> path.name
    'mau.xlsx'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = resolve(lang)
    plan = plan or load_plan()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("sheet.reports", lang)
    headers = list(_chiso.REPORT_HEADERS_VI) if lang == "vi" else list(_chiso.REPORT_COLUMNS)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJK", (14, 14, 10, 14, 10, 10, 26, 30, 14, 20, 30)):
        sheet.column_dimensions[column].width = width

    lists = workbook.create_sheet(t("sheet.lists", lang))
    lists.append([t("label.target_id", lang), t("label.name", lang), t("label.kind", lang), t("label.unit", lang), "", t("label.reporter", lang)])
    items = [(r["target_id"], r["name_vi"] if lang == "vi" else r["name_en"], t(f"kind.{r['kind']}", lang), r["unit"]) for r in plan.targets.iter_rows(named=True)]
    items += [(r["task_id"], r["name_vi"] if lang == "vi" else r["name_en"], "", r["output_unit"] or "") for r in plan.tasks.iter_rows(named=True)]
    communes = plan.communes["name_in_plan"].to_list()
    for i in range(max(len(items), len(communes))):
        item = items[i] if i < len(items) else ("", "", "", "")
        lists.append([*item, "", communes[i] if i < len(communes) else ""])
    lists.column_dimensions["B"].width = 80
    lists.column_dimensions["F"].width = 26

    about = workbook.create_sheet(t("sheet.about", lang))
    about.append([plan.title])
    about.append([t("text.template_instructions", lang)])

    rows = 2000
    item_list = DataValidation(type="list", formula1=f"='{lists.title}'!$A$2:$A${len(items) + 1}", allow_blank=True)
    commune_list = DataValidation(type="list", formula1=f"='{lists.title}'!$F$2:$F${len(communes) + 1}", allow_blank=True)
    basis_list = DataValidation(type="list", formula1='"ytd,period,lũy kế,trong kỳ"', allow_blank=True)
    for validation, column in ((item_list, "A"), (commune_list, "G"), (basis_list, "D")):
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}{rows}")

    target = Path(path)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
