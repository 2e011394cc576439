"""Reconstructed and inferred values: marked in data files, stored as notes, shown beside the value."""

import json
import textwrap

import pytest
import yaml
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for, make_user
from wellboard.core.models import Role, SourceNote
from wellboard.directory.models import Person
from wellboard.governance.models import Body
from wellboard.imports.datafile import DataFileError, load_files
from wellboard.imports.demo_data import demo_files
from wellboard.imports.schema import DataFile
from wellboard.imports.source_notes import MARKABLE, field_names, marked_records
from wellboard.indicators.queries import visible_indicators
from wellboard.meetings.models import Attendance, Meeting
from wellboard.plans.models import PlanItem

pytestmark = pytest.mark.django_db

PLAN = """\
    format: wellboard/1
    strategies:
      - code: notes-plan
        title: Plan with repaired values
        body: nottingham-hwb
        rag_scale: nottingham-rag
        published: true
        items:
          - kind: theme
            ref: "1"
            title: Theme one
            children:
              - kind: action
                ref: "1.1"
                title: Words rebuilt from two columns
                lead_text: NCC
                reconstructed:
                  title: {title_reason}
                inferred:
                  lead_text: Lead read from the row's position on the page
              - kind: action
                ref: "1.2"
                title: Plain action
"""


def write(tmp_path, text, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_plan(tmp_path, title_reason="Split across two table columns in the PDF; rejoined"):
    return load_files([write(tmp_path, PLAN.format(title_reason=title_reason))])


def notes():
    items = PlanItem.objects.filter(strategy__code="notes-plan").values("pk")
    return sorted(SourceNote.objects.filter(content_type__model="planitem", object_id__in=items)
                  .values_list("field", "kind", "reason"))


def test_marks_are_stored_against_the_record_and_field(tmp_path):
    load_plan(tmp_path)
    item = PlanItem.objects.get(strategy__code="notes-plan", ref="1.1")
    stored = SourceNote.objects.filter(object_id=item.pk, content_type__model="planitem")
    assert sorted(stored.values_list("field", "kind")) == [("lead_text", "inferred"), ("title", "reconstructed")]


def test_reloading_unchanged_marks_writes_nothing_and_removed_marks_go(tmp_path):
    load_plan(tmp_path)
    ids = sorted(SourceNote.objects.values_list("pk", flat=True))
    report = load_plan(tmp_path)
    assert sorted(SourceNote.objects.values_list("pk", flat=True)) == ids
    assert len(notes()) == 2
    assert report.counts["source notes"] == {"unchanged": 2}
    report = load_plan(tmp_path, title_reason="A better reason")
    assert report.counts["source notes"] == {"changed": 1, "unchanged": 1}
    assert ("title", "reconstructed", "A better reason") in notes()
    path = write(tmp_path, PLAN.format(title_reason="x").replace("                reconstructed:\n", "")
                 .replace("                  title: x\n", ""))
    report = load_files([path])
    assert report.counts["source notes"] == {"removed": 1, "unchanged": 1}
    assert [n[:2] for n in notes()] == [("lead_text", "inferred")]


@pytest.mark.parametrize(("mark", "expected"), [
    ("reconstructed:\n                  lead: x", "reconstructed.lead: 'lead' is not a field of this record"),
    ("inferred:\n                  title: ''", "inferred.title: String should have at least 1 character"),
    ("inferred: [title]", "inferred: Input should be a valid dictionary"),
])
def test_a_bad_mark_is_an_error_naming_line_and_path(tmp_path, mark, expected):
    text = PLAN.format(title_reason="ok").replace(
        "                title: Plain action\n", f"                title: Plain action\n                {mark}\n")
    with pytest.raises(DataFileError) as exc:
        load_files([write(tmp_path, text)])
    assert any(f"strategies[0].items[0].children[1].{expected}" in e for e in exc.value.errors), exc.value.errors
    assert notes() == []


def test_a_mark_on_a_record_that_cannot_carry_one_says_where_to_put_it(tmp_path):
    text = PLAN.format(title_reason="ok").replace(
        "                lead_text: NCC\n",
        "                lead_text: NCC\n                leads:\n                  - organisation: NCC\n"
        "                    inferred: {organisation: from layout}\n")
    with pytest.raises(DataFileError) as exc:
        load_files([write(tmp_path, text)])
    [error] = exc.value.errors
    assert ".children[0].leads[0].inferred: this record cannot carry marks" in error
    assert error.split(":")[1] == "19"


def test_every_markable_record_type_stores_its_marks(tmp_path):
    """Each record type listed as markable is wired to its database row in the apply step."""
    seen, files = set(), []
    for i, path in enumerate(demo_files()):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record, where in marked_records(DataFile.model_validate(raw)):
            if type(record) not in MARKABLE:
                continue
            node = raw
            for step in where:
                node = node[step]
            seen.add(type(record))
            node["inferred"] = {sorted(field_names(type(record)))[0]: f"test {type(record).__name__}"}
        files.append(tmp_path / f"{i}.yaml")
        files[-1].write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    load_files(files)
    stored = {reason.removeprefix("test ") for reason in SourceNote.objects.values_list("reason", flat=True)
              if reason.startswith("test ")}
    assert stored == {cls.__name__ for cls in seen}
    assert len(seen) > 20  # the demo data has most kinds of record


def test_the_plan_page_shows_the_note_with_its_reason(client, tmp_path):
    load_plan(tmp_path)
    html = client.get("/plans/notes-plan/").content.decode()
    assert '<summary class="wb-source-note__kind">reconstructed</summary>' in html
    assert "Split across two table columns in the PDF; rejoined" in html
    assert html.count("wb-source-note__kind") == 2


def test_notes_cost_one_query_per_record_type_however_many_rows(client, tmp_path):
    load_plan(tmp_path)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/plans/notes-plan/")
    assert sum("core_sourcenote" in q["sql"] for q in ctx.captured_queries) == 1


def test_the_api_lists_notes_on_the_records_that_have_them(client, tmp_path):
    load_plan(tmp_path)
    plan = client.get("/api/v1/plans/notes-plan/").json()
    marked, plain = plan["items"][0]["children"]
    assert sorted((n["field"], n["kind"]) for n in marked["source_notes"]) == [
        ("lead_text", "inferred"), ("title", "reconstructed")]
    assert plain["source_notes"] == []


BODY = """\
    format: wellboard/1
    bodies:
      - code: notes-group
        name: Group with an inferred reporting line
        kind: group
        parent: nottingham-hwb
        inferred:
          parent: Reporting line read from the structure chart's layout; the source draws no arrow
"""


def test_the_body_page_shows_an_inferred_reporting_line(client, tmp_path):
    load_files([write(tmp_path, BODY, "body.yaml")])
    html = client.get("/bodies/notes-group/").content.decode()
    assert '<summary class="wb-source-note__kind">inferred</summary>' in html
    assert "the source draws no arrow" in html


MEETING = """\
    format: wellboard/1
    meetings:
      - code: notes-meeting
        body: nottingham-hwb
        date: 2019-03-01
        status: minutes_approved
        agenda:
          - {number: "1", title: Apologies, kind: standing}
        attendance:
          - person: Uzmah Bhatti
            status: present
            inferred:
              status: Listed under "Present" only by the column the name sits in
        minutes:
          items:
            - number: "1"
              title: Apologies
              paragraphs:
                - text: None received.
                  reconstructed:
                    text: Paragraph continued across a page break; joined
"""


def test_the_meeting_page_shows_notes_on_attendance_and_minutes(client, tmp_path):
    load_files([write(tmp_path, MEETING, "meeting.yaml")])
    html = client.get("/meetings/notes-meeting/").content.decode()
    assert '<summary class="wb-source-note__kind">inferred (status)</summary>' in html
    assert '<summary class="wb-source-note__kind">reconstructed (text)</summary>' in html
    assert "Paragraph continued across a page break; joined" in html


PRIVATE_MEETING = """\
    format: wellboard/1
    meetings:
      - code: notes-private
        body: nottingham-hwb
        date: 2019-04-01
        status: minutes_approved
        venue: Council House
        reconstructed:
          venue: Venue rejoined from two lines
        inferred:
          declarations: SECRET-DECLARATIONS read from the register
          agenda: SECRET-AGENDA order taken from the Part B list
        agenda:
          - number: "1"
            title: Public item
            pages: "3"
            inferred:
              pages: Page read from the footer
          - number: "2"
            title: Secret item
            part: B
            reconstructed:
              title: SECRET-ITEM title rejoined
        attendance:
          - person: Uzmah Bhatti
            status: present
            inferred:
              status: Listed under "Present" by column only
        declarations:
          - person: Uzmah Bhatti
            item: "1"
            type: other
            nature: A family member works for a provider
            inferred:
              nature: SECRET-DECLARATION wording read from a marginal note
        minutes:
          items:
            - number: "1"
              title: Public item
              paragraphs:
                - text: Discussed.
                  reconstructed:
                    text: Paragraph joined across a page break
              resolutions:
                - text: Noted the report.
                  inferred:
                    text: Resolution wording read from the decision list
                  actions:
                    - description: Report back
                      inferred:
                        description: Action read from the action log
            - number: "2"
              title: Secret item
              reconstructed:
                title: SECRET-MINUTE title rejoined
              paragraphs:
                - text: Secret discussion.
"""


def kinds(record):
    return sorted((n["field"], n["kind"]) for n in record["source_notes"])


def test_the_meeting_api_lists_notes_only_on_what_the_reader_may_see(client, tmp_path):
    load_files([write(tmp_path, PRIVATE_MEETING, "private.yaml")])
    pk = Meeting.objects.get(code="notes-private").pk
    public = client.get(f"/api/v1/meetings/{pk}/").json()
    # The meeting's own mark on its venue; not the one on its declarations, nor its agenda with a Part B item.
    assert kinds(public) == [("venue", "reconstructed")]
    assert kinds(public["agenda"][0]) == [("pages", "inferred")]
    assert public["agenda"][1]["exempt"] and public["agenda"][1]["source_notes"] == []
    assert kinds(public["attendance"][0]) == [("status", "inferred")]
    [minute] = public["minutes"]
    assert kinds(minute["paragraphs"][0]) == [("text", "reconstructed")]
    assert kinds(minute["resolutions"][0]) == [("text", "inferred")]
    assert kinds(public["actions"][0]) == [("description", "inferred")]
    assert "SECRET" not in json.dumps(public)

    reader = client_for(make_user("notes-reader", Role.BOARD_MEMBER, Body.objects.get(code="nottingham-hwb")))
    member = reader.get(f"/api/v1/meetings/{pk}/").json()
    assert kinds(member["agenda"][1]) == [("title", "reconstructed")]
    assert kinds(member["minutes"][1]) == [("title", "reconstructed")]
    assert kinds(member) == [("agenda", "inferred"), ("venue", "reconstructed")]
    # Declarations never carry notes, even for readers: a reason could reveal a private declaration.
    assert "SECRET-DECLARATION" not in json.dumps(member)
    assert all("source_notes" not in d for d in member["declarations"])


def test_the_meeting_api_hides_notes_of_unpublished_minutes(client, tmp_path):
    text = PRIVATE_MEETING.replace("status: minutes_approved", "status: held").replace(
        "        inferred:\n          declarations:", "        inferred:\n          minutes: SECRET-MINUTES note\n"
        "          declarations:")
    load_files([write(tmp_path, text, "held.yaml")])
    public = client.get(f"/api/v1/meetings/{Meeting.objects.get(code='notes-private').pk}/").json()
    assert not public["minutes_published"] and public["attendance"] == [] and public["minutes"] == []
    assert "SECRET" not in json.dumps(public)


def test_api_notes_cost_one_query_per_response(client, tmp_path):
    load_files([write(tmp_path, PRIVATE_MEETING, "private.yaml")])
    meeting = Meeting.objects.get(code="notes-private")
    attendance_type = ContentType.objects.get_for_model(Attendance)
    for i in range(5):  # more marked records: still one read of the notes
        row = Attendance.objects.create(meeting=meeting, person=Person.objects.create(name=f"Noted person {i}"),
                                        status="present", position=10 + i)
        SourceNote.objects.create(content_type=attendance_type, object_id=row.pk, field="status", kind="inferred",
                                  reason="grown")
    indicator = visible_indicators(AnonymousUser()).filter(values__isnull=False).first()
    for url in (f"/api/v1/meetings/{meeting.pk}/", f"/api/v1/indicators/{indicator.pk}/"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert sum("core_sourcenote" in q["sql"] for q in ctx.captured_queries) == 1, url
    assert len([a for a in client.get(f"/api/v1/meetings/{meeting.pk}/").json()["attendance"]
                if a["source_notes"]]) == 6
