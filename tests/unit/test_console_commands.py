"""`wellboard assess` and `wellboard bench assess` through the installed console command."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

WELLBOARD = str(Path(sys.executable).with_name("wellboard"))


def run(*args, cwd=None):
    return subprocess.run([WELLBOARD, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_assess_csv_and_json_through_the_command(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        "series,period,value,target,polarity,tolerance\n"
        "reablement,2016/17,75.5,77.6,high,\n"
        "reablement,2017/18,88.7,79.0,high,\n"
        "low-income,2017/18,28.5,27.2,low,5%\n"
        "low-income,2018/19,29.2,Reduce,low,\n",
        encoding="utf-8",
    )
    result = run("assess", str(src))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rag"], r["direction"], r["spc"]) for r in rows] == [
        ("amber", "n/a", ""), ("green", "improving", ""), ("amber", "n/a", ""), ("amber", "worsening", ""),  # 0.7 worse, within 5% of 28.5
    ]
    out = tmp_path / "out.json"
    assert run("assess", str(src), "--format", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text())
    assert [s["series"] for s in data["series"]] == ["reablement", "low-income"]
    assert data["series"][0]["mean"] is None
    assert data["series"][0]["points"][0]["explanation"].startswith("75.5 against a target of 77.6")


def test_a_bad_row_exits_2_names_line_and_column_and_writes_nothing(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("series,period,value,target,polarity,tolerance\na,2016/17,1,2,high,\na,2017/18,x,2,high,\n")
    out = tmp_path / "out.csv"
    result = run("assess", str(src), "-o", str(out))
    assert result.returncode == 2
    assert "bad.csv:3: column 'value': not a number: 'x'" in result.stderr
    assert not out.exists()


def test_bench_prints_its_figures():
    result = run("bench", "assess", "--series", "500", "--points", "100")
    assert result.returncode == 0, result.stderr
    assert "values/s" in result.stdout and "peak memory" in result.stdout
