"""Language setting and formatting of numbers and dates.

One setting, :func:`set_language`, chooses Vietnamese (``"vi"``, the
default) or English (``"en"``) for labels, statuses, messages and formats.
Every string comes from the catalogue compiled into the core, one per
language, with the same keys.
"""

from __future__ import annotations

import datetime as _dt
import math
from functools import lru_cache
from typing import Literal

from chiso import _chiso
from chiso.exceptions import SettingsError

Language = Literal["vi", "en"]

_current: list[Language] = ["vi"]


def set_language(lang: Language) -> None:
    """Set the language of labels, statuses, messages and formats.

    Parameters
    ----------
    lang : {"vi", "en"}
        ``"vi"`` for Vietnamese (the default), ``"en"`` for English.

    Raises
    ------
    SettingsError
        When ``lang`` is neither ``"vi"`` nor ``"en"``.

    Examples
    --------
    >>> import chiso
    >>> chiso.set_language("en")
    >>> chiso.get_language()
    'en'
    >>> chiso.set_language("vi")
    """
    _current[0] = resolve(lang)


def get_language() -> Language:
    """Return the current language code.

    Examples
    --------
    >>> import chiso
    >>> chiso.get_language()
    'vi'
    """
    return _current[0]


def resolve(lang: str | None) -> Language:
    """Return ``lang`` checked, or the current language when it is None.

    Examples
    --------
    >>> resolve(None) in ("vi", "en")
    True
    """
    if lang is None:
        return _current[0]
    code = str(lang).strip().lower()
    if code in ("vi", "vi-vn", "vi_vn"):
        return "vi"
    if code in ("en", "en-us", "en-gb"):
        return "en"
    raise SettingsError(
        f"Ngôn ngữ \"{lang}\" không được hỗ trợ; dùng vi hoặc en. "
        f"(Language \"{lang}\" is not supported; use vi or en.)"
    )


@lru_cache(maxsize=2)
def catalogue(lang: Language) -> dict[str, str]:
    """Return the whole catalogue of a language, keys flattened with dots.

    Examples
    --------
    >>> catalogue("vi")["status.met"]
    'Đã đạt'
    """
    return dict(_chiso.messages(lang))


def t(key: str, lang: str | None = None, **values: object) -> str:
    """Return the text of ``key`` in a language, with ``{name}`` filled from ``values``.

    Examples
    --------
    >>> t("status.on_track", "en")
    'On track'
    >>> t("text.written", "vi", path="a.xlsx")
    'Đã ghi a.xlsx.'
    """
    text = catalogue(resolve(lang)).get(key, key)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def format_number(value: float | int | None, decimals: int = 0, lang: str | None = None) -> str:
    """Format a number: decimal comma in Vietnamese, decimal point in English.

    Missing values and NaN give an empty string.

    Examples
    --------
    >>> format_number(12345.678, 1, "vi")
    '12.345,7'
    >>> format_number(0.5, 2, "en")
    '0.50'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _chiso.format_number(float(value), decimals, resolve(lang))


def format_percent(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """Format a share (0–1) as a percentage.

    Examples
    --------
    >>> format_percent(0.0762, 1, "vi")
    '7,6%'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_number(100.0 * value, decimals, lang) + "%"


def format_date(value: _dt.date | None, lang: str | None = None) -> str:
    """Format a date: ``dd/mm/yyyy`` in Vietnamese, ISO in English.

    Examples
    --------
    >>> import datetime
    >>> format_date(datetime.date(2026, 9, 30), "vi")
    '30/09/2026'
    """
    if value is None:
        return ""
    if resolve(lang) == "vi":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def format_quarter(value: _dt.date, lang: str | None = None) -> str:
    """Name the quarter of a date: "Quý IV/2026" or "Q4 2026".

    Examples
    --------
    >>> import datetime
    >>> format_quarter(datetime.date(2026, 11, 15), "vi")
    'Quý IV/2026'
    """
    quarter = (value.month - 1) // 3 + 1
    if resolve(lang) == "vi":
        return f"Quý {('I', 'II', 'III', 'IV')[quarter - 1]}/{value.year}"
    return f"Q{quarter} {value.year}"
