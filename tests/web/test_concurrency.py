"""Two clerks acting at once: each workflow step raced by two threads released together.

PostgreSQL only: SQLite serialises every writer on one database lock, so a race there proves
nothing about row locks. Each race runs several rounds on fresh records so a pass means something.
"""
# ruff: noqa: B023 - each round's closures run and finish (threads joined) within that round.

import datetime as dt
import itertools
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tests.conftest import client_for, make_user
from wellboard.core.concurrency import StaleEdit
from wellboard.core.models import Role
from wellboard.governance.models import Body, BodyConstitution
from wellboard.imports.datafile import load_files
from wellboard.imports.demo_data import demo_files
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

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks are only meaningful on PostgreSQL; SQLite serialises all writers"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5
_codes = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def restore_demo_data(django_db_blocker):
    """Transactional tests empty the database when they end; later tests expect the demo data."""
    yield
    with django_db_blocker.unblock():
        if not Body.objects.exists():
            load_files(demo_files())


def race(*steps, hold=None):
    """Run each step in its own thread, released together by a barrier. Returns one outcome per
    step: ("ok", result), ("refused", ValidationError) or ("error", exception)."""
    barrier = threading.Barrier(len(steps))
    outcomes = [None] * len(steps)

    def run(i, step):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = ("ok", step())
        except ValidationError as exc:
            outcomes[i] = ("refused", exc)
        except Exception as exc:  # noqa: BLE001 - any other exception is what the test looks for
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a worker hung (deadlock?)"
    errors = [o[1] for o in outcomes if o[0] == "error"]
    assert not errors, f"unexpected errors: {errors!r}"
    return outcomes


def kinds(outcomes):
    return sorted(o[0] for o in outcomes)


def board():
    """A body that numbers resolutions, with a held meeting (minutes, a paper) and two later ones."""
    n = next(_codes)
    body = Body.objects.create(code=f"race-{n}", name=f"Race Board {n}", kind="sub_committee")
    BodyConstitution.objects.create(body=body, quorum=3, resolution_format="{year}/{number:03d}")
    body.standing_items.create(title="Apologies", presenter="Clerk", position=0)
    body.standing_items.create(title="Minutes", presenter="Chair", position=1)
    held = Meeting.objects.create(body=body, code=f"race-{n}-2018-03-01", date=dt.date(2018, 3, 1), status="held")
    later = Meeting.objects.create(body=body, code=f"race-{n}-2018-04-12", date=dt.date(2018, 4, 12), status="held")
    latest = Meeting.objects.create(body=body, code=f"race-{n}-2018-05-10", date=dt.date(2018, 5, 10),
                                    status="held")
    item = MinuteItem.objects.create(meeting=held, number="5", title="Savings programme")
    MinuteParagraph.objects.create(item=item, number="5.1", text="The board received the report.")
    paper = paper_for(held, f"race-{n}-savings")
    return body, held, later, latest, item, paper


def paper_for(meeting, code):
    paper = Paper.objects.create(code=code, meeting=meeting, title="Savings programme update")
    Recommendation.objects.create(paper=paper, verb="Note", text="the progress made", position=0)
    Recommendation.objects.create(paper=paper, verb="Approve", text="the change requests", position=1)
    return paper


def test_two_clerks_approving_the_same_minutes_at_different_meetings():
    for _ in range(ROUNDS):
        _, held, later, latest, *_ = board()
        page_a, page_b = Meeting.objects.get(pk=held.pk), Meeting.objects.get(pk=held.pk)
        outcomes = race(lambda: workflows.approve_minutes(page_a, later),
                        lambda: workflows.approve_minutes(page_b, latest))
        assert kinds(outcomes) == ["ok", "refused"]
        (winner,) = [o[1] for o in outcomes if o[0] == "ok"]
        (refusal,) = [o[1] for o in outcomes if o[0] == "refused"]
        assert "were approved at the meeting on" in refusal.messages[0]
        assert "by someone else just now" in refusal.messages[0]
        held.refresh_from_db()
        assert held.minutes_locked and held.minutes_approved_at_id == winner.minutes_approved_at_id


def test_drafting_from_the_same_paper_twice_makes_one_set_of_resolutions():
    for _ in range(ROUNDS):
        _, held, _, _, item, paper = board()
        outcomes = race(lambda: workflows.draft_resolutions(item, paper),
                        lambda: workflows.draft_resolutions(item, paper))
        assert kinds(outcomes) in (["ok", "ok"], ["ok", "refused"])
        drafted = list(Resolution.objects.filter(item=item).values_list("from_recommendation_id", "number"))
        assert len(drafted) == 2
        assert len({r for r, _ in drafted}) == 2 and sorted(n for _, n in drafted) == ["2018/001", "2018/002"]


def test_numbering_at_two_meetings_of_one_body_at_once_gives_distinct_numbers():
    for _ in range(ROUNDS):
        body, held, later, _, item, paper = board()
        other = MinuteItem.objects.create(meeting=later, number="3", title="Budget")
        other_paper = paper_for(later, f"{body.code}-budget")
        race(lambda: workflows.draft_resolutions(item, paper),
             lambda: workflows.draft_resolutions(other, other_paper))
        numbers = list(Resolution.objects.filter(body=body).values_list("number", flat=True))
        assert sorted(numbers) == ["2018/001", "2018/002", "2018/003", "2018/004"]


def test_editing_a_resolution_while_the_minutes_are_approved():
    for _ in range(ROUNDS):
        _, held, later, _, item, paper = board()
        resolution = workflows.draft_resolutions(item, paper)[0]
        outcomes = race(lambda: workflows.approve_minutes(held, later),
                        lambda: workflows.edit_resolution(resolution, "Noted, with thanks"))
        assert outcomes[0][0] == "ok"
        if outcomes[1][0] == "refused":  # approval first: the edit must not have happened
            assert "correct record" in outcomes[1][1].messages[0]
            assert Resolution.objects.get(pk=resolution.pk).text == "Note the progress made"


@pytest.mark.parametrize("step", ["edit", "draft"])
def test_nothing_is_written_into_minutes_after_their_approval_commits(step):
    """Deterministic: the approval is made and held uncommitted while the second clerk acts."""
    for _ in range(3):
        _, held, later, _, item, paper = board()
        resolution = workflows.draft_resolutions(item, paper)[0] if step == "edit" else None
        approved = threading.Event()

        def approve():
            with transaction.atomic():
                workflows.approve_minutes(Meeting.objects.get(pk=held.pk), later)
                approved.set()
                time.sleep(0.5)  # the other clerk acts now, while this approval is not yet committed

        def write():
            approved.wait(timeout=10)
            if step == "edit":
                return workflows.edit_resolution(resolution, "Changed after approval")
            return workflows.draft_resolutions(item, paper_for(held, f"{held.code}-late"))

        outcomes = race(approve, write)
        assert outcomes[0][0] == "ok" and outcomes[1][0] == "refused"
        assert "correct record" in outcomes[1][1].messages[0]
        assert not Resolution.objects.filter(item=item, approved=False).exists()
        assert not Resolution.objects.filter(text="Changed after approval").exists()


def test_completing_an_action_twice():
    for _ in range(ROUNDS):
        _, held, *_ = board()
        action = workflows.create_action(held, "Bring the revised profile back")
        page_a, page_b = Action.objects.get(pk=action.pk), Action.objects.get(pk=action.pk)  # two clerks' pages
        outcomes = race(lambda: workflows.complete_action(page_a, None),
                        lambda: workflows.complete_action(page_b, None))
        assert kinds(outcomes) == ["ok", "refused"]
        assert "just now" in [o[1] for o in outcomes if o[0] == "refused"][0].messages[0]
        assert Action.objects.get(pk=action.pk).status == "done"


def test_publishing_a_paper_twice():
    for _ in range(ROUNDS):
        *_, paper = board()
        Signoff.objects.create(paper=paper, kind="constitutional", initials="SLB", date=dt.date(2018, 2, 20))
        Signoff.objects.create(paper=paper, kind="financial", initials="NRD", date=dt.date(2018, 2, 21))
        page_a, page_b = Paper.objects.get(pk=paper.pk), Paper.objects.get(pk=paper.pk)
        outcomes = race(lambda: workflows.publish_paper(page_a), lambda: workflows.publish_paper(page_b))
        assert kinds(outcomes) == ["ok", "refused"]
        assert "Someone else published this paper just now" in [o[1] for o in outcomes if o[0] == "refused"][0].messages[0]
        assert Paper.objects.get(pk=paper.pk).published


def test_building_an_agenda_twice_adds_each_item_once():
    for _ in range(ROUNDS):
        body, _, later, *_ = board()
        WorkProgrammeEntry.objects.create(body=body, target_meeting=later, title="Annual report", author="TBC")
        outcomes = race(lambda: workflows.build_agenda(later), lambda: workflows.build_agenda(later))
        assert kinds(outcomes) == ["ok", "ok"]
        titles = list(AgendaItem.objects.filter(meeting=later).values_list("title", flat=True))
        assert sorted(titles) == ["Annual report", "Apologies", "Minutes"]
        assert sorted(len(o[1]) for o in outcomes) == [0, 3]


def test_scheduling_the_same_day_twice():
    for _ in range(ROUNDS):
        body, *_ = board()
        day = dt.date(2018, 6, 14)
        outcomes = race(lambda: workflows.schedule_meeting(body, day), lambda: workflows.schedule_meeting(body, day))
        assert kinds(outcomes) == ["ok", "refused"]
        (refusal,) = [o[1] for o in outcomes if o[0] == "refused"]
        assert "already has a meeting on 14 June 2018" in refusal.messages[0]
        assert Meeting.objects.filter(body=body, date=day).count() == 1
        assert AgendaItem.objects.filter(meeting__body=body, meeting__date=day).count() == 2


def test_two_stale_saves_of_the_same_resolution():
    for _ in range(ROUNDS):
        _, _, _, _, item, paper = board()
        resolution = workflows.draft_resolutions(item, paper)[0]
        version = resolution.version
        outcomes = race(lambda: workflows.edit_resolution(resolution, "Text of clerk A", version),
                        lambda: workflows.edit_resolution(resolution, "Text of clerk B", version))
        assert kinds(outcomes) == ["ok", "refused"]
        winner = [o[1] for o in outcomes if o[0] == "ok"][0]
        refusal = [o[1] for o in outcomes if o[0] == "refused"][0]
        assert isinstance(refusal, StaleEdit) and refusal.current.text == winner.text
        assert Resolution.objects.get(pk=resolution.pk).text == winner.text


def test_two_clerks_approving_through_the_pages_get_no_server_error():
    for _ in range(ROUNDS):
        body, held, later, latest, *_ = board()
        clients = [client_for(make_user(f"clerk-{body.code}-{i}", Role.COMMITTEE_ADMIN, body)) for i in (1, 2)]
        url = f"/meetings/{held.code}/approve-minutes/"
        outcomes = race(lambda: clients[0].post(url, {"at_meeting": later.pk}).status_code,
                        lambda: clients[1].post(url, {"at_meeting": latest.pk}).status_code)
        assert sorted(o[1] for o in outcomes) == [302, 400]
        held.refresh_from_db()
        assert held.minutes_locked
