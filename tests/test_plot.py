"""Charts rendered headless: figures, bars, Vietnamese labels and the PNG and SVG files."""

import sys

import matplotlib

matplotlib.use("Agg")

import polars as pl  # noqa: E402
import pytest  # noqa: E402

import chiso  # noqa: E402
from chiso import plot  # noqa: E402


@pytest.fixture(scope="module")
def card():
    return chiso.scorecard(as_of="2026-09-30")


@pytest.fixture
def ranks():
    return pl.DataFrame({
        "unit": ["Đồng Nai", "Bình Dương", "Hà Nội", "Thành phố Hồ Chí Minh"],
        "nominal": [12, 3, 2, 1],
        "median": [11.0, 3.0, 2.0, 1.0],
        "q05": [8.0, 2.0, 1.0, 1.0],
        "q95": [15.0, 5.0, 3.0, 2.0],
    })


@pytest.fixture
def pillars():
    return pl.DataFrame({
        "unit": ["Đồng Nai", "Hà Nội", "Bình Phước"],
        "inputs": [10.5, 14.0, 6.0],
        "outputs": [8.0, 12.5, -1.5],
        "linkages": [3.0, 4.0, 2.0],
    })


def assert_written(paths):
    for path in paths:
        assert path.exists(), path
        assert path.stat().st_size > 1000, path


def texts(axes):
    return [label.get_text() for label in axes.get_yticklabels()] + [axes.get_title(), axes.get_xlabel(), axes.get_ylabel()]


def test_progress_bars_one_bar_per_target(card, tmp_path):
    figure = plot.progress_bars(card, save=tmp_path / "tien-do")
    axes = figure.axes[0]
    assert len(axes.containers) == 2  # the bars and the grey track behind them
    assert len(axes.containers[0]) == 13
    assert axes.get_xlabel() == "Tỷ lệ so với chỉ tiêu"
    assert axes.get_title() == "Tiến độ các mục tiêu tính đến ngày 30/09/2026"
    assert axes.get_yticklabels()[5].get_text().startswith("MT06 Có ít nhất 20")
    assert_written([tmp_path / "tien-do.png", tmp_path / "tien-do.svg"])


def test_progress_bars_status_colours(card):
    from matplotlib.colors import to_hex

    from chiso.scorecard import STATUS_COLOURS

    bars = plot.progress_bars(card).axes[0].containers[0]
    expected = [STATUS_COLOURS[s] for s in card.targets["status"].to_list()]
    assert [to_hex(bar.get_facecolor()) for bar in bars] == expected


def test_progress_bars_lengths_relative(card):
    bars = plot.progress_bars(card).axes[0].containers[0]
    widths = {row["target_id"]: bar.get_width() for row, bar in zip(card.targets.iter_rows(named=True), bars)}
    assert widths["MT06"] == pytest.approx(12 / 20)
    assert widths["MT01"] == pytest.approx(5 / 12)  # rank 12 against the top-5 threshold
    assert widths["MT02"] == 0.0  # milestone not done
    track = plot.progress_bars(card).axes[0].containers[1]
    assert [bar.get_width() for bar in track] == [1.0] * 13


def test_progress_bars_decimal_comma(card):
    figure = plot.progress_bars(card)
    figure.canvas.draw()
    annotations = [text.get_text() for text in figure.axes[0].texts]
    assert "7,6% / 10,0%" in annotations  # MT08, a share
    assert "hạng 12, chỉ tiêu: hạng 5" in annotations  # MT01, a rank
    ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert "100%" in ticks


def test_progress_bars_english(card):
    figure = plot.progress_bars(chiso.scorecard(as_of="2026-09-30", lang="en"))
    assert figure.axes[0].get_xlabel() == "Share of the threshold"
    assert "7.6% / 10.0%" in [text.get_text() for text in figure.axes[0].texts]


def test_fan_chart_path_and_band(card, tmp_path):
    figure = plot.fan_chart(card, "MT06", save=[tmp_path / "mt06.png", tmp_path / "mt06.svg"])
    axes = figure.axes[0]
    path_line = axes.lines[0]
    assert list(path_line.get_ydata()) == [0.0, 4.0, 9.0, 12.0]
    assert len(axes.collections) == 2  # the 95 % and 80 % bands
    row = card.targets.filter(pl.col("target_id") == "MT06").row(0, named=True)
    band80 = axes.collections[1].get_paths()[0].vertices[:, 1]
    assert band80.min() == pytest.approx(min(row["latest_value"], row["pi80_low"]))
    assert band80.max() == pytest.approx(row["pi80_high"])
    assert axes.get_title() == "MT06: số lũy kế đến thời hạn 31/12/2026"
    assert_written([tmp_path / "mt06.png", tmp_path / "mt06.svg"])


def test_fan_chart_path_matches_scorecard(card):
    cumulative = card.targets.filter(pl.col("kind").is_in(["count", "coverage"]), pl.col("latest_value").is_not_null())
    for target_id, latest in cumulative.select("target_id", "latest_value").iter_rows():
        path = plot.cumulative_path(card.reports, target_id, as_of=card.as_of)
        assert path["value"][-1] == latest, target_id


def test_fan_chart_revision_seen_only_after_date():
    reports = chiso.example_reports()
    before = plot.cumulative_path(reports, "MT06", as_of="2026-07-01")["value"].to_list()
    after = plot.cumulative_path(reports, "MT06", as_of="2026-07-08")["value"].to_list()
    assert before == [4.0, 8.0]
    assert after == [4.0, 9.0]


def test_fan_chart_period_basis_adds_up():
    frame = pl.DataFrame({
        "item": ["MT10", "MT10", "MT10"], "period_end": ["2026-03-14", "2026-06-14", "2026-09-14"],
        "value": ["3", "4", "5"], "basis": ["period"] * 3, "agency": ["Sở Tài chính"] * 3,
        "reported_on": ["2026-03-12", "2026-06-12", "2026-09-12"],
    })
    card = chiso.scorecard(frame, as_of="2026-09-30")
    assert plot.cumulative_path(card.reports, "MT10")["value"].to_list() == [3.0, 7.0, 12.0]
    assert card.targets.filter(pl.col("target_id") == "MT10")["latest_value"].item() == 12.0


def test_fan_chart_rejects_other_kinds(card):
    with pytest.raises(chiso.SettingsError, match="MT08"):
        plot.fan_chart(card, "MT08")
    with pytest.raises(chiso.SettingsError, match="MT99"):
        plot.fan_chart(card, "MT99")


def test_fan_chart_given_path(card):
    path = pl.DataFrame({"period_end": [card.as_of], "value": [5.0]})
    figure = plot.fan_chart(card, "MT06", path=path)
    assert list(figure.axes[0].lines[0].get_ydata()) == [0.0, 5.0]
    with pytest.raises(chiso.SchemaError, match="period_end"):
        plot.fan_chart(card, "MT06", path=pl.DataFrame({"value": [1.0]}))


def test_rank_intervals_one_interval_per_unit(ranks, tmp_path):
    figure = plot.rank_intervals(ranks, nominal_col="nominal", save=tmp_path / "hang")
    axes = figure.axes[0]
    assert len(axes.collections[0].get_segments()) == 4
    assert [label.get_text() for label in axes.get_yticklabels()] == [
        "Thành phố Hồ Chí Minh", "Hà Nội", "Bình Dương", "Đồng Nai"]
    assert axes.get_xlabel() == "Thứ hạng"
    assert_written([tmp_path / "hang.png", tmp_path / "hang.svg"])


def test_rank_intervals_column_names(ranks):
    renamed = ranks.rename({"unit": "tinh", "median": "trung_vi", "q05": "p5", "q95": "p95"})
    figure = plot.rank_intervals(renamed, unit_col="tinh", median_col="trung_vi", low_col="p5", high_col="p95")
    assert figure.axes[0].get_yticklabels()[0].get_text() == "Thành phố Hồ Chí Minh"
    with pytest.raises(chiso.SchemaError, match="q05"):
        plot.rank_intervals(renamed, unit_col="tinh", median_col="trung_vi")


def test_pillar_contributions_stacked(pillars, tmp_path):
    figure = plot.pillar_contributions(pillars, pillar_cols=["inputs", "outputs", "linkages"],
                                       labels={"inputs": "Đầu vào", "outputs": "Đầu ra"}, save=tmp_path / "tru-cot.svg")
    axes = figure.axes[0]
    assert len(axes.containers) == 3
    assert all(len(bars) == 3 for bars in axes.containers)
    assert [label.get_text() for label in axes.get_yticklabels()] == ["Hà Nội", "Đồng Nai", "Bình Phước"]
    assert [text.get_text() for text in axes.get_legend().get_texts()] == ["Đầu vào", "Đầu ra", "linkages"]
    assert axes.get_title() == "Đóng góp của các trụ cột vào điểm tổng hợp"
    assert_written([tmp_path / "tru-cot.svg"])
    assert not (tmp_path / "tru-cot.png").exists()


def test_pillar_contributions_negative_left_of_zero(pillars):
    axes = plot.pillar_contributions(pillars, pillar_cols=["inputs", "outputs", "linkages"]).axes[0]
    outputs_binh_phuoc = axes.containers[1][2]
    assert outputs_binh_phuoc.get_x() == pytest.approx(0.0)
    assert outputs_binh_phuoc.get_width() == pytest.approx(-1.5)
    linkages_binh_phuoc = axes.containers[2][2]
    assert linkages_binh_phuoc.get_x() == pytest.approx(6.0)


def test_pillar_contributions_needs_columns(pillars):
    with pytest.raises(chiso.SettingsError):
        plot.pillar_contributions(pillars, pillar_cols=[])
    with pytest.raises(chiso.SchemaError, match="P9"):
        plot.pillar_contributions(pillars, pillar_cols=["P9"])


def test_save_rejects_unknown_extension(card, tmp_path):
    with pytest.raises(chiso.SettingsError, match="pdf"):
        plot.progress_bars(card, save=tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []


def test_labels_have_vietnamese_glyphs(card, recwarn):
    figure = plot.fan_chart(card, "MT05")
    figure.canvas.draw()
    assert "Số lũy kế (xã/phường)" in texts(figure.axes[0])
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


def test_missing_matplotlib_message(monkeypatch, card):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"chiso\[plot\]"):
        plot.rank_intervals(pl.DataFrame({"unit": ["A"], "median": [1.0], "q05": [1.0], "q95": [1.0]}))
    with pytest.raises(ImportError, match="matplotlib"):
        plot.progress_bars(card)
    with pytest.raises(ImportError, match="matplotlib"):
        plot.fan_chart(card, "MT06")


def test_figure_shows_once_in_jupyter():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import chiso, chiso.plot\ncard = chiso.scorecard(as_of='2026-09-30')"),
        nbformat.v4.new_code_cell("chiso.plot.progress_bars(card)"),
        nbformat.v4.new_code_cell("figure = chiso.plot.fan_chart(card, 'MT06')"),
    ]
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    images = [[o for o in cell.outputs if "image/png" in o.get("data", {})] for cell in notebook.cells]
    assert [len(cell_images) for cell_images in images] == [0, 1, 0]


def test_framework_tree_labels_every_node(tmp_path):
    framework = pl.DataFrame({
        "code": ["a", "b", "c", "p", "q", "idx"],
        "parent": ["p", "p", "q", "idx", "idx", None],
        "name": ["Chỉ số A", None, "Chỉ số C", "Trụ cột P", "Trụ cột Q", "Chỉ số tổng hợp"],
    })
    figure = plot.framework_tree(framework, name_col="name", save=tmp_path / "khung")
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert len(labels) == framework.height
    assert "b" in labels
    assert "idx Chỉ số tổng hợp" in labels
    assert len(figure.axes[0].lines) == framework.height - 1
    assert (tmp_path / "khung.png").stat().st_size > 0
    assert (tmp_path / "khung.svg").stat().st_size > 0


def test_framework_tree_rejects_cycle():
    framework = pl.DataFrame({"code": ["idx", "a", "b"], "parent": [None, "b", "a"]})
    with pytest.raises(chiso.SettingsError, match="a, b"):
        plot.framework_tree(framework)
