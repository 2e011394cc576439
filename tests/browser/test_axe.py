"""Every kind of page passes axe-core at WCAG 2.2 AA, anonymous and for each demo role, at desktop
(1,280 px) and phone (390 px) widths, and no page scrolls sideways on a phone (WCAG 1.4.10 Reflow:
a wide table may scroll inside its own region, the page may not).

Pages are found the way a user finds them: by following links from the home page, one page of
each URL pattern (the Django URL name) per role, so a new page is covered as soon as something
links to it. To keep the run to a few minutes, a kind is checked for the first role (in ROLES
order) that reaches it; later roles re-check only the kinds whose content depends on who looks.
Forms are also checked with their errors shown, since the error summary and inline errors are
markup that only appears then. axe-core is the npm package pinned in package.json, installed by
scripts/build-assets.sh (`npm ci`); Chromium is Debian's (see conftest.py)."""

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# The roles that reach the most kinds come first after the public, so later roles have little new.
ROLES = ["anonymous", "coordinator", "clerk", "lead", "member", "admin"]
# Kinds whose content changes with the reader (edit links, drafts, Part B, the user's own updates).
BY_READER = {"home", "plan", "item", "indicator", "body", "meeting", "paper", "my_updates"}
# Django's own admin and the API's schema viewer are not Wellboard pages; files are not pages.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/sign-out/")
SKIP_SUFFIXES = (".html", ".pdf", ".ics", ".csv", ".css", ".docx", ".xlsx", ".json", ".js", ".zip")
MAX_FETCHES = 80  # per role: the crawl reads HTML only, so this is cheap; it bounds a link explosion
# Kinds whose pages differ most between instances (the two plans have different shapes) get two.
PER_KIND = {"plan": 2, "action_plan": 2, "progress_report": 2, "scorecard": 2, "item": 2}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5), count: v.nodes.length}));
}"""
WIDEST = """() => {
  const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(el => !el.closest(".wb-table-scroll") || ["absolute", "fixed"].includes(getComputedStyle(el).position));
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          culprits: outermost.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
            + " (" + Math.round(el.getBoundingClientRect().right) + "px)")};
}"""


def kind_of(path):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name


def discover(context, base):
    """One URL of each page kind this user can reach by links from the home page (two of the
    kinds whose pages differ most). The next page read is always one of the kind read least so
    far, so a deep kind (a meeting, reached only through the one board that has meetings) is found
    within the budget rather than after every one of a plan's items."""
    found, reads, seen, pending, broken = {}, {}, {"/"}, [("/", "home")], []
    while pending and sum(reads.values()) < MAX_FETCHES:
        url, kind = min(pending, key=lambda p: reads.get(p[1], 0))
        pending.remove((url, kind))
        reads[kind] = reads.get(kind, 0) + 1
        response = context.request.get(base + url, max_redirects=0)
        if response.status >= 500:
            broken.append(f"{url} answers {response.status}")
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if len(found.setdefault(kind, [])) < PER_KIND.get(kind, 1):
            found[kind].append(url)
        for a in BeautifulSoup(response.text(), "html.parser").find_all("a", href=True):
            link = urlsplit(urljoin(base + url, a["href"]))
            if link.netloc != urlsplit(base).netloc or link.path in seen \
                    or link.path.startswith(SKIP_PREFIXES) or link.path.endswith(SKIP_SUFFIXES):
                continue
            seen.add(link.path)
            if (link_kind := kind_of(link.path)) is not None:
                pending.append((link.path + (f"?{link.query}" if link.query else ""), link_kind))
    return [url for urls in found.values() for url in urls], broken


def sign_in(page, base, username, password):
    page.goto(base + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert f"Signed in as {username}" in page.content(), f"could not sign in as {username}"


def check_page(page, label, problems):
    """Run axe at both widths on the page already loaded, and the reflow check on a phone."""
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        for v in page.evaluate(RUN_AXE, TAGS):
            problems.append(f"{label} [{size['width']}px] {v['id']} ({v['impact']}, {v['count']} node(s)): "
                            f"{v['help']} — {'; '.join(v['targets'])}")
        if name == "phone":
            w = page.evaluate(WIDEST)
            if w["scrollWidth"] > w["innerWidth"]:
                problems.append(f"{label} [390px] scrolls sideways: page is {w['scrollWidth']}px wide; "
                                f"too wide: {', '.join(w['culprits'])}")


@pytest.fixture(scope="module")
def axe_path():
    assert AXE.exists(), f"{AXE} is missing: scripts/build-assets.sh installs the pinned axe-core (npm ci)"
    return AXE


@pytest.fixture(scope="module")
def checked():
    """Kinds already checked by an earlier role, and each role's pages for the form sweep."""
    return {"kinds": set(), "pages": {}}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_kind_passes_axe_and_reflows(demo_server, browser, axe_path, checked, role):
    base = demo_server["url"]
    context = browser.new_context(bypass_csp=True)
    try:
        if role != "anonymous":
            sign_in(context.new_page(), base, role, demo_server["password"])
        urls, problems = discover(context, base)
        checked["pages"][role] = urls
        mine = [url for url in urls if (kind := kind_of(urlsplit(url).path)) in BY_READER
                or kind not in checked["kinds"]]
        page = context.new_page()
        for url in mine:
            page.set_viewport_size(WIDTHS["desktop"])
            page.goto(base + url)
            check_page(page, f"{role} {url}", problems)
    finally:
        context.close()
    checked["kinds"].update(kind_of(urlsplit(url).path) for url in mine)
    assert len(urls) >= 8, f"the crawl found too few pages for {role}: {urls}"
    assert not problems, f"{len(problems)} problem(s) on {len(mine)} page(s):\n" + "\n".join(problems)


SUMMARY_LINKS = """() => [...document.querySelectorAll(".govuk-error-summary a")].map(a => {
  const id = decodeURIComponent((a.getAttribute("href") || "").replace(/^#/, ""));
  const el = id && document.getElementById(id);
  return {text: a.textContent.trim(), href: a.getAttribute("href"), tag: el ? el.tagName.toLowerCase() : "",
          error: !!el && /--error\\b/.test(el.className), described: !!el && (el.getAttribute("aria-describedby") || "").includes("error")};
})"""


def summary_problems(page, label):
    """GOV.UK's error summary: every link goes to the field it is about (an input, select or
    textarea on the page), which is marked in error and points at its inline message."""
    links = page.evaluate(SUMMARY_LINKS)
    if not links:
        return [f"{label}: the error summary has no link to a field"]
    return [f"{label}: error summary link {link['href']!r} ({link['text']}) "
            + ("goes to no field" if link["tag"] not in {"input", "select", "textarea"}
               else "goes to a field not marked in error or not described by its message")
            for link in links
            if link["tag"] not in {"input", "select", "textarea"} or not (link["error"] and link["described"])]


def submit_emptied(page, base, url):
    """Load a page, empty every text field of its first form that has one, and send it. Returns
    False where the page has no such form."""
    page.goto(base + url)
    form = page.locator("main form[method=post]").filter(
        has=page.locator("input[type=text]:visible, textarea:visible")).first
    if not form.count():
        return False
    for field in form.locator("input[type=text]:visible, textarea:visible").all():
        field.fill("")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    return True


def test_sign_in_with_an_error_passes_axe_and_links_the_error_to_its_field(demo_server, browser, axe_path):
    base = demo_server["url"]
    page = browser.new_page(viewport=WIDTHS["desktop"], bypass_csp=True)
    page.goto(base + "/sign-in/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "not the password")
    with page.expect_navigation():
        page.click("button[type=submit]")
    problems = summary_problems(page, "sign-in, wrong password")
    check_page(page, "anonymous sign-in with an error", problems)
    submit_emptied(page, base, "/sign-in/")
    problems += summary_problems(page, "sign-in, nothing typed")
    page.close()
    assert not problems, "\n".join(problems)


def test_a_form_with_errors_passes_axe(demo_server, browser, axe_path):
    base = demo_server["url"]
    context = browser.new_context(viewport=WIDTHS["desktop"], bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "coordinator", demo_server["password"])
    assert submit_emptied(page, base, "/plans/new/")
    problems = summary_problems(page, "coordinator /plans/new/ sent empty")
    check_page(page, "coordinator /plans/new/ with errors", problems)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["coordinator", "clerk"])
def test_every_form_sent_empty_links_its_errors_to_fields(demo_server, browser, checked, role):
    """Runs last: a form whose fields are all optional saves the emptied values."""
    base = demo_server["url"]
    context = browser.new_context(viewport=WIDTHS["desktop"], bypass_csp=True)
    problems, with_errors = [], []
    try:
        page = context.new_page()
        sign_in(page, base, role, demo_server["password"])
        urls = checked["pages"].get(role) or discover(context, base)[0]
        for url in urls:
            if not submit_emptied(page, base, url):
                continue
            if page.locator(".govuk-error-summary").count():
                with_errors.append(url)
                problems += summary_problems(page, f"{role} {url} sent empty")
    finally:
        context.close()
    assert len(with_errors) >= 3, f"too few forms refused an empty submission to test: {with_errors}"
    assert not problems, "\n".join(problems)
