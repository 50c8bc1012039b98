"""Reading reports from CSV, Excel and DataFrames, and the reporting template."""

import datetime as dt

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

import chiso

ROW = {
    "item": "MT06", "period_end": "2026-03-14", "value": "4", "basis": "ytd", "numerator": None,
    "denominator": None, "commune": None, "agency": "Sở Khoa học và Công nghệ", "reported_on": "2026-03-12",
    "source": "", "note": "",
}


def test_example_reports_clean():
    reports = chiso.example_reports()
    assert reports.rejected == 0
    assert reports.accepted == reports.rows_read
    assert reports.illustrative


def test_dataframe_with_dates_and_numbers():
    frame = pl.DataFrame({
        "item": ["MT06", "MT08"],
        "period_end": [dt.date(2026, 3, 14), dt.date(2026, 3, 14)],
        "value": [4.0, None],
        "numerator": [None, 2760],
        "denominator": [None, 39850],
        "agency": ["Sở Khoa học và Công nghệ", "Thống kê thành phố"],
        "reported_on": [dt.date(2026, 3, 12)] * 2,
    })
    reports = chiso.read_reports(frame)
    table = reports.table
    assert table["value"].to_list() == [4.0, pytest.approx(2760 / 39850)]


def test_strict_mode_raises_with_problems():
    frame = pl.DataFrame([ROW, {**ROW, "item": "MT42"}])
    with pytest.raises(chiso.ReportsError, match="MT42") as caught:
        chiso.read_reports(frame, lang="en")
    assert caught.value.problems["code"].to_list() == ["item_unknown"]


def test_lenient_mode_sets_rows_aside():
    frame = pl.DataFrame([ROW, {**ROW, "value": "1.234"}, {**ROW, "value": "-2"}])
    reports = chiso.read_reports(frame, strict=False)
    assert (reports.accepted, reports.rejected) == (1, 2)
    assert reports.problems["code"].to_list() == ["number_ambiguous", "count_negative"]
    assert reports.problems["row"].to_list() == [3, 4]
    assert "Số" in reports.problems["problem"][0]


def test_csv_file_with_vietnamese_headers(tmp_path):
    from chiso import _chiso

    headers = list(_chiso.REPORT_HEADERS_VI)
    lines = [",".join(headers), "MT06,14/03/2026,4,lũy kế,,,,Sở Khoa học và Công nghệ,12/03/2026,,"]
    path = tmp_path / "bao-cao.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = chiso.read_reports(path)
    assert reports.table["period_end"].to_list() == [dt.date(2026, 3, 14)]


def test_excel_with_title_rows_and_merged_cells(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Quý I"
    sheet.append(["BÁO CÁO KẾT QUẢ QUÝ I/2026"])
    sheet.append([])
    sheet.append(["item", "period_end", "value", "basis", "agency", "reported_on"])
    sheet.append(["MT06", dt.datetime(2026, 3, 14), 4, "ytd", "Sở Khoa học và Công nghệ", dt.datetime(2026, 3, 12)])
    sheet.append(["MT09", dt.datetime(2026, 3, 14), 9, "ytd", None, dt.datetime(2026, 3, 12)])
    sheet.merge_cells("E4:E5")
    path = tmp_path / "bao-cao.xlsx"
    workbook.save(path)

    reports = chiso.read_reports(path)
    table = reports.table
    assert table["agency"].to_list() == ["Sở Khoa học và Công nghệ"] * 2
    assert table["source_row"].to_list() == [4, 5]


def test_empty_workbook_rejected(tmp_path):
    path = tmp_path / "rong.xlsx"
    Workbook().save(path)
    with pytest.raises(chiso.ReportsError, match="rong.xlsx"):
        chiso.read_reports(path)


def test_template_round_trip(tmp_path):
    path = chiso.write_template(tmp_path / "mau.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Báo cáo"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Mã mục tiêu/nhiệm vụ"
    lists = workbook["Danh mục"]
    ids = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    assert ids[:2] == ["MT01", "MT02"]
    assert len(ids) == 46
    sheet.append(["MT06", "14/03/2026", 4, "lũy kế", None, None, None, "Sở Khoa học và Công nghệ", "12/03/2026", None, None])
    workbook.save(path)
    assert chiso.read_reports(path).accepted == 1


def test_semicolon_csv_from_vietnamese_excel(tmp_path):
    path = tmp_path / "bao-cao.csv"
    path.write_text("item;period_end;value;agency;reported_on\nMT06;31/05/2026;5;Sở Khoa học và Công nghệ;10/06/2026\n", encoding="utf-8")
    reports = chiso.read_reports(path)
    assert reports.table["value"].to_list() == [5.0]
