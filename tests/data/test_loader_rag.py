"""Loader: a rating's source and counts_as, a plan's report_title, and no second "Not rated" in a scale."""

import textwrap

import pytest

from wellboard.core.models import RagScale
from wellboard.imports.datafile import DataFileError, load_files
from wellboard.plans.models import Strategy

pytestmark = pytest.mark.django_db

SCALE = """\
    format: wellboard/1
    rag_scales:
      - code: test-scale
        name: Test scale
        ratings:
          - {code: RED, label: Red, colour: "#d4351c", symbol: "✕", criteria: Off track}
          - {code: GREEN, label: Green, colour: "#00703c", symbol: "✓", criteria: On track}
          - {code: DONE, label: Done, colour: "#1d70b8", symbol: "★", source: wellboard, counts_as: green}
    strategies:
      - code: test-scale-plan
        title: Test scale plan
        body: nottingham-hwb
        rag_scale: test-scale
        report_title: Annex B Delivery tables
"""


def load(tmp_path, text):
    path = tmp_path / "scale.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_files([path])


def test_source_counts_as_and_report_title_load(tmp_path):
    load(tmp_path, SCALE)
    ratings = {r.code: r for r in RagScale.objects.get(code="test-scale").ratings.all()}
    assert {c: (r.source, r.counts_as) for c, r in ratings.items()} == {
        "RED": ("board", ""), "GREEN": ("board", ""), "DONE": ("wellboard", "green")}
    assert [r.stands_for for r in ratings.values()] == ["red", "green", "green"]
    plan = Strategy.objects.get(code="test-scale-plan")
    assert plan.report_heading == "Annex B Delivery tables"
    plan.report_title = ""
    assert plan.report_heading == "Progress report"


@pytest.mark.parametrize("broken, expected", [
    (SCALE.replace("source: wellboard", "source: council"), "scale.yaml:8: rag_scales[0].ratings[2].source:"),
    (SCALE.replace("counts_as: green", "counts_as: blue"), "scale.yaml:8: rag_scales[0].ratings[2].counts_as:"),
    (SCALE.replace("{code: DONE, label: Done", "{code: NR, label: Not Rated"),
     "scale.yaml:8: rag_scales[0].ratings[2].label: 'Not Rated' duplicates Wellboard's own 'Not rated'"),
    (SCALE.replace("{code: DONE, label: Done", "{code: NOT_RATED, label: Pending"),
     "rag_scales[0].ratings[2].label: 'Pending' duplicates Wellboard's own 'Not rated'"),
])
def test_bad_rating_definitions_are_refused_with_file_line_and_field(tmp_path, broken, expected):
    with pytest.raises(DataFileError) as info:
        load(tmp_path, broken)
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert not RagScale.objects.filter(code="test-scale").exists()
