"""A long paper's page lists its sections and every section and case study can be linked to."""

import re

import pytest
from django.urls import reverse

from wellboard.meetings.templatetags.paper_sections import sectioned

pytestmark = pytest.mark.django_db

PAPER = "notts-hwb-implementation-group-report"


def test_the_paper_page_lists_its_appendices_and_links_to_each(client):
    page = client.get(reverse("meetings:paper", args=[PAPER])).content.decode()
    nav = re.search(r'<nav[^>]*id="information-contents".*?</nav>', page, re.S).group(0)
    labels = re.findall(r'<a class="govuk-link" href="#(info-[a-z0-9-]+)">([^<]+)</a>', nav)
    assert [label for _, label in labels][-4:] == ["Appendix One", "Appendix Two", "Appendix Three", "Appendix Four"]
    for ident, label in labels:
        assert f'<h3 id="{ident}">{label}</h3>' in page
    # Each case study of Appendix Two can be linked to.
    assert '<h4 id="info-1-mental-health-support-services">1. Mental Health Support Services</h4>' in page
    assert '<h4 id="info-17-medicines-management">17. Medicines Management</h4>' in page


def test_ids_are_made_from_the_cleaned_text_and_never_repeat():
    result = sectioned('<h3 id="x" onclick="alert(1)">Notes</h3><p>a</p><h3>Notes</h3><h4><em>A &amp; B</em></h4><h3>!!</h3>')
    assert str(result.html) == (
        '<h3 id="info-notes">Notes</h3><p>a</p><h3 id="info-notes-2">Notes</h3>'
        '<h4 id="info-a-b"><em>A &amp; B</em></h4><h3 id="info-section">!!</h3>')
    assert result.contents == [("info-notes", "Notes"), ("info-notes-2", "Notes"), ("info-section", "!!")]


def test_a_short_paper_has_no_contents():
    assert sectioned("<p>Only a paragraph.</p>").contents == []
