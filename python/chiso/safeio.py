"""Safe writing of output files.

Every output is written to a temporary file in the target folder and then
renamed over the target, so a reader never sees half a file. Text cells that
start with ``=``, ``+``, ``-`` or ``@`` are written as text, so no formula
runs when an analyst opens a CSV or Excel output; HTML escapes every value.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_cell(value: object) -> object:
    """Return a text cell prefixed with ``'`` when a spreadsheet would run it as a formula.

    Numbers are returned unchanged.

    Examples
    --------
    >>> neutralise_csv_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_csv_cell(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


#: Data files shipped in a ``seeds`` folder; the Rust core embeds them when it
#: is built, so writing over one in a source tree would corrupt the next build.
SHIPPED_SEEDS = frozenset({
    "dong-nai-2026.toml", "communes-dong-nai-2025.csv", "pii-scores.csv", "bao-cao-minh-hoa-2026.csv",
    "vn-doanh-nghiep-2024.toml", "vn-doanh-nghiep-2024.csv", "vn-doanh-nghiep-2019-2023.csv",
    "thanh-hoa-2022.toml", "thanh-hoa-2022.csv", "vn-enterprise-series-2019-2024.csv",
    "pii-indicators-khanh-hoa-2025.csv", "dong-nai-indicators.csv", "pii-pillars.csv",
    "ke-hoach-dong-nai-2026.txt",
})


def check_not_input(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], message: str) -> None:
    """Raise ``ValueError(message)`` when ``path`` is one of the input files or a shipped seed file.

    Examples
    --------
    >>> check_not_input("out.xlsx", ["in.csv"], "no")
    >>> check_not_input("seeds/dong-nai-2026.toml", [], "no")
    Traceback (most recent call last):
    ...
    ValueError: no
    """
    target = Path(path).resolve()
    if target.parent.name == "seeds" and target.name in SHIPPED_SEEDS:
        raise ValueError(message)
    for item in inputs:
        if Path(item).resolve() == target:
            raise ValueError(message)


def _set_default_mode(path: str) -> None:
    """Give the file the permissions a plain ``open()`` would (0666 less the umask).

    ``mkstemp`` creates files readable by their owner only, which would hide
    reports from colleagues on a shared drive.
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path beside ``path`` and move it over ``path`` on success.

    On error the temporary file is removed and ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = pathlib.Path(tmp).write_text("xin chào", encoding="utf-8")
    >>> (folder / "a.txt").read_text(encoding="utf-8")
    'xin chào'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        yield temporary
        _set_default_mode(temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
