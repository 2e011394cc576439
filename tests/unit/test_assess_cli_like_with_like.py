"""``wellboard assess`` compares a year to date with the same months a year earlier, or says it cannot."""

import csv
import io
import json

from wellboard.indicators.assess_cli import main

# Seed 000, indicator 2 (delayed transfers of care), with the 2018/19 figure to February as printed;
# then a series that does have the same months a year earlier, interleaved with the first.
INPUT = (
    "series,period,value,target,polarity,tolerance\n"
    "DTOC,15/16,13546,,low,\n"
    "DTOC,16/17,14232,13473,low,\n"
    "Reablement,2017/18 to Feb 2018,90.1,,high,\n"
    "DTOC,17/18,15342,6498,low,\n"
    "Reablement,2017/18,88.7,,high,\n"
    "DTOC,YTD Feb 19,13156,11142,low,\n"
    "Reablement,2018/19 to Feb 2019,92.3,,high,\n"
)


def run(tmp_path, capsys, *extra):
    path = tmp_path / "in.csv"
    path.write_text(INPUT, encoding="utf-8")
    assert main([str(path), *extra]) == 0
    return capsys.readouterr().out


def test_csv_direction_is_not_comparable_for_a_year_to_date_against_a_full_year(tmp_path, capsys):
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, capsys))))
    got = [(r["series"], r["period"], r["direction"]) for r in rows]
    assert got == [
        ("DTOC", "15/16", "n/a"), ("DTOC", "16/17", "worsening"),
        ("Reablement", "2017/18 to Feb 2018", "n/a"), ("DTOC", "17/18", "worsening"),
        ("Reablement", "2017/18", "not-comparable"),
        ("DTOC", "YTD Feb 19", "not-comparable"),  # was "improving": 11 months against 12
        ("Reablement", "2018/19 to Feb 2019", "improving"),
    ]


def test_json_says_what_was_compared(tmp_path, capsys):
    series = {s["series"]: s["points"] for s in json.loads(run(tmp_path, capsys, "--format", "json"))["series"]}
    assert [p["comparison"] for p in series["DTOC"]] == [
        "no earlier value to compare with", "16/17 compared with 15/16", "17/18 compared with 16/17",
        "Not comparable: year to date Feb 19 against full year 2017/18",
    ]
    assert [p["comparison"] for p in series["Reablement"]] == [
        "no earlier value to compare with", "Not comparable: full year 2017/18 against year to date Feb 18",
        "Apr\u2013Feb 2018/19 compared with Apr\u2013Feb 2017/18",
    ]
    assert series["Reablement"][2]["direction"] == "improving"
