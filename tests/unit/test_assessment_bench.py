"""``wellboard bench assess`` on a small problem: it runs and reports every figure."""

import re

import numpy as np

from wellboard.indicators.bench import generate, main


def test_generate_mixes_polarities_targets_and_tolerances():
    inputs = generate(400, 30, seed=1)
    assert inputs["values"].shape == (400, 30)
    assert not np.isnan(inputs["values"]).any()
    assert set(np.unique(inputs["polarity"])) == {0, 1, 2, 3}
    assert set(np.unique(inputs["target_words"])) == {0, 1, 2, 3, 4}
    assert np.isnan(inputs["targets"]).any() and not np.isnan(inputs["targets"]).all()
    assert inputs["tolerance_relative"].any() and not inputs["tolerance_relative"].all()
    again = generate(400, 30, seed=1)
    assert np.array_equal(inputs["values"], again["values"])
    assert not np.array_equal(inputs["values"], generate(400, 30, seed=2)["values"])


def test_generate_leaves_out_the_requested_fraction():
    values = generate(200, 50, seed=3, missing=0.2)["values"]
    assert 0.15 < np.isnan(values).mean() < 0.25


def test_bench_reports_times_rate_and_memory(capsys):
    assert main(["--series", "60", "--points", "24", "--seed", "5", "--repeat", "2"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"generated 60 series x 24 points \(1,440 values\) in [\d.]+ s", out)
    assert re.search(r"assessed 1,440 values .* in [\d.]+ s .*: [\d,]+ values/s", out)
    assert re.search(r"peak memory: [\d,.]+ MiB resident", out)
    assert "tracemalloc" in out


def test_bench_rejects_bad_sizes(capsys):
    assert main(["--series", "0"]) == 2
    assert main(["--missing", "1.5"]) == 2
    assert main(["--points", "many"]) == 2
