"""Home, plan filters, item pages, sign-in and settings safety."""

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from wellboard.plans.models import PlanItem

pytestmark = pytest.mark.django_db

HC = "nottingham-healthy-culture-2016"
JHWS = "nottingham-jhws-2013"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_home_lists_boards_and_their_plans(client):
    page = soup(client.get("/"))
    assert "Nottingham City Health and Wellbeing Board" in page.get_text()
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a")}
    assert links["Healthy Culture 2016/17 Action Plan"] == f"/plans/{HC}/"
    assert links["Nottingham City Joint Health and Wellbeing Strategy"] == f"/plans/{JHWS}/"


def rows(page):
    return page.select("#plan-tree tbody tr[data-kind]")


def test_plan_filters_by_rag_lead_and_theme(client):
    everything = rows(soup(client.get(f"/plans/{JHWS}/")))
    amber = rows(soup(client.get(f"/plans/{JHWS}/?rag=AMBER")))
    rated = [r for r in amber if r["data-kind"] in {"outcome", "action"}]
    assert len(rated) == 19 and all("Amber" in r.select("td")[2].get_text() for r in rated)
    assert len(amber) < len(everything)
    # Each match keeps its priority above it for context.
    assert {r["data-kind"] for r in amber} == {"priority", "outcome", "action"}

    first_priority = PlanItem.objects.get(strategy__code=JHWS, ref="alcohol")
    themed = rows(soup(client.get(f"/plans/{JHWS}/?theme={first_priority.pk}")))
    assert sum(r["data-kind"] == "priority" for r in themed) == 1
    assert len(themed) == 1 + 13  # the priority and its 13 rows

    hc = soup(client.get(f"/plans/{HC}/"))
    lead_options = {o.get_text(strip=True): o["value"] for o in hc.select("#filter-lead option")}
    ciara = soup(client.get(f"/plans/{HC}/?lead={lead_options['Ciara Stuart']}"))
    actions = [r for r in rows(ciara) if r["data-kind"] == "action"]
    assert actions and all("Ciara" in r.select("td")[1].get_text() or "Suart" in r.select("td")[1].get_text() for r in actions)


def test_unknown_filter_values_show_an_empty_result_not_an_error(client):
    page = soup(client.get(f"/plans/{JHWS}/?rag=PURPLE&lead=zz&theme=abc"))
    assert "No items match these filters." in page.get_text()


def test_item_page_shows_details_leads_and_history(client):
    action = PlanItem.objects.get(strategy__code=HC, lead_text="CCG Ciara Stuart")
    page = soup(client.get(f"/plans/{HC}/items/{action.pk}/"))
    text = page.get_text(" ", strip=True)
    assert action.title[:40] in text and "CCG Ciara Stuart" in text
    history = page.select("#update-history tbody tr")
    assert [r.th.get_text(" ", strip=True).split(" ")[0] for r in history] == ["Comments", "Update"]


def test_retired_item_page_shows_the_decision(client):
    retired = PlanItem.objects.filter(strategy__code=JHWS, retired=True).first()
    text = soup(client.get(f"/plans/{JHWS}/items/{retired.pk}/")).get_text(" ", strip=True)
    assert "Omitted from reporting on 30 September 2015" in text
    assert "Agreed by the Board at the meeting on the 30" in text


def test_item_from_another_plan_is_not_found(client):
    other = PlanItem.objects.filter(strategy__code=HC).first()
    assert client.get(f"/plans/{JHWS}/items/{other.pk}/").status_code == 404
    assert client.get("/plans/no-such-plan/").status_code == 404


def test_bad_sign_in_gets_an_error_summary(client):
    page = soup(client.post("/sign-in/", {"username": "coordinator", "password": "wrong"}))
    summary = page.select_one(".govuk-error-summary")
    assert summary and "There is a problem" in summary.get_text()
    assert page.select_one("label[for=id_username]") and page.select_one("label[for=id_password]")


def test_openapi_schema_lists_the_plan_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/plans/" in schema["paths"] and "/api/v1/plans/{code}/" in schema["paths"]


def test_admin_has_every_model(admin_user):
    from django.test import Client

    c = Client()
    c.force_login(admin_user)
    for model in ["plans/strategy", "plans/planitem", "plans/progressupdate", "plans/planversion",
                  "plans/reportingperiod", "plans/itemlead", "plans/measureyear", "plans/distributionentry",
                  "core/ragscale", "directory/organisation", "directory/person", "governance/body"]:
        assert c.get(f"/admin/{model}/").status_code == 200, model


def test_refuses_to_start_with_debug_off_and_the_default_secret():
    # Without PYTEST_VERSION: the settings let the suite itself use the development key.
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PYTEST_VERSION"}}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="wellboard.settings")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    env["SECRET_KEY"] = "a-real-production-secret-of-decent-length-123456"
    ok = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
