"""Progress bars: tqdm when installed, the plain iterable otherwise."""

import sys

from chiso.progress import progress


def test_progress_yields_every_item():
    assert list(progress(range(5), disable=True)) == [0, 1, 2, 3, 4]
    assert list(progress(iter("abc"), total=3, disable=False)) == ["a", "b", "c"]


def test_progress_shows_bar_when_enabled(capsys):
    list(progress(range(3), desc="Đọc tệp", disable=False))
    err = capsys.readouterr().err
    assert "Đọc tệp" in err
    assert "3/3" in err


def test_progress_hidden_by_default_off_terminal(capsys):
    list(progress(range(3), desc="Đọc tệp"))
    assert "Đọc tệp" not in capsys.readouterr().err


def test_progress_without_tqdm(monkeypatch):
    for name in [m for m in sys.modules if m == "tqdm" or m.startswith("tqdm.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    items = [1, 2]
    assert progress(items, disable=False) is items
