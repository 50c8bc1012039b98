"""Command-line interface: ``chiso scorecard``, ``chiso report``, ``chiso template`` and ``chiso validate``.

Help and messages are Vietnamese by default; ``--lang en`` switches to English.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from chiso._chiso import __version__
from chiso.exceptions import ChisoError
from chiso.locale import resolve, t


def _language_from_argv(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("vi", "en") else "vi"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("vi", "en") else "vi"
    return "vi"


def build_parser(lang: str) -> argparse.ArgumentParser:
    """Return the argument parser with help text in ``lang``."""
    parser = argparse.ArgumentParser(prog="chiso", description=t("cli.description", lang))
    parser.add_argument("--version", action="version", version=f"chiso {__version__}", help=t("cli.version", lang))
    commands = parser.add_subparsers(dest="command", required=True)

    card = commands.add_parser("scorecard", help=t("cli.scorecard", lang), description=t("cli.scorecard", lang))
    card.add_argument("--plan", help=t("cli.plan", lang))
    card.add_argument("--reports", action="append", help=t("cli.reports", lang))
    card.add_argument("--as-of", dest="as_of", help=t("cli.as_of", lang))
    card.add_argument("--out", help=t("cli.out", lang))
    card.add_argument("--lenient", action="store_true", help=t("cli.lenient", lang))
    card.add_argument("--number-format", dest="number_format", choices=("auto", "vi", "en"), default="auto", help=t("cli.number_format", lang))
    card.add_argument("--lang", choices=("vi", "en"), default="vi", help=t("cli.lang", lang))

    report = commands.add_parser("report", help=t("report.cli_help", lang), description=t("report.cli_help", lang))
    report.add_argument("--plan", help=t("cli.plan", lang))
    report.add_argument("--reports", action="append", help=t("cli.reports", lang))
    report.add_argument("--as-of", dest="as_of", help=t("cli.as_of", lang))
    report.add_argument("--out", required=True, help=t("report.cli_out", lang))
    report.add_argument("--kind", choices=("quarterly", "annual"), default="quarterly", help=t("report.cli_kind", lang))
    report.add_argument("--lenient", action="store_true", help=t("cli.lenient", lang))
    report.add_argument("--number-format", dest="number_format", choices=("auto", "vi", "en"), default="auto", help=t("cli.number_format", lang))
    report.add_argument("--lang", choices=("vi", "en"), default="vi", help=t("cli.lang", lang))

    template = commands.add_parser("template", help=t("cli.template", lang), description=t("cli.template", lang))
    template.add_argument("--plan", help=t("cli.plan", lang))
    template.add_argument("--out", default="mau-bao-cao.xlsx", help=t("cli.template_out", lang))
    template.add_argument("--lang", choices=("vi", "en"), default="vi", help=t("cli.lang", lang))

    validate = commands.add_parser("validate", help=t("cli.validate", lang), description=t("cli.validate", lang))
    validate.add_argument("reports", nargs="+", help=t("cli.validate_reports", lang))
    validate.add_argument("--plan", help=t("cli.plan", lang))
    validate.add_argument("--out", help=t("cli.validate_out", lang))
    validate.add_argument("--number-format", dest="number_format", choices=("auto", "vi", "en"), default="auto", help=t("cli.number_format", lang))
    validate.add_argument("--lang", choices=("vi", "en"), default="vi", help=t("cli.lang", lang))
    return parser


def _scorecard_from_args(args: argparse.Namespace):
    """Build the scorecard the options ask for, or return None after printing why it cannot."""
    import chiso

    plan = chiso.load_plan(args.plan, lang=args.lang) if args.plan else None
    reports = None
    if args.reports:
        try:
            reports = chiso.read_reports(args.reports, plan=plan, strict=not args.lenient,
                                         number_format=args.number_format, lang=args.lang)
        except chiso.ReportsError as error:
            print(f"chiso: {error}", file=sys.stderr)
            print(t("text.lenient_hint", args.lang), file=sys.stderr)
            return None
    return chiso.scorecard(reports, plan=plan, as_of=args.as_of, lang=args.lang)


def _run_scorecard(args: argparse.Namespace) -> int:
    card = _scorecard_from_args(args)
    if card is None:
        return 2
    print(card)
    if args.out:
        path = card.write(args.out)
        print(t("text.written", args.lang, path=str(path)))
    return 0


def _run_report(args: argparse.Namespace) -> int:
    import chiso

    card = _scorecard_from_args(args)
    if card is None:
        return 2
    path = chiso.write_report(card, args.out, kind=args.kind, lang=args.lang)
    print(t("text.written", args.lang, path=str(path)))
    return 0


def _run_template(args: argparse.Namespace) -> int:
    import chiso

    plan = chiso.load_plan(args.plan, lang=args.lang) if args.plan else None
    path = chiso.write_template(args.out, plan=plan, lang=args.lang)
    print(t("text.written", args.lang, path=str(path)))
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    import polars as pl

    import chiso
    from chiso.safeio import atomic_path, check_not_input

    plan = chiso.load_plan(args.plan, lang=args.lang) if args.plan else None
    problems, rows, accepted = chiso.validate_reports(args.reports, plan=plan, number_format=args.number_format, lang=args.lang)
    print(t("text.rows_read", args.lang, accepted=accepted, rejected=rows - accepted))
    if problems.is_empty():
        print(t("text.no_problems", args.lang))
    else:
        print(t("cli.problems_found", args.lang, count=problems.height, rows=rows))
        from chiso import _chiso

        headers = dict(zip(_chiso.REPORT_COLUMNS, _chiso.REPORT_HEADERS_VI)) if args.lang == "vi" else {}
        for row in problems.head(200).iter_rows(named=True):
            where = f"{row['file']}" + (f" [{row['sheet']}]" if row.get("sheet") else "") + f", {t('label.row', args.lang).lower()} {row['row']}"
            header = headers.get(row["column"], row["column"])
            column = f", {t('label.column', args.lang).lower()} \"{header}\"" if row["column"] else ""
            value = f" = \"{row['value']}\"" if row["value"] else ""
            print(f"- {where}{column}{value}: {row['problem']} {row['fix']}")
        if problems.height > 200:
            print(f"… (+{problems.height - 200})")
    if args.out:
        check_not_input(args.out, args.reports, t("error.overwrite_input", args.lang, path=args.out))
        frame = problems if not problems.is_empty() else pl.DataFrame({"problem": [t("text.no_problems", args.lang)]})
        with atomic_path(args.out) as temporary:
            if args.out.lower().endswith(".xlsx"):
                _write_problems_xlsx(frame, temporary, args.lang)
            else:
                from chiso.safeio import neutralise_csv_cell

                safe = frame.with_columns([pl.col(c).map_elements(neutralise_csv_cell, return_dtype=pl.String)
                                           for c, d in frame.schema.items() if d == pl.String])
                safe.write_csv(temporary)
        print(t("text.written", args.lang, path=args.out))
    return 1 if rows > accepted or (not problems.is_empty() and problems["rejected"].any()) else 0


def _write_problems_xlsx(frame, path: str, lang: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("sheet.problems", lang)
    sheet.append([t(f"label.{c}", lang) for c in frame.columns])
    for row in frame.iter_rows():
        sheet.append([None] * len(row))
        for j, value in enumerate(row, start=1):
            cell = sheet.cell(sheet.max_row, j)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    workbook.save(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = resolve(_language_from_argv(argv))
    args = build_parser(lang).parse_args(argv)
    try:
        if args.command == "scorecard":
            return _run_scorecard(args)
        if args.command == "report":
            return _run_report(args)
        if args.command == "template":
            return _run_template(args)
        return _run_validate(args)
    except BrokenPipeError:
        # The reader of the output (for example `head`) closed the pipe early.
        sys.stderr.close()
        return 0
    except (ChisoError, FileNotFoundError, ImportError, TypeError, ValueError) as error:
        print(f"chiso: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"chiso: {t('error.os', lang, path=error.filename or '', reason=error.strerror or error)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
