"""``wellboard bench outputs`` runs and prints every figure with its goal. No timings are asserted:
this machine is shared, and the benchmark exists to report them, not to fail on them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wellboard.outputs import bench

pytestmark = pytest.mark.django_db

FIGURES = ("build progress-report csv", "build action-plan csv", "build progress-report xlsx",
           "build action-plan xlsx")


def _check(out: str):
    assert "goals: each build < 1 s; a cached document served in < 50.0 ms" in out
    for figure in FIGURES:
        line = next((line for line in out.splitlines() if line.startswith(figure)), None)
        assert line, (figure, out)
        assert " s best of 1 (first " in line and "MiB traced" in line and "goal < 1 s:" in line
    cached = next(line for line in out.splitlines() if line.startswith("cached serve "))
    assert "median" in cached and "0 rebuilt" in cached and "goal < 50.0 ms" in cached
    assert "resident (whole process)" in out
    assert "goals (each build < 1 s, cached < 50.0 ms): " in out


def test_bench_prints_each_build_and_the_cached_serve(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert bench.main(["--formats", "csv,xlsx", "--repeat", "1", "--serves", "3"]) == 0
    _check(capsys.readouterr().out)


def test_bench_refuses_bad_arguments(capsys):
    assert bench.main(["--formats", "rtf"]) == 2
    assert "--formats from" in capsys.readouterr().err


def test_the_console_command_sets_up_its_own_database():
    """Through the installed `wellboard` command, as `make bench` runs it."""
    command = Path(sys.executable).with_name("wellboard")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WELLBOARD_DATA_DIR", "SECRET_KEY")}
    result = subprocess.run([str(command), "bench", "outputs", "--formats", "csv,xlsx", "--repeat", "1",
                             "--serves", "2"], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "set up a throwaway database with the demo data" in result.stdout
    _check(result.stdout)
