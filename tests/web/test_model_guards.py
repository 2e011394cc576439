"""Rules that hold however a record is changed: the admin obeys them, and a stale form is refused."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from wellboard.core.concurrency import StaleEdit
from wellboard.governance.models import Body, BodyConstitution
from wellboard.indicators.models import Value
from wellboard.meetings import workflows
from wellboard.meetings.models import (
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Paper,
    Recommendation,
    Resolution,
    Signoff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    body = Body.objects.create(code="guards", name="Guards Sub-Committee", kind="sub_committee")
    BodyConstitution.objects.create(body=body, quorum=3, resolution_format="{year}/{number:03d}")
    meeting = Meeting.objects.create(body=body, code="guards-2018-03-01", date=dt.date(2018, 3, 1), status="held")
    later = Meeting.objects.create(body=body, code="guards-2018-04-12", date=dt.date(2018, 4, 12), status="held")
    item = MinuteItem.objects.create(meeting=meeting, number="5", title="Savings programme")
    paragraph = MinuteParagraph.objects.create(item=item, number="5.1", text="The board received the report.")
    paper = Paper.objects.create(code="guards-savings", meeting=meeting, title="Savings programme update")
    Recommendation.objects.create(paper=paper, verb="Note", text="the progress made", position=0)
    return meeting, later, item, paragraph, paper


def admin_form(staff_client, url):
    """Every field of an admin change form as the page draws it, ready to post back."""
    page = BeautifulSoup(staff_client.get(url).content, "html.parser")
    form = page.select_one("form#" + page.select_one("form[id$='_form']")["id"])
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        elif field.get("type") not in ("submit", "button"):
            data[name] = field.get("value", "")
    return data


def test_the_admin_cannot_publish_a_paper_with_incomplete_signoffs(held, staff_client):
    *_, paper = held
    Signoff.objects.create(paper=paper, kind="constitutional", initials="SLB", date=dt.date(2018, 2, 20))
    Signoff.objects.create(paper=paper, kind="financial", initials="XX")
    url = f"/admin/meetings/paper/{paper.pk}/change/"
    data = admin_form(staff_client, url)
    response = staff_client.post(url, {**data, "published": "on"})
    assert response.status_code == 200
    assert "financial sign-off is missing or still a placeholder" in response.content.decode()
    assert not Paper.objects.get(pk=paper.pk).published
    Signoff.objects.filter(paper=paper, kind="financial").update(initials="NRD", date=dt.date(2018, 2, 21))
    assert staff_client.post(url, {**admin_form(staff_client, url), "published": "on"}).status_code == 302
    assert Paper.objects.get(pk=paper.pk).published


def test_a_paper_model_refuses_publishing_without_signoffs(held):
    *_, paper = held
    paper.published = True
    with pytest.raises(ValidationError) as info:
        paper.full_clean()
    assert "constitutional and financial sign-off are missing" in str(info.value)


def test_locked_minutes_cannot_be_edited_in_the_admin(held, staff_client):
    meeting, later, item, paragraph, paper = held
    resolution = workflows.draft_resolutions(item, paper)[0]
    item_url = f"/admin/meetings/minuteitem/{item.pk}/change/"
    data = admin_form(staff_client, item_url)
    workflows.approve_minutes(meeting, later)
    # A form drawn before approval, posted after it: refused, nothing changes.
    response = staff_client.post(item_url, {**data, "title": "Quietly renamed",
                                            "paragraphs-0-text": "Quietly changed"})
    assert response.status_code == 403
    for url, field in ((f"/admin/meetings/minuteparagraph/{paragraph.pk}/change/", "text"),
                       (f"/admin/meetings/resolution/{resolution.pk}/change/", "text")):
        assert staff_client.post(url, {field: "Quietly changed"}).status_code == 403
        assert staff_client.post(url.replace("/change/", "/delete/"), {"post": "yes"}).status_code == 403
    page = staff_client.get(item_url).content.decode()
    assert "Quietly" not in page and 'name="title"' not in page  # shown read-only
    assert MinuteItem.objects.get(pk=item.pk).title == "Savings programme"
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "The board received the report."
    assert Resolution.objects.get(pk=resolution.pk).text == "Note the progress made"


def test_locked_minute_records_refuse_changes_at_model_level(held):
    meeting, later, item, paragraph, paper = held
    resolution = workflows.draft_resolutions(item, paper)[0]
    workflows.approve_minutes(meeting, later)
    for record in (MinuteParagraph.objects.get(pk=paragraph.pk), Resolution.objects.get(pk=resolution.pk)):
        record.text = "Quietly changed"
        with pytest.raises(ValidationError, match="record a correction"):
            record.full_clean()
    with pytest.raises(ValidationError, match="record a correction"):
        MinuteParagraph(item=item, number="5.2", text="Added later").full_clean()
    MinuteParagraph.objects.get(pk=paragraph.pk).full_clean()  # unchanged: fine
    workflows.correct_minutes(paragraph, "The board received and noted the report.", "Agreed wording")
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "The board received and noted the report."


def test_a_stale_save_of_a_paragraph_is_refused_and_carries_the_saved_text(held):
    *_, paragraph, _ = held
    drawn = paragraph.version
    workflows.edit_paragraph(paragraph, "Clerk A's wording", drawn)
    with pytest.raises(StaleEdit) as info:
        workflows.edit_paragraph(paragraph, "Clerk B's wording", drawn)
    assert info.value.current.text == "Clerk A's wording"
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "Clerk A's wording"
    workflows.edit_paragraph(paragraph, "Clerk B's wording", info.value.current.version)  # deliberate re-save
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "Clerk B's wording"


def test_a_stale_resolution_edit_keeps_both_texts_on_the_page(held, staff_client):
    meeting, _, item, _, paper = held
    resolution = workflows.draft_resolutions(item, paper)[0]
    url = f"/meetings/{meeting.code}/resolutions/{resolution.pk}/"
    page = BeautifulSoup(staff_client.get(url).content, "html.parser")  # the resolution's own edit page
    drawn = page.select_one("form input[name=version]")["value"]
    assert staff_client.post(url, {"text": "Noted, with thanks", "version": drawn}).status_code == 302
    response = staff_client.post(url, {"text": "Noted the progress", "version": drawn})
    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    assert "Someone else changed this" in page.select_one(".govuk-error-summary").get_text()
    assert "Noted, with thanks" in page.select_one("#stale").get_text()
    assert page.select_one("#id_text").get_text().strip() == "Noted the progress"
    assert Resolution.objects.get(pk=resolution.pk).text == "Noted, with thanks"
    current = page.select_one("form input[name=version]")["value"]
    assert staff_client.post(url, {"text": "Noted the progress", "version": current}).status_code == 302
    assert Resolution.objects.get(pk=resolution.pk).text == "Noted the progress"


def test_a_stale_officer_rag_save_is_refused(staff_client):
    value = Value.objects.select_related("indicator__strategy").get(
        indicator__code="hc-know-where-to-go", kind="actual", period="18/19")
    scale = value.indicator.strategy.rag_scale
    url = f"/indicators/hc-know-where-to-go/values/{value.pk}/officer-rag/"
    page = BeautifulSoup(staff_client.get(url).content, "html.parser")
    drawn = page.select_one("input[name=version]")["value"]
    green, amber = scale.ratings.get(code="GREEN"), scale.ratings.get(code="AMBER")
    assert staff_client.post(url, {"rating": green.pk, "reason": "Survey changed", "version": drawn}).status_code == 302
    response = staff_client.post(url, {"rating": amber.pk, "reason": "Partly met", "version": drawn})
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200 and "Someone else changed this" in page.select_one(".govuk-error-summary").text
    assert "Survey changed" in page.select_one("#stale").get_text()
    assert page.select_one("textarea[name=reason]").get_text() == "Partly met"
    value.refresh_from_db()
    assert (value.officer_rag, value.officer_rag_reason) == (green, "Survey changed")


def test_a_stale_paragraph_edit_through_the_page_keeps_both_texts(held, staff_client):
    meeting, _, item, paragraph, _ = held
    url = f"/meetings/{meeting.code}/items/{item.pk}/paragraphs/{paragraph.pk}/"
    page = BeautifulSoup(staff_client.get(url).content, "html.parser")  # the paragraph's own edit page
    drawn = page.select_one("form input[name=version]")["value"]
    assert staff_client.post(url, {"text": "The board noted the report.", "version": drawn}).status_code == 302
    response = staff_client.post(url, {"text": "The board welcomed the report.", "version": drawn})
    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    assert "The board noted the report." in page.select_one("#stale").get_text()
    assert page.select_one("#id_text").get_text().strip() == "The board welcomed the report."
    assert MinuteParagraph.objects.get(pk=paragraph.pk).text == "The board noted the report."


def test_the_admin_cannot_unapprove_minutes(held, staff_client):
    meeting, later, *_ = held
    workflows.approve_minutes(meeting, later)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = admin_form(staff_client, url)
    for change in ({"status": "held"}, {"minutes_closing": "Quietly added"}):
        response = staff_client.post(url, {**data, **change})
        assert response.status_code == 200 and "approved as a correct record" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_locked and meeting.minutes_closing == ""
    assert staff_client.post(url, {**data, "venue": "Room 2"}).status_code == 302  # other details may change
