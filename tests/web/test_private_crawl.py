"""Crawl the site as the public would, over private records each carrying a marker: none may show.

The crawler starts from the home page, the body list, the API lists and every body, plan, meeting,
paper and indicator page (private ones included: guessing a URL is the cheapest attack), follows
every same-site link in HTML (href/src), every URL in JSON and iCalendar, and reads the text of
every PDF. It is bounded so that a run stays short. The same crawl as an administrator must find
the markers: otherwise the crawl would pass by seeing nothing.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections import deque
from urllib.parse import parse_qsl, urljoin, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.conftest import make_user
from tests.private_fixture import add_private_records, find_markers, mark

pytestmark = pytest.mark.django_db

MAX_REQUESTS = 1500
MAX_QUERY_VARIANTS = 3  # per path: filters (?rag=R, ?lead=…) multiply pages without new records
MAX_PER_SHAPE = 6  # discovered links per path shape (digits as #): a plan's hundred item pages are alike
# A PDF is the page's own template laid out by WeasyPrint (outputs/pdf.py), and the demo's large
# plans take seconds each; their HTML pages are crawled. PDFs of smaller plans (every plan of the
# private fixture) are read, so a PDF view that forgets to check is still caught.
PDF_MAX_PLAN_ITEMS = 40
SKIP_PREFIXES = ("/static/", "/sign-out/", "/admin/", "/api/v1/docs")
URL_IN_TEXT = re.compile(r"""(?:https?://testserver)?(/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)""")


def start_urls() -> list[str]:
    from wellboard.governance.models import Body
    from wellboard.indicators.models import Indicator
    from wellboard.meetings.models import Meeting, Paper
    from wellboard.plans.models import Strategy

    urls = ["/", "/bodies/", "/api/v1/plans/", "/api/v1/meetings/", "/api/v1/indicators/", "/api/v1/bodies/",
            "/api/v1/openapi.json"]
    for body in Body.objects.order_by("code"):
        urls += [f"/bodies/{body.code}/", f"/bodies/{body.code}/meetings.ics"]
    for plan in Strategy.objects.order_by("code"):
        urls += [f"/plans/{plan.code}/", f"/api/v1/plans/{plan.code}/", f"/plans/{plan.code}/progress-report.pdf",
                 f"/plans/{plan.code}/action-plan.pdf"]
    for meeting in Meeting.objects.order_by("code"):
        urls += [f"/meetings/{meeting.code}/", f"/api/v1/meetings/{meeting.pk}/", f"/meetings/{meeting.code}/minutes/"]
    urls += [f"/papers/{p.code}/" for p in Paper.objects.order_by("code")]
    urls += [f"/indicators/{i.code}/" for i in Indicator.objects.order_by("code")]
    return urls + api_query_urls()


def api_query_urls() -> list[str]:
    """Every query parameter of every API list, from the OpenAPI schema, filled with each record
    it can name (body=<every body>, strategy=<every plan>): filters are a way round a list's rules."""
    from wellboard.api.routes import api
    from wellboard.governance.models import Body
    from wellboard.meetings.models import Meeting
    from wellboard.plans.models import Strategy

    values = {"body": list(Body.objects.values_list("code", flat=True)),
              "strategy": list(Strategy.objects.values_list("code", flat=True)),
              "plan": list(Strategy.objects.values_list("code", flat=True)),
              "meeting": list(Meeting.objects.values_list("code", flat=True))}
    urls = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "{" in path or "get" not in ops:
            continue
        for param in ops["get"].get("parameters", []):
            if param["in"] == "query":
                for value in values.get(param["name"], ["B", "true", "all", "1"]):
                    urls.append(f"{path}?{param['name']}={value}")
    return urls


def _links_in_html(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [str(tag.get(attr)) for attr in ("href", "src") for tag in soup.find_all(attrs={attr: True})]


def _strings_in_json(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings_in_json(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_in_json(v)
    elif isinstance(value, str):
        yield value


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class Crawl:
    def __init__(self, client: Client, known: set[str], max_requests: int = MAX_REQUESTS):
        from django.db.models import Count

        from wellboard.plans.models import Strategy

        self.client, self.known, self.max_requests = client, known, max_requests
        self.pdf_plans = set(Strategy.objects.annotate(n=Count("items")).filter(n__lte=PDF_MAX_PLAN_ITEMS)
                             .values_list("code", flat=True))
        self.seen: set[str] = set()
        self.variants: dict[str, int] = {}
        self.shapes: dict[str, int] = {}
        self.queue: deque[tuple[str, str]] = deque()
        self.found: dict[str, set[str]] = {}   # marker → URLs that showed it
        self.errors: list[str] = []
        self.requests = 0
        self.timings: list[tuple[float, str]] = []

    def enqueue(self, url: str, referrer: str, start: bool = False) -> None:
        url = urljoin(referrer, url.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            return
        path = parts.path or "/"
        if path.startswith(SKIP_PREFIXES):
            return
        query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True)))
        key = f"{path}?{query}" if query else path
        if key in self.seen:
            return
        if path.endswith(".pdf"):
            plan = re.match(r"/plans/([^/]+)/", path)
            if query or (plan and plan.group(1) not in self.pdf_plans):
                return
        if not start:
            shape = re.sub(r"\d+", "#", path)
            if self.shapes.get(shape, 0) >= MAX_PER_SHAPE:
                return
            self.shapes[shape] = self.shapes.get(shape, 0) + 1
        if query:
            if self.variants.get(path, 0) >= MAX_QUERY_VARIANTS:
                return
            self.variants[path] = self.variants.get(path, 0) + 1
        self.seen.add(key)
        self.queue.append((key, referrer))

    def run(self, starts: list[str]) -> Crawl:
        for url in starts:
            self.enqueue(url, "/", start=True)
        while self.queue and self.requests < self.max_requests:
            url, referrer = self.queue.popleft()
            self.fetch(url, referrer)
        return self

    def fetch(self, url: str, referrer: str) -> None:
        self.requests += 1
        started = time.perf_counter()
        try:
            response = self.client.get(url)
            self.timings.append((time.perf_counter() - started, url))
        except Exception as exc:  # a view that raises is a 500 for the visitor
            self.errors.append(f"{url} (from {referrer}): {type(exc).__name__}: {exc}")
            return
        if response.status_code >= 500:
            self.errors.append(f"{url} (from {referrer}): HTTP {response.status_code}")
            return
        if response.status_code in (301, 302, 303, 307, 308):
            self.enqueue(response["Location"], url)
            return
        ctype = response.get("Content-Type", "")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if "pdf" in ctype and response.status_code == 200:
            text = _pdf_text(content)
        else:
            text = content.decode("utf-8", errors="replace")
        # Error pages too: a 404 that names what it hides is a leak.
        for marker in find_markers(text, self.known):
            self.found.setdefault(marker, set()).add(url if response.status_code == 200
                                                     else f"{url} ({response.status_code})")
        if response.status_code != 200:
            return
        if "html" in ctype:
            for link in _links_in_html(content):
                self.enqueue(link, url)
        elif "json" in ctype:
            for s in _strings_in_json(json.loads(content)):
                if s.startswith("/") or s.startswith("http://testserver/"):
                    self.enqueue(s, url)
        elif "calendar" in ctype:
            unfolded = text.replace("\r\n ", "").replace("\n ", "")
            for m in URL_IN_TEXT.finditer(unfolded):
                if "testserver" in m.group(0):
                    self.enqueue(m.group(0), url)

    def report(self) -> str:
        slow = ", ".join(f"{url} {t:.2f}s" for t, url in sorted(self.timings, reverse=True)[:5])
        lines = [f"{self.requests} requests, {sum(t for t, _ in self.timings):.1f}s; slowest: {slow}",
                 f"{len(self.found)} marker(s) found:"]
        for marker, urls in sorted(self.found.items()):
            lines.append(f"  {marker} on {', '.join(sorted(urls)[:6])}{' …' if len(urls) > 6 else ''}")
        return "\n".join(lines)


@pytest.fixture
def private(tmp_path):
    return add_private_records(tmp_path)


def _assert_nothing_leaks(crawl: Crawl, fx, min_requests=50):
    assert crawl.requests > min_requests, f"the crawl reached only {crawl.requests} pages"
    leaks = "\n".join(f"  {m} ({fx.markers.get(m, 'a cut-off marker')}) on {', '.join(sorted(urls)[:6])}"
                      for m, urls in sorted(crawl.found.items()))
    problems = []
    if crawl.found:
        problems.append(f"{len(crawl.found)} private marker(s) reached the public:\n{leaks}")
    if crawl.errors:
        problems.append("server errors:\n  " + "\n  ".join(crawl.errors[:30]))
    assert not problems, "\n".join(problems)


def test_anonymous_crawl_finds_no_private_record(private):
    crawl = Crawl(Client(), set(private.markers)).run(start_urls())
    _assert_nothing_leaks(crawl, private)


def test_signed_in_user_without_a_role_finds_no_private_record(private):
    user = make_user("nobody-in-particular")
    client = Client()
    client.force_login(user)
    crawl = Crawl(client, set(private.markers)).run(start_urls())
    _assert_nothing_leaks(crawl, private)


# Markers of the private plan (nottingham-hwb) and of the private meetings and papers (norfolk-hwb).
PLAN_KINDS = {"plancode", "plantitle", "planstatement", "versiondetails", "distribution", "planitem",
              "itemdescription", "privplanupdate", "draftupdate", "indicatorcode", "indicatortitle",
              "indicatordefinition", "indicatornote", "indicatorrag", "cycledraft"}
PEOPLE_KINDS = {"personemail", "personphone"}


def fixture_urls(fx) -> list[str]:
    """The pages around the private fixture's records: where a role of another body would look."""
    o = fx.objects
    urls = ["/", "/bodies/", "/bodies/norfolk-hwb/", "/bodies/nottingham-hwb/", "/bodies/norfolk-hwb/meetings.ics",
            "/api/v1/plans/", "/api/v1/meetings/", "/api/v1/indicators/", "/api/v1/meetings/?body=norfolk-hwb",
            "/audit/export.csv?from=2000-01-01&to=2100-01-01"]
    for plan in (o["public_plan"], o["private_plan"]):
        urls += [f"/plans/{plan.code}/", f"/plans/{plan.code}/action-plan/", f"/plans/{plan.code}/progress-report/",
                 f"/api/v1/plans/{plan.code}/", f"/plans/{plan.code}/indicators/"]
        urls += [f"/plans/{plan.code}/items/{pk}/" for pk in plan.items.values_list("pk", flat=True)]
    for meeting in (o["approved_meeting"], o["unapproved_meeting"], o["informal_meeting"]):
        urls += [f"/meetings/{meeting.code}/", f"/meetings/{meeting.code}/minutes/", f"/meetings/{meeting.code}/agenda/",
                 f"/api/v1/meetings/{meeting.pk}/"]
        urls += [f"/papers/{code}/" for code in meeting.papers.values_list("code", flat=True)]
    return urls


# Roles of one body, and the markers of the other body's private records they must never meet:
# the private plan and its indicator are Nottingham's; the private meetings and papers Norfolk's.
CROSS_BODY = {
    "board_member of norfolk-hwb": ("board_member", "norfolk-hwb", "plan"),
    "committee_admin of norfolk-hwb": ("committee_admin", "norfolk-hwb", "plan"),
    "committee_admin of nottingham-hwb": ("committee_admin", "nottingham-hwb", "meeting"),
    "coordinator of nottingham-hwb": ("coordinator", "nottingham-hwb", "meeting"),
    "lead of two items": ("lead", None, "meeting"),
}


@pytest.mark.parametrize("who", sorted(CROSS_BODY))
def test_a_role_of_one_body_meets_no_private_record_of_another(private, who):
    """Roles are per body: Nottingham's clerk reads Nottingham's drafts, nothing private of Norfolk's."""
    from wellboard.directory.models import Person
    from wellboard.governance.models import Body

    role, body, forbidden = CROSS_BODY[who]
    if role == "lead":
        user = make_user("cross-lead", person=Person.objects.get(name="Privfix Officer"))
    else:
        user = make_user(f"cross-{role}-{body}", role, Body.objects.get(code=body))
    client = Client()
    client.force_login(user)
    crawl = Crawl(client, set(private.markers), max_requests=150).run(fixture_urls(private))

    def side(marker):
        kind = marker.split("-")[1].lower()
        return "people" if kind in PEOPLE_KINDS else "plan" if kind in PLAN_KINDS else "meeting"
    own = "plan" if forbidden == "meeting" else "meeting"
    # The control: the role does read its own body's private records on these same pages.
    assert any(side(m) == own for m in crawl.found), f"{who} met none of their own private records\n{crawl.report()}"
    crawl.found = {m: urls for m, urls in crawl.found.items() if side(m) == forbidden or m.endswith("(partial)")}
    _assert_nothing_leaks(crawl, private, min_requests=40)


# The records an administrator must meet on the ordinary pages, one or more per private kind:
# proof that the crawl reaches them and reads PDFs, feeds and JSON (so the tests above can fail).
ADMIN_MUST_FIND = [
    mark("plantitle"), mark("planitem", 2), mark("privplanupdate", 1), mark("draftupdate", 1),
    mark("distribution"), mark("indicatortitle"), mark("partbagenda"), mark("partbminute", 1),
    mark("partbminute", 2), mark("partbparagraph", 1), mark("partbresolution", 1), mark("partbaction"),
    mark("partbdeclaration"), mark("partbpapertitle"), mark("unapprovedparagraph"), mark("unapprovedresolution"),
    mark("unapprovedaction"), mark("informalvenue"), mark("informalagenda"), mark("unpublishedpapertitle"),
    mark("contactname"), mark("draftpartbminute"), mark("draftpartbclause"), mark("unapprovedclause"),
    mark("informalagendanote"), mark("partbworkprogramme"), mark("informalworkprogramme"),
]


def test_positive_control_an_administrator_does_find_the_markers(private, staff_client):
    crawl = Crawl(staff_client, set(private.markers)).run(start_urls())
    missing = [m for m in ADMIN_MUST_FIND if m not in crawl.found]
    assert not missing, f"an administrator's crawl did not find {missing}\n{crawl.report()}"
    assert not crawl.errors, "server errors:\n  " + "\n  ".join(crawl.errors[:30])
    # The crawl reads PDFs: the private plan's title is in its action plan PDF.
    assert any(u.endswith(".pdf") for u in crawl.found[mark("plantitle")]), crawl.report()
