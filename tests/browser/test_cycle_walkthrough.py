"""A whole reporting cycle in Debian's Chromium, keyboard only (Tab, Shift+Tab, Enter, typing): the
coordinator opens a cycle on the Healthy Culture plan, the lead submits two updates, one is returned
and resubmitted, both are approved, the cycle is closed through its confirmation page, and the plan,
progress report and version-control table show the result; an anonymous visitor sees only what was
approved. The steps run in order on one demo server of their own; each step says what it needs."""

import datetime

import pytest

pytestmark = pytest.mark.browser

PLAN = "Healthy Culture 2016/17 Action Plan"
PLAN_PATH = "/plans/nottingham-healthy-culture-2016/"
PERIOD = "Update June 2030"
FIRST_TRY = "First attempt: the pilot started late"  # returned, replaced: never public
RESUBMITTED = "Pilot launched in four GP practices"
SECOND = "Thirty schools signed the healthy culture pledge"
DRAFT_ONLY = "Private draft nobody approved"
REASON = "Launch moved back by a quarter"
RETURN_COMMENT = "Please say which practices and when"


@pytest.fixture(scope="module")
def walk(demo_server, browser):
    """One browser context per person, so each keeps their own session through the walk-through."""
    state = {"done": set(), "url": demo_server["url"]}
    contexts = {who: browser.new_context() for who in ("coordinator", "lead", "public")}
    state["page"] = {who: ctx.new_page() for who, ctx in contexts.items()}
    yield state
    for ctx in contexts.values():
        ctx.close()


def needs(walk, *steps):
    missing = [s for s in steps if s not in walk["done"]]
    if missing:
        pytest.skip(f"an earlier step did not finish: {', '.join(missing)}")


def banner(page):
    return page.locator(".govuk-notification-banner").inner_text()


def test_coordinator_opens_a_cycle(walk, keyboard_for):
    page = walk["page"]["coordinator"]
    kb = keyboard_for(page)
    page.goto(walk["url"] + "/")
    kb.sign_in(walk["url"], "coordinator", "wellboard-demo")
    kb.activate(PLAN)
    assert page.url.endswith(PLAN_PATH)
    kb.activate("Open a cycle")
    # The link leads to #open-cycle: the next Tab starts there, at the first field of the form.
    page.keyboard.press("Tab")
    assert kb.focused()["id"] == "id_period"
    page.keyboard.type(PERIOD)
    due = datetime.date.today() + datetime.timedelta(days=21)
    kb.type_into("id_due", due.strftime("%d/%m/%Y"))
    kb.activate("Open the cycle")
    assert "Cycle opened:" in banner(page), banner(page)
    assert page.locator("h1").inner_text() == PERIOD
    summary = page.locator("#cycle-summary").inner_text()
    assert due.strftime("%-d %B %Y") in summary and "Open" in summary
    helene = page.locator("#requests tbody tr", has_text="Helene Denness")
    assert helene.count() >= 2, page.locator("#requests").inner_text()
    walk["cycle_url"] = page.url.split("#")[0]  # the form was reached through #open-cycle
    walk["done"].add("opened")


def open_my_updates(walk, kb):
    page = kb.page
    kb.activate("My updates")
    assert page.locator("h1").inner_text() == "My updates"
    group = page.locator("h2", has_text=PERIOD)
    assert group.count() == 1, page.content()
    return page.locator("table", has=page.locator(f"caption:has-text('{PERIOD}')")).locator("tbody tr")


def choose(kb, select_id, label):
    """A closed select changes its choice as the user types the option's first letters."""
    kb.tab_to(id=select_id)
    kb.page.keyboard.type(label)
    chosen = kb.page.evaluate(f"document.getElementById('{select_id}').selectedOptions[0].text")
    assert chosen == label, chosen


def fill_update(kb, commentary, rag, *, replace=False):
    page = kb.page
    kb.tab_to(id="id_commentary")
    if replace:
        page.keyboard.press("Control+A")  # inside a textarea this selects only its text
    page.keyboard.type(commentary)
    choose(kb, "id_rag", rag)


def submit_update(kb):
    kb.activate("Save and submit")
    assert "submitted to the coordinator" in banner(kb.page), kb.page.content()
    assert "Submitted" in kb.page.locator("#request-status").inner_text()


def test_lead_completes_and_submits_two_updates(walk, keyboard_for):
    needs(walk, "opened")
    page = walk["page"]["lead"]
    kb = keyboard_for(page)
    page.goto(walk["url"] + "/")
    kb.sign_in(walk["url"], "lead", "wellboard-demo")
    rows = open_my_updates(walk, kb)
    assert rows.count() == 2  # Helene Denness leads two Healthy Culture actions and no indicator
    walk["first"], walk["second"] = (rows.nth(i).locator("a").first.inner_text() for i in range(2))

    # First a refusal: submitted without any text, the page says so, keeps the rating chosen, and
    # its error summary link takes the keyboard straight to the field.
    kb.activate(walk["first"])
    choose(kb, "id_rag", "Amber")
    kb.type_into("id_reason", REASON)
    kb.activate("Save and submit")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the update." in summary.inner_text()
    assert page.locator("#id_rag").input_value() == "AMBER" and page.locator("#id_reason").input_value() == REASON
    assert page.locator("#request-status").inner_text().strip() == "Requested"  # nothing was saved
    kb.activate("Enter the update.", navigates=False)
    if kb.focused()["id"] != "id_commentary":  # without govuk-frontend's script the link only scrolls
        page.keyboard.press("Tab")
    assert kb.focused()["id"] == "id_commentary", kb.focused()
    page.keyboard.type(FIRST_TRY)
    submit_update(kb)

    open_my_updates(walk, kb)
    kb.activate(walk["second"])
    fill_update(kb, SECOND, "Green")
    submit_update(kb)
    walk["done"].add("submitted")


def open_cycle(walk, kb):
    """From any of the coordinator's plan or cycle pages, through the breadcrumbs."""
    kb.activate("Reporting cycles")
    kb.activate(PERIOD)
    assert kb.page.url == walk["cycle_url"]


def review(walk, kb, title):
    """From the cycle page, Tab to the Review link in the row of this item."""
    page = kb.page
    row = page.locator("#requests tbody tr", has=page.locator("a", has_text=title[:40]))
    href = row.locator("a", has_text="Review").get_attribute("href")
    for _ in range(5):
        kb.tab_to("Review")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    else:
        raise AssertionError(f"no Review link for {title}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert title[:40] in page.locator("h1").inner_text()


def test_coordinator_returns_one_and_approves_the_other(walk, keyboard_for):
    needs(walk, "submitted")
    page = walk["page"]["coordinator"]
    kb = keyboard_for(page)
    open_cycle(walk, kb)
    assert "2 submitted awaiting review" in page.locator("#cycle-summary").inner_text()

    review(walk, kb, walk["first"])
    main = page.locator("main").inner_text()
    assert FIRST_TRY in main and f"Reason given: {REASON}" in main and "Amber" in main
    kb.type_into("id_comment", RETURN_COMMENT)
    kb.activate("Return with comment")
    assert "returned to Helene Denness" in banner(page)

    review(walk, kb, walk["second"])
    kb.activate("Approve")
    assert "Update approved" in banner(page)
    summary = page.locator("#cycle-summary").inner_text()
    assert "1 approved" in summary and "1 returned" in summary, summary
    walk["done"].add("reviewed")


def test_lead_redrafts_the_returned_update(walk, keyboard_for):
    needs(walk, "reviewed")
    page = walk["page"]["lead"]
    kb = keyboard_for(page)
    rows = open_my_updates(walk, kb)
    assert RETURN_COMMENT in rows.filter(has_text=walk["first"][:40]).inner_text()
    kb.activate(walk["first"])
    assert RETURN_COMMENT in page.locator("#return-comment").inner_text()
    assert page.locator("#id_commentary").input_value() == FIRST_TRY  # the returned text, to rework
    fill_update(kb, DRAFT_ONLY, "Green", replace=True)
    kb.activate("Save as draft")
    assert "saved as a draft" in banner(page)
    assert page.locator("#request-status").inner_text().strip() == "Draft"
    walk["done"].add("redrafted")


def public_text(walk, kb):
    """Everything an anonymous visitor can read about the two items: item pages, progress report, action plan."""
    page = kb.page
    page.goto(walk["url"] + "/")
    kb.activate(PLAN)
    assert "Reporting cycles" not in page.locator("main").inner_text()
    texts = {}
    for key in ("first", "second"):
        kb.activate(walk[key][:40])
        texts[key] = page.locator("main").inner_text()
        kb.activate(PLAN)  # the breadcrumb back to the plan
    for name in ("Progress report", "Action plan"):
        kb.activate(name)
        texts[name] = page.locator("main").inner_text()
        kb.activate(PLAN)
    return texts


def test_meanwhile_the_public_sees_nothing_unpublished(walk, keyboard_for):
    needs(walk, "redrafted")
    kb = keyboard_for(walk["page"]["public"])
    texts = public_text(walk, kb)
    walk["report_while_open"] = texts["Progress report"]
    for where, text in texts.items():
        for secret in (FIRST_TRY, DRAFT_ONLY, SECOND, RETURN_COMMENT, REASON):
            assert secret not in text, f"{secret!r} shown on {where} before the cycle closed"


def test_while_a_cycle_is_open_the_public_report_still_shows_the_last_published_period(walk):
    needs(walk, "redrafted")
    heading = walk["report_while_open"].split("Reporting period")[0]
    assert "Update March 2019" in heading and PERIOD not in heading, heading


def test_lead_resubmits(walk, keyboard_for):
    needs(walk, "redrafted")
    page = walk["page"]["lead"]
    kb = keyboard_for(page)
    fill_update(kb, RESUBMITTED, "Green", replace=True)
    submit_update(kb)
    walk["done"].add("resubmitted")


def test_coordinator_approves_and_closes_the_cycle(walk, keyboard_for):
    needs(walk, "resubmitted")
    page = walk["page"]["coordinator"]
    kb = keyboard_for(page)
    open_cycle(walk, kb)
    review(walk, kb, walk["first"])
    main = page.locator("main").inner_text()
    assert RESUBMITTED in main and FIRST_TRY not in main and DRAFT_ONLY not in main
    kb.activate("Approve")
    assert "2 approved" in page.locator("#cycle-summary").inner_text()

    kb.activate("Close the cycle")
    assert page.locator("h1").inner_text() == f"Close the {PERIOD} cycle?"
    will = page.locator("#will-publish").inner_text()
    assert "these 2 approved updates" in will, will
    walk["version"] = will.split("records version ")[1].split(" ")[0]
    assert "cannot be undone" in page.locator("main").inner_text()
    kb.activate("Close the cycle and publish")
    assert f"Cycle closed. Version {walk['version']}" in banner(page), banner(page)
    assert f"as plan version {walk['version']}" in page.locator("#cycle-summary").inner_text()
    walk["done"].add("closed")


def test_plan_report_and_version_table_show_the_result(walk, keyboard_for):
    needs(walk, "closed")
    page = walk["page"]["coordinator"]
    kb = keyboard_for(page)
    kb.activate(PLAN)  # the cycle page's breadcrumb
    for title in (walk["first"], walk["second"]):
        row = page.locator("#plan-tree tbody tr", has=page.locator("a", has_text=title[:40]))
        cells = row.locator("td")
        assert cells.nth(2).inner_text().strip().endswith("Green"), row.inner_text()
        assert cells.nth(3).inner_text().strip() == PERIOD, row.inner_text()

    kb.activate("Progress report")
    report = page.locator("main").inner_text()
    assert RESUBMITTED in report and SECOND in report and PERIOD in report
    assert FIRST_TRY not in report and DRAFT_ONLY not in report

    kb.activate(PLAN)
    kb.activate("Action plan")
    versions = page.locator("#version-control tbody tr")
    assert versions.count() == 6, page.locator("#version-control").inner_text()  # the demo plan has 0.1–0.5
    last = versions.nth(5).inner_text()
    assert last.startswith(walk["version"]), last
    assert walk["first"][:30] in last and walk["second"][:30] in last, last


def test_anonymous_visitor_sees_only_what_was_approved(walk, keyboard_for):
    needs(walk, "closed")
    kb = keyboard_for(walk["page"]["public"])
    texts = public_text(walk, kb)
    assert RESUBMITTED in texts["first"] and SECOND in texts["second"]
    assert RESUBMITTED in texts["Progress report"] and SECOND in texts["Progress report"]
    for where, text in texts.items():
        for secret in (FIRST_TRY, DRAFT_ONLY, RETURN_COMMENT, REASON):
            assert secret not in text, f"{secret!r} shown on {where}"
    page = kb.page
    page.goto(walk["url"] + "/my-updates/")
    assert "Sign in" in page.locator("h1").inner_text()
