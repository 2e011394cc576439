"""What `wellboard load` tells its user: every problem in one pass, plain YAML advice, an honest summary."""

import re
import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.imports.datafile import DataFileError, load_files
from wellboard.meetings.models import Meeting
from wellboard.plans.models import PlanItem, Strategy

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def state():
    return (Organisation.objects.count(), Person.objects.count(), Body.objects.count(), Meeting.objects.count(),
            Strategy.objects.count(), PlanItem.objects.count())


# Line numbers matter: the test reads them back.
MANY = """\
    format: wellboard/1
    organisations:
      - {code: TST, name: Test org}
      - {code: TST, name: Test org again}
    people:
      - name: Pat Example
        organisation: NOPE
        email: not-an-email
    bodies:
      - code: test-body
        name: Test body
        quorum: 99999
    meetings:
      - code: test-m
        body: test-body
        date: 2017-02-30
      - code: test-m2
        body: test-body
        date: 2017-03-01
        start: "25:00"
        attendance:
          - {person: Nobody Known, status: present}
      - code: test-m3
        body: no-such-body
        date: 2017-04-01
    strategies:
      - code: test-plan
        title: Test plan
        body: test-body
        rag_scale: nottingham-rag
        items:
          - {kind: theme, title: Theme, ref: "1"}
          - {kind: widget, title: Not a kind, ref: "2"}
          - {kind: theme, title: Same ref, ref: "1"}
"""

OTHER = """\
    format: wellboard/1
    organisations:
      - {code: TST, name: Defined in both files}
    people:
      - {name: Sam Other, organisation: MISSING}
"""

EXPECTED = [  # (file, line, path, words of the problem)
    ("many.yaml", 4, "organisations[1].code", "organisation 'TST' is defined twice (also at"),
    ("many.yaml", 7, "people[0].organisation", "unknown organisation 'NOPE'"),
    ("many.yaml", 8, "people[0].email", "is not an email address"),
    ("many.yaml", 12, "bodies[0].quorum", "less than or equal to 32767"),
    ("many.yaml", 16, "meetings[0].date", "'2017-02-30' is not a real date"),
    ("many.yaml", 20, "meetings[1].start", "'25:00' is not a real time"),
    ("many.yaml", 22, "meetings[1].attendance[0].person", "unknown person 'Nobody Known'"),
    ("many.yaml", 24, "meetings[2].body", "unknown body 'no-such-body'"),
    ("many.yaml", 33, "strategies[0].items[1].kind", "Input should be"),
    ("many.yaml", 34, "strategies[0].items[2].ref", "ref '1' is used twice"),
    ("other.yaml", 3, "organisations[0].code", "organisation 'TST' is defined twice (also at"),
    ("other.yaml", 5, "people[0].organisation", "unknown organisation 'MISSING'"),
]


def test_every_problem_is_reported_in_one_pass_in_line_order_and_nothing_changes(tmp_path):
    files = [write(tmp_path, "many.yaml", MANY), write(tmp_path, "other.yaml", OTHER)]
    before = state()
    with pytest.raises(DataFileError) as info:
        load_files(files)
    errors = info.value.errors
    found = []
    for e in errors:
        m = re.match(r"(.*/)?([\w.]+):(\d+): ([^:]+): (.*)", e)
        assert m, f"not file:line: path: problem: {e}"
        found.append((m.group(2), int(m.group(3)), m.group(4), m.group(5)))
    assert [f[:3] for f in found] == [x[:3] for x in EXPECTED], errors
    for (*_, message), (*_, words) in zip(found, EXPECTED, strict=True):
        assert words in message
    assert state() == before


def test_the_command_prints_every_problem_and_exits_2(tmp_path, capsys):
    with pytest.raises(CommandError) as info:
        call_command("load", str(write(tmp_path, "many.yaml", MANY)))
    assert info.value.returncode == 2
    assert "10 problem(s) found; nothing was loaded." in str(info.value)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 10 and all("many.yaml:" in line for line in lines)


@pytest.mark.parametrize(("text", "expected"), [
    ("format: wellboard/1\npeople:\n  - name: A\n     title: Dr\n", "x.yaml:4: YAML syntax: line 4 has a ': ' inside"),
    ("format: wellboard/1\npeople:\n  - name: A\n    title: Dr\n   job_title: x\n",
     "x.yaml:5: YAML syntax: check the indentation at line 5"),
    ("format: wellboard/1\npeople:\n  - name: Dr X\n    job_title: Director: Public Health\n",
     "x.yaml:4: YAML syntax: line 4 has a ': ' inside a value that is not in quotes"),
    ("format: wellboard/1\npeople:\n  - name: \"Pat\n    title: Dr\n",
     "x.yaml:3: YAML syntax: a quoted value opened at line 3 is never closed"),
    ("format: wellboard/1\npeople:\n\t- name: Pat\n", "x.yaml:3: YAML syntax: line 3 has a tab character"),
    ("format: wellboard/1\npeople:\n  - name: Pat\n    name: Sam\n",
     "x.yaml:4: YAML syntax: the key 'name' appears twice in one record (lines 3 and 4)"),
    ("format: wellboard/1\npeople:\n  - name: Pat\n    just some prose\n    title: x\n",
     "x.yaml:4: YAML syntax: line 4 is neither 'key: value' nor a list item"),
    ("format: wellboard/1\npeople: [Pat, Sam\n", "x.yaml:2: YAML syntax: a list in [brackets] opened at line 2"),
    ("format: wellboard/1\nx: @handle\n", "x.yaml:2: YAML syntax: a value on line 2 starts with a character"),
    ("format: wellboard/1\nx: *nothing\n", "x.yaml:2: YAML syntax: line 2 uses *nothing, but no value above"),
])
def test_yaml_syntax_errors_say_what_to_check_not_parser_jargon(tmp_path, text, expected):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_files([path])
    [error] = info.value.errors
    assert expected in error
    for jargon in ("<block", "scalar", "mapping values", "token", "ScannerError"):
        assert jargon not in error


def test_a_syntax_error_in_one_file_does_not_hide_the_problems_of_another(tmp_path):
    bad = write(tmp_path, "a.yaml", "format: wellboard/1\npeople:\n\t- name: Pat\n")
    other = write(tmp_path, "b.yaml", "format: wellboard/1\npeople:\n  - {name: Sam, email: nope}\n")
    with pytest.raises(DataFileError) as info:
        load_files([bad, other])
    assert [e.split(": ")[0].rsplit("/", 1)[-1] for e in info.value.errors] == ["a.yaml:3", "b.yaml:3"]


PLAN = """\
    format: wellboard/1
    strategies:
      - code: report-plan
        title: Plan for counting
        body: nottingham-hwb
        rag_scale: nottingham-rag
        items:
"""


def plan(n_edited=0):
    items = "".join(f"          - {{kind: theme, ref: 't{i}', title: 'Theme {i}{' edited' if i < n_edited else ''}'}}\n"
                    for i in range(12))
    return PLAN + items


def line_for(summary, name):
    return next(line.strip() for line in summary.splitlines() if line.strip().startswith(name + ":"))


def test_the_summary_counts_created_changed_and_unchanged_truly(tmp_path, capsys):
    path = write(tmp_path, "plan.yaml", plan())
    call_command("load", str(path))
    out = capsys.readouterr().out
    assert line_for(out, "plan items") == "plan items: 12 created, 0 changed, 0 unchanged"
    assert line_for(out, "strategies") == "strategies: 1 created, 0 changed, 0 unchanged"

    stamps = dict(PlanItem.objects.filter(strategy__code="report-plan").values_list("ref", "updated_at"))
    call_command("load", str(path))
    out = capsys.readouterr().out
    assert out.startswith("Loaded 1 file(s): 0 created, 0 changed, 13 unchanged")
    assert line_for(out, "plan items") == "plan items: 0 created, 0 changed, 12 unchanged"
    # Unchanged records are not written at all.
    assert dict(PlanItem.objects.filter(strategy__code="report-plan").values_list("ref", "updated_at")) == stamps

    path.write_text(textwrap.dedent(plan(n_edited=10)), encoding="utf-8")
    call_command("load", str(path))
    out = capsys.readouterr().out
    assert line_for(out, "plan items") == "plan items: 0 created, 10 changed, 2 unchanged"
    assert "nothing new" not in out
    after = dict(PlanItem.objects.filter(strategy__code="report-plan").values_list("ref", "updated_at"))
    assert [ref for ref in after if after[ref] != stamps[ref]] == [f"t{i}" for i in range(10)]


def test_reloading_unchanged_writes_no_audit_entries(tmp_path):
    from auditlog.models import LogEntry

    path = write(tmp_path, "plan.yaml", plan())
    load_files([path])
    before = LogEntry.objects.count()
    load_files([path])
    assert LogEntry.objects.count() == before
