"""Schemathesis over /api/v1/openapi.json through the WSGI app, plus the hostile parameters
of issue 7: never a 500, every documented response matches its schema."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from wellboard.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # As Django's test client does: the WSGI handler would otherwise close the connection that
    # holds the test's transaction, and PostgreSQL then refuses to open another inside it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, statuses",
    [
        ("/api/v1/meetings/?body=%00", {422}),
        ("/api/v1/meetings/?body=a%01b", {422}),
        ("/api/v1/indicators/?strategy=%00", {422}),
        ("/api/v1/plans/%00/", {404, 422}),
        ("/api/v1/plans/%E2%80%AE%0A/", {404, 422}),
        ("/api/v1/meetings/99999999999999999999/", {404}),
        ("/api/v1/indicators/99999999999999999999/", {404}),
        ("/api/v1/meetings/-1/", {404}),
        ("/api/v1/meetings/%00/", {404}),
        ("/api/v1/plans/no-such-plan/", {404}),
        ("/api/v1/meetings/?body=nottingham-hwb", {200}),
    ],
)
def test_hostile_parameters_are_answered_without_a_server_error(client, url, statuses):
    response = client.get(url)
    assert response.status_code in statuses, (response.status_code, response.content[:300])
