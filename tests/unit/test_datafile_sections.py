"""Data-file sections are owned by their apps and composed by `imports` (README, "adding a section")."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from wellboard.core.datafile.schema import Strict
from wellboard.core.datafile.section import Section
from wellboard.imports import schema
from wellboard.imports.sections import ordered

PIPELINE = Path(__file__).resolve().parents[2] / "wellboard" / "imports"
DOMAIN_IMPORT = re.compile(r"^\s*(?:from|import) wellboard\.(?!core\b|imports\b)(\w+)", re.MULTILINE)


class OneIn(Strict):
    code: str


def test_every_section_comes_from_its_app_in_order():
    owners = {s.name: s.record.__module__.split(".")[1] for s in schema.SECTIONS}
    assert owners == {
        "organisations": "directory", "people": "directory", "bodies": "governance", "rag_scales": "core",
        "strategies": "plans", "indicators": "indicators", "meetings": "meetings", "papers": "meetings",
        "work_programme": "meetings",
    }
    assert list(owners) == list(schema.DataFile.model_fields)[3:]  # after the marks and `format`


def test_the_pipeline_imports_no_domain_app():
    for name in ("datafile.py", "schema.py", "sections.py", "source_notes.py"):
        assert DOMAIN_IMPORT.findall((PIPELINE / name).read_text(encoding="utf-8")) == [], name


def test_a_section_needing_one_that_comes_later_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'savings' needs \\['bodies'\\]"):
        ordered([Section("savings", OneIn, order=5, after=("bodies",)), Section("bodies", OneIn, order=10)])


def test_a_section_defined_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="defined twice"):
        ordered([Section("bodies", OneIn, order=10), Section("bodies", OneIn, order=20)])
