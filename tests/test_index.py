"""Tests of chiso.index: COINr 1.1.14 reference results, the PII example and error cases.

The COINr outputs live outside the repository in ``../shared/reference/coinr``
relative to the repository root; those tests skip when the folder is absent.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import polars as pl
import pytest

from chiso import index

REPO = Path(os.environ.get("CHISO_REPO", Path(__file__).resolve().parents[1]))
COINR = REPO.parent / "shared" / "reference" / "coinr"
needs_coinr = pytest.mark.skipif(not COINR.is_dir(), reason=f"COINr reference outputs not found at {COINR}")


def asem() -> tuple[pl.DataFrame, pl.DataFrame]:
    meta = pl.read_csv(COINR / "input" / "ASEM_iMeta.csv", infer_schema_length=0)
    framework = meta.filter(pl.col("Type").is_in(["Indicator", "Aggregate"])).select(
        pl.col("iCode").alias("code"),
        pl.col("Parent").alias("parent"),
        pl.col("Level").cast(pl.Int64).alias("level"),
        pl.col("Weight").cast(pl.Float64).alias("weight"),
        pl.col("Direction").cast(pl.Float64).alias("direction"),
        pl.col("iName").alias("name"),
    )
    data = pl.read_csv(COINR / "input" / "ASEM_iData.csv", infer_schema_length=1000)
    return data, framework


def reference(folder: str, file: str) -> pl.DataFrame:
    """Read a COINr output table; numbers are quoted there, so every column but the codes is cast."""
    table = pl.read_csv(COINR / folder / file, infer_schema_length=0)
    return table.with_columns(pl.exclude("uCode", "iCode").cast(pl.Float64, strict=False))


def assert_matches(found: pl.DataFrame, expected: pl.DataFrame, *, exact: bool) -> int:
    found = found.sort("unit")
    expected = expected.sort("uCode")
    assert found["unit"].to_list() == expected["uCode"].to_list()
    compared = 0
    for code in expected.columns[1:]:
        for got, want in zip(found[code].to_list(), expected[code].to_list()):
            if want is None:
                assert got is None, f"{code}: expected missing, found {got}"
            elif exact:
                assert got == want, f"{code}: rank {got} vs COINr {want}"
            else:
                assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{code}: {got} vs COINr {want}"
            compared += 1
    return compared


@needs_coinr
def test_coinr_p1_minmax_arithmetic():
    data, framework = asem()
    result = index.build_index(data, framework, preset=None, unit="uCode")
    folder = "p1_raw_minmax0-100_amean"
    assert assert_matches(result.scores, reference(folder, "scores_all_levels.csv"), exact=False) == 51 * 60
    assert assert_matches(result.ranks, reference(folder, "ranks_all_levels.csv"), exact=True) == 51 * 60


@needs_coinr
def test_coinr_p4_default_treatment():
    data, framework = asem()
    result = index.build_index(data, framework, preset="coinr", unit="uCode")
    folder = "p4_raw_treat-default_minmax_amean"
    treated = reference(folder, "treated.csv")
    assert_matches(result.treated, treated, exact=False)
    assert_matches(result.scores, reference(folder, "scores_all_levels.csv"), exact=False)
    assert_matches(result.ranks, reference(folder, "ranks_all_levels.csv"), exact=True)

    details = pl.read_csv(COINR / folder / "treat_details.csv", infer_schema_length=0)
    failing = details.filter(pl.col("check_SkewKurt0.Pass") == "FALSE").with_columns(pl.col("winsorise.nwin").cast(pl.Int64))
    table = result.treatment.join(failing.select("iCode", "winsorise.nwin"), left_on="indicator", right_on="iCode")
    assert table.height == 18
    assert (table["action"] == "winsorised").all()
    assert table["winsorised"].to_list() == table["winsorise.nwin"].to_list()
    assert result.treatment.filter(pl.col("action") == "log").height == 0


@needs_coinr
def test_coinr_geometric_zero_is_compute_error():
    data, framework = asem()
    with pytest.raises(index.ComputeError, match=r"geometric mean needs positive values"):
        index.build_index(data, framework, preset=None, unit="uCode", aggregate="geometric")


def test_pii_example_reproduces_58_90():
    result = index.pii_example()
    assert f"{result.scores['TC_MTCS'][0]:.2f}" == "58.90"
    assert result.log.filter(pl.col("step") == "validation").height == 3


def small() -> tuple[pl.DataFrame, pl.DataFrame]:
    framework = pl.DataFrame({
        "code": ["a", "b", "c", "p", "q", "idx"],
        "parent": ["p", "p", "q", "idx", "idx", None],
        "level": [1, 1, 1, 2, 2, 3],
        "direction": [1, -1, 1, 1, 1, 1],
    })
    data = pl.DataFrame({
        "unit": ["u1", "u2", "u3", "u4"],
        "a": [1.0, 2.0, 3.0, 4.0],
        "b": [4.0, 1.0, 3.0, None],
        "c": [0.0, 10.0, 5.0, 7.0],
    })
    return data, framework


def test_long_data_gives_same_scores():
    data, framework = small()
    wide = index.build_index(data, framework, preset=None)
    long = data.unpivot(index="unit", variable_name="indicator", value_name="value").drop_nulls()
    from_long = index.build_index(long, framework, preset=None)
    assert from_long.scores.sort("unit").equals(wide.scores.sort("unit"))


def test_ranks_are_competition_ranks():
    framework = pl.DataFrame({"code": ["a", "idx"], "parent": ["idx", None], "level": [1, 2]})
    data = pl.DataFrame({"unit": ["w", "x", "y", "z"], "a": [1.0, 3.0, 3.0, 2.0]})
    result = index.build_index(data, framework, preset=None)
    assert result.ranks["idx"].to_list() == [4, 1, 1, 3]


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (lambda f: pl.concat([f, f.head(1)]), r"`a` appears on 2 rows"),
        (lambda f: f.with_columns(pl.when(pl.col("code") == "a").then(pl.lit("zz")).otherwise(pl.col("parent")).alias("parent")), r"`a` names parent `zz`"),
        (lambda f: f.with_columns(pl.when(pl.col("code") == "idx").then(pl.lit("p")).otherwise(pl.col("parent")).alias("parent")), r"cycle"),
        (lambda f: pl.concat([f, pl.DataFrame({"code": ["empty"], "parent": [None], "level": [2], "direction": [1]})], how="diagonal_relaxed"), r"aggregate `empty` has no children"),
        (lambda f: f.with_columns(pl.when(pl.col("code") == "c").then(0.0).otherwise(1.0).alias("weight")), r"`c` has weight 0"),
        (lambda f: f.with_columns(pl.when(pl.col("code") == "c").then(2).otherwise(pl.col("direction")).alias("direction")), r"`c` has direction 2"),
        (lambda f: pl.concat([f, pl.DataFrame({"code": ["d"], "parent": ["q"], "level": [1], "direction": [1]})], how="diagonal_relaxed"), r"indicator `d` has no column"),
    ],
)
def test_framework_errors_name_codes(change, pattern):
    data, framework = small()
    with pytest.raises(index.FrameworkError, match=pattern):
        index.build_index(data, change(framework), preset=None)


def test_every_problem_reported_at_once():
    data, framework = small()
    broken = framework.with_columns(
        pl.when(pl.col("code") == "a").then(pl.lit("zz")).otherwise(pl.col("parent")).alias("parent"),
        pl.when(pl.col("code") == "c").then(-1.0).otherwise(1.0).alias("weight"),
    )
    with pytest.raises(index.FrameworkError, match=r"2 (lỗi|problem)") as error:
        index.build_index(data, broken, preset=None)
    assert "`zz`" in str(error.value)
    assert "`c` has weight -1" in str(error.value)


def test_non_numeric_values_named():
    data, framework = small()
    data = data.with_columns(pl.col("c").cast(pl.String).replace("5.0", "n/a"))
    with pytest.raises(index.FrameworkError, match=r"column `c` has 1 value\(s\) that are not numbers \(`u3`: \"n/a\"\)"):
        index.build_index(data, framework, preset=None)


def test_constant_indicator_policy():
    data, framework = small()
    data = data.with_columns(pl.lit(3.0).alias("c"))
    with pytest.raises(index.ComputeError, match=r"indicator `c` has the same value \(3\)"):
        index.build_index(data, framework, preset=None)
    result = index.build_index(data, framework, preset=None, constant="midpoint")
    assert result.normalised["c"].to_list() == [50.0] * 4


def test_geometric_zero_names_indicator_and_unit():
    data, framework = small()
    with pytest.raises(index.ComputeError, match=r"`a` is 0 for unit `u1`"):
        index.build_index(data, framework, preset=None, aggregate="geometric", lang="en")


def test_bad_method_name_is_value_error():
    data, framework = small()
    with pytest.raises(ValueError, match=r"normalise='minimax' is not supported"):
        index.build_index(data, framework, normalise="minimax")


def test_what_if_and_unknown_unit():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    table = result.what_if([("u1", "c", 10.0)])
    row = table.filter(pl.col("unit") == "u1").row(0, named=True)
    assert row["rank_after"] < row["rank_before"]
    with pytest.raises(index.SettingsError, match=r"unit `nowhere`"):
        result.what_if([("nowhere", "c", 1.0)])


def test_path_to_rank_is_verified():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    start = result.ranks.filter(pl.col("unit") == "u1")["idx"][0]
    path = result.path_to_rank("u1", 1)
    assert path.start_rank == start
    assert path.reached and path.final_rank == 1
    moved = path.changes.filter(pl.col("points") > 0)
    assert moved.height >= 1
    assert math.isclose(path.total_points, moved["points"].sum())


def test_uncertainty_is_reproducible():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    options = dict(n=200, seed=5, weight_bound=0.5, aggregations=["arithmetic", "geometric"])
    first = result.uncertainty(**options)
    second = result.uncertainty(**options)
    assert first.ranks.equals(second.ranks)
    assert 0 < first.failed < 200
    assert "geometric" in first.failures[0][0]
    assert (first.ranks["q05"] <= first.ranks["q95"]).all()


def test_sensitivity_counts_runs():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    sa = result.sensitivity(n=50, bootstrap=20, weight_bound=0.5, normalisations=["minmax", "zscore"])
    assert sa.runs == 50 * 4
    assert sa.indices["assumption"].to_list() == ["normalisation", "weights"]
    assert sa.indices["total"].is_not_null().all()


def test_treat_flag_follows_preset():
    data, framework = small()
    assert index.build_index(data, framework, preset="coinr", treat=True).settings["treatment"]["skew"] == 2.0
    assert index.build_index(data, framework, preset=None, treat=True).settings["treatment"]["skew"] == 2.25
    assert not index.build_index(data, framework, preset="pii", treat=False).settings["treatment"]["enabled"]


def test_forced_log_applies_when_test_passes():
    data, framework = small()
    result = index.build_index(data, framework, preset="pii", forced={"a": "log"})
    row = result.treatment.filter(pl.col("indicator") == "a").row(0, named=True)
    assert row["forced"]
    assert row["action"] == "log"
    expected = math.log(1.0 - 1.0 + 0.01 * 3.0)
    assert math.isclose(result.treated["a"][0], expected)


def test_unreadable_framework_and_data_reported_together():
    data, framework = small()
    framework = framework.with_columns(pl.col("level").cast(pl.String).replace("2", "two"))
    data = pl.concat([data, data.head(1)])
    with pytest.raises(index.FrameworkError, match=r"level \"two\"") as error:
        index.build_index(data, framework, preset=None)
    assert "unit `u1` appears on more than one row" in str(error.value)


@needs_coinr
@pytest.mark.parametrize(
    ("folder", "options"),
    [
        ("p2_raw_zscore_amean", {"normalise": "zscore"}),
        ("p3_raw_minmax1-100_gmean", {"scale": (1.0, 100.0), "aggregate": "geometric"}),
    ],
)
def test_coinr_other_pipelines(folder, options):
    data, framework = asem()
    result = index.build_index(data, framework, preset=None, unit="uCode", **options)
    assert assert_matches(result.scores, reference(folder, "scores_all_levels.csv"), exact=False) == 51 * 60
    assert assert_matches(result.ranks, reference(folder, "ranks_all_levels.csv"), exact=True) == 51 * 60


def test_what_if_weights_change_ranks():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    table = result.what_if(weights={"q": 10.0})
    assert table["score_after"].to_list() != table["score_before"].to_list()
    assert table.columns == ["unit", "score_before", "score_after", "rank_before", "rank_after", "rank_gain"]


def test_html_summary_lists_top_units():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    page = result._repr_html_()
    assert page.startswith("<p><b>idx: 4 units, 3 indicators</b></p>")
    assert "u3" in page
    assert repr(result) == "IndexResult(units=4, indicators=3, index='idx')"


def test_screening_drops_sparse_units():
    data, framework = small()
    result = index.build_index(data, framework, preset=None, screening=0.9)
    assert result.scores["unit"].to_list() == ["u1", "u2", "u3"]
    assert result.log.filter((pl.col("step") == "screening") & (pl.col("item") == "u4")).height == 1


def grouped() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Six units in two regions, one indicator per pillar.

    Hand-checked index scores (min-max 0-100, equal weights, preset=None):
    A 100, B 50, C 50, D missing (no value for b), E 12.5, F 75.
    North (A, B, C, D) ranks 1, 2, 2, unranked; South (E, F) ranks 2, 1.
    """
    framework = pl.DataFrame({"code": ["a", "b", "idx"], "parent": ["idx", "idx", None], "level": [1, 1, 2]})
    data = pl.DataFrame({
        "unit": ["A", "B", "C", "D", "E", "F"],
        "a": [4.0, 2.0, 0.0, 1.0, 1.0, 3.0],
        "b": [4.0, 2.0, 4.0, None, 0.0, 3.0],
        "region": ["North", "North", "North", "North", "South", "South"],
    })
    return data, framework


def test_group_ranks_ties_missing_two_groups():
    data, framework = grouped()
    result = index.build_index(data, framework, preset=None, min_coverage=1.0)
    table = result.group_ranks("region")
    assert table.columns == ["unit", "group", "a", "b", "idx"]
    assert table["group"].to_list() == ["North"] * 4 + ["South"] * 2
    assert table["idx"].to_list() == [1, 2, 2, None, 2, 1]
    assert table["a"].to_list() == [1, 2, 4, 3, 2, 1]
    assert table["b"].to_list() == [1, 3, 1, None, 2, 1]


def test_group_ranks_unknown_column():
    data, framework = grouped()
    result = index.build_index(data, framework, preset=None, lang="en")
    with pytest.raises(index.SettingsError, match="no column \"province\""):
        result.group_ranks("province")


def test_progress_flag_keeps_results():
    data, framework = small()
    result = index.build_index(data, framework, preset=None)
    options = dict(n=100, seed=3, weight_bound=0.4)
    shown = index.uncertainty(result, progress=True, **options)
    hidden = index.uncertainty(result, progress=False, **options)
    assert shown.ranks.equals(hidden.ranks)
    sa_options = dict(n=20, bootstrap=10, weight_bound=0.4)
    assert index.sensitivity(result, progress=True, **sa_options).indices.equals(
        index.sensitivity(result, progress=False, **sa_options).indices)


def test_crosswalk_lists_each_former_province_once():
    crosswalk = index.pii_crosswalk()
    assert crosswalk.columns == ["unit_2025", "former_province", "source_url", "note"]
    assert crosswalk.height == 63
    assert crosswalk["former_province"].n_unique() == 63
    assert crosswalk["unit_2025"].n_unique() == 34
    assert crosswalk["source_url"].str.starts_with("https://").all()


def test_crosswalk_covers_published_units():
    crosswalk = index.pii_crosswalk()
    scores = pl.read_csv(REPO / "seeds" / "pii-scores.csv")
    units_2025 = set(scores.filter(pl.col("year") == 2025)["province"].to_list())
    assert units_2025 <= set(crosswalk["unit_2025"].to_list())
    earlier = set(scores.filter(pl.col("year") < 2025)["province"].to_list())
    assert earlier <= set(crosswalk["former_province"].to_list())


def test_crosswalk_dong_nai_with_binh_phuoc():
    crosswalk = index.pii_crosswalk()
    formers = crosswalk.filter(pl.col("unit_2025") == "Đồng Nai")["former_province"].to_list()
    assert sorted(formers) == ["Bình Phước", "Đồng Nai"]
    communes = pl.read_csv(REPO / "seeds" / "communes-dong-nai-2025.csv")
    assert set(communes["former_province"].to_list()) == set(formers)


def test_compare_across_merger_lists_scores():
    scores = pl.read_csv(REPO / "seeds" / "pii-scores.csv")
    table = index.compare_across_merger(scores, "year", "province", "score")
    hcm_2023 = table.filter((pl.col("unit_2025") == "TP. Hồ Chí Minh") & (pl.col("year") == 2023)).row(0, named=True)
    assert hcm_2023["provinces"] == ["TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]
    published_2023 = dict(zip(*scores.filter(pl.col("year") == 2023).select("province", "score")))
    assert hcm_2023["scores"] == [published_2023.get(p) for p in hcm_2023["provinces"]]
    assert hcm_2023["published"] == sum(p in published_2023 for p in hcm_2023["provinces"])
    dong_nai_2025 = table.filter((pl.col("unit_2025") == "Đồng Nai") & (pl.col("year") == 2025)).row(0, named=True)
    assert dong_nai_2025["provinces"] == ["Đồng Nai"]
    scored_2025 = scores.filter((pl.col("year") == 2025) & pl.col("score").is_not_null())
    assert table.filter(pl.col("year") == 2025).height == scored_2025.height


def test_compare_across_merger_unknown_unit():
    scores = pl.DataFrame({"year": [2023], "province": ["Thành phố Hồ Chí Minh"], "score": [55.0]})
    with pytest.raises(index.SettingsError, match="Thành phố Hồ Chí Minh"):
        index.compare_across_merger(scores, lang="en")
