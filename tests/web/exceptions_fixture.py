"""A small plan built record by record for the exception report and dashboard tests: one record of each
kind of exception, each with its own lead and commentary, and private records carrying PRIVMARK markers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from wellboard.core.models import RagScale
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.indicators.models import Indicator, Value
from wellboard.meetings.models import Action, Meeting
from wellboard.plans.models import (
    ItemLead,
    MeasureYear,
    PlanItem,
    ProgressUpdate,
    ReportingPeriod,
    Strategy,
)

CODE = "exfix-plan"
PRIVATE_COMMENT = "PRIVMARK-exfixdraft-1"
PRIVATE_ACTION = "PRIVMARK-exfixpartbaction-1"
OWNER_EMAIL = "privmark-exfixowner@example.org"


@dataclass
class Fixture:
    strategy: Strategy
    p1: ReportingPeriod
    p2: ReportingPeriod


def _action(strategy, root, ref, title, lead, position):
    item = PlanItem.objects.create(strategy=strategy, parent=root, ref=ref, kind="action", title=title,
                                   number=f"1.{position}", position=position)
    ItemLead.objects.create(item=item, person=Person.objects.create(name=lead), organisation=Organisation.objects.first())
    return item


def build() -> Fixture:
    body = Body.objects.get(code="nottingham-hwb")
    scale = RagScale.objects.get(code="nottingham-rag")
    rag = {r.code: r for r in scale.ratings.all()}
    strategy = Strategy.objects.create(code=CODE, title="Exfix plan", body=body, published=True, rag_scale=scale)
    p1 = ReportingPeriod.objects.create(strategy=strategy, key="q1", label="Q1 2019/20", date=dt.date(2019, 6, 30),
                                        position=1)
    p2 = ReportingPeriod.objects.create(strategy=strategy, key="q2", label="Q2 2019/20", date=dt.date(2019, 9, 30),
                                        position=2)
    root = PlanItem.objects.create(strategy=strategy, ref="t", kind="theme", title="Exfix theme", number="1")

    def update(item, period, code, text, status="approved"):
        ProgressUpdate.objects.create(item=item, period=period, rag=rag.get(code), commentary=text, status=status)

    red = _action(strategy, root, "red", "Exfix red action", "Rhiannon Redlead", 1)
    update(red, p1, "RED", "Red in Q1 too.")
    update(red, p2, "RED", "Exfix red commentary.")
    worse = _action(strategy, root, "worse", "Exfix worsened action", "Wilf Worselead", 2)
    update(worse, p1, "GREEN", "Was fine.")
    update(worse, p2, "AMBER", "Exfix slipping commentary.")
    better = _action(strategy, root, "better", "Exfix improved action", "Bea Betterlead", 3)
    update(better, p1, "AMBER", "Was slipping.")
    update(better, p2, "GREEN", "Exfix recovered commentary.")
    silent = _action(strategy, root, "silent", "Exfix silent action", "Sid Silentlead", 4)
    update(silent, p1, "GREEN", "Exfix last said in Q1.")
    milestone = PlanItem.objects.create(strategy=strategy, parent=worse, ref="m", kind="milestone",
                                        title="Exfix overdue milestone")
    MeasureYear.objects.create(item=milestone, year="18/19", due=True, rag=rag["AMBER"])
    done = PlanItem.objects.create(strategy=strategy, parent=worse, ref="m2", kind="milestone", position=1,
                                   title="Exfix milestone met")
    MeasureYear.objects.create(item=done, year="18/19", due=True, rag=rag["GREEN"])
    # A draft red rating: its lead and the plan's readers see it, the public never does.
    drafted = _action(strategy, root, "draft", "Exfix action with a draft", "Dora Draftlead", 5)
    update(drafted, p1, "GREEN", "Public Q1 text.")
    update(drafted, p2, "RED", PRIVATE_COMMENT, status="draft")

    owner = Person.objects.create(name="Olive Actionowner", email=OWNER_EMAIL, phone="PRIVMARK-exfixphone-1")
    meeting = Meeting.objects.create(body=body, code="exfix-meeting", date=dt.date(2019, 5, 1),
                                     status=Meeting.Status.MINUTES_APPROVED)
    Action.objects.create(meeting=meeting, description="Exfix overdue meeting action", owner=owner,
                          due_date=dt.date(2019, 7, 1), approved=True)
    Action.objects.create(meeting=meeting, description="Exfix action not yet due", owner=owner,
                          due_date=dt.date(2019, 12, 1), approved=True)
    Action.objects.create(meeting=meeting, description="Exfix action done", owner=owner, status="done",
                          due_date=dt.date(2019, 7, 1), approved=True)
    Action.objects.create(meeting=meeting, description=PRIVATE_ACTION, owner=owner, part="B",
                          due_date=dt.date(2019, 7, 1), approved=True)

    indicator = Indicator.objects.create(code="exfix-indicator", title="Exfix indicator off target", strategy=strategy,
                                         polarity="high", decimals=0, number="1")
    indicator.notes.create(label="Commentary", text="Exfix indicator commentary.")
    Value.objects.create(indicator=indicator, kind="target", period="2018/19", period_start=dt.date(2018, 4, 1),
                         period_end=dt.date(2019, 3, 31), value=Decimal(20))
    Value.objects.create(indicator=indicator, kind="actual", period="2018/19", period_start=dt.date(2018, 4, 1),
                         period_end=dt.date(2019, 3, 31), value=Decimal(10), officer_rag=rag["GREEN"],
                         officer_rag_reason="Exfix officer reason.")
    return Fixture(strategy, p1, p2)
