"""``wellboard assess``: CSV and JSON output, and bad input stopping with exit status 2."""

import csv
import io
import json
import os

import pytest

from wellboard.indicators.assess_cli import main

HEADER = "series,period,value,target,polarity,tolerance\n"

BASIC = HEADER + (
    "A&E,2016/17,92.3,80,high,\n"
    "A&E,2017/18,78,80,high,5%\n"
    "A&E,2018/19,70,80,high,2\n"
    "Smoking,2016/17,20,Reduce,low,\n"
    "Smoking,2017/18,18,Reduce,low,\n"
    "Smoking,2018/19,,TBC,low,\n"
)


def write(tmp_path, text, name="in.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(argv, capsys):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_to_stdout(tmp_path, capsys):
    code, out, err = run([write(tmp_path, BASIC)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "series,period,value,target,polarity,tolerance,rag,direction,spc"
    rows = rows_of(out)
    assert [(r["series"], r["period"], r["value"], r["tolerance"]) for r in rows] == [
        ("A&E", "2016/17", "92.3", ""),
        ("A&E", "2017/18", "78", "5%"),
        ("A&E", "2018/19", "70", "2"),
        ("Smoking", "2016/17", "20", ""),
        ("Smoking", "2017/18", "18", ""),
        ("Smoking", "2018/19", "", ""),
    ]
    # 92.3 >= 80; 78 within 5% (4) of 80; 70 beyond 2 units; Reduce: first has no
    # previous, 18 is 2 below 20 (band 1): better; TBC has no value anyway.
    assert [r["rag"] for r in rows] == ["green", "amber", "red", "no-data", "green", "no-data"]
    assert [r["direction"] for r in rows] == [
        "n/a", "worsening", "worsening", "n/a", "improving", "n/a",
    ]  # fmt: skip
    assert [r["spc"] for r in rows] == [""] * 6


def test_json_output_file(tmp_path, capsys):
    out_path = tmp_path / "out.json"
    code, out, err = run([write(tmp_path, BASIC), "--format", "json", "-o", out_path], capsys)
    assert (code, out, err) == (0, "", "")
    document = json.loads(out_path.read_text(encoding="utf-8"))
    assert [s["series"] for s in document["series"]] == ["A&E", "Smoking"]
    ae = document["series"][0]
    assert (ae["mean"], ae["lower_limit"], ae["upper_limit"]) == (None, None, None)
    assert (ae["variation"], ae["assurance"]) == (None, None)
    first = ae["points"][0]
    assert first == {
        "period": "2016/17",
        "value": 92.3,
        "target": 80,
        "rag": "green",
        "explanation": "92.3 against a target of 80.0, higher is better: met",
        "direction": "n/a",
        "comparison": "no earlier value to compare with",
        "spc": None,
    }
    assert isinstance(first["target"], int)
    smoking = document["series"][1]["points"]
    assert [p["target"] for p in smoking] == ["Reduce", "Reduce", "TBC"]
    assert smoking[2]["value"] is None
    assert smoking[1]["explanation"].startswith("18.0 against the previous value 20.0")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def spc_input():
    # mean 10, moving ranges all 2: limits 4.68 and 15.32; targets 16 above the upper.
    lines = [f"Waits,M{i:02d},{9 if i % 2 == 0 else 11},16,high,\n" for i in range(12)]
    lines.append("Waits,M12,,16,high,\n")  # no value yet
    lines.append("Short,Q1,5,,none,\n")
    return HEADER + "".join(lines)


def test_json_spc_fields(tmp_path, capsys):
    code, out, err = run([write(tmp_path, spc_input()), "--format", "json"], capsys)
    assert code == 0, err
    waits, short = json.loads(out)["series"]
    assert waits["mean"] == 10.0
    assert waits["upper_limit"] == pytest.approx(15.32)
    assert waits["lower_limit"] == pytest.approx(4.68)
    assert waits["variation"] == "common_cause"
    assert waits["assurance"] == "consistent-fail"
    assert [p["spc"] for p in waits["points"]] == ["common_cause"] * 12 + [None]
    assert [p["value"] for p in waits["points"][:2]] == [9, 11]
    assert short["mean"] is None and short["points"][0]["rag"] == "no-target"


def test_csv_spc_column(tmp_path, capsys):
    code, out, _ = run([write(tmp_path, spc_input())], capsys)
    assert code == 0
    assert [r["spc"] for r in rows_of(out)] == ["common_cause"] * 12 + ["", ""]


def test_interleaved_series_blank_lines_bom_and_word_case(tmp_path, capsys):
    text = (
        "\ufeff" + HEADER + "A,p1,1,increase,HIGH,\n\nB,p1,5,,none,\n"
        'A,p2,3,Increase,high,\n"B","p2","4","","None",""\n'
    )
    code, out, err = run([write(tmp_path, text)], capsys)
    assert (code, err) == (0, "")
    rows = rows_of(out)
    assert [(r["series"], r["period"]) for r in rows] == [
        ("A", "p1"), ("B", "p1"), ("A", "p2"), ("B", "p2"),
    ]  # fmt: skip
    assert [r["rag"] for r in rows] == ["no-data", "no-target", "green", "no-target"]
    assert [r["direction"] for r in rows] == ["n/a", "n/a", "improving", "decreasing"]


def test_header_only_gives_empty_output(tmp_path, capsys):
    code, out, _ = run([write(tmp_path, HEADER), "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == {"series": []}


def test_output_file_replaces_existing(tmp_path, capsys):
    out_path = tmp_path / "out.csv"
    out_path.write_text("old", encoding="utf-8")
    code, out, _ = run([write(tmp_path, BASIC), "-o", out_path], capsys)
    assert code == 0 and out == ""
    assert out_path.read_text(encoding="utf-8").startswith("series,period")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert out_path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_stdin_input(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BASIC.encode("utf-8"))))
    code, out, _ = run(["-"], capsys)
    assert code == 0 and len(rows_of(out)) == 6


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("series,period,value,target,polarity\n", 1, None, "header"),
        ("series,period,val,target,polarity,tolerance\n", 1, "value", "header"),
        ("", 1, None, "header"),
        (HEADER + "A,p1,1,2,high,\nA,p2,abc,2,high,\n", 3, "value", "'abc'"),
        (HEADER + "A,p1,92.3%,2,high,\n", 2, "value", "'92.3%'"),
        (HEADER + "A,p1,nan,2,high,\n", 2, "value", "'nan'"),
        (HEADER + "A,p1,1,More,high,\n", 2, "target", "'More'"),
        (HEADER + "A,p1,1,80%,high,\n", 2, "target", "'80%'"),
        (HEADER + "A,p1,1,2,up,\n", 2, "polarity", "'up'"),
        (HEADER + "A,p1,1,2,,\n", 2, "polarity", "polarity"),
        (HEADER + "A,p1,1,2,high,5%%\n", 2, "tolerance", "'5%%'"),
        (HEADER + "A,p1,1,2,high,-1\n", 2, "tolerance", "'-1'"),
        (HEADER + "A,p1,1,2,high,\n\nA,p2,1,2,low,\n", 4, "polarity", "differs"),
        (HEADER + " ,p1,1,2,high,\n", 2, "series", "empty"),
        (HEADER + "A,,1,2,high,\n", 2, "period", "empty"),
        (HEADER + "A,p1,1,2,high\n", 2, None, "expected 6 columns, found 5"),
        (HEADER + "A,p1,1,2,high,,extra\n", 2, None, "found 7"),
        (HEADER + 'A,"p1\nstill p1",1,2,high,\nB,p2,x,2,high,\n', 4, "value", "'x'"),
    ],
)
def test_bad_rows_stop_with_exit_2_and_no_output(tmp_path, capsys, text, line, column, message):
    out_path = tmp_path / "out.json"
    code, out, err = run([write(tmp_path, text), "--format", "json", "-o", out_path], capsys)
    assert code == 2
    assert out == ""
    assert f"in.csv:{line}:" in err
    if column:
        assert f"column '{column}'" in err
    assert message in err
    assert not out_path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_bad_row_leaves_an_existing_output_untouched(tmp_path, capsys):
    out_path = tmp_path / "out.csv"
    out_path.write_text("keep me", encoding="utf-8")
    code, _, err = run([write(tmp_path, HEADER + "A,p1,x,,high,\n"), "-o", out_path], capsys)
    assert code == 2 and "in.csv:2: column 'value'" in err
    assert out_path.read_text(encoding="utf-8") == "keep me"


def test_bad_row_writes_nothing_to_stdout(tmp_path, capsys):
    text = BASIC + "A&E,2019/20,1,2,low,\n"
    code, out, err = run([write(tmp_path, text)], capsys)
    assert code == 2 and out == ""
    assert "in.csv:8: column 'polarity'" in err and "line 2" in err


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (HEADER.encode() + b"A,p1,1,2,high,\nA,p\xe9riode,1,2,high,\n", 3, "period"),
        (HEADER.encode() + b"A,p1,\xff,2,high,\n", 2, "value"),
        (b"seri\xe9s,period\n", 1, None),
    ],
)
def test_non_utf8_input(tmp_path, capsys, data, line, column):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    out_path = tmp_path / "out.csv"
    code, out, err = run([path, "-o", out_path], capsys)
    assert code == 2 and out == ""
    assert f"in.csv:{line}:" in err and "UTF-8" in err
    if column:
        assert f"column '{column}'" in err
    assert not out_path.exists()


def test_missing_input_file(tmp_path, capsys):
    code, _, err = run([tmp_path / "absent.csv"], capsys)
    assert code == 2 and "absent.csv" in err


def test_unwritable_output_directory(tmp_path, capsys):
    code, out, err = run([write(tmp_path, BASIC), "-o", tmp_path / "no" / "out.csv"], capsys)
    assert code == 1 and out == "" and "cannot write" in err


def test_bad_arguments(tmp_path, capsys):
    code, _, err = run([write(tmp_path, BASIC), "--format", "xml"], capsys)
    assert code == 2 and "wellboard assess" in err
    code, _, err = run([], capsys)
    assert code == 2


def test_help_exits_zero(capsys):
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "usage: wellboard assess" in out
