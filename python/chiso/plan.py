"""Plans: targets, tasks, the communes of the coverage list and the reporting calendar."""

from __future__ import annotations

import datetime as _dt
import os

import polars as pl

from chiso import _chiso
from chiso.locale import resolve


class Plan:
    """A plan loaded from its TOML file.

    Use :func:`load_plan` to make one. The tables are polars DataFrames.

    Examples
    --------
    >>> import chiso
    >>> plan = chiso.load_plan()
    >>> plan.targets.height, plan.tasks.height, plan.communes.height
    (13, 33, 41)
    """

    def __init__(self, core: _chiso.Plan) -> None:
        self._core = core

    @property
    def id(self) -> str:
        """Short identifier of the plan (``dong-nai-2026``)."""
        return self._core.id

    @property
    def title(self) -> str:
        """Title in the current language."""
        if resolve(None) == "en" and self._core.title_en:
            return self._core.title_en
        return self._core.title_vi

    @property
    def place(self) -> str:
        """Province or city the plan covers."""
        return self._core.place

    @property
    def year(self) -> int:
        """Plan year."""
        return self._core.year

    @property
    def start(self) -> _dt.date:
        """First day of the plan period."""
        return self._core.start

    @property
    def end(self) -> _dt.date:
        """Last day of the plan period."""
        return self._core.end

    @property
    def annual_due(self) -> _dt.date:
        """Due date of the annual report."""
        return self._core.annual_due

    @property
    def file(self) -> str:
        """File the plan was read from."""
        return self._core.file

    @property
    def targets(self) -> pl.DataFrame:
        """Targets: id, number, names, kind, threshold, unit, agencies, output, deadline, note."""
        return pl.DataFrame(self._core.targets_table(resolve(None)))

    @property
    def tasks(self) -> pl.DataFrame:
        """Tasks with their outputs parsed into minimum and maximum counts."""
        return pl.DataFrame(self._core.tasks_table(resolve(None)))

    @property
    def communes(self) -> pl.DataFrame:
        """Communes of the coverage list matched to the official list, with the kind of match."""
        return pl.DataFrame(self._core.communes_table())

    def quarter_ends(self) -> list[_dt.date]:
        """Return the quarter end dates within the plan period.

        Examples
        --------
        >>> import chiso
        >>> [d.month for d in chiso.load_plan().quarter_ends()]
        [3, 6, 9, 12]
        """
        return list(self._core.quarter_ends())

    def __repr__(self) -> str:
        return repr(self._core)


def load_plan(path: str | os.PathLike[str] | None = None, *, lang: str | None = None) -> Plan:
    """Load a plan from a TOML file, or the shipped 2026 plan of Đồng Nai.

    Parameters
    ----------
    path : str or path-like, optional
        Plan file in the chiso plan format. When omitted, the shipped plan is used.
    lang : {"vi", "en"}, optional
        Language of error messages; the current language by default.

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        When the file cannot be read or breaks the format; the message names
        the file, the item and the field.

    Examples
    --------
    >>> import chiso
    >>> plan = chiso.load_plan()
    >>> plan.id
    'dong-nai-2026'
    >>> plan.targets.filter(plan.targets["target_id"] == "MT08")["threshold"].item()
    0.1
    """
    lang = resolve(lang)
    core = _chiso.load_plan(None if path is None else os.fspath(path), lang)
    return Plan(core)


def parse_plan(text: str, *, file: str = "<text>", lang: str | None = None) -> Plan:
    """Parse a plan from TOML text.

    Examples
    --------
    >>> from chiso.plan import parse_plan
    >>> from chiso import _chiso
    >>> parse_plan(_chiso.shipped_file("thanh-hoa-2022.toml")).year
    2022
    """
    return Plan(_chiso.parse_plan(text, file, resolve(lang)))


def shipped_plan(name: str) -> Plan:
    """Return one of the plans shipped with chiso by file name.

    ``dong-nai-2026.toml`` (the default plan), ``vn-doanh-nghiep-2024.toml``
    and ``thanh-hoa-2022.toml`` (real public series tracked as count targets).

    Examples
    --------
    >>> from chiso.plan import shipped_plan
    >>> shipped_plan("vn-doanh-nghiep-2024.toml").targets["threshold"].item()
    159294.0
    """
    return parse_plan(_chiso.shipped_file(name), file=f"seeds/{name}")
