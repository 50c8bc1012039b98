"""Exception classes of chiso.

Every error chiso raises on bad input derives from :class:`ChisoError`.
Messages follow the chosen language (Vietnamese by default).
"""

from chiso._chiso import (
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

__all__ = [
    "ChisoError",
    "ComputeError",
    "ForecastError",
    "FrameworkError",
    "PlanError",
    "ReportsError",
    "SchemaError",
    "SettingsError",
    "SurveyError",
]
