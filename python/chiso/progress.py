"""Progress bars for long loops: tqdm when it is installed, nothing otherwise.

:func:`progress` wraps an iterable in ``tqdm.auto.tqdm``, which draws a
widget in Jupyter (when ipywidgets is installed) and a text bar in a
terminal. Without tqdm (the ``chiso[progress]`` extra) it returns the
iterable unchanged, so callers never need to check.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def progress(
    iterable: Iterable[T],
    *,
    total: int | None = None,
    desc: str | None = None,
    disable: bool | None = None,
) -> Iterable[T]:
    """Wrap an iterable in a progress bar when tqdm is installed.

    Parameters
    ----------
    iterable : iterable
        The items to loop over.
    total : int, optional
        Number of items, for iterables without ``len()``.
    desc : str, optional
        Text shown before the bar.
    disable : bool, optional
        ``True`` hides the bar and ``False`` always shows it. ``None`` (the
        default) follows tqdm: a Jupyter widget is shown, and a text bar
        only when the output is a terminal.

    Returns
    -------
    iterable
        A tqdm bar over ``iterable``, or ``iterable`` itself without tqdm.

    Examples
    --------
    >>> from chiso.progress import progress
    >>> [x * 2 for x in progress(range(3), desc="Đọc tệp", disable=True)]
    [0, 2, 4]
    """
    if disable is True:
        return iterable
    try:
        with warnings.catch_warnings():
            # Without ipywidgets, tqdm.auto warns in Jupyter and falls back to the text bar, which is fine here.
            warnings.filterwarnings("ignore", message=".*IProgress not found.*")
            from tqdm.auto import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, total=total, desc=desc, disable=disable)
