"""The shipped plan through the Python API."""

import datetime as dt

import polars as pl
import pytest

import chiso
from chiso.plan import shipped_plan


def test_plan_counts():
    plan = chiso.load_plan()
    assert (plan.targets.height, plan.tasks.height, plan.communes.height) == (13, 33, 41)


def test_plan_thresholds_and_deadlines():
    targets = chiso.load_plan().targets
    row = targets.filter(pl.col("target_id") == "MT08").row(0, named=True)
    assert row["kind"] == "share"
    assert row["threshold"] == pytest.approx(0.10)
    assert row["deadline"] == dt.date(2026, 12, 31)
    centre = targets.filter(pl.col("target_id") == "MT02").row(0, named=True)
    assert centre["deadline_text"] == "Quý III/2026"
    assert centre["deadline"] == dt.date(2026, 9, 30)


def test_plan_task_outputs_parsed():
    tasks = chiso.load_plan().tasks
    conferences = tasks.filter(pl.col("task_id") == "NV10").row(0, named=True)
    assert (conferences["output_min"], conferences["output_max"], conferences["output_unit"]) == (3, None, "hội nghị")
    classes = tasks.filter(pl.col("task_id") == "NV12").row(0, named=True)
    assert (classes["output_min"], classes["output_max"]) == (1, 2)
    assert tasks.filter(pl.col("ongoing")).height == 7


def test_plan_communes_matches_reported():
    communes = chiso.load_plan().communes
    assert communes["code"].n_unique() == 41
    kinds = dict(communes.select("name_in_plan", "match").iter_rows())
    assert kinds["Phường Biên Hòa"] == "tone_placement"
    assert kinds["Phường Hồ Nai"] == "confirmed_in_plan"
    assert kinds["Phường Trảng Biên"] == "confirmed_in_plan"
    assert kinds["Phường An Lộc"] == "exact"


def test_plan_error_names_file_item_field(tmp_path):
    from chiso import _chiso

    text = _chiso.shipped_file("dong-nai-2026.toml").replace('deadline = "Quý III/2026"', 'deadline = "sớm"', 1)
    path = tmp_path / "ke-hoach.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(chiso.PlanError, match="ke-hoach.toml.*target MT02.*deadline"):
        chiso.load_plan(path)
    with pytest.raises(chiso.PlanError, match="Cannot read plan file"):
        chiso.load_plan(tmp_path / "missing.toml", lang="en")


def test_other_plan_loads():
    plan = shipped_plan("thanh-hoa-2022.toml")
    assert plan.year == 2022
    assert plan.targets["threshold"].item() == 3000
