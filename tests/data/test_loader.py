"""The data-file loader: precise errors, all-or-nothing, idempotent."""

import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wellboard.imports.datafile import DataFileError, load_files
from wellboard.imports.demo_data import demo_files
from wellboard.plans.models import ItemLead, MeasureYear, PlanItem, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Strategy.objects.count(), PlanItem.objects.count(), ProgressUpdate.objects.count(),
        ItemLead.objects.count(), MeasureYear.objects.count(),
        sorted(PlanItem.objects.values_list("strategy__code", "ref", "title", "sort_key")),
    )


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
    format: wellboard/1
    strategies:
      - code: test-plan
        title: Test plan
        body: nottingham-hwb
        rag_scale: nottingham-rag
        published: true
        reporting_periods:
          - key: q1
            label: Q1 update
        items:
          - kind: theme
            title: Theme one
            children:
              - kind: action
                title: Do the thing
                lead_text: NCC
                leads: [{organisation: NCC}]
                updates:
                  - period: q1
                    rag: g
                    text: Going well
"""


def test_loading_the_demo_twice_changes_nothing():
    before = snapshot()
    report = load_files(demo_files())
    assert snapshot() == before
    assert report.tally.total("created") == report.tally.total("changed") == 0


def test_a_good_file_loads_and_reloading_it_adds_nothing(tmp_path):
    path = write(tmp_path, "good.yaml", GOOD)
    load_files([path])
    plan = Strategy.objects.get(code="test-plan")
    action = plan.items.get(kind="action")
    assert action.parent.title == "Theme one"
    assert action.updates.get().rag.code == "GREEN"  # letter, any case, resolves to the rating
    before = snapshot()
    load_files([path])
    assert snapshot() == before


@pytest.mark.parametrize(
    "broken, expected",
    [
        (GOOD.replace("kind: action", "kind: acton"), "good.yaml:15: strategies[0].items[0].children[0].kind:"),
        (GOOD.replace("rag: g", "rag: purple"), "good.yaml:21: strategies[0].items[0].children[0].updates[0].rag: 'purple' is not a rating"),
        (GOOD.replace("period: q1", "period: q2"), "good.yaml:20: strategies[0].items[0].children[0].updates[0].period: unknown reporting period 'q2'"),
        (GOOD.replace("organisation: NCC}", "organisation: XYZ}"), "strategies[0].items[0].children[0].leads[0].organisation: unknown organisation 'XYZ'"),
        (GOOD.replace("body: nottingham-hwb", "body: nowhere"), "good.yaml:5: strategies[0].body: unknown body 'nowhere'"),
        (GOOD.replace("title: Test plan", "titel: Test plan"), "good.yaml:4: strategies[0].titel: unknown field"),
        (GOOD.replace("- kind: theme", "- kind: milestone"), "a milestone cannot sit at the top of a plan"),
        (GOOD.replace("- kind: theme", "- kind: outcome"), "an outcome cannot sit at the top of a plan; allowed there: priority, theme"),
        (GOOD.replace("format: wellboard/1", "format: other"), "good.yaml:1: format:"),
        (GOOD.replace("    items:", "    items: [unclosed"), "good.yaml:11: YAML syntax: a list in [brackets] opened at line 11"),
    ],
)
def test_a_broken_file_names_file_line_path_and_problem_and_loads_nothing(tmp_path, broken, expected):
    good = write(tmp_path, "other.yaml", GOOD.replace("test-plan", "other-plan"))
    path = write(tmp_path, "good.yaml", broken)
    before = snapshot()
    with pytest.raises(DataFileError) as info:
        load_files([good, path])
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert snapshot() == before
    assert not Strategy.objects.filter(code="other-plan").exists()  # the good file did not half-load


def test_a_failure_while_writing_rolls_everything_back(tmp_path):
    # Two files each valid alone, but together they define the same strategy: caught before writing.
    a = write(tmp_path, "a.yaml", GOOD)
    b = write(tmp_path, "b.yaml", GOOD)
    before = snapshot()
    with pytest.raises(DataFileError) as info:
        load_files([a, b])
    assert "strategy 'test-plan' is defined twice" in "\n".join(info.value.errors)
    assert snapshot() == before


def test_non_utf8_and_missing_files_are_reported(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("format: wellboard/1\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError) as info:
        load_files([bad, tmp_path / "missing.yaml"])
    text = "\n".join(info.value.errors)
    assert "latin1.yaml: not UTF-8 text" in text
    assert "missing.yaml: no such file" in text


def test_the_load_command_exits_2_and_prints_the_errors(tmp_path, capsys):
    path = write(tmp_path, "good.yaml", GOOD.replace("kind: action", "kind: acton"))
    before = snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load", str(path))
    assert info.value.returncode == 2
    assert "good.yaml:15:" in capsys.readouterr().err
    assert snapshot() == before


def test_plan_years_must_be_readable_financial_years(tmp_path):
    path = write(tmp_path, "good.yaml", GOOD.replace("        published: true", "        published: true\n        start: 2016\n        end: 20x9/20"))
    with pytest.raises(DataFileError) as info:
        load_files([path])
    text = "\n".join(info.value.errors)
    assert "strategies[0].start: '2016' is not a financial year" in text
    assert "strategies[0].end: cannot read period '20x9/20'" in text


INDICATOR = """\
    format: wellboard/1
    indicators:
      - code: test-indicator
        title: Test indicator
        strategy: nottingham-healthy-culture-2016
        unit: percentage
        polarity: high
        items: [t1-reablement]
        targets:
          - {period: 16/17, value: 50}
        actuals:
          - {period: 16/17, value: 48, officer_rag: A}
"""


def test_an_indicator_loads_and_links_to_its_plan_item(tmp_path):
    from wellboard.indicators.models import Indicator

    load_files([write(tmp_path, "ind.yaml", INDICATOR)])
    ind = Indicator.objects.get(code="test-indicator")
    assert list(ind.items.values_list("ref", flat=True)) == ["t1-reablement"]
    assert ind.values.get(kind="actual").officer_rag.code == "AMBER"


@pytest.mark.parametrize(
    "broken, expected",
    [
        (INDICATOR.replace("period: 16/17, value: 48", "period: Febtember 19, value: 48"),
         "ind.yaml:12: indicators[0].actuals[0].period: cannot read period 'Febtember 19'"),
        (INDICATOR.replace("value: 50}", "text: Sometime}"), "indicators[0].targets[0]: a target is a number"),
        (INDICATOR.replace("[t1-reablement]", "[no-such-ref]"), "indicators[0].items[0]: no item with ref 'no-such-ref'"),
        (INDICATOR.replace("officer_rag: A", "officer_rag: Q"), "indicators[0].actuals[0].officer_rag: 'Q' is not a rating"),
        (INDICATOR.replace("polarity: high", "polarity: up"), "indicators[0].polarity:"),
        (INDICATOR.replace("unit: percentage", "unit: percentage\n        tolerance: lots"), "indicators[0].tolerance: bad tolerance 'lots'"),
        (INDICATOR.replace("value: 48", "value: forty-eight"), "indicators[0].actuals[0].value:"),
        (INDICATOR.replace("value: 48", "value: 1.0e+30"), "indicators[0].actuals[0].value:"),
        (INDICATOR.replace("value: 48", "value: 48.1234567"), "indicators[0].actuals[0].value:"),
    ],
)
def test_a_broken_indicator_is_reported_and_nothing_loads(tmp_path, broken, expected):
    from wellboard.indicators.models import Indicator

    with pytest.raises(DataFileError) as info:
        load_files([write(tmp_path, "ind.yaml", broken)])
    assert any(expected in line for line in info.value.errors), info.value.errors
    assert not Indicator.objects.filter(code="test-indicator").exists()


@pytest.mark.parametrize("text, expected", [
    ("format: wellboard/1\nmeetings:\n  - {code: m, body: nottingham-hwb, date: 2017-02-30}\n",
     "odd.yaml:3: meetings[0].date: '2017-02-30' is not a real date"),
    ("- just\n- a list\n", "expected a mapping"),
    ("format: wellboard/1\nformat: again\n", "odd.yaml:2: YAML syntax: the key 'format' appears twice"),
    ("format: wellboard/1\nmeetings:\n  - {code: m, body: nottingham-hwb, date: 2017-02-28, start: '25:00'}\n",
     "meetings[0].start"),
])
def test_odd_files_get_a_message_not_a_crash(tmp_path, text, expected):
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    before = snapshot()
    with pytest.raises(DataFileError) as info:
        load_files([path])
    assert any(expected in e for e in info.value.errors), info.value.errors
    assert snapshot() == before


MEETING = """\
    format: wellboard/1
    meetings:
      - code: test-meeting
        body: nottingham-hwb
        date: 2019-03-01
        agenda:
          - {number: "1", title: Apologies, kind: standing}
          - {number: "2", title: Private item, part: B, exemption: Schedule 12A paragraph 3}
        attendance:
          - {person: Uzmah Bhatti, status: present}
    papers:
      - code: test-paper
        meeting: test-meeting
        agenda_item: "2"
        title: A paper
        recommendations:
          - {verb: Note, text: the report}
"""


def test_a_meeting_and_paper_load_and_reload_idempotently(tmp_path):
    from wellboard.meetings.models import Meeting, Paper

    path = write(tmp_path, "meeting.yaml", MEETING)
    load_files([path])
    meeting = Meeting.objects.get(code="test-meeting")
    assert meeting.agenda_items.count() == 2 and Paper.objects.get(code="test-paper").agenda_item.number == "2"
    assert {k: set(v) for k, v in load_files([path]).counts.items()} == {
        "meetings": {"unchanged"}, "agenda items": {"unchanged"}, "attendances": {"unchanged"},
        "papers": {"unchanged"}, "recommendations": {"unchanged"}}


@pytest.mark.parametrize("broken, expected", [
    (MEETING.replace("Uzmah Bhatti", "Nobody Known"), "meetings[0].attendance[0].person: unknown person 'Nobody Known'"),
    (MEETING.replace('agenda_item: "2"', 'agenda_item: "9"'), "papers[0].agenda_item: meeting 'test-meeting' has no agenda item '9'"),
    # Verbs are kept as written ("consider", "continues to support"), but one must be written.
    (MEETING.replace("verb: Note", 'verb: ""'), "papers[0].recommendations[0].verb:"),
    (MEETING.replace("part: B, exemption", "part: A, exemption"), "only Part B items have an exemption"),
    (MEETING.replace("status: present}", "status: present, substitute: Helene Denness}"), "only apologies have a substitute"),
    # A minute matching no agenda number in a meeting with Part B business must state its part.
    (MEETING.replace("    papers:", "        minutes:\n          items:\n            - {number: '7', title: Unmatched}\n    papers:"),
     "meetings[0].minutes.items[0].part: this meeting has Part B items"),
    (MEETING.replace("    papers:", "        minutes:\n          items:\n            - {title: Unnumbered}\n    papers:"),
     "meetings[0].minutes.items[0].part: this meeting has Part B items"),
])
def test_a_broken_meeting_is_reported_and_nothing_loads(tmp_path, broken, expected):
    from wellboard.meetings.models import Meeting

    with pytest.raises(DataFileError) as info:
        load_files([write(tmp_path, "meeting.yaml", broken)])
    assert any(expected in e for e in info.value.errors), info.value.errors
    assert not Meeting.objects.filter(code="test-meeting").exists()
