"""Quarterly and annual reports: the HTML page and the Excel workbook read back."""

import base64
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import polars as pl  # noqa: E402
import pytest  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

import chiso  # noqa: E402
from chiso.cli import main  # noqa: E402
from chiso.report import report_title, status_counts, write_report  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PageParser(HTMLParser):
    """Collects the tags, images and text of a page, and the tags left open."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.open_tags = []
        self.images = []
        self.text = []
        self.mismatched = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag not in self.VOID:
            self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if not self.open_tags or self.open_tags[-1] != tag:
            self.mismatched.append(tag)
        else:
            self.open_tags.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def card():
    return chiso.scorecard(as_of="2026-09-30")


@pytest.fixture(scope="module")
def hostile_card():
    frame = pl.DataFrame({
        "item": ["MT06"], "period_end": ["2026-03-14"], "value": ["4"], "agency": ["=HYPERLINK(\"x\")"],
        "reported_on": ["2026-03-12"], "source": ["<script>alert(1)</script>"],
    })
    return chiso.scorecard(frame, as_of="2026-03-31")


def test_report_html_quarterly(card, tmp_path):
    page = parse(write_report(card, tmp_path / "bao-cao.html"))
    text = " ".join(page.text)
    assert page.open_tags == []
    assert page.mismatched == []
    assert "Báo cáo Quý III/2026: kết quả thực hiện Kế hoạch phát triển" in text
    assert "số liệu minh họa" in text
    assert "Chậm tiến độ: 10" in text
    assert "MT13" in text


def test_report_html_embeds_png_charts(card, tmp_path):
    page = parse(write_report(card, tmp_path / "bao-cao.html"))
    count_targets = card.targets.filter(pl.col("kind").is_in(["count", "coverage"])).height
    assert len(page.images) == 1 + count_targets
    for image in page.images:
        prefix = "data:image/png;base64,"
        assert image["src"].startswith(prefix)
        assert base64.b64decode(image["src"][len(prefix):]).startswith(PNG_SIGNATURE)
        assert image["alt"]


def test_report_html_quarter_reporting_only(card, tmp_path):
    quarterly = " ".join(parse(write_report(card, tmp_path / "quy.html")).text)
    annual = " ".join(parse(write_report(card, tmp_path / "nam.html", kind="annual")).text)
    assert "Quý I/2026" not in quarterly.split("Tình hình báo cáo")[-1]
    assert "Quý I/2026" in annual.split("Tình hình báo cáo")[-1]


def test_report_html_annual_history(card, tmp_path):
    text = " ".join(parse(write_report(card, tmp_path / "nam.html", kind="annual")).text)
    assert "Báo cáo năm 2026: kết quả thực hiện" in text
    assert "Trạng thái các mục tiêu qua từng quý" in text
    assert "30/09/2026" in text


def test_report_html_english(card, tmp_path):
    page = write_report(card, tmp_path / "report.html", lang="en")
    text = " ".join(parse(page).text)
    assert "Q3 2026 report: progress on the Plan for developing" in text
    assert "Off track" in text
    assert "Chậm tiến độ" not in text
    assert '<html lang="en">' in page.read_text(encoding="utf-8")


def test_report_html_escapes_values(hostile_card, tmp_path):
    raw = write_report(hostile_card, tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_report_xlsx_charts_sheet(card, tmp_path):
    path = write_report(card, tmp_path / "bao-cao.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Biểu đồ"
    assert {"Mục tiêu", "Nhiệm vụ", "Tình hình báo cáo"} <= set(workbook.sheetnames)
    charts = workbook["Biểu đồ"]
    count_targets = card.targets.filter(pl.col("kind").is_in(["count", "coverage"])).height
    assert len(charts._images) == 1 + count_targets
    assert charts["A1"].value.startswith("Báo cáo Quý III/2026")
    values = [row[0] for row in charts.iter_rows(values_only=True)]
    assert "Chậm tiến độ" in values


def test_report_xlsx_text_never_formula(hostile_card, tmp_path):
    workbook = load_workbook(write_report(hostile_card, tmp_path / "a.xlsx"))
    cells = [c for row in workbook["Mục tiêu"].iter_rows() for c in row if c.value == "<script>alert(1)</script>"]
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_report_rejects_bad_settings(card, tmp_path):
    with pytest.raises(chiso.SettingsError, match="monthly"):
        write_report(card, tmp_path / "a.html", kind="monthly")
    with pytest.raises(chiso.SettingsError, match="a.pdf"):
        write_report(card, tmp_path / "a.pdf")
    assert list(tmp_path.iterdir()) == []


def test_report_refuses_input_file(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("item,period_end,value,agency,reported_on\nMT06,2026-03-14,4,A,2026-03-12\n", encoding="utf-8")
    with pytest.raises(ValueError, match="in.csv"):
        write_report(chiso.scorecard(path, as_of="2026-03-31"), path)


def test_report_other_language_keeps_statuses(tmp_path):
    lenient = chiso.scorecard(as_of="2026-09-30", on_track=0.001, at_risk=0.0)
    default = chiso.scorecard(as_of="2026-09-30")
    assert lenient.targets["status"].to_list() != default.targets["status"].to_list()
    text = " ".join(parse(write_report(lenient, tmp_path / "report.html", lang="en")).text)
    expected = status_counts(lenient.targets, lang="en")
    for label, count in expected.select("status_label", "count").iter_rows():
        assert f"{label}: {count}" in text


def test_report_title_styles(card):
    assert report_title(card, kind="quarterly").startswith("Báo cáo Quý III/2026")
    assert report_title(card, kind="annual").startswith("Báo cáo năm 2026")


def test_status_counts_add_up(card):
    counts = status_counts(card.targets)
    assert counts["count"].sum() == 13
    assert counts.columns == ["status", "status_label", "count"]


def test_cli_report_writes_html(tmp_path):
    out = tmp_path / "bao-cao.html"
    assert main(["report", "--as-of", "2026-09-30", "--out", str(out), "--kind", "annual"]) == 0
    assert "Báo cáo năm 2026" in out.read_text(encoding="utf-8")


def test_cli_report_help_from_catalogue(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help", "--lang", "en"])
    assert "quarterly or annual report" in capsys.readouterr().out
