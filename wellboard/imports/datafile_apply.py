"""Write a validated data file to the database by natural keys (called inside a transaction)."""

from __future__ import annotations

from collections import Counter

from wellboard.core.audit import audited_update, record_bulk
from wellboard.core.models import RagRating, RagScale
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.plans.models import (
    DistributionEntry,
    ItemLead,
    MeasureYear,
    PlanItem,
    PlanVersion,
    ProgressUpdate,
    ReportingPeriod,
    Strategy,
)

from .indicators_apply import apply_indicator
from .meetings_apply import (
    apply_body_constitution,
    apply_meeting,
    apply_paper,
    link_agenda_papers,
    link_minutes_approval,
)
from .schema import DataFile, ItemIn, StrategyIn


def _upsert(model, counts: Counter | dict, lookup: dict, values: dict):
    obj, created = model.objects.update_or_create(**lookup, defaults=values)
    if created:
        name = model._meta.verbose_name_plural
        counts[name] = counts.get(name, 0) + 1
    return obj


def apply(files: list[DataFile], counts: dict) -> None:
    """Write section by section across all files, so a file may use what a later file defines."""
    for data in files:
        for o in data.organisations:
            _upsert(Organisation, counts, {"code": o.code}, {"name": o.name})
    for data in files:
        for x in data.people:
            org = Organisation.objects.get(code=x.organisation) if x.organisation else None
            _upsert(Person, counts, {"name": x.name}, {
                "title": x.title, "job_title": x.job_title, "organisation": org, "email": x.email, "phone": x.phone,
            })
    bodies = [b for data in files for b in data.bodies]
    # Parents may be defined later in the list, so create bodies first and link after.
    for b in bodies:
        org = Organisation.objects.get(code=b.organisation) if b.organisation else None
        _upsert(Body, counts, {"code": b.code}, {"name": b.name, "kind": b.kind, "organisation": org})
    for b in bodies:
        if b.parent:
            audited_update(Body.objects.filter(code=b.code), parent=Body.objects.get(code=b.parent))
    for b in bodies:
        apply_body_constitution(b, _upsert, counts)
    for data in files:
        for s in data.rag_scales:
            scale = _upsert(RagScale, counts, {"code": s.code}, {"name": s.name})
            for pos, r in enumerate(s.ratings):
                _upsert(RagRating, counts, {"scale": scale, "code": r.code}, {
                    "label": r.label, "letter": r.letter, "colour": r.colour, "symbol": r.symbol,
                    "criteria": r.criteria, "position": pos,
                })
    for data in files:
        for s in data.strategies:
            _apply_strategy(s, counts)
    for data in files:
        for position, ind in enumerate(data.indicators):
            apply_indicator(ind, position, _upsert, counts)
    meetings = [m for data in files for m in data.meetings]
    for m in sorted(meetings, key=lambda m: m.date):  # date order keeps resolution numbers in sequence
        apply_meeting(m, _upsert, counts)
    for m in meetings:
        link_minutes_approval(m)
    for data in files:
        for x in data.papers:
            apply_paper(x, _upsert, counts)
    for m in meetings:
        link_agenda_papers(m)


def _apply_strategy(s: StrategyIn, counts: dict) -> None:
    scale = RagScale.objects.get(code=s.rag_scale)
    strategy = _upsert(Strategy, counts, {"code": s.code}, {
        "title": s.title, "kind": s.kind, "body": Body.objects.get(code=s.body), "start": s.start,
        "end": s.end, "published": s.published, "rag_scale": scale, "statement": s.statement,
        "statement_label": s.statement_label, "priority_groups": s.priority_groups,
        "year_columns": s.year_columns,
    })
    periods = {}
    for pos, rp in enumerate(s.reporting_periods):
        periods[rp.key] = _upsert(ReportingPeriod, counts, {"strategy": strategy, "key": rp.key}, {
            "label": rp.label, "date": rp.date, "position": pos,
        })
    for pos, v in enumerate(s.versions):
        version = _upsert(PlanVersion, counts, {"strategy": strategy, "number": v.number}, {
            "date_text": v.date, "change_details": v.change_details, "author": v.author,
            "distribution_text": v.distribution_text, "position": pos,
        })
        # The distribution list belongs to its version row: the file's list replaces it.
        version.distribution.all().delete()
        record_bulk("create", DistributionEntry.objects.bulk_create(
            DistributionEntry(version=version, name=d.name, job_title=d.job_title, role=d.role, position=i)
            for i, d in enumerate(v.distribution)
        ))
    ctx = _Context(strategy, scale.lookup(), periods,
                   {o.code: o for o in Organisation.objects.all()},
                   {p.name: p for p in Person.objects.all()}, counts)
    _apply_items(ctx, s.items, None, [])


class _Context:
    def __init__(self, strategy, ratings, periods, orgs, people, counts):
        self.strategy, self.ratings, self.periods = strategy, ratings, periods
        self.orgs, self.people, self.counts = orgs, people, counts

    def rating(self, text):
        return self.ratings[text.casefold()] if text else None


def _apply_items(ctx: _Context, items: list[ItemIn], parent, pos_path):
    for k, it in enumerate(items):
        ref = it.ref or ".".join(str(n) for n in pos_path + [k + 1])
        item = ctx.strategy.items.filter(ref=ref).first() or PlanItem(strategy=ctx.strategy, ref=ref)
        created = item.pk is None
        for name, value in {
            "parent": parent, "kind": it.kind, "outcome_type": it.outcome_type or "", "number": it.number,
            "title": it.title, "description": it.description, "lead_text": it.lead_text, "position": k,
            "retired": it.retired is not None, "retired_reason": it.retired.reason if it.retired else "",
            "retired_on": it.retired.date if it.retired else None,
        }.items():
            setattr(item, name, value)
        item.save()
        if created:
            ctx.counts["plan items"] = ctx.counts.get("plan items", 0) + 1
        item.leads.all().delete()
        record_bulk("create", ItemLead.objects.bulk_create(
            ItemLead(item=item, position=i, person=ctx.people.get(lead.person) if lead.person else None,
                     organisation=ctx.orgs.get(lead.organisation) if lead.organisation else None)
            for i, lead in enumerate(it.leads)
        ))
        for year, yv in it.years.items():
            _upsert(MeasureYear, ctx.counts, {"item": item, "year": year}, {"due": yv.due, "rag": ctx.rating(yv.rag)})
        for up in it.updates:
            # Updates in a data file come from published documents, so they load as approved.
            _upsert(ProgressUpdate, ctx.counts, {"item": item, "period": ctx.periods[up.period]}, {
                "rag": ctx.rating(up.rag), "commentary": up.text, "author_text": up.author,
                "author": ctx.people.get(up.author), "date": up.date,
                "status": ProgressUpdate.Status.APPROVED,
            })
        _apply_items(ctx, it.children, item, pos_path + [k + 1])
