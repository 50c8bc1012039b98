"""chiso: monitor an innovation plan's targets from agencies' reports.

The main entry points:

- :func:`load_plan` reads a plan (the shipped 2026 plan of Đồng Nai by default);
- :func:`read_reports` reads agencies' reports from CSV, Excel or a polars DataFrame;
- :func:`scorecard` builds the target and task scorecards as of a date;
- :func:`scorecards` builds many scorecards (dates or plans) in one call;
- :func:`scorecards_from_files` reads many report files, with a progress bar, into one long table;
- :func:`write_report` writes the quarterly or annual report with charts (HTML or Excel).

Charts are in :mod:`chiso.plot` (needs matplotlib, the ``chiso[plot]`` extra).

Text shown to users is Vietnamese by default; :func:`set_language` switches to English.
"""

from chiso import forecast, index, survey
from chiso._chiso import __version__
from chiso.exceptions import (
    ChisoError,
    ComputeError,
    ForecastError,
    FrameworkError,
    PlanError,
    ReportsError,
    SchemaError,
    SettingsError,
    SurveyError,
)
from chiso.locale import get_language, set_language
from chiso.plan import Plan, load_plan
from chiso.report import write_report
from chiso.reports import ReportSet, example_reports, read_reports, validate_reports, write_template
from chiso.scorecard import Scorecard, scorecard, scorecards, scorecards_from_files

__all__ = [
    "ChisoError",
    "ComputeError",
    "ForecastError",
    "FrameworkError",
    "Plan",
    "PlanError",
    "ReportSet",
    "ReportsError",
    "SchemaError",
    "Scorecard",
    "SettingsError",
    "SurveyError",
    "__version__",
    "example_reports",
    "forecast",
    "get_language",
    "index",
    "load_plan",
    "read_reports",
    "scorecard",
    "scorecards",
    "scorecards_from_files",
    "set_language",
    "survey",
    "validate_reports",
    "write_report",
    "write_template",
]
