"""``wellboard assess``: numbers that break the arithmetic are refused; memory stays flat."""

import resource
import subprocess
import sys
import textwrap

import pytest

from wellboard.indicators.assess_cli import main

HEADER = "series,period,value,target,polarity,tolerance\n"


@pytest.mark.parametrize(
    "row, column",
    [
        ("A,2016/17,1e308,80,high,", "value"),
        ("A,2016/17,-1e16,80,high,", "value"),
        ("A,2016/17,1,1000000000000001,high,", "target"),
        ("A,2016/17,1,80,high,1e300", "tolerance"),
        ("A,2016/17,1e400,80,high,", "value"),
    ],
)
def test_huge_numbers_are_refused_with_line_and_column(tmp_path, capsys, row, column):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "A,2015/16,1,80,high,\n" + row + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main([str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:3: column {column!r}: number out of range" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind either


def test_the_largest_allowed_magnitude_is_assessed(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "A,2015/16,1e15,-1e15,high,\n", encoding="utf-8")
    assert main([str(source)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "A,2015/16,1e15,-1e15,high,,green,n/a,"


GENERATE = textwrap.dedent("""\
    import sys
    rows = int(sys.argv[2])
    with open(sys.argv[1], "w") as f:
        f.write("series,period,value,target,polarity,tolerance\\n")
        for k in range(rows):
            f.write(f"S{k % 5000},P{k // 5000},{k % 97}.5,{'Increase' if k % 3 else 50},high,5%\\n")
""")

MEASURE = textwrap.dedent("""\
    import resource, subprocess, sys
    subprocess.run(sys.argv[1:], check=True)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")


def test_two_million_rows_stay_well_under_500_mb(tmp_path):
    # 5,000 interleaved series of 400 periods each: the worst shape for grouping by series.
    source, out = tmp_path / "big.csv", tmp_path / "out.csv"
    subprocess.run([sys.executable, "-c", GENERATE, str(source), "2000000"], check=True, timeout=120)
    # The measuring process runs the command as its only child, so RUSAGE_CHILDREN is the command alone.
    command = [sys.executable, "-c", "import sys; from wellboard.indicators.assess_cli import main; "
               "sys.exit(main(sys.argv[1:]))", str(source), "-o", str(out)]
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.strip()) / 1024
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"  # the goal: well under 500 MB
    with open(out, encoding="utf-8") as handle:
        lines = sum(1 for _ in handle)
    assert lines == 2_000_001
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 0
