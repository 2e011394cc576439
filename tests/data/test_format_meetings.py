"""The meetings section of the data format: the constructs of any council's committee pack, loaded
and stored (good input), and refused with file:line:path (bad input), changing nothing."""

from pathlib import Path

import pytest
import yaml

from wellboard.governance.models import Body
from wellboard.imports.datafile import DataFileError, load_files
from wellboard.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Recommendation,
    Resolution,
    Signoff,
    WorkProgrammeEntry,
)
from wellboard.meetings.numbering import next_number

pytestmark = pytest.mark.django_db

PACK = Path(__file__).parent / "packs" / "eastfield-improvement-sub-committee.yaml"
MARCH, JUNE = "eastfield-icsc-2018-03-14", "eastfield-icsc-2018-06-20"


def _pack() -> dict:
    return yaml.safe_load(PACK.read_text(encoding="utf-8"))


def _load_changed(tmp_path, change) -> list[str]:
    """Load the pack after ``change(data)``; return the loader's errors (none: [])."""
    data = _pack()
    change(data)
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        load_files([path])
    except DataFileError as exc:
        return exc.errors
    return []


def _march(data):
    return next(m for m in data["meetings"] if m["code"] == MARCH)


def _june(data):
    return next(m for m in data["meetings"] if m["code"] == JUNE)


def test_the_pack_loads_every_construct_and_stores_it():
    load_files([PACK])
    march = Meeting.objects.get(code=MARCH)
    june = Meeting.objects.get(code=JUNE)
    # Draft minutes printed in the June pack: held, published as a draft, not approved.
    assert march.status == "held" and march.minutes_for_approval_at == june and march.minutes_published_draft
    assert march.minutes_approved_at is None and not march.minute_items.filter(approved=True).exists()
    lowe = Attendance.objects.get(meeting=march, person__name="Amy Lowe")
    assert lowe.status == "present" and lowe.replacing.name == "Tom Hale" and lowe.substitute is None
    assert Attendance.objects.get(meeting=march, person__name="Raj Patel").status == "absent"
    assert Attendance.objects.get(meeting=march, person__name="Sue Grant").status == "apologies"
    # Printed numbers kept, with their place in the body's sequence; clauses under one number.
    r18 = Resolution.objects.get(meeting=march, number="2018/018")
    assert (r18.year, r18.sequence) == (2018, 18)
    assert [c["label"] for c in r18.clauses] == ["a", "b", "c"]
    assert r18.clauses[1]["text"] == "continues to support the volunteer digital champions scheme; and"
    assert Resolution.objects.get(number="2018/019").sequence == 19
    # Page ranges, agenda notes, an information update with a real link.
    pages = {a.number: (a.page_from, a.page_to) for a in june.agenda_items.all()}
    assert pages["4"] == (5, 12) and pages["2"] == (1, 4) and pages["1"] == (None, None)
    assert [n["number"] for n in june.agenda_notes] == ["1", "2"]
    info = AgendaItem.objects.get(meeting=june, number="6")
    assert info.kind == "information" and info.link.startswith("https://www.eastfield.gov.uk/")
    # Verbs as written; a placeholder sign-off kept as printed and never complete.
    assert list(Recommendation.objects.filter(paper__code="eastfield-channel-shift").values_list("verb", flat=True)) \
        == ["consider", "continues to support"]
    placeholder = Signoff.objects.get(paper__code="eastfield-channel-shift", kind="constitutional")
    assert placeholder.initials == "(xx)" and not placeholder.complete
    assert Signoff.objects.get(paper__code="eastfield-channel-shift", kind="financial").complete
    # The work programme.
    entries = {e.title: e for e in WorkProgrammeEntry.objects.filter(body__code="eastfield-icsc")}
    assert entries["Channel shift - six-month review"].target_meeting == june
    assert entries["Digital Inclusion Programme - further report"].when_text == "September 2018"


def test_loading_the_pack_twice_changes_nothing():
    load_files([PACK])
    counts = load_files([PACK]).counts
    assert not {kind: c for kind, c in counts.items() if set(c) - {"unchanged"}}, counts
    assert WorkProgrammeEntry.objects.filter(body__code="eastfield-icsc").count() == 2


def test_automatic_numbering_continues_after_the_highest_printed_number():
    load_files([PACK])
    june = Meeting.objects.get(code=JUNE)
    assert next_number(june, "{year}/{number:03d}") == (2018, 20, "2018/020")


def test_unnumbered_resolutions_in_a_later_file_continue_the_printed_sequence(tmp_path):
    def add_unnumbered(data):
        _june(data)["status"] = "held"
        _june(data)["minutes"] = {"items": [{"number": "4", "title": "Channel shift", "resolutions": [
            {"text": "RESOLVED that the review be noted."}]}]}
    assert _load_changed(tmp_path, add_unnumbered) == []
    assert Resolution.objects.get(meeting__code=JUNE).number == "2018/020"


def test_approving_published_draft_minutes_locks_them_and_ends_the_draft_state():
    from wellboard.meetings import workflows

    load_files([PACK])
    june = Meeting.objects.get(code=JUNE)
    june.status = "held"
    june.save()
    march = workflows.approve_minutes(Meeting.objects.get(code=MARCH), june)
    march.refresh_from_db()
    assert march.minutes_locked and not march.minutes_published_draft
    assert not march.minute_items.filter(approved=False).exists()


BAD = [
    (lambda d: _march(d)["attendance"][1].update(replacing="Nobody Known"),
     "meetings[0].attendance[1].replacing: unknown person 'Nobody Known'"),
    (lambda d: _march(d)["attendance"][1].update(replacing="Amy Lowe"),
     "meetings[0].attendance[1].replacing: a member cannot replace themselves"),
    (lambda d: _march(d)["attendance"][1].update(replacing="Ben Ward"),
     "meetings[0].attendance[1].replacing: 'Ben Ward' is listed as present, so was not replaced"),
    (lambda d: _march(d)["attendance"][2].update(replacing="Tom Hale"),
     "meetings[0].attendance[2].replacing: only a member present at the meeting replaces another"),
    (lambda d: _june(d)["agenda"][3].update(pages="12 - 5"),
     "meetings[1].agenda[3].pages: the page range '12 - 5' ends before it starts"),
    (lambda d: _june(d)["agenda"][3].update(pages="five"),
     "meetings[1].agenda[3].pages: String should match pattern"),
    (lambda d: _june(d)["agenda"][5].update(link="#"),
     "meetings[1].agenda[5].link: Value error, '#' is not a link"),
    (lambda d: _june(d)["agenda_notes"][0].update(text=""),
     "meetings[1].agenda_notes[0].text:"),
    (lambda d: _march(d)["minutes"]["items"][2]["resolutions"][0].update(number="2018/018"),
     "meetings[0].minutes.items[2].resolutions[0].number: resolution '2018/018' is already used by "
     "'eastfield-icsc' (meeting 'eastfield-icsc-2018-03-14')"),
    (lambda d: _march(d)["minutes"]["items"][1]["resolutions"][0]["clauses"][2].update(label="a"),
     "meetings[0].minutes.items[1].resolutions[0].clauses[2].label: clause (a) is used twice"),
    (lambda d: _march(d)["minutes"]["items"][1]["resolutions"][0]["clauses"][0].update(label="(a)"),
     "meetings[0].minutes.items[1].resolutions[0].clauses[0].label: String should match pattern"),
    (lambda d: _march(d)["minutes"].update(for_approval_at="no-such-meeting"),
     "meetings[0].minutes.for_approval_at: unknown meeting 'no-such-meeting'"),
    (lambda d: _march(d)["minutes"].update(approved_at=JUNE),
     "meetings[0].minutes.for_approval_at: minutes are either approved"),
    (lambda d: _march(d).update(status="agenda_published"),
     "meetings[0].status: draft minutes awaiting approval belong to a meeting with status held"),
    (lambda d: _march(d)["minutes"].update(for_approval_at=MARCH),
     "meetings[0].minutes.for_approval_at: meeting 'eastfield-icsc-2018-03-14' is not after this meeting"),
    (lambda d: _march(d)["minutes"].update(for_approval_at="norfolk-hwb-2017-02-08"),
     "meetings[0].minutes.for_approval_at: meeting 'norfolk-hwb-2017-02-08' is not a meeting of 'eastfield-icsc'"),
    (lambda d: d["papers"][0]["signoffs"][0].pop("placeholder"),
     "papers[0].signoffs[0].initials: '(xx)' is a placeholder, not initials: the constitutional sign-off "
     "is incomplete"),
    (lambda d: d["papers"][0]["signoffs"][0].update(initials="[initials and date]", placeholder=False),
     "papers[0].signoffs[0].initials: '[initials and date]' is a placeholder"),
    (lambda d: d["papers"][0]["signoffs"][1].update(placeholder=True),
     "papers[0].signoffs[1].placeholder: 'JS' are real initials, not a placeholder"),
    (lambda d: d["papers"][0]["recommendations"][0].update(verb=""),
     "papers[0].recommendations[0].verb: String should have at least 1 character"),
    (lambda d: d["work_programme"][0].update(body="no-such-body"),
     "work_programme[0].body: unknown body 'no-such-body'"),
    (lambda d: d["work_programme"][0].update(meeting="norfolk-hwb-2017-02-08"),
     "work_programme[0].meeting: meeting 'norfolk-hwb-2017-02-08' is not a meeting of 'eastfield-icsc'"),
    (lambda d: d["work_programme"][1].update(meeting="no-such-meeting"),
     "work_programme[1].meeting: unknown meeting 'no-such-meeting'"),
    (lambda d: d["work_programme"][1].update(status="maybe"),
     "work_programme[1].status: Input should be 'planned', 'on_agenda' or 'withdrawn'"),
    (lambda d: d["work_programme"][1].update(part="C"),
     "work_programme[1].part: Input should be 'A' or 'B'"),
]


@pytest.mark.parametrize(("change", "expected"), BAD, ids=[e.split(":")[0] + " " + e.split(":")[1][:30] for _, e in BAD])
def test_bad_input_is_refused_naming_file_line_and_path_and_changes_nothing(tmp_path, change, expected):
    bodies, meetings = Body.objects.count(), Meeting.objects.count()
    errors = _load_changed(tmp_path, change)
    assert any(expected in e for e in errors), errors
    hit = next(e for e in errors if expected in e)
    assert hit.startswith(f"{tmp_path / 'pack.yaml'}:") and hit.split(":")[1].isdigit(), hit
    assert (Body.objects.count(), Meeting.objects.count()) == (bodies, meetings)


def test_a_printed_number_already_stored_for_the_body_is_refused(tmp_path):
    load_files([PACK])

    def clash(data):
        data["meetings"] = [_june(data)]
        data["papers"] = data["work_programme"] = []
        _june(data).update(status="held", minutes={"items": [{"number": "4", "title": "Channel shift",
                                                               "resolutions": [{"number": "2018/019", "text": "x"}]}]})
    errors = _load_changed(tmp_path, clash)
    assert any("resolution '2018/019' is already used by 'eastfield-icsc' (meeting 'eastfield-icsc-2018-03-14')" in e
               for e in errors), errors


def test_a_number_outside_the_bodys_format_is_kept_as_printed_outside_the_sequence(tmp_path):
    def odd(data):
        _march(data)["minutes"]["items"][2]["resolutions"][0]["number"] = "ICSC/19"
    assert _load_changed(tmp_path, odd) == []
    r = Resolution.objects.get(number="ICSC/19")
    assert (r.year, r.sequence) == (None, None)
