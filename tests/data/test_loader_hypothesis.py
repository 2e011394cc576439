"""Hypothesis-made data files and CSVs: a clear refusal (status 2) or success, never a
traceback and never a partial write."""

import io
import os
import string
import tempfile
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellboard.governance.models import Body
from wellboard.indicators.assess_cli import main as assess_main
from wellboard.indicators.models import Indicator, Value
from wellboard.meetings.models import AgendaItem, Meeting
from wellboard.plans.models import PlanItem, Strategy

BASE = {
    "format": "wellboard/1",
    "bodies": [{"code": "hy-board", "name": "Hypothesis board", "quorum": 3}],
    "meetings": [{"code": "hy-meeting", "body": "hy-board", "date": "2020-01-01",
                  "agenda": [{"number": "1", "title": "Updates", "link": "https://example.org/"}]}],
    "strategies": [{"code": "hy-plan", "title": "Plan", "body": "nottingham-hwb", "rag_scale": "nottingham-rag",
                    "items": [{"kind": "theme", "title": "Theme",
                               "children": [{"kind": "action", "title": "Act"}]}]}],
    "indicators": [{"code": "hy-indicator", "title": "Indicator", "rate_per": 1000,
                    "actuals": [{"period": "2016/17", "value": 1.5}]}],
}

PATHS = [("bodies", 0, "quorum"), ("bodies", 0, "name"), ("meetings", 0, "agenda", 0, "link"),
         ("meetings", 0, "date"), ("strategies", 0, "items", 0, "children", 0, "title"),
         ("strategies", 0, "items", 0, "kind"), ("indicators", 0, "rate_per"),
         ("indicators", 0, "actuals", 0, "value"), ("indicators", 0, "actuals", 0, "period"),
         ("strategies", 0, "items", 0, "children")]

scalars = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.text(alphabet=string.printable + "\x00\x01\x1b\x7f\x85", max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(),
    st.sampled_from(["javascript:alert(1)", " DATA:x", "1e400", "10^23", "9999-99-99", "&a", "*a"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=6)


def mutate(document, path, value, delete):
    node = document
    for step in path[:-1]:
        node = node[step]
    if delete:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def snapshot():
    return tuple(m.objects.count() for m in (Body, Meeting, AgendaItem, Strategy, PlanItem, Indicator, Value))


def run_load(text):
    fd, path = tempfile.mkstemp(suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as handle:
        handle.write(text)
    try:
        call_command("load", path, stdout=io.StringIO(), stderr=io.StringIO())
        return 0
    except CommandError as exc:
        assert exc.returncode == 2
        return 2
    finally:
        os.unlink(path)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutations=st.lists(st.tuples(st.sampled_from(PATHS), values, st.booleans()), min_size=1, max_size=3))
def test_mutated_data_files_load_or_are_refused_cleanly(mutations):
    import copy

    document = copy.deepcopy(BASE)
    for path, value, delete in mutations:
        try:
            mutate(document, path, value, delete)
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    text = yaml.safe_dump(document, allow_unicode=True)
    before = snapshot()
    if run_load(text) == 2:
        assert snapshot() == before


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.text(
    alphabet="[]{}:,-&*!|>'\"#%@` \n\tab1", max_size=200))
def test_random_yaml_is_refused_cleanly(text):
    before = snapshot()
    assert run_load("format: wellboard/1\n" + text) in (0, 2)
    assert snapshot() == before or text.strip() == ""


cells = st.one_of(st.sampled_from(["", "1", "80", "-3.5", "1e308", "1e400", "Increase", "TBC", "high", "low",
                                   "5%", "x%", "nan", "inf", '"', "\x00", "é"]),
                  st.text(max_size=6), st.floats().map(repr), st.integers().map(str))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(cells, min_size=5, max_size=7), max_size=8))
def test_assess_csvs_succeed_or_are_refused_cleanly(rows, tmp_path_factory):
    directory = tmp_path_factory.mktemp("assess")
    source, out = directory / "in.csv", directory / "out.csv"
    lines = ["series,period,value,target,polarity,tolerance"] + [",".join(r) for r in rows]
    source.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = assess_main([str(source), "-o", str(out)])
    assert code in (0, 2)
    if code == 2:
        assert not out.exists() and stderr.getvalue().startswith("wellboard assess: ")
    else:
        assert out.exists()
    assert sorted(p.name for p in directory.iterdir()) == sorted(["in.csv"] + (["out.csv"] if code == 0 else []))
