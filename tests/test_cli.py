"""The command line, run as a user would."""

import subprocess
import sys

import polars as pl

from chiso.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chiso.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_scorecard_prints_thirteen_targets(tmp_path):
    result = run("scorecard", "--as-of", "2026-09-30", "--out", str(tmp_path / "bang-diem.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "MT13" in result.stdout
    assert "minh họa" in result.stdout
    assert (tmp_path / "bang-diem.xlsx").exists()


def test_cli_help_in_both_languages():
    assert "bảng theo dõi" in run("scorecard", "--help").stdout.lower()
    assert "scorecards" in run("scorecard", "--help", "--lang", "en").stdout


def test_cli_validate_lists_every_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "item,period_end,value,agency,reported_on\nMT99,2026-03-14,4,A,2026-03-12\nMT06,2026-03-14,-1,A,2026-03-12\n",
        encoding="utf-8",
    )
    out = tmp_path / "loi.csv"
    assert main(["validate", str(path), "--out", str(out), "--lang", "en"]) == 1
    problems = pl.read_csv(out)
    assert problems["code"].to_list() == ["item_unknown", "count_negative"]


def test_cli_template(tmp_path):
    assert main(["template", "--out", str(tmp_path / "mau.xlsx")]) == 0


def test_cli_bad_date_message():
    result = run("scorecard", "--as-of", "30-02-2026x")
    assert result.returncode == 2
    assert "không hợp lệ" in result.stderr


def test_cli_folder_and_version(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    version = run("--version")
    assert version.stdout.startswith("chiso ")


def test_cli_lenient_scorecard(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("item,period_end,value,agency,reported_on\nMT99,2026-05-31,4,A,2026-06-10\nMT06,2026-05-31,5,A,2026-06-10\n",
                    encoding="utf-8")
    strict = run("scorecard", "--reports", str(path), "--as-of", "2026-06-30")
    assert strict.returncode == 2
    assert "chiso validate" in strict.stderr
    lenient = run("scorecard", "--reports", str(path), "--as-of", "2026-06-30", "--lenient")
    assert lenient.returncode == 0, lenient.stderr


def test_cli_report_with_reports_file(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("item,period_end,value,agency,reported_on\nMT06,2026-05-31,5,A,2026-06-10\n", encoding="utf-8")
    out = tmp_path / "bao-cao.html"
    assert main(["report", "--reports", str(path), "--as-of", "2026-06-30", "--out", str(out)]) == 0
    assert out.stat().st_size > 0
