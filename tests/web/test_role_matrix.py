"""Every URL of the site and API, as every role; every state-changing POST as the wrong role.

The URL list is not written down here: it is read from Django's resolver (and checked against the
OpenAPI schema), so a URL added later is covered the day it is added. Each path parameter is
filled from real records — the demo data plus the private fixture (tests/private_fixture.py) —
once with a public record and once with a private one where the kind has private records. A
pattern that cannot be filled fails the test: nobody silently drops coverage.

Rules checked for GET, for every role:
  R1  never a server error;
  R2  the admin answers only administrators (a staff flag alone gets nothing);
  R3  a private record's URL is refused (302 to sign-in, 403, 404, 405) to those who may not read it;
  R4  a page that is not a public page refuses the public, users without a role and staff-only users;
  R5  public pages of public records answer 200 to everyone; R6 private records answer 200 to their readers.
For POST: every state-changing URL (a POST-only view, or the target of a form on a page) is
posted without a role, as the wrong role, and without a CSRF token as an administrator; each is
refused and the database is unchanged (row counts and a hash of every row of every model).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.conftest import make_user
from tests.private_fixture import add_private_records, code, find_markers

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "staff_only", "board_member", "committee_admin", "committee_admin_other",
         "coordinator", "lead", "administrator"]
PUBLIC_ROLES = {"anonymous", "no_role", "staff_only"}
REFUSED = {302, 403, 404, 405}
# Readers of each kind of private record (the fixture's private plan belongs to nottingham-hwb,
# its private meetings and papers to norfolk-hwb). The lead leads one item of the private plan:
# whether they see the rest of that plan is not settled, so they are in neither set.
READERS = {
    "public": set(ROLES),
    "private_plan": {"administrator", "coordinator", "committee_admin_other"},
    "private_meeting": {"administrator", "board_member", "committee_admin"},
}
NOT_READERS = {
    "public": set(),
    "private_plan": {"anonymous", "no_role", "staff_only", "board_member", "committee_admin"},
    "private_meeting": {"anonymous", "no_role", "staff_only", "coordinator", "committee_admin_other", "lead"},
}
# Pages the public reads (R5). Every other page is for signed-in roles only (R4).
PUBLIC_PAGES = {
    "home", "login", "rag-colours", "api:openapi-json", "api:openapi-view", "api:list_plans",
    "api:get_plan", "api:list_indicators", "api:get_indicator", "api:list_bodies", "api:list_meetings",
    "api:get_meeting", "api:body_work_programme", "plans:plan", "plans:item", "indicators:scorecard", "indicators:indicator",
    "meetings:bodies", "meetings:body", "meetings:calendar", "meetings:meeting", "meetings:agenda",
    "meetings:minutes", "meetings:paper", "outputs:progress_report", "outputs:progress_report_pdf",
    "outputs:action_plan", "outputs:action_plan_pdf",
    # The same documents in the registry's other formats (outputs/urls.py: outputs:<kind>_<fmt>).
    *(f"outputs:{kind}_{fmt}" for kind in ("progress_report", "action_plan") for fmt in ("html", "docx", "xlsx", "csv")),
    "outputs:exception_report", "outputs:exception_report_html", "outputs:exception_report_pdf",
    "outputs:dashboard", "outputs:dashboard_html", "outputs:dashboard_pdf",
    *(f"outputs:{kind}_{fmt}" for kind in ("exception_report", "dashboard") for fmt in ("docx", "xlsx", "csv")),
}
# A signed-in user's own page (their update requests): it may answer them, empty; never the anonymous.
PERSONAL_PAGES = {"reporting:my_updates"}
# Who must be refused a state-changing POST, by the domain of the URL's first segment. Leads are
# left out of the plans domain: they may write updates on the items they lead.
WRONG_FOR_POST = {
    "meetings": {"anonymous", "no_role", "staff_only", "board_member", "committee_admin_other", "coordinator", "lead"},
    "plans": {"anonymous", "no_role", "staff_only", "board_member", "committee_admin", "committee_admin_other"},
    "other": {"anonymous", "no_role", "staff_only", "board_member"},
}
DOMAIN_OF_SEGMENT = {"bodies": "meetings", "meetings": "meetings", "papers": "meetings", "plans": "plans",
                     "indicators": "plans", "updates": "plans", "my-updates": "plans"}
NOT_POSTED = {"login": "a sign-in attempt is throttled and logged by design",
              "logout": "signs the poster out; changes no record"}


# ---------------------------------------------------------------- the URL list


@dataclass
class Route:
    pattern: str  # the full route, e.g. "plans/<slug:code>/items/<int:pk>/"
    name: str | None


def all_routes() -> list[Route]:
    def walk(resolver, prefix, ns):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from walk(p, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                yield Route(prefix + str(p.pattern), f"{ns}:{p.name}" if ns and p.name else p.name)
    return list(walk(get_resolver(), "", None))


@dataclass
class Variant:
    url: str
    privacy: str  # "public", "private_plan" or "private_meeting"
    route: Route
    context: dict = field(default_factory=dict)

    @property
    def domain(self) -> str:
        first = self.url.strip("/").removeprefix("api/v1/").split("/")[0]
        return DOMAIN_OF_SEGMENT.get(first, "other")

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


class Filler:
    """Fills path parameters from real records, walking the path: a segment names the kind of the
    parameter after it (plans/<code> is a plan, items/<pk> under it one of that plan's items)."""

    def __init__(self, fx):
        from wellboard.governance.models import Body
        from wellboard.indicators.models import Indicator
        from wellboard.meetings.models import Meeting, Paper

        o = fx.objects
        public_indicator = Indicator.objects.filter(strategy__published=True).order_by("pk").first()
        self.roots = {
            "plans": [("public", o["public_plan"]), ("private_plan", o["private_plan"])],
            "bodies": [("public", Body.objects.get(code="norfolk-hwb"))],
            "meetings": [("public", o["approved_meeting"]), ("public", o["unapproved_meeting"]),
                         ("private_meeting", o["informal_meeting"])],
            "papers": [("public", Paper.objects.get(code="privfix-published-paper")),
                       ("private_meeting", Paper.objects.get(code=code("unpublishedpapercode"))),
                       ("private_meeting", Paper.objects.get(code=code("partbpapercode")))],
            "indicators": [("public", public_indicator), ("private_plan", Indicator.objects.get(
                code=code("indicatorcode")))],
        }
        update_request = next((m for m in apps.get_models() if m.__name__ == "UpdateRequest"), None)
        if update_request is not None:
            self.roots["updates"] = [
                (_privacy_of_plan(r.cycle.strategy), r)
                for r in update_request.objects.order_by("pk").select_related("cycle__strategy")[:4]]
        self.meeting_model = Meeting
        self.fx = fx

    # A child segment → how to find the child of a parent record. Overrides where the related
    # name is not the URL's word.
    CHILDREN = {("Meeting", "items"): "minute_items", ("Body", "work-programme"): "work_programme",
                ("ReportingCycle", "updates"): "requests", ("Indicator", "values"): "values"}

    def child(self, parent, segment):
        key = (type(parent).__name__, segment)
        related = self.CHILDREN.get(key, segment.replace("-", "_"))
        manager = getattr(parent, related, None)
        if manager is None or not hasattr(manager, "all"):
            return None
        rows = list(manager.all().order_by("pk"))
        if not rows:
            return None
        # Prefer a private child where there is one (a Part B resolution, a draft update), else the first.
        for attr in ("part",):
            private = [r for r in rows if getattr(r, attr, None) == "B"]
            if private:
                return private[0]
        if type(parent).__name__ == "Indicator":
            actual = [r for r in rows if r.kind == "actual"]
            return actual[0] if actual else None
        if type(parent).__name__ == "Meeting" and segment == "resolutions":
            marked = [r for r in rows if "PRIVMARK" in r.text]
            return (marked or rows)[0]
        return rows[0]

    def variants(self, route: Route) -> list[Variant]:
        special = self.special(route)
        if special is not None:
            return special
        if "(?P<" in route.pattern or route.pattern.startswith("^"):
            return []
        tokens = re.split(r"(<[^>]+>)", route.pattern)
        if len(tokens) == 1:
            return [Variant("/" + route.pattern, "public", route)]
        first = route.pattern.removeprefix("api/v1/").split("/")[0]
        out = []
        for privacy, root in self.roots.get(first, []):
            url, obj, ok, context = "/", None, True, {"root": root}
            segment = ""
            for tok in tokens:
                if not tok.startswith("<"):
                    url += tok
                    segment = tok.strip("/").split("/")[-1] if tok.strip("/") else segment
                    continue
                if obj is None:
                    obj = root
                else:
                    obj = self.child(obj, segment)
                    if obj is None:
                        ok = False
                        break
                    context[segment] = obj
                name = tok.strip("<>").split(":")[-1]
                url += str(obj.code if name == "code" else obj.pk)
            if ok:
                if route.name == "meetings:minutes" and root.status != "minutes_approved":
                    privacy = "private_meeting"  # minutes not yet approved are the body's own
                out.append(Variant(url, privacy, route, context))
        if route.name in ("meetings:move_meeting", "meetings:cancel_meeting"):
            # The fixture's meetings are held or approved, which refuses both: add one still to come.
            scheduled = self.meeting_model.objects.get(code="privfix-scheduled")
            out.append(Variant("/" + route.pattern.replace("<slug:code>", scheduled.code), "public", route,
                               {"root": scheduled}))
        return out

    def _coordinator_item_variants(self, route: Route) -> list[Variant]:
        return [Variant("/" + route.pattern.replace("<slug:code>", item.strategy.code).replace("<id:pk>", str(item.pk)),
                        privacy, route, {"root": item.strategy, "items": item})
                for privacy, item in _coordinator_items(self.fx)]

    def special(self, route: Route):
        name = route.name or ""
        if name in ("plans:item_years", "plans:item_move", "plans:item_reorder"):
            return self._coordinator_item_variants(route)
        if name == "core:history":
            from wellboard.meetings.models import Resolution
            from wellboard.plans.models import Strategy

            o = self.fx.objects
            rows = [("public", o["public_plan"]), ("private_plan", o["private_plan"]),
                    ("public", Strategy.objects.filter(published=True).order_by("pk").first()),
                    ("private_meeting", o["informal_meeting"]),
                    ("private_meeting", Resolution.objects.get(pk=o["partb_resolution"].pk))]
            return [Variant(f"/history/{r._meta.app_label}/{r._meta.model_name}/{r.pk}/", p, route) for p, r in rows]
        if name == "admin:app_list":
            return [Variant("/admin/plans/", "admin", route)]
        if route.pattern == "admin/(?P<url>.*)$":
            return [Variant("/admin/no-such-page/", "admin", route)]
        if name == "admin:view_on_site":
            plan = self.fx.objects["private_plan"]
            return [Variant(f"/admin/r/{ContentType.objects.get_for_model(plan).pk}/{plan.pk}/", "admin", route)]
        m = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
        if m and "<" in route.pattern:
            model = _model(m.group(1), m.group(2))
            if model is None:
                return []
            row = model._base_manager.order_by("pk").first()
            # A model without rows still has its admin checked, on an id that does not exist.
            pk = row.pk if row is not None else 999999
            return [Variant("/" + re.sub(r"<[^>]+>", str(pk), route.pattern), "admin", route)]
        if route.pattern.startswith("admin/"):
            return [] if "<" in route.pattern else [Variant("/" + route.pattern, "admin", route)]
        return None


def _coordinator_items(fx):
    """The private plan's first item, and a success measure of a demo plan: the fixture's plans have no
    measure with years to tick, nor an item with siblings or another place to move to."""
    from wellboard.plans.models import PlanItem

    private = fx.objects["private_plan"]
    measure = next(m for m in PlanItem.objects.filter(kind="success_measure", strategy__published=True).exclude(
        strategy__year_columns=[]).order_by("pk") if m.parent.children.count() > 1)
    return [("public", measure), ("private_plan", private.items.order_by("pk").first())]


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _privacy_of_plan(strategy) -> str:
    return "public" if strategy.is_public() else "private_plan"


# ---------------------------------------------------------------- roles and the world


@dataclass
class World:
    fx: object
    users: dict
    variants: list[Variant]


def _clients(users, **kwargs):
    clients = {}
    for role, user in users.items():
        c = Client(**kwargs)
        if user is not None:
            c.force_login(user)
        clients[role] = c
    return clients


@pytest.fixture
def world(tmp_path):
    from wellboard.core.models import Role
    from wellboard.directory.models import Person
    from wellboard.governance.models import Body

    fx = add_private_records(tmp_path)
    norfolk, nottingham = Body.objects.get(code="norfolk-hwb"), Body.objects.get(code="nottingham-hwb")
    users = {
        "anonymous": None,
        "no_role": make_user("m-no-role"),
        "staff_only": make_user("m-staff-only", is_staff=True),
        "board_member": make_user("m-member", Role.BOARD_MEMBER, norfolk),
        "committee_admin": make_user("m-clerk", Role.COMMITTEE_ADMIN, norfolk),
        "committee_admin_other": make_user("m-other-clerk", Role.COMMITTEE_ADMIN, nottingham),
        "coordinator": make_user("m-coordinator", Role.COORDINATOR, nottingham),
        "lead": make_user("m-lead", person=Person.objects.get(name="Privfix Officer")),
        "administrator": make_user("m-admin", Role.ADMINISTRATOR, is_staff=True),
    }
    filler = Filler(fx)
    variants, unfilled = [], []
    for route in all_routes():
        found = filler.variants(route)
        if not found:
            unfilled.append(f"{route.name or '(unnamed)'}: {route.pattern}")
        variants += found
    assert not unfilled, ("URL patterns that the role matrix cannot fill (teach Filler in "
                          "tests/web/test_role_matrix.py, or add records to tests/private_fixture.py):\n  "
                          + "\n  ".join(unfilled))
    return World(fx, users, variants)


def _get(client, url):
    try:
        return client.get(url), None
    except Exception as exc:  # a view that raises is a 500 for the visitor
        return None, f"{type(exc).__name__}: {exc}"


def _signs_in(response) -> bool:
    return response.status_code == 302 and ("/sign-in/" in response["Location"] or "/login/" in response["Location"])


def check_get(role: str, v: Variant, response) -> str | None:
    status = response.status_code
    name = v.route.name or ""
    if status >= 500:
        return f"HTTP {status}"
    if v.privacy == "admin":  # R2
        if role == "administrator" or name == "admin:login":
            return None
        if name == "admin:logout" and status != 200:
            return None
        if status == 200:
            return "the admin answered a non-administrator"
        if status == 302 and not _signs_in(response):
            return f"the admin redirected a non-administrator to {response['Location']}"
        return None
    if role in NOT_READERS[v.privacy] and status not in REFUSED:  # R3
        return f"a private record ({v.privacy}) answered {status}"
    if role in NOT_READERS[v.privacy] and status == 302 and not _signs_in(response):
        return f"a private record ({v.privacy}) redirected to {response['Location']}"
    personal = name in PERSONAL_PAGES and role != "anonymous"
    if name not in PUBLIC_PAGES and not personal and role in PUBLIC_ROLES and status == 200:  # R4
        return "a page for signed-in roles answered the public"
    if name in PUBLIC_PAGES and role in READERS[v.privacy] and status != 200:  # R5, R6
        return f"a reader ({v.privacy}) was refused with {status}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_its_rights_allow(world, role):
    client = _clients({role: world.users[role]})[role]
    problems, timings = [], []
    for v in world.variants:
        started = time.perf_counter()
        response, error = _get(client, v.url)
        timings.append((time.perf_counter() - started, v.url))
        problem = error or check_get(role, v, response)
        if problem:
            problems.append(f"{v.url} [{v.route.name}, {v.privacy}]: {problem}")
    print(f"{len(timings)} requests; slowest:", sorted(timings, reverse=True)[:15])
    assert not problems, f"{len(problems)} problem(s) as {role}:\n  " + "\n  ".join(problems)


def test_every_api_path_in_the_openapi_schema_is_in_the_matrix(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    routes = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.pattern) for r in all_routes()}
    missing = [p for p in schema["paths"] if p not in routes]
    assert not missing, f"OpenAPI paths the resolver walk did not find: {missing}"
    # Every route, these included, has variants: the `world` fixture fails on a route it cannot fill.
    assert {v.route.pattern for v in world.variants if v.url.startswith("/api/")}


# ---------------------------------------------------------------- state-changing POSTs


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every model (sessions and sign-in throttling aside)."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("sessions", "axes"):
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        out[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return out


def changed(before, after) -> list[str]:
    return [f"{label}: {before.get(label, (0,))[0]} → {after[label][0]} rows"
            for label in after if before.get(label) != after[label]]


def post_data(v: Variant) -> dict:
    """Form fields that would make each clerk or coordinator step succeed for a permitted user."""
    from wellboard.governance.models import Body
    from wellboard.meetings.models import Meeting
    from wellboard.plans.models import Strategy

    data = {"description": "POSTED action", "text": "POSTED text", "title": "POSTED title", "date": "2031-03-27",
            "start_time": "10:00", "venue": "POSTED venue", "kind": "formal", "lead_officer": "POSTED",
            "author": "POSTED", "reason": "POSTED reason", "commentary": "POSTED commentary", "comment": "POSTED",
            "period": "Q4 2019/20", "due": "2031-03-27", "action": "approve", "decision": "approve", "post": "yes"}
    if v.is_api:  # the API's JSON bodies (UpdateIn, ValuesIn in the OpenAPI schema)
        data = {"commentary": "POSTED commentary", "reason": "POSTED reason", "submit": False}
        if getattr(v.context.get("root"), "indicator_id", True):  # values belong to indicators only
            data["values"] = [{"period": "2020/21", "value": "42", "note": "POSTED"}]
    root = v.context.get("root")
    if isinstance(root, Meeting):
        later = Meeting.objects.filter(body=root.body, date__gt=root.date).order_by("date").first()
        paper = root.papers.exclude(recommendations=None).first()
        resolution = root.resolutions.first()
        data.update({"at_meeting": later.pk if later else "", "paper": paper.pk if paper else "",
                     "resolution": resolution.pk if resolution else "", "to_meeting": later.pk if later else ""})
    body = root if isinstance(root, Body) else getattr(root, "body", None)
    if isinstance(root, Body):
        meeting = body.meetings.order_by("-date").first()
        data.update({"target_meeting": meeting.pk if meeting else "", "to_meeting": meeting.pk if meeting else ""})
    strategy = root if isinstance(root, Strategy) else getattr(root, "strategy", None)
    if strategy is None and hasattr(root, "cycle"):
        strategy = root.cycle.strategy
    if strategy is not None:
        red = strategy.rag_scale.ratings.order_by("position").first()
        data.update({"rating": red.pk, "rag": red.code} if not v.is_api else {"rag": red.code})
    for obj in v.context.values():  # edit forms carry the version they were drawn from
        if isinstance(getattr(obj, "version", None), int):
            data["version"] = obj.version
    data.update(_coordinator_post_data(v))
    data.update(_clerk_agenda_post_data(v))
    data.update(_clerk_minutes_post_data(v))
    data.update(_clerk_papers_post_data(v))
    data.update(_word_template_post_data(v))
    return data


def _word_template_post_data(v: Variant) -> dict:
    """A real .docx for the administrator's Word template upload (a fresh file object per POST)."""
    if v.route.name != "outputs:word_template":
        return {}
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    docx.Document().save(out)
    return {"file": SimpleUploadedFile("posted.docx", out.getvalue())}


def _clerk_papers_post_data(v: Variant) -> dict:
    """Fields that make the clerk's paper steps succeed: a verb for a recommendation, a name for a
    contact, and a move the recommendation can make (down from the first place, else up)."""
    name = v.route.name or ""
    if name in ("meetings:add_recommendation", "meetings:edit_recommendation"):
        return {"verb": "Note"}
    if name in ("meetings:add_contact", "meetings:edit_contact"):
        return {"name": "POSTED name"}
    if name == "meetings:move_recommendation":
        rec = type(v.context["recommendations"]).objects.get(pk=v.context["recommendations"].pk)
        first = rec.paper.recommendations.order_by("position", "pk").first()
        return {"direction": "down" if first.pk == rec.pk else "up"}
    return {}


def _clerk_minutes_post_data(v: Variant) -> dict:
    """Fields that make the clerk's minutes steps succeed: approval only at a later meeting that was held."""
    from wellboard.meetings.models import Meeting
    from wellboard.meetings.workflows import approval_refusal

    name, root = v.route.name or "", v.context.get("root")
    if name == "meetings:add_minute_item":
        return {"part": "A", "agenda_item": ""}
    if name.startswith("meetings:edit_signoff_"):
        return {"initials": "AB", "date": "2017-01-02"}  # both sign-offs first: publishing the paper then works
    if name == "meetings:approve_minutes" and isinstance(root, Meeting):
        later = [m for m in Meeting.objects.filter(body=root.body, date__gt=root.date).order_by("date")
                 if not approval_refusal(m)]
        return {"at_meeting": later[0].pk if later else ""}
    return {}


def _clerk_agenda_post_data(v: Variant) -> dict:
    """Fields that make the clerk's agenda, attendance, declaration and move steps succeed."""
    import datetime as dt

    from wellboard.directory.models import Person

    name, root = v.route.name or "", v.context.get("root")
    item, declaration = v.context.get("agenda-items"), v.context.get("declarations")
    if name in ("meetings:add_agenda_item", "meetings:edit_agenda_item"):
        return {"kind": "discussion", "part": item.part if item else "A", "exemption_detail": "POSTED",
                "numbered": "on", "paper": ""}
    if name == "meetings:move_agenda_item":
        first = root.agenda_items.filter(part=item.part).order_by("position").first()
        return {"direction": "down" if first and first.pk == item.pk else "up"}
    if name == "meetings:attendance":
        return {"officer_0": Person.objects.get(name="Privfix Officer").pk, "officer_role_0": "POSTED"}
    if name in ("meetings:add_declaration", "meetings:edit_declaration"):
        person = declaration.person_id if declaration else Person.objects.get(name="Privfix Officer").pk
        return {"person": person, "agenda_item": "", "type": "other", "nature": "POSTED nature"}
    if name == "meetings:move_meeting":
        return {"date": (root.date + dt.timedelta(days=7)).isoformat()}
    return {}


def _coordinator_post_data(v: Variant) -> dict:
    """Fields that make each of the coordinator's plan and indicator steps succeed for an administrator."""
    from wellboard.core.models import RagScale
    from wellboard.directory.models import Person
    from wellboard.governance.models import Body
    from wellboard.meetings.models import Resolution
    from wellboard.plans.models import PlanItem

    name, root, item = v.route.name or "", v.context.get("root"), v.context.get("items")
    if name == "plans:plan_new":
        return {"code": "posted-plan", "kind": "strategy", "body": Body.objects.order_by("pk").first().pk,
                "rag_scale": RagScale.objects.order_by("pk").first().pk}
    if name == "plans:plan_edit":
        return {"kind": root.kind, "rag_scale": root.rag_scale_id, "year_columns": ", ".join(root.year_columns)}
    if name == "plans:item_add_top":
        return {"kind": "theme"}
    if name == "plans:item_add":
        return {"kind": sorted(PlanItem.ALLOWED_CHILDREN[item.kind] or {""})[0]}
    if name == "plans:item_move":
        below = {item.pk} | set(PlanItem.objects.filter(strategy=item.strategy, sort_key__startswith=item.sort_key + ".")
                                .values_list("pk", flat=True))
        # A parent that already has children, so that the item moved there can still be reordered.
        target = next((p for p in item.strategy.items.exclude(children=None).order_by("sort_key")
                       if p.pk not in below and p.pk != item.parent_id
                       and item.kind in PlanItem.ALLOWED_CHILDREN[p.kind]), None)
        return {"parent": target.pk if target else "top"}
    if name == "plans:item_reorder":
        last = not PlanItem.objects.filter(parent_id=item.parent_id, strategy=item.strategy,
                                           sort_key__gt=item.sort_key).exists()
        return {"direction": "up" if last else "down"}
    if name == "plans:item_leads":
        person = Person.objects.exclude(leads__item=item).order_by("pk").first()
        return {"person": person.pk}
    if name == "plans:item_years":
        return {"due_0": "on"}
    if name == "outputs:retire_item":
        resolution = Resolution.objects.filter(body_id=item.strategy.body_id, retires_item=None).order_by("pk").first()
        return {"resolution": resolution.pk if resolution else ""}
    indicator_fields = {"unit": "count", "polarity": "high", "frequency": "annual", "tolerance": "5%"}
    if name == "api:define_indicator":
        return {"code": "posted-api-indicator", "title": "POSTED title", **indicator_fields}
    if name == "indicators:indicator_new":
        return {"code": "posted-indicator", **indicator_fields}
    if name == "indicators:indicator_edit":
        return indicator_fields
    if name == "indicators:value_new":
        return {"kind": "actual", "period": "2031/32", "value": "1", "status": "final"}
    if name == "indicators:value_edit":
        value = type(v.context["values"]).objects.get(pk=v.context["values"].pk)  # earlier steps may have saved it
        return {"kind": value.kind, "period": value.period, "value": "1", "status": "final", "version": value.version}
    return {}


_STATE_CHANGING: set[tuple[str, str]] = set()  # (route name, privacy), found once per run


def state_changing(world) -> list[Variant]:
    """POST-only views (GET answers 405 to an administrator) and the targets of forms on pages.
    Found by an administrator's GET of every URL, once per run (ids differ between tests)."""
    if not _STATE_CHANGING:
        _STATE_CHANGING.update(_discover_state_changing(world))
    return [v for v in world.variants if (v.route.name, v.privacy) in _STATE_CHANGING]


def _api_pattern(route: Route) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.pattern)


def _discover_state_changing(world) -> set[tuple[str, str]]:
    admin = _clients({"administrator": world.users["administrator"]})["administrator"]
    by_url = {v.url: v for v in world.variants if v.privacy != "admin"}
    found: set[tuple[str, str]] = set()
    # The API's writes, from its own schema.
    paths = admin.get("/api/v1/openapi.json").json()["paths"]
    writes = {path for path, ops in paths.items() if set(ops) & {"post", "put", "patch", "delete"}}
    found |= {(v.route.name, v.privacy) for v in by_url.values() if v.is_api and _api_pattern(v.route) in writes}
    for v in by_url.values():
        if (v.route.name or "") in NOT_POSTED or v.is_api:
            continue
        response, _ = _get(admin, v.url)
        if response is None:
            continue
        if response.status_code == 405:
            found.add((v.route.name, v.privacy))
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for form in BeautifulSoup(response.content, "html.parser").find_all("form"):
                if (form.get("method") or "get").lower() != "post":
                    continue
                target = by_url.get(urlsplit(urljoin(v.url, form.get("action") or v.url)).path)
                if target is not None and (target.route.name or "") not in NOT_POSTED:
                    found.add((target.route.name, target.privacy))
    return found


def _post(client, v: Variant, data):
    try:
        if v.is_api:
            return client.post(v.url, json.dumps(data), content_type="application/json"), None
        return client.post(v.url, data), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _check_refused(response, error) -> str | None:
    if error:
        return error
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    if 200 <= response.status_code < 300:
        return f"accepted with {response.status_code}"
    return None


def test_state_changing_urls_are_discovered(world):
    targets = state_changing(world)
    names = {v.route.name for v in targets}
    # The clerk's steps that exist today must be among them (new ones are found the same way).
    expected = {"meetings:schedule_meeting", "meetings:add_work_programme_entry", "meetings:build_agenda",
                "meetings:approve_minutes", "meetings:create_action", "meetings:complete_action",
                "meetings:edit_resolution", "meetings:draft_resolutions", "indicators:officer_rag"}
    assert expected <= names, f"not discovered: {sorted(expected - names)}"


def _lead_may(world, v: Variant) -> bool:
    """A lead writes only where they are the named lead: their own items, indicators and requests."""
    pid = world.users["lead"].person.pk
    for obj in [v.context.get("root"), *v.context.values()]:
        if getattr(obj, "lead_id", None) == pid:  # an update request addressed to them
            return True
        if hasattr(obj, "lead_person_ids") and pid in obj.lead_person_ids():
            return True
    return False


@pytest.mark.parametrize("role", sorted(set().union(*WRONG_FOR_POST.values())))
def test_wrong_role_posts_are_refused_and_change_nothing(world, role):
    targets = [v for v in state_changing(world) if role in WRONG_FOR_POST[v.domain]
               or role == "lead" and v.domain == "plans" and not _lead_may(world, v)]
    client = _clients({role: world.users[role]})[role]
    before = snapshot()
    problems = []
    for v in targets:
        response, error = _post(client, v, post_data(v))
        problem = _check_refused(response, error)
        if problem:
            problems.append(f"POST {v.url} [{v.route.name}]: {problem}")
        elif role in FORBIDDEN_SIDES and response.status_code != 302:
            # A refusal that shows the page again must not show what the role may not read.
            leaked = [m for m in find_markers(response.content.decode(errors="replace"), set(world.fx.markers))
                      if m.endswith("(partial)") or _side(m) in FORBIDDEN_SIDES[role]]
            if leaked:
                problems.append(f"POST {v.url} [{v.route.name}] answered {response.status_code} showing {leaked}")
    after = snapshot()
    if after != before:
        problems.append("the database changed: " + "; ".join(changed(before, after)))
    assert targets, "no state-changing URL found"
    if role == "lead":  # the lead is tried on the plan steps of records they do not lead
        assert any(v.domain == "plans" for v in targets), [v.url for v in targets]
    assert not problems, f"{len(problems)} problem(s) as {role}:\n  " + "\n  ".join(problems)


def test_posts_without_a_csrf_token_are_refused_and_change_nothing(world):
    admin = _clients({"administrator": world.users["administrator"]}, enforce_csrf_checks=True)["administrator"]
    targets = state_changing(world)
    before = snapshot()
    problems = []
    for v in targets:
        response, error = _post(admin, v, post_data(v))
        if error or response.status_code != 403:
            problems.append(f"POST {v.url} [{v.route.name}]: {error or response.status_code}, not 403")
    after = snapshot()
    if after != before:
        problems.append("the database changed: " + "; ".join(changed(before, after)))
    assert not problems, "\n  ".join(problems)


def test_admin_posts_by_non_administrators_are_refused_and_change_nothing(world):
    """Add and delete in the admin for every model, as roles that are not site administrators."""
    targets = [v for v in world.variants if v.privacy == "admin" and re.search(r"_(add|delete)$", v.route.name or "")]
    assert targets
    roles = ("staff_only", "coordinator", "committee_admin", "board_member")
    clients = _clients({role: world.users[role] for role in roles})
    before = snapshot()
    problems = []
    for role, client in clients.items():
        for v in targets:
            response, error = _post(client, v, {"post": "yes", "name": "POSTED", "code": "posted"})
            problem = _check_refused(response, error)
            if problem:
                problems.append(f"{role} POST {v.url}: {problem}")
    after = snapshot()
    if after != before:
        problems.append("the database changed: " + "; ".join(changed(before, after)))
    assert not problems, "\n  ".join(problems)


def test_positive_control_the_right_role_changes_the_database(world):
    """The POST data is good enough that a missing check would show: for every state-changing URL,
    an administrator's POST of the same data changes the database for at least one of its records."""
    admin = _clients({"administrator": world.users["administrator"]})["administrator"]
    weak, effective = [], set()
    # Steps that lock the minutes go last, so the edits before them still find them open.
    # Publishing a paper freezes its recommendations: it goes last too.
    targets = sorted(state_changing(world), key=lambda v: "approve" in (v.route.name or "")
                     or v.route.name == "meetings:publish_paper")
    for v in targets:
        before = snapshot()
        response, error = _post(admin, v, post_data(v))
        assert not error and response.status_code < 500, f"POST {v.url} as administrator: {error or response.status_code}"
        if snapshot() == before:
            weak.append(f"{v.url} [{v.route.name}] → {response.status_code} {response.content[:300]!r}")
        else:
            effective.add(v.route.name)
    never = {v.route.name for v in targets} - effective
    assert not never, (f"state-changing URLs that an administrator's POST never changed ({sorted(never)}): the POST "
                       "data cannot tell a missing permission check from a refused step; extend post_data.\n  "
                       + "\n  ".join(weak))
    print("administrator POSTs that changed nothing (refused by the step itself):", weak)


def test_every_filled_url_resolves_to_its_own_pattern(world):
    wrong = [f"{v.url} → {resolve(urlsplit(v.url).path).url_name}, not {v.route.name}" for v in world.variants
             if v.route.name and not v.route.name.endswith(resolve(urlsplit(v.url).path).url_name or "?")]
    assert not wrong, "\n  ".join(wrong)


# ---------------------------------------------------------------- history pages of private records

PLAN_SIDE = ("plancode", "plantitle", "planstatement", "versiondetails", "distribution", "planitem",
             "itemdescription", "privplanupdate", "draftupdate", "indicator", "cycledraft")
# Which private records each role must not meet in a history page: Nottingham's roles nothing of
# Norfolk's meetings, Norfolk's nothing of Nottingham's private plan, the public nothing at all.
FORBIDDEN_SIDES = {"anonymous": {"plan", "meeting"}, "no_role": {"plan", "meeting"}, "staff_only": {"plan", "meeting"},
                   "board_member": {"plan"}, "committee_admin": {"plan"}, "committee_admin_other": {"meeting"},
                   "coordinator": {"meeting"}, "lead": {"meeting"}}


def _side(marker: str) -> str:
    return "plan" if marker.split("-")[1].lower().startswith(PLAN_SIDE) else "meeting"


def test_history_of_every_private_record_shows_it_only_to_its_own_roles(world):
    """/history/<app>/<model>/<pk>/ for every audited record holding a marker, as every role."""
    from auditlog.registry import auditlog

    urls = []
    for model in apps.get_models():
        if not auditlog.contains(model):
            continue
        text_fields = [f.name for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")]
        for row in model._base_manager.values("pk", *text_fields):
            if "privmark" in repr(row).lower():
                urls.append(f"/history/{model._meta.app_label}/{model._meta.model_name}/{row['pk']}/")
    assert len(urls) > 20, urls
    clients = _clients({r: world.users[r] for r in FORBIDDEN_SIDES})
    problems, seen_own = [], set()
    for role, client in clients.items():
        for url in urls:
            response, error = _get(client, url)
            if error or response.status_code >= 500:
                problems.append(f"{role} {url}: {error or response.status_code}")
                continue
            if response.status_code == 200:
                found = find_markers(response.content.decode(), set(world.fx.markers))
                leaked = [m for m in found if m.endswith("(partial)") or _side(m) in FORBIDDEN_SIDES[role]]
                if leaked:
                    problems.append(f"{role} {url}: {leaked}")
                seen_own |= {role for m in found if m not in leaked}
    assert not problems, "\n  ".join(problems)
    # The control: the clerk and the coordinator do read the history of their own private records.
    assert {"committee_admin", "coordinator"} <= seen_own, seen_own


# ---------------------------------------------------------------- unknown and malformed parameters

JUNK = ["0", "99999999999999999999", "%00", "no-such-record", "-1", "1.5", "%C3%28"]


@pytest.mark.parametrize("role", ["anonymous", "administrator"])
def test_unknown_or_malformed_path_parameters_are_not_found_never_a_server_error(world, role):
    """Each path parameter of each pattern replaced by junk (a number beyond the database's
    integers, NUL, bad UTF-8): 404 or a refusal, never a 500, on either database."""
    client = _clients({role: world.users[role]})[role]
    problems, seen = [], set()
    for v in world.variants:
        if "<" not in v.route.pattern or v.route.pattern.startswith("admin/") or v.route.pattern in seen:
            continue
        seen.add(v.route.pattern)
        pieces = re.split(r"(<[^>]+>)", v.route.pattern)
        real = re.fullmatch("".join("(.+?)" if p.startswith("<") else re.escape(p) for p in pieces),
                            v.url.lstrip("/"))
        values = list(real.groups())
        for i in range(len(values)):
            for junk in JUNK:
                filled = values[:i] + [junk] + values[i + 1:]
                it = iter(filled)
                url = "/" + "".join(next(it) if p.startswith("<") else p for p in pieces)
                for method in ("get", "post"):
                    try:
                        response = getattr(client, method)(url)
                    except Exception as exc:
                        problems.append(f"{method.upper()} {url}: {type(exc).__name__}: {exc}")
                        continue
                    if response.status_code >= 500 or 200 <= response.status_code < 300 and method == "post":
                        problems.append(f"{method.upper()} {url}: {response.status_code}")
    assert not problems, f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- model rules hold in the admin


def _admin_form(client, url) -> dict:
    """The admin change form's fields as a browser would submit them."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.find("form", id=re.compile("_form$")) or soup.find("form", method="post")
    data: dict = {}
    for el in form.find_all(["input", "select", "textarea"]):
        name = el.get("name")
        if not name or el.get("type") in ("submit", "button", "file"):
            continue
        if el.name == "select":
            chosen = [o.get("value", "") for o in el.find_all("option") if o.has_attr("selected")]
            data[name] = chosen if el.has_attr("multiple") else (chosen[0] if chosen else "")
        elif el.name == "textarea":
            data[name] = el.text
        elif el.get("type") == "checkbox":
            if el.has_attr("checked"):
                data[name] = el.get("value", "on")
        else:
            data[name] = el.get("value", "")
    return data


def test_the_admin_cannot_publish_a_paper_without_its_signoffs_or_edit_approved_minutes(world):
    from wellboard.meetings.models import MinuteParagraph, Paper

    admin = _clients({"administrator": world.users["administrator"]})["administrator"]
    paper = Paper.objects.get(code=code("unpublishedpapercode"))
    assert not any(s.complete for s in paper.signoffs.all())
    url = f"/admin/meetings/paper/{paper.pk}/change/"
    # The control: the same form, submitted with only the title changed, is saved.
    data = _admin_form(admin, url)
    data["title"] = "Retitled through the admin"
    assert admin.post(url, data).status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Retitled through the admin"
    data = _admin_form(admin, url)
    data["published"] = "on"
    response = admin.post(url, data)
    assert response.status_code < 500
    paper.refresh_from_db()
    assert not paper.published, "the admin published a paper whose sign-offs are missing"

    paragraph = MinuteParagraph.objects.filter(item__meeting=world.fx.objects["approved_meeting"]).first()
    url = f"/admin/meetings/minuteparagraph/{paragraph.pk}/change/"
    page = admin.get(url)
    if page.status_code == 200 and b'name="text"' in page.content:
        data = _admin_form(admin, url)
        data["text"] = "POSTED over approved minutes"
        assert admin.post(url, data).status_code < 500
    paragraph.refresh_from_db()
    assert paragraph.text != "POSTED over approved minutes", "the admin edited minutes approved as a correct record"
