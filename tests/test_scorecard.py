"""The scorecard job end to end: values, statuses, batch, every output format read back."""

import datetime as dt

import polars as pl
import pytest
from openpyxl import load_workbook

import chiso
from chiso.plan import shipped_plan
from chiso.reports import shipped_reports

TARGET_COLUMNS = [
    "plan_id", "as_of", "target_id", "number", "name", "kind", "unit", "threshold", "latest_value",
    "period_end", "reported_on", "progress", "gap", "deadline", "lead_agency", "status",
    "status_label", "projection", "pi80_low", "pi80_high", "pi95_low", "pi95_high", "probability",
    "pace_per_month", "model", "backtest_coverage80", "backtest_years", "note", "source",
]


@pytest.fixture(scope="module")
def card():
    return chiso.scorecard(as_of="2026-09-30")


def test_scorecard_columns_stable(card):
    assert card.targets.columns == TARGET_COLUMNS
    assert card.targets["target_id"].to_list() == [f"MT{i:02d}" for i in range(1, 14)]


def test_scorecard_latest_values(card):
    values = dict(card.targets.select("target_id", "latest_value").iter_rows())
    # The shipped illustrative reports as of 30/09/2026 (Q3 cut-off 14/09).
    assert values["MT06"] == 12
    assert values["MT05"] == 24
    assert values["MT08"] == pytest.approx(3080 / 40310)
    assert values["MT01"] == 12  # published PII 2025 rank of Đồng Nai


def test_scorecard_forecast_bounds(card):
    counts = card.targets.filter(pl.col("kind") == "count", pl.col("status") != "met")
    for row in counts.iter_rows(named=True):
        assert row["pi80_low"] >= row["latest_value"]
        assert row["pi80_low"] <= row["projection"] <= row["pi80_high"]
        assert 0.0 <= row["probability"] <= 1.0
        assert float(row["projection"]).is_integer()


def test_scorecard_as_of_hides_future(card):
    early = chiso.scorecard(as_of="2026-03-01")
    assert early.targets.filter(pl.col("target_id") == "MT06")["status"].item() == "no_data"
    june = chiso.scorecard(as_of="2026-07-01")
    later = chiso.scorecard(as_of="2026-07-08")
    value = lambda c: c.targets.filter(pl.col("target_id") == "MT06")["latest_value"].item()  # noqa: E731
    assert (value(june), value(later)) == (8, 9)


def test_scorecard_milestone_overdue():
    card = chiso.scorecard(as_of="2026-10-01")
    assert card.targets.filter(pl.col("target_id") == "MT02")["status"].item() == "overdue"


def test_scorecard_status_settings_validated():
    with pytest.raises(chiso.SettingsError):
        chiso.scorecard(as_of="2026-09-30", on_track=0.4, at_risk=0.6)
    with pytest.raises(chiso.SettingsError, match="2026-13-01"):
        chiso.scorecard(as_of="2026-13-01")


def test_scorecard_english_labels():
    card = chiso.scorecard(as_of="2026-09-30", lang="en")
    assert card.targets["status_label"][1] in {"At risk", "On track", "Overdue"}
    assert card.targets["name"][5].startswith("At least 20")
    assert "Read 119 valid rows" in str(card)


def test_scorecard_task_and_reporting(card):
    assert card.tasks.height == 33
    assert set(card.tasks["status"]) <= {"done", "on_track", "overdue", "no_data"}
    late = card.reporting.filter(pl.col("timeliness") == "late")
    assert late.height >= 1
    quarters = card.reporting["quarter"].unique().sort().to_list()
    assert quarters == ["Quý I/2026", "Quý II/2026", "Quý III/2026"]


def test_batch_matches_single():
    dates = ["2026-03-31", "2026-06-30", "2026-09-30"]
    frame = chiso.scorecards(as_of=dates)
    assert frame.height == 39
    single = chiso.scorecard(as_of="2026-06-30").targets
    batch = frame.filter(pl.col("as_of") == dt.date(2026, 6, 30))
    assert batch["status"].to_list() == single["status"].to_list()


def test_real_case_vn_enterprises():
    plan = shipped_plan("vn-doanh-nghiep-2024.toml")
    reports = shipped_reports("vn-doanh-nghiep-2024.csv", plan)
    card = chiso.scorecard(reports, plan=plan, as_of="2024-10-06")
    row = card.targets.row(0, named=True)
    assert row["latest_value"] == 121900  # published year-to-date count to September 2024
    assert row["pi80_low"] >= 121900
    assert not card.illustrative


def test_outputs_read_back(card, tmp_path):
    xlsx = card.write(tmp_path / "bang-diem.xlsx")
    workbook = load_workbook(xlsx)
    sheet = workbook["Mục tiêu"]
    assert sheet.freeze_panes is not None
    header_row = next(i for i, row in enumerate(sheet.iter_rows(values_only=True), 1) if row[0] == "Kế hoạch")
    assert sheet.cell(header_row + 1, 3).value == "MT01"

    csv = card.write(tmp_path / "bang-diem.csv")
    assert pl.read_csv(csv)["target_id"].to_list() == card.targets["target_id"].to_list()

    page = card.write(tmp_path / "bang-diem.html").read_text(encoding="utf-8")
    assert "<table" in page
    assert "Đã đọc 119" in page

    with pytest.raises(chiso.SettingsError):
        card.write(tmp_path / "bang-diem.pdf")


def test_outputs_neutralise_formulas(tmp_path):
    frame = pl.DataFrame({
        "item": ["MT06"], "period_end": ["2026-03-14"], "value": ["4"], "agency": ["=HYPERLINK(\"x\")"],
        "reported_on": ["2026-03-12"], "source": ["<script>alert(1)</script>"],
    })
    card = chiso.scorecard(frame, as_of="2026-03-31")
    csv_text = card.write(tmp_path / "a.csv").read_text(encoding="utf-8")
    assert "<script>" in csv_text
    page = card.write(tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    workbook = load_workbook(card.write(tmp_path / "a.xlsx"))
    cells = [c for row in workbook["Mục tiêu"].iter_rows() for c in row if c.value == "<script>alert(1)</script>"]
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_write_refuses_input_file(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("item,period_end,value,agency,reported_on\nMT06,2026-03-14,4,A,2026-03-12\n", encoding="utf-8")
    card = chiso.scorecard(path, as_of="2026-03-31")
    with pytest.raises(ValueError, match="in.csv"):
        card.write(path)


def test_html_repr_has_status_colours(card):
    page = card._repr_html_()
    assert "background:#" in page


def test_history_switches_to_seasonal_model():
    plan = shipped_plan("vn-doanh-nghiep-2024.toml")
    reports = shipped_reports("vn-doanh-nghiep-2024.csv", plan)
    history = shipped_reports("vn-doanh-nghiep-2019-2023.csv", plan, history=True)
    assert history.rejected == 0
    assert history.accepted == 39

    # Two monthly reports: nothing to measure the spread from, so a Poisson rate with a caveat.
    early = chiso.scorecard(reports, plan=plan, as_of="2024-02-29").targets.row(0, named=True)
    assert early["model"] == "poisson_gamma_run_rate"
    assert "Poisson" in early["note"]
    # Four monthly reports that swing by a third: the within-year dispersion widens the interval.
    plain = chiso.scorecard(reports, plan=plan, as_of="2024-04-30").targets.row(0, named=True)
    assert plain["model"] == "overdispersed_within_year"
    # Five earlier years: the seasonal profile.
    learned = chiso.scorecard(reports, plan=plan, as_of="2024-04-30", history=history).targets.row(0, named=True)
    assert learned["model"] == "seasonal_beta"
    assert learned["pi80_high"] - learned["pi80_low"] > 10 * (early["pi80_high"] - early["pi80_low"])
    assert learned["pi80_low"] >= 51550
    # Beside the forecast: how often the model's 80 % interval covered the earlier years at April.
    assert learned["backtest_years"] == 4
    assert 0.0 <= learned["backtest_coverage80"] <= 1.0
    assert early["backtest_coverage80"] is None


def test_history_rows_rejected_without_flag():
    plan = shipped_plan("vn-doanh-nghiep-2024.toml")
    reports = shipped_reports("vn-doanh-nghiep-2019-2023.csv", plan)
    assert reports.accepted == 0
    assert set(reports.problems["code"]) == {"date_outside_plan", "vintage_implausible"}


def test_share_target_from_survey():
    from chiso.survey import estimate_share, simulate_enterprise_survey

    sample = simulate_enterprise_survey(seed=1, n=2000)
    design = {"data": sample, "variable": "innovates", "weights": "weight", "strata": "stratum", "fpc": "fpc"}
    card = chiso.scorecard(as_of="2026-09-30", survey=design, lang="en")
    row = card.targets.filter(pl.col("target_id") == "MT08").row(0, named=True)
    direct = estimate_share(sample, variable="innovates", weights="weight", strata="stratum", fpc="fpc", level=0.95)
    assert row["latest_value"] == pytest.approx(direct["estimate"][0])
    assert row["pi95_low"] == pytest.approx(direct["ci_lower"][0])
    assert row["pi80_low"] > row["pi95_low"]
    assert row["model"] == "survey_logit"
    assert row["source"] == "survey (simulated)"
    assert "respondents" in row["note"]
    others = card.targets.filter(pl.col("target_id") != "MT08")
    assert others["status"].to_list() == chiso.scorecard(as_of="2026-09-30").targets.filter(pl.col("target_id") != "MT08")["status"].to_list()
def test_scorecard_text_has_status_counts(card):
    assert "Trạng thái của 13 mục tiêu: Có nguy cơ 3, Chậm tiến độ 10" in str(card)


def test_html_repr_has_status_summary(card):
    page = card._repr_html_()
    assert "chiso-summary" in page
    assert "Chậm tiến độ: 10" in page
    assert page.index("chiso-summary") < page.index("<table")


def split_example_by_agency(folder):
    """Write the shipped reports as one CSV file per agency, as agencies send them."""
    table = chiso.example_reports().table.drop("source_row", "commune_code")
    paths = []
    for number, (agency, rows) in enumerate(sorted(table.group_by("agency"), key=lambda g: g[0][0])):
        path = folder / f"bao-cao-{number:02d}.csv"
        rows.write_csv(path)
        paths.append(path)
    return paths


def test_scorecards_from_files_match_combined(tmp_path):
    paths = split_example_by_agency(tmp_path)
    assert len(paths) > 20
    dates = ["2026-06-30", "2026-09-30"]
    frame = chiso.scorecards_from_files(paths, as_of=dates, progress=False)
    expected = chiso.scorecards(as_of=dates)
    assert frame.columns == expected.columns
    assert frame.select("as_of", "target_id", "latest_value", "status").equals(
        expected.select("as_of", "target_id", "latest_value", "status"))


def test_scorecards_from_files_by_file(tmp_path):
    paths = split_example_by_agency(tmp_path)[:3]
    frame = chiso.scorecards_from_files(paths, as_of="2026-09-30", by_file=True, progress=False)
    assert frame.columns[0] == "file"
    assert frame.height == 3 * 13
    assert frame["file"].unique().sort().to_list() == sorted(str(p) for p in paths)


def test_scorecards_from_files_strict(tmp_path):
    good = tmp_path / "a.csv"
    bad = tmp_path / "b.csv"
    good.write_text("item,period_end,value,agency,reported_on\nMT06,2026-03-14,4,A,2026-03-12\n", encoding="utf-8")
    bad.write_text("item,period_end,value,agency,reported_on\nMT99,2026-03-14,4,A,2026-03-12\n", encoding="utf-8")
    with pytest.raises(chiso.ReportsError, match="MT99"):
        chiso.scorecards_from_files([good, bad], as_of="2026-03-31", progress=False)
    lenient = chiso.scorecards_from_files([good, bad], as_of="2026-03-31", strict=False, progress=False)
    assert lenient.filter(pl.col("target_id") == "MT06")["latest_value"].item() == 4


def test_scorecards_from_files_progress_bar(tmp_path, monkeypatch):
    import chiso.progress

    calls = []

    def recording_progress(iterable, **options):
        calls.append(options)
        return iterable

    monkeypatch.setattr(chiso.progress, "progress", recording_progress)
    paths = split_example_by_agency(tmp_path)[:2]
    chiso.scorecards_from_files(paths, as_of="2026-09-30")
    chiso.scorecards_from_files(paths, as_of="2026-09-30", progress=False)
    assert calls[0] == {"desc": "Đọc tệp báo cáo", "disable": None}
    assert calls[1]["disable"] is True


def test_outputs_readable_like_plain_files(tmp_path):
    import os

    path = chiso.scorecard(as_of="2026-09-30").write(tmp_path / "bang.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_reports_of_another_plan_rejected():
    other = shipped_plan("thanh-hoa-2022.toml")
    with pytest.raises(chiso.SettingsError, match="dong-nai-2026"):
        chiso.scorecard(chiso.example_reports(), plan=other, as_of="2022-06-30")


def test_plan_given_as_path(repo):
    card = chiso.scorecard(as_of="2026-09-30", plan=repo / "seeds" / "dong-nai-2026.toml")
    assert card.targets.height == 13
    with pytest.raises(TypeError, match="Plan"):
        chiso.scorecard(as_of="2026-09-30", plan=42)


def test_argument_types_checked():
    assert chiso.scorecards(as_of="2026-03-31").height == 13
    with pytest.raises(TypeError, match="polars DataFrame"):
        chiso.read_reports(None)
    with pytest.raises(TypeError, match="polars DataFrame"):
        chiso.read_reports({"item": ["MT06"]})
    with pytest.raises(TypeError, match="on_track"):
        chiso.scorecard(as_of="2026-09-30", on_track="nhanh")
    with pytest.raises(TypeError, match="share_goal"):
        chiso.scorecard(as_of="2026-09-30", survey=pl.DataFrame({"a": [1]}))


def test_shipped_seed_never_overwritten(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with pytest.raises(ValueError):
        chiso.scorecard(as_of="2026-09-30").write(seeds / "bao-cao-minh-hoa-2026.csv")


def test_reporting_agencies_are_agencies(card):
    reporters = set(card.reporting.filter(pl.col("reporter_type") == "agency")["reporter"])
    assert "Sở Khoa học và Công nghệ" in reporters
    assert not any(r.endswith((" hướng dẫn", " thực hiện", ".")) or r.lower().startswith(("ubnd", "các ")) for r in reporters)


def test_simulated_survey_marked():
    from chiso.survey import simulate_enterprise_survey

    design = {"data": simulate_enterprise_survey(seed=2, n=1500), "variable": "innovates", "weights": "weight",
              "strata": "stratum", "fpc": "fpc"}
    card = chiso.scorecard(as_of="2026-09-30", survey=design)
    assert card.simulated_survey
    assert card.illustrative
    assert any("mô phỏng" in w for w in card.warnings())


def test_implausible_count_flagged():
    frame = pl.DataFrame({"item": ["MT07"], "period_end": ["2026-05-31"], "value": ["1e30"], "agency": ["A"],
                          "reported_on": ["2026-06-10"]})
    reports = chiso.read_reports(frame, strict=False)
    assert reports.accepted == 1
    assert reports.problems["code"].to_list() == ["value_implausible"]
