"""The clerk takes a Norfolk board meeting from scheduling to approved minutes in Debian's Chromium:
schedule, agenda with a Part B item, attendance with a substitute, minutes, held, then approval at
the next held meeting through the confirmation page. The public sees Part A only, and the minutes
only once approved. Steps run in order on a demo server of their own; each says what it needs."""

import datetime
import re

import pytest

pytestmark = pytest.mark.browser

BODY = "Norfolk Health and Wellbeing Board"
RECOMMENDATION = "the walk-through recommendation on reablement capacity"
PUBLIC_ITEM = "Walk-through public health annual report"
PRIVATE_ITEM = "Walk-through contract award for community care"
PUBLIC_MINUTE = "The board welcomed the annual report and its five priorities."
PRIVATE_MINUTE = "Confidential: the preferred bidder scored highest on quality."
TODAY = datetime.date.today()
FIRST, NEXT = TODAY - datetime.timedelta(days=14), TODAY - datetime.timedelta(days=1)


@pytest.fixture(scope="module")
def walk(demo_server, browser):
    state = {"done": set(), "url": demo_server["url"]}
    contexts = {who: browser.new_context() for who in ("clerk", "public")}
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


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def follow(page, name, exact=False):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=exact).first.click()


def schedule(walk, kb, date):
    page = kb.page
    page.goto(walk["url"] + "/bodies/")
    kb.activate(BODY)
    form = page.locator("form", has=page.get_by_role("button", name="Schedule meeting and start its agenda"))
    form.get_by_label("Date").fill(date.isoformat())
    form.get_by_label("Start time").fill("14:00")
    form.get_by_label("Venue").fill("County Hall, Norwich")
    submit(page, "Schedule meeting and start its agenda")
    assert "/meetings/" in page.url and page.url.rstrip("/").split("/")[-1] != "new", page.url
    assert date.strftime("%-d %B %Y") in page.locator("main").inner_text()
    return page.url.split("#")[0]


def test_clerk_schedules_a_meeting(walk, keyboard_for):
    page = walk["page"]["clerk"]
    kb = keyboard_for(page)
    page.goto(walk["url"] + "/")
    kb.sign_in(walk["url"], "clerk", "wellboard-demo")
    walk["first"] = schedule(walk, kb, FIRST)
    assert banner(page)
    walk["done"].add("scheduled")


def manage(walk, page, key="first"):
    page.goto(walk[key])
    if "/manage/" not in page.url:
        follow(page, "Manage agenda / attendance")


def add_item(page, title, part_b=False):
    follow(page, "Add an agenda item")
    page.get_by_label("Title", exact=True).fill(title)
    if part_b:
        page.get_by_label("Part", exact=True).select_option("B")
        page.get_by_label("Exemption (Part B)", exact=True).select_option("3")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert title in page.locator("main").inner_text(), page.locator("main").inner_text()[:2000]


def test_clerk_builds_the_agenda_with_a_part_b_item(walk):
    needs(walk, "scheduled")
    page = walk["page"]["clerk"]
    manage(walk, page)
    add_item(page, PUBLIC_ITEM)
    manage(walk, page)
    add_item(page, PRIVATE_ITEM, part_b=True)
    manage(walk, page)
    row = page.locator("tr", has_text=PRIVATE_ITEM)
    assert "Part B" in row.inner_text() and "3" in row.inner_text(), row.inner_text()
    assert "Part A" in page.locator("tr", has_text=PUBLIC_ITEM).inner_text()
    walk["done"].add("agenda")


def test_clerk_records_attendance_with_a_substitute(walk):
    needs(walk, "agenda")
    page = walk["page"]["clerk"]
    manage(walk, page)
    follow(page, "Record attendance")
    members = page.locator("fieldset[data-member]")
    assert members.count() >= 3, page.locator("main").inner_text()[:1500]
    away = members.nth(0)
    away.get_by_label("Attendance").select_option(label="Apologies")
    substitute = away.get_by_label("Substitute (with apologies)")
    options = substitute.locator("option").all_inner_texts()
    walk["substitute"] = next(o for o in options if o.strip() and o.strip() not in ("None", "Nobody", "No substitute"))
    substitute.select_option(label=walk["substitute"])
    walk["away"] = away.locator("legend").inner_text().split(" (")[0].strip()
    for i in range(1, members.count()):
        members.nth(i).get_by_label("Attendance").select_option(label="Present")
    submit(page, "Save attendance")
    text = page.locator("main").inner_text()
    assert banner(page)
    assert f"substitute {walk['substitute'].split(' (')[0].strip()}" in text, text
    walk["done"].add("attendance")


def test_clerk_marks_it_held_and_minutes_it(walk):
    needs(walk, "attendance")
    page = walk["page"]["clerk"]
    page.goto(walk["first"])
    submit(page, "Mark as held")
    assert "marked as held" in banner(page)
    for title, text in ((PUBLIC_ITEM, PUBLIC_MINUTE), (PRIVATE_ITEM, PRIVATE_MINUTE)):
        follow(page, "Add a minute item")
        agenda = page.get_by_label("For the agenda item")
        agenda.select_option(label=next(o for o in agenda.locator("option").all_inner_texts() if title in o))
        submit(page, "Add minute item")
        assert "Minute item" in banner(page)
        follow(page, f"Add a paragraph to {title}")
        page.get_by_label("New minute paragraph").fill(text)
        submit(page, "Add paragraph")
        assert text in page.locator("#minutes").inner_text()
    minutes = page.locator("#minutes").inner_text()
    assert f"{walk['away']} (substituted by" in minutes, minutes
    walk["done"].add("minuted")


def test_clerk_writes_a_paper_and_drafts_resolutions_from_it(walk):
    needs(walk, "minuted")
    page = walk["page"]["clerk"]
    page.goto(walk["first"])
    with page.expect_navigation():
        page.locator("tr", has_text=PUBLIC_ITEM).get_by_role("link", name=re.compile("Add a paper")).click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/papers/" in page.url, page.url
    follow(page, "Add a recommendation")
    page.get_by_label("The body is asked to").fill("Note")  # free text, the usual verbs offered as suggestions
    page.get_by_label("Recommendation").fill(RECOMMENDATION)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert RECOMMENDATION in page.locator("main").inner_text()
    page.goto(walk["first"])
    with page.expect_navigation():  # the first minute item is the Part A one, which the paper is for
        page.get_by_role("button", name="Draft resolutions").first.click()
    minutes = page.locator("#minutes").inner_text()
    # Drafted from the recommendation and shown once, not as text plus an open text box.
    assert minutes.count(RECOMMENDATION) == 1, minutes
    assert page.locator("#minutes textarea").count() == 0
    walk["done"].add("resolved")


def test_public_sees_part_a_agenda_and_no_draft_minutes(walk, keyboard_for):
    needs(walk, "minuted")
    page = walk["page"]["public"]
    page.goto(walk["first"])
    main = page.locator("main").inner_text()
    assert PUBLIC_ITEM in main and "Exempt item" in main
    assert PRIVATE_ITEM not in main and PRIVATE_MINUTE not in main
    assert PUBLIC_MINUTE not in main  # not yet approved


def test_minutes_approved_at_the_next_held_meeting(walk, keyboard_for):
    needs(walk, "minuted")
    page = walk["page"]["clerk"]
    kb = keyboard_for(page)
    walk["next"] = schedule(walk, kb, NEXT)
    if "/manage/" in page.url:
        follow(page, "View the meeting page")
    submit(page, "Mark as held")
    page.goto(walk["first"])
    page.get_by_label("Approved as a correct record at the meeting of").select_option(
        label=f"{NEXT.strftime('%-d %B %Y')} (held)")
    submit(page, "Continue to approve the minutes")
    lock = page.locator("#will-lock").inner_text()
    assert "2 minute items (1 Part A, 1 Part B)" in lock, lock
    assert NEXT.strftime("%-d %B %Y") in page.locator("#approved-at").inner_text()
    assert "cannot be undone" in page.locator("main").inner_text()
    submit(page, "Approve and lock the minutes")
    assert banner(page)
    assert f"Approved as a correct record at the meeting on {NEXT.strftime('%-d %B %Y')}" in \
        page.locator("#minutes").inner_text()
    walk["done"].add("approved")


def test_public_sees_approved_part_a_minutes_only(walk):
    needs(walk, "approved")
    page = walk["page"]["public"]
    page.goto(walk["first"])
    main = page.locator("main").inner_text()
    assert PUBLIC_MINUTE in main and PUBLIC_ITEM in main
    assert PRIVATE_MINUTE not in main and PRIVATE_ITEM not in main
