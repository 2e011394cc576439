"""An officer may override the calculated RAG, but only with a reason; both are kept and shown."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from wellboard.indicators.models import Value
from wellboard.indicators.workflows import set_officer_rag

pytestmark = pytest.mark.django_db


def actual(code, period):
    return Value.objects.select_related("indicator__strategy").get(indicator__code=code, kind="actual", period=period)


def test_overriding_needs_a_reason_and_changes_nothing_without_one():
    value = actual("hc-know-where-to-go", "18/19")  # calculated red
    green = value.indicator.strategy.rag_scale.ratings.get(code="GREEN")
    with pytest.raises(ValidationError) as info:
        set_officer_rag(value, green, "  ")
    assert "reason" in info.value.message_dict
    value.refresh_from_db()
    assert value.officer_rag.code == "RED"
    set_officer_rag(value, green, "New survey method; the old figure overstated the fall.")
    value.refresh_from_db()
    assert (value.officer_rag.code, value.officer_rag_reason[:10]) == ("GREEN", "New survey")


def test_agreeing_with_the_calculation_needs_no_reason():
    value = actual("hc-know-where-to-go", "18/19")
    red = value.indicator.strategy.rag_scale.ratings.get(code="RED")
    set_officer_rag(value, red, "")
    value.refresh_from_db()
    assert value.officer_rag == red


def test_the_page_shows_an_error_summary_and_saves_with_a_reason(staff_client, client):
    value = actual("hc-know-where-to-go", "18/19")
    green = value.indicator.strategy.rag_scale.ratings.get(code="GREEN")
    url = f"/indicators/hc-know-where-to-go/values/{value.pk}/officer-rag/"
    assert client.get(url).status_code == 302  # anonymous users are sent to sign in
    page = BeautifulSoup(staff_client.post(url, {"rating": green.pk, "reason": ""}).content, "html.parser")
    summary = page.select_one(".govuk-error-summary")
    assert summary and "give the reason" in summary.get_text()
    assert summary.select_one("a")["href"] == "#id_reason"
    value.refresh_from_db()
    assert value.officer_rag.code == "RED"
    response = staff_client.post(url, {"rating": green.pk, "reason": "Method changed"})
    assert response.status_code == 302
    detail = staff_client.get("/indicators/hc-know-where-to-go/").content.decode()
    assert "Method changed" in detail and "Disagrees with the calculated RAG" in detail


def test_bad_input_is_an_error_not_a_crash(staff_client):
    value = actual("hc-know-where-to-go", "18/19")
    url = f"/indicators/hc-know-where-to-go/values/{value.pk}/officer-rag/"
    response = staff_client.post(url, {"rating": "999999", "reason": "x"})
    assert response.status_code == 200 and b"There is a problem" in response.content
    target = Value.objects.get(indicator__code="hc-know-where-to-go", kind="target", period="18/19")
    assert staff_client.get(f"/indicators/hc-know-where-to-go/values/{target.pk}/officer-rag/").status_code == 404
