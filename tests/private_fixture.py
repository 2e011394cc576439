"""Private records of every kind, added to the demo data through the documented data format.

Every private field carries a unique marker ``PRIVMARK-<kind>-<n>`` (codes of private records are
the lowercase form, so a link to a private record is caught too). A page, feed, API answer or PDF
shown to someone without rights must never contain one. Public neighbours (a published plan, Part A
agenda items) carry no marker, so a leak test has something legitimate to render around the secrets.

The records are written as a `wellboard/1` YAML file and loaded with the real loader. Fields the
format cannot express yet are set afterwards through the ORM or the clerk's workflow functions;
each such place says so. Where the format grows a field (e.g. ``part:`` on minute items), the
fixture uses it automatically: see ``_if_supported``.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wellboard.imports import schema
from wellboard.imports.datafile import load_files

MARKER_PREFIX = "privmark"

NOTTINGHAM = "nottingham-hwb"
NORFOLK = "norfolk-hwb"


def mark(kind: str, n: int = 1) -> str:
    return f"PRIVMARK-{kind}-{n}"


def code(kind: str, n: int = 1) -> str:
    return mark(kind, n).lower()


@dataclass
class PrivateFixture:
    """What was created: marker → what it is, and the records tests need to build URLs."""

    markers: dict[str, str] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def add(self, marker: str, what: str) -> str:
        self.markers[marker] = what
        return marker


def _if_supported(model_in, key: str, value, target: dict) -> bool:
    """Put ``key: value`` into ``target`` only if the format has that field (it grows while we work)."""
    if key in model_in.model_fields:
        target[key] = value
        return True
    return False


def _file(fx: PrivateFixture) -> tuple[dict, dict]:
    """The data file, and which `part` fields it could not carry (set later through the ORM)."""
    m = fx.add
    unsupported: dict = {"minute_items": [], "resolutions": [], "declarations": [], "papers": [], "actions": []}

    people = [{
        "name": "Privfix Officer", "job_title": "Public Health Officer", "organisation": "NCC",
        "email": m(code("personemail"), "a person's email") + "@example.org",
        "phone": m(mark("personphone"), "a person's phone"),
    }]

    private_plan = {
        "code": m(code("plancode"), "an unpublished plan's code"),
        "title": m(mark("plantitle"), "an unpublished plan's title"),
        "kind": "action_plan", "body": NOTTINGHAM, "published": False, "rag_scale": "nottingham-rag",
        "statement": m(mark("planstatement"), "an unpublished plan's statement"),
        "reporting_periods": [{"key": "q1", "label": "Q1 2019/20", "date": "2019-06-30"},
                              {"key": "q2", "label": "Q2 2019/20", "date": "2019-09-30"}],
        "versions": [{
            "number": "0.1", "date": "1.4.19",
            "change_details": m(mark("versiondetails"), "an unpublished plan's version notes"),
            "author": "Privfix Officer",
            "distribution": [{"name": m(mark("distribution"), "a distribution list entry"),
                              "job_title": "Director", "role": "Sponsor"}],
        }],
        "items": [{
            "kind": "theme", "ref": "pt", "number": "1", "title": m(mark("planitem", 1), "an unpublished plan's theme"),
            "children": [{
                "kind": "action", "ref": "pa", "number": "1.1",
                "title": m(mark("planitem", 2), "an unpublished plan's action"),
                "description": m(mark("itemdescription"), "an unpublished plan's item description"),
                "lead_text": "NCC Privfix Officer", "leads": [{"organisation": "NCC", "person": "Privfix Officer"}],
                "updates": [
                    {"period": "q1", "rag": "G", "text": m(mark("privplanupdate", 1), "an update on an unpublished plan")},
                    {"period": "q2", "rag": "R", "text": m(mark("privplanupdate", 2), "a submitted update, unpublished plan")},
                ],
            }],
        }],
    }

    public_plan = {
        "code": "privfix-public-plan", "title": "Privfix published plan", "kind": "action_plan",
        "body": NOTTINGHAM, "published": True, "rag_scale": "nottingham-rag",
        "reporting_periods": [{"key": "q1", "label": "Q1 2019/20", "date": "2019-06-30"},
                              {"key": "q2", "label": "Q2 2019/20", "date": "2019-09-30"}],
        "versions": [{"number": "1.0", "date": "1.5.19", "change_details": "Published", "author": "Clerk"}],
        "items": [{
            "kind": "theme", "ref": "t", "number": "1", "title": "Privfix public theme",
            "children": [
                {"kind": "action", "ref": "a", "number": "1.1", "title": "Privfix public action with updates",
                 "lead_text": "NCC Privfix Officer", "leads": [{"organisation": "NCC", "person": "Privfix Officer"}],
                 "updates": [
                     {"period": "q1", "rag": "G", "text": "An approved public update."},
                     # Loaded as approved (the format has no update status); made a draft below.
                     {"period": "q2", "rag": "R", "text": m(mark("draftupdate", 1), "a draft update on a published plan")},
                 ]},
                {"kind": "action", "ref": "b", "number": "1.2", "title": "Privfix action retired in unapproved minutes"},
                {"kind": "action", "ref": "c", "number": "1.3", "title": "Privfix action retired in Part B"},
            ],
        }],
    }

    indicator = {
        "code": m(code("indicatorcode"), "an indicator's code on an unpublished plan"),
        "strategy": private_plan["code"], "number": "1",
        "title": m(mark("indicatortitle"), "an indicator on an unpublished plan"),
        "definition": m(mark("indicatordefinition"), "its definition"),
        "unit": "percentage", "polarity": "high", "items": ["pa"], "lead_person": "Privfix Officer",
        "notes": [{"label": "Commentary", "text": m(mark("indicatornote"), "its commentary")}],
        "baseline": {"period": "2017/18", "value": 11.1, "display": "11.1%"},
        "targets": [{"period": "2019/20", "value": 22.2, "display": "22.2%"}],
        "actuals": [{"period": "2018/19", "value": 33.3, "display": "33.3%", "officer_rag": "G",
                     "officer_rag_reason": m(mark("indicatorrag"), "an officer RAG reason")}],
    }

    # A formal meeting whose minutes are approved, with a Part B item minuted under another
    # number (agenda 9 → minute 10, while agenda 10 is a public item) and an unnumbered one.
    partb_minute_10 = {"number": "10", "title": m(mark("partbminute", 1), "a Part B minute item, renumbered"),
                       "paragraphs": [{"number": "10.1", "text": m(mark("partbparagraph", 1), "a Part B paragraph")}],
                       "resolutions": [{"paragraph": "10.1", "text": m(mark("partbresolution", 1), "a Part B resolution")}]}
    partb_minute_unnumbered = {
        "number": "", "title": m(mark("partbminute", 2), "an unnumbered Part B minute item"),
        "paragraphs": [{"text": m(mark("partbparagraph", 2), "an unnumbered Part B paragraph")}],
        "resolutions": [{"text": m(mark("partbresolution", 2), "a Part B resolution (retires a plan item)")}]}
    # Minute items minuted under another number, or unnumbered, must say `part: B` themselves; the
    # first resolution and the declaration (on agenda item 9) say nothing and must inherit Part B;
    # the second resolution says it explicitly.
    for item in (partb_minute_10, partb_minute_unnumbered):
        if not _if_supported(schema.MinuteItemIn, "part", "B", item):
            unsupported["minute_items"].append(item["title"])
    if not _if_supported(schema.ResolutionIn, "part", "B", partb_minute_unnumbered["resolutions"][0]):
        unsupported["resolutions"].append(partb_minute_unnumbered["resolutions"][0]["text"])
    if "part" not in schema.ResolutionIn.model_fields:
        unsupported["resolutions"].append(partb_minute_10["resolutions"][0]["text"])
    _action(partb_minute_10["resolutions"][0], m(mark("partbaction"), "an action from a Part B resolution"),
            unsupported)
    declaration = {"person": "Privfix Officer", "item": "9", "type": "other",
                   "nature": m(mark("partbdeclaration"), "a declaration on a Part B item")}
    if "part" not in schema.DeclarationIn.model_fields:
        unsupported["declarations"].append(declaration["nature"])

    approved = {
        "code": "privfix-approved", "body": NORFOLK, "date": "2016-12-07", "start": "10:00",
        "venue": "Privfix public venue", "kind": "formal", "status": "minutes_approved",
        "agenda": [
            {"number": "1", "title": "Privfix apologies", "part": "A", "kind": "standing"},
            {"number": "9", "title": m(mark("partbagenda"), "a Part B agenda item title"), "part": "B",
             "exemption": "Schedule 12A paragraph 3", "paper": m(code("partbpapercode"), "a Part B paper's code")},
            {"number": "10", "title": "Privfix any other business", "part": "A"},
        ],
        "attendance": [{"person": "Privfix Officer", "status": "officer"}],
        "declarations": [declaration],
        "minutes": {
            "approved_at": "norfolk-hwb-2017-02-08",
            "items": [
                {"number": "1", "title": "Privfix apologies", "paragraphs": [{"number": "1.1", "text": "None."}]},
                partb_minute_10, partb_minute_unnumbered,
            ],
        },
    }

    unapproved_resolution = {"paragraph": "1.1", "text": m(mark("unapprovedresolution"),
                                                           "an unapproved resolution (retires a plan item)")}
    _action(unapproved_resolution, m(mark("unapprovedaction"), "an action from an unapproved resolution"),
            unsupported)
    unapproved = {
        "code": "privfix-unapproved", "body": NORFOLK, "date": "2017-01-11", "start": "10:00",
        "venue": "Privfix public venue", "kind": "formal", "status": "held",
        "agenda": [{"number": "1", "title": "Privfix public agenda item", "part": "A",
                    "paper": m(code("unpublishedpapercode"), "an unpublished paper's code")},
                   {"number": "2", "title": "Privfix second public agenda item", "part": "A"}],
        "declarations": [{"person": "Privfix Officer", "item": "1", "type": "other",
                          "nature": "Privfix declaration on a Part A item"}],
        "minutes": {
            "opening": m(mark("unapprovedopening"), "the opening of unapproved minutes"),
            "closing": m(mark("unapprovedclosing"), "the closing of unapproved minutes"),
            "items": [{
                "number": "1", "title": m(mark("unapprovedminute"), "an unapproved minute item's title"),
                "paragraphs": [{"number": "1.1", "text": m(mark("unapprovedparagraph"), "an unapproved paragraph")}],
                "resolutions": [unapproved_resolution],
            }],
        },
    }

    informal = {
        "code": m(code("informalcode"), "an informal meeting's code"), "body": NORFOLK, "date": "2017-03-01",
        "start": "14:00", "kind": "informal", "status": "agenda_published",
        "venue": m(mark("informalvenue"), "an informal meeting's venue"),
        "time_text": m(mark("informaltime"), "an informal meeting's time text"),
        "agenda": [{"number": "1", "title": m(mark("informalagenda"), "an informal meeting's agenda item"),
                    "part": "A"}],
    }

    # Draft minutes published in a later meeting's pack for approval: public as drafts, but their
    # Part B minute (with a numbered, lettered resolution) stays private. The ordinary unpublished
    # draft above (privfix-unapproved) must stay wholly private.
    published_draft = {
        "code": "privfix-published-draft", "body": NORFOLK, "date": "2016-11-02", "start": "10:00",
        "venue": "Privfix public venue", "kind": "formal", "status": "held",
        "agenda": [{"number": "1", "title": "Privfix published draft item", "part": "A", "pages": "3 - 4"},
                   {"number": "2", "title": m(mark("draftpartbagenda"), "a Part B item in published draft minutes"),
                    "part": "B", "exemption": "Schedule 12A paragraph 1"}],
        "minutes": {
            "for_approval_at": "norfolk-hwb-2017-02-08",
            "items": [
                {"number": "1", "title": "Privfix published draft item",
                 "paragraphs": [{"number": "1.1", "text": "Privfix public draft paragraph."}]},
                {"number": "2", "title": m(mark("draftpartbminute"), "a Part B minute in published draft minutes"),
                 "resolutions": [{"number": "2016/041", "text": "That the Board:", "clauses": [
                     {"label": "a", "text": m(mark("draftpartbclause"), "a lettered clause of a Part B resolution")},
                 ]}]},
            ],
        },
    }
    unapproved["minutes"]["items"][0]["resolutions"].append({
        "number": "2017/002", "text": "That the Board:",
        "clauses": [{"label": "a", "text": m(mark("unapprovedclause"), "a lettered clause in unpublished draft minutes")}]})
    informal["agenda_notes"] = [{"number": "1", "text": m(mark("informalagendanote"), "a note under an informal agenda")}]
    work_programme = [
        {"body": NORFOLK, "title": m(mark("partbworkprogramme"), "a Part B work programme entry"),
         "when": "Spring 2031", "part": "B"},
        {"body": NORFOLK, "title": m(mark("informalworkprogramme"), "a work programme entry for an informal meeting"),
         "meeting": code("informalcode")},
        {"body": NORFOLK, "title": "Privfix public forward plan entry", "when": "Summer 2031"},
    ]

    # A meeting still to come, which the clerk may move or cancel.
    scheduled = {
        "code": "privfix-scheduled", "body": NORFOLK, "date": "2031-06-05", "start": "10:00",
        "venue": "Privfix public venue", "kind": "formal", "status": "scheduled",
        "agenda": [{"number": "1", "title": "Privfix scheduled item", "part": "A"}],
    }

    papers = [
        {"code": code("partbpapercode"), "meeting": "privfix-approved", "agenda_item": "9",
         "title": m(mark("partbpapertitle"), "a Part B paper's title"),
         "summary": m(mark("partbpapersummary"), "a Part B paper's summary"),
         "recommendations": [{"verb": "Agree", "text": m(mark("partbrecommendation"), "a Part B recommendation")}],
         "signoffs": [{"kind": "constitutional", "initials": "AB", "date": "2016-11-30"},
                      {"kind": "financial", "initials": "CD", "date": "2016-11-30"}],
         "published": True},
        {"code": code("unpublishedpapercode"), "meeting": "privfix-unapproved", "agenda_item": "1",
         "title": m(mark("unpublishedpapertitle"), "an unpublished paper's title"),
         "summary": m(mark("unpublishedpapersummary"), "an unpublished paper's summary"),
         "recommendations": [{"verb": "Note", "text": m(mark("unpublishedrecommendation"), "its recommendation")}],
         "published": False},
        {"code": "privfix-published-paper", "meeting": "norfolk-hwb-2017-02-08",
         "title": "Privfix published paper with private contacts", "summary": "Public summary.",
         "signoffs": [{"kind": "constitutional", "initials": "AB", "date": "2017-01-30"},
                      {"kind": "financial", "initials": "CD", "date": "2017-01-30"}],
         "contacts": [{"name": m(mark("contactname"), "an officer contact's name"), "role": "Officer",
                       "phone": m(mark("contactphone"), "an officer contact's phone"),
                       "email": m(code("contactemail"), "an officer contact's email") + "@example.org"}],
         "published": True},
    ]
    # The Part B paper says nothing about its part: it sits on Part B agenda item 9.
    if "part" not in schema.PaperIn.model_fields:
        unsupported["papers"].append(papers[0]["code"])

    data = {"format": "wellboard/1", "people": people, "strategies": [private_plan, public_plan],
            "indicators": [indicator], "meetings": [approved, unapproved, informal, scheduled, published_draft],
            "papers": papers, "work_programme": work_programme}
    return data, unsupported


def _action(resolution: dict, description: str, unsupported: dict) -> None:
    """An action arising from a resolution: in the file where the format has `actions:`."""
    if "actions" in schema.ResolutionIn.model_fields:
        resolution["actions"] = [{"description": description, "owner": "Privfix Officer", "due": "2031-05-31"}]
    else:
        unsupported["actions"].append((resolution["text"], description))


def _set_part_b_through_orm(unsupported: dict) -> None:
    """The format could not say `part: B` here yet: set the model field if the model already has it."""
    from wellboard.meetings.models import Declaration, MinuteItem, Paper, Resolution

    for model, key, values in ((MinuteItem, "title", unsupported["minute_items"]),
                               (Resolution, "text", unsupported["resolutions"]),
                               (Declaration, "nature", unsupported["declarations"]),
                               (Paper, "code", unsupported["papers"])):
        if values and any(f.name == "part" for f in model._meta.get_fields()):
            model.objects.filter(**{f"{key}__in": values}).update(part="B")


def add_private_records(tmpdir: Path | None = None) -> PrivateFixture:
    """Load the private records (inside the caller's transaction) and return their markers."""
    from wellboard.meetings import workflows
    from wellboard.meetings.models import Meeting, Resolution
    from wellboard.plans.models import PlanItem, ProgressUpdate, ReportingPeriod, Strategy

    fx = PrivateFixture()
    data, unsupported = _file(fx)
    directory = Path(tmpdir or tempfile.mkdtemp(prefix="privfix-"))
    path = directory / "private-records.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    load_files([path])
    _set_part_b_through_orm(unsupported)

    # ORM: the format loads every update as approved; it has no draft/submitted status.
    ProgressUpdate.objects.filter(commentary=mark("draftupdate")).update(status="draft")
    ProgressUpdate.objects.filter(commentary=mark("privplanupdate", 1)).update(status="draft")
    ProgressUpdate.objects.filter(commentary=mark("privplanupdate", 2)).update(status="submitted")
    # ORM: a draft update on an item of a demo plan (needs its own reporting period).
    demo_plan = Strategy.objects.filter(published=True).exclude(code="privfix-public-plan").order_by("pk").first()
    demo_item = demo_plan.items.filter(kind__in=["action", "outcome"]).order_by("sort_key").first()
    period = ReportingPeriod.objects.create(strategy=demo_plan, key="privfix-draft", label="Privfix round",
                                            position=99)
    ProgressUpdate.objects.create(item=demo_item, period=period, status="submitted",
                                  commentary=fx.add(mark("draftupdate", 2), "a submitted update on a demo plan"))

    # Workflow: the format has no link from a resolution to the plan item it retires.
    approved = Meeting.objects.get(code="privfix-approved")
    unapproved = Meeting.objects.get(code="privfix-unapproved")
    partb_res = Resolution.objects.get(text=mark("partbresolution", 1))
    partb_res_2 = Resolution.objects.get(text=mark("partbresolution", 2))
    unapproved_res = Resolution.objects.get(text=mark("unapprovedresolution"))
    for text, description in unsupported["actions"]:  # only while the format had no `actions:`
        resolution = Resolution.objects.get(text=text)
        workflows.create_action(resolution.meeting, description, resolution=resolution)
    public_plan = Strategy.objects.get(code="privfix-public-plan")
    workflows.retire_item(unapproved_res, PlanItem.objects.get(strategy=public_plan, ref="b"))
    workflows.retire_item(partb_res_2, PlanItem.objects.get(strategy=public_plan, ref="c"))

    # Workflow: the format has no work programme; a body's forward plan is public.
    workflows.add_to_work_programme(approved.body, "Privfix forward plan report", target_meeting=unapproved)
    _open_cycles(fx, public_plan, Strategy.objects.get(code=code("plancode")))

    fx.objects.update({
        "private_plan": Strategy.objects.get(code=code("plancode")),
        "public_plan": public_plan,
        "approved_meeting": approved, "unapproved_meeting": unapproved,
        "published_draft_meeting": Meeting.objects.get(code="privfix-published-draft"),
        "informal_meeting": Meeting.objects.get(code=code("informalcode")),
        "partb_resolution": partb_res, "unapproved_resolution": unapproved_res,
        "unsupported_by_format": unsupported,
    })
    return fx


def _open_cycles(fx: PrivateFixture, public_plan, private_plan) -> None:
    """Workflow: reporting cycles and a lead's draft in each (the format has no cycles). Only where
    the cycles module exists; the drafts are private until the coordinator approves them."""
    try:
        from wellboard.reporting import workflows as cycles
    except ImportError:
        return
    import datetime as dt

    from django.contrib.auth import get_user_model

    from wellboard.core.models import Role, RoleAssignment

    opener = get_user_model().objects.create_user("privfix-opener", password="pw-for-tests-only")
    RoleAssignment.objects.create(user=opener, role=Role.ADMINISTRATOR)
    for n, plan in enumerate((public_plan, private_plan), start=1):
        opened = cycles.open_cycle(plan, "Privfix round 2020", dt.date(2031, 1, 31), opener)
        request = opened.cycle.requests.filter(item__isnull=False).order_by("pk").first()
        cycles.save_draft(request, opener, commentary=fx.add(mark("cycledraft", n), "a lead's draft in a cycle"))


def find_markers(text: str, known) -> set[str]:
    """Which of the ``known`` markers a text holds; also across line breaks (PDF text wraps, iCal
    folds long lines). A "privmark" that is no whole known marker (a cut-off title) counts too."""
    lower = text.lower()
    if MARKER_PREFIX not in lower:
        return set()
    squashed = re.sub(r"\s+", "", lower)
    found = {k for k in known if k.lower() in lower or k.lower() in squashed}
    return found or {"PRIVMARK-(partial)"}
