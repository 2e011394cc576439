"""The clerk's workflow steps, through the functions and through the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wellboard.governance.models import Body, BodyConstitution
from wellboard.meetings import workflows
from wellboard.meetings.models import (
    Action,
    AgendaItem,
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Paper,
    Recommendation,
    Resolution,
    Signoff,
    WorkProgrammeEntry,
)
from wellboard.plans.models import PlanItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub_committee():
    """A council sub-committee that numbers its resolutions 2018/001 …"""
    body = Body.objects.create(code="ics", name="Improvement and Change Sub-Committee", kind="sub_committee")
    BodyConstitution.objects.create(body=body, quorum=3, resolution_format="{year}/{number:03d}")
    body.standing_items.create(title="Apologies", presenter="Clerk", position=0)
    body.standing_items.create(title="Minutes", presenter="Chair", position=1)
    first = Meeting.objects.create(body=body, code="ics-2018-03-01", date=dt.date(2018, 3, 1), status="held")
    second = Meeting.objects.create(body=body, code="ics-2018-04-12", date=dt.date(2018, 4, 12),
                                    status="held")  # minutes are approved only at a held meeting
    item = MinuteItem.objects.create(meeting=first, number="5", title="Savings programme")
    MinuteParagraph.objects.create(item=item, number="5.1", text="The sub-committee received the report.")
    paper = Paper.objects.create(code="ics-savings", meeting=first, title="Savings programme update")
    Recommendation.objects.create(paper=paper, verb="Note", text="the progress made", position=0)
    Recommendation.objects.create(paper=paper, verb="Approve", text="the change requests in Appendix 1", position=1)
    return body, first, second, item, paper


def test_resolutions_are_drafted_from_recommendations_and_numbered_per_year(sub_committee):
    body, first, _, item, paper = sub_committee
    drafted = workflows.draft_resolutions(item, paper)
    assert [(r.number, r.text) for r in drafted] == [
        ("2018/001", "Note the progress made"), ("2018/002", "Approve the change requests in Appendix 1")]
    assert workflows.draft_resolutions(item, paper) == []  # drafting twice adds nothing
    workflows.edit_resolution(drafted[1], "Approve the change requests in Appendix 1, except CR7, which was deferred")
    assert Resolution.objects.get(pk=drafted[1].pk).text.endswith("which was deferred")


def test_approving_minutes_locks_them_and_corrections_are_recorded(sub_committee, django_user_model):
    _, first, second, item, paper = sub_committee
    with pytest.raises(ValidationError):
        workflows.approve_minutes(first, first)  # not a later meeting
    workflows.approve_minutes(first, second)
    first.refresh_from_db()
    assert first.minutes_locked and first.minutes_approved_at == second
    paragraph = item.paragraphs.get()
    with pytest.raises(ValidationError):
        workflows.edit_paragraph(paragraph, "Quietly changed")
    with pytest.raises(ValidationError):
        workflows.draft_resolutions(item, paper)
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "The sub-committee received the report."
    clerk = django_user_model.objects.create_user("clerk2")
    correction = workflows.correct_minutes(paragraph, "The sub-committee received and noted the report.",
                                           "Wording agreed at the next meeting", clerk)
    assert correction.old_text == "The sub-committee received the report."
    assert first.corrections.count() == 1


def test_actions_are_created_completed_and_overdue_is_reported(sub_committee, django_user_model):
    body, first, _, item, paper = sub_committee
    resolution = workflows.draft_resolutions(item, paper)[0]
    action = workflows.create_action(first, "Bring the revised profile back", resolution=resolution,
                                     due_date=dt.date(2018, 3, 30))
    assert action.minute_item == item
    assert [a.pk for a in workflows.overdue_actions(body, dt.date(2018, 4, 1))] == [action.pk]
    with pytest.raises(ValidationError):
        workflows.create_action(first, "   ")
    user = django_user_model.objects.create_user("clerk3")
    workflows.complete_action(action, user)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_by == user and action.completed_at
    assert workflows.overdue_actions(body, dt.date(2018, 4, 1)) == []


def test_work_programme_entries_become_agenda_items_after_the_standing_items(sub_committee):
    body, first, second, _, _ = sub_committee
    resolution = Resolution.objects.create(meeting=first, item=first.minute_items.get(), text="Asked for a report")
    entry = WorkProgrammeEntry.objects.create(body=body, target_meeting=first, title="Digital inclusion update",
                                              lead_officer="Head of Digital", author="TBC", requested_by=resolution)
    workflows.reschedule_entry(entry, second, "Report not ready")
    assert list(entry.moves.values_list("from_meeting", "to_meeting")) == [(first.pk, second.pk)]
    created = workflows.build_agenda(second)
    assert [(i.number, i.title, i.kind) for i in created] == [
        ("1", "Apologies", "standing"), ("2", "Minutes", "standing"), ("3", "Digital inclusion update", "discussion")]
    entry.refresh_from_db()
    assert entry.agenda_item.title == "Digital inclusion update" and entry.status == "on_agenda"
    assert workflows.build_agenda(second) == []


def test_a_paper_with_a_missing_or_placeholder_signoff_cannot_be_published(sub_committee):
    *_, paper = sub_committee
    Signoff.objects.create(paper=paper, kind="constitutional", initials="SLB", date=dt.date(2018, 2, 20))
    Signoff.objects.create(paper=paper, kind="financial", initials="XX")
    with pytest.raises(ValidationError) as info:
        workflows.publish_paper(paper)
    assert "financial sign-off is missing or still a placeholder" in str(info.value)
    paper.refresh_from_db()
    assert not paper.published
    Signoff.objects.filter(paper=paper, kind="financial").update(initials="NRD", date=dt.date(2018, 2, 21))
    assert workflows.publish_paper(paper).published


def test_a_resolution_retires_a_plan_item_and_the_item_links_to_it(sub_committee, client):
    _, first, *_ = sub_committee
    item = PlanItem.objects.get(strategy__code="nottingham-healthy-culture-2016", ref="t1-mecc")
    resolution = Resolution.objects.create(meeting=first, item=first.minute_items.get(),
                                           text="Omit the MECC action from future reporting")
    workflows.retire_item(resolution, item)
    item.refresh_from_db()
    # The text is not copied into the item; the unapproved resolution's text is not public.
    assert item.retired and item.retired_on == first.date and item.retired_reason == ""
    page = client.get(f"/plans/nottingham-healthy-culture-2016/items/{item.pk}/").content.decode()
    assert "Retired by decision of Improvement and Change Sub-Committee, 1 March 2018" in page
    assert "Omit the MECC action" not in page


def test_quorum_counts_members_and_their_substitutes():
    sep = Meeting.objects.get(code="norfolk-hwb-2016-09-21")
    present, quorum = workflows.quorum_check(sep)
    assert quorum is None and present >= 12


def test_pages_drive_the_workflows(sub_committee, staff_client, client):
    body, first, second, item, paper = sub_committee
    url = f"/meetings/{first.code}/"
    assert client.post(f"{url}items/{item.pk}/draft-resolutions/", {"paper": paper.pk}).status_code == 302
    assert not Resolution.objects.filter(meeting=first).exists()  # anonymous: sent to sign in, nothing done
    assert staff_client.post(f"{url}items/{item.pk}/draft-resolutions/", {"paper": paper.pk}).status_code == 302
    assert Resolution.objects.filter(meeting=first).count() == 2
    response = staff_client.post(f"{url}actions/", {"description": "", "due_date": "not a date"})
    assert response.status_code == 400 and b"There is a problem" in response.content
    assert staff_client.post(f"{url}actions/", {"description": "Chase CR7", "due_date": "2018-04-01"}).status_code == 302
    action = Action.objects.get(meeting=first)
    assert staff_client.post(f"{url}actions/{action.pk}/complete/").status_code == 302
    assert Action.objects.get(pk=action.pk).status == "done"
    bad = staff_client.post(f"{url}approve-minutes/", {"at_meeting": first.pk})
    assert bad.status_code == 400
    assert staff_client.post(f"{url}approve-minutes/", {"at_meeting": second.pk}).status_code == 302
    first.refresh_from_db()
    assert first.minutes_locked
    locked = staff_client.post(f"{url}items/{item.pk}/draft-resolutions/", {"paper": paper.pk})
    assert locked.status_code == 400 and b"correct record" in locked.content
    WorkProgrammeEntry.objects.create(body=body, target_meeting=second, title="Annual report", author="TBC")
    assert staff_client.post(f"/meetings/{second.code}/build-agenda/").status_code == 302
    assert list(AgendaItem.objects.filter(meeting=second).values_list("title", flat=True)) == [
        "Apologies", "Minutes", "Annual report"]


def test_resolutions_change_targets_and_approve_plan_versions(sub_committee, client):
    from wellboard.indicators.models import Value
    from wellboard.plans.models import PlanVersion

    _, first, *_ = sub_committee
    resolution = Resolution.objects.create(meeting=first, item=first.minute_items.get(), text="Set the 19/20 target")
    target = Value.objects.get(indicator__code="hc-reablement-91-days", kind="target", period="19/20")
    workflows.change_target(resolution, target, 81.5, "81.5%")
    page = client.get("/indicators/hc-reablement-91-days/").content.decode()
    assert "19/20: 81.5% — changed by" in " ".join(page.split()) and "resolution of 1 March 2018" in page
    version = PlanVersion.objects.get(strategy__code="nottingham-healthy-culture-2016", number="0.5")
    workflows.approve_plan_version(resolution, version)
    assert "Approved by" in client.get("/plans/nottingham-healthy-culture-2016/action-plan/").content.decode()


def test_clerk_schedules_a_meeting_and_plans_and_moves_work_from_the_body_page(sub_committee, staff_client):
    body, first, second, *_ = sub_committee
    url = f"/bodies/{body.code}/"
    bad = staff_client.post(f"{url}meetings/new/", {"date": "31/02/2019", "kind": "formal"})
    assert bad.status_code == 400 and b"There is a problem" in bad.content
    assert staff_client.post(f"{url}work-programme/", {"title": "Annual savings report",
                                                       "target_meeting": second.pk}).status_code == 302
    entry = WorkProgrammeEntry.objects.get(title="Annual savings report")
    assert entry.author == "TBC"
    assert staff_client.post(f"{url}meetings/new/", {"date": "2018-06-14", "start_time": "10:00",
                                                     "kind": "formal"}).status_code == 302
    june = Meeting.objects.get(code="ics-2018-06-14")
    assert list(june.agenda_items.values_list("title", flat=True)) == ["Apologies", "Minutes"]
    dup = staff_client.post(f"{url}meetings/new/", {"date": "2018-06-14", "kind": "formal"})
    assert dup.status_code == 400 and b"already has a meeting" in dup.content
    moved = staff_client.post(f"{url}work-programme/{entry.pk}/move/", {"to_meeting": june.pk, "reason": "Data late"})
    assert moved.status_code == 302
    entry.refresh_from_db()
    assert entry.target_meeting == june and entry.moves.get().reason == "Data late"
    staff_client.post(f"/meetings/{june.code}/build-agenda/")
    assert june.agenda_items.filter(title="Annual savings report").exists()


@pytest.mark.parametrize("data", [
    {"description": "x", "resolution": "abc"},
    {"description": "x", "owner": "99999", "due_date": "2020-99-99"},
])
def test_bad_action_input_is_refused_not_a_crash(sub_committee, staff_client, data):
    _, first, *_ = sub_committee
    response = staff_client.post(f"/meetings/{first.code}/actions/", data)
    assert response.status_code == 400 and b"There is a problem" in response.content
    assert not Action.objects.filter(meeting=first).exists()
