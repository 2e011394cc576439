"""Write validated strategies by natural keys (inside the loader's transaction)."""

from __future__ import annotations

from wellboard.core.datafile.writing import replace_list, upsert
from wellboard.core.models import RagScale
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

from .schema import ItemIn, StrategyIn


def apply(files, counts) -> None:
    for data in files:
        for s in data.strategies:
            _apply_strategy(s, counts)


def _apply_strategy(s: StrategyIn, counts) -> None:
    scale = RagScale.objects.get(code=s.rag_scale) if s.rag_scale else None
    strategy = upsert(Strategy, counts, {"code": s.code}, {
        "title": s.title, "kind": s.kind, "body": Body.objects.get(code=s.body), "start": s.start,
        "end": s.end, "published": s.published, "rag_scale": scale, "report_title": s.report_title,
        "statement": s.statement,
        "statement_label": s.statement_label, "priority_groups": s.priority_groups,
        "year_columns": s.year_columns,
    }, source=s)
    periods = {}
    for pos, rp in enumerate(s.reporting_periods):
        periods[rp.key] = upsert(ReportingPeriod, counts, {"strategy": strategy, "key": rp.key}, {
            "label": rp.label, "date": rp.date, "position": pos,
        }, source=rp)
    for pos, v in enumerate(s.versions):
        version = upsert(PlanVersion, counts, {"strategy": strategy, "number": v.number}, {
            "date_text": v.date, "change_details": v.change_details, "author": v.author,
            "distribution_text": v.distribution_text, "position": pos,
        }, source=v)
        # The distribution list belongs to its version row: the file's list replaces it (if it differs).
        replace_list(version.distribution.all(), ("name", "job_title", "role"), [
            DistributionEntry(version=version, name=d.name, job_title=d.job_title, role=d.role, position=i)
            for i, d in enumerate(v.distribution)
        ])
    ctx = _Context(strategy, scale.lookup() if scale else {}, periods,
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
        item = upsert(PlanItem, ctx.counts, {"strategy": ctx.strategy, "ref": ref}, {
            "parent": parent, "kind": it.kind, "outcome_type": it.outcome_type or "", "number": it.number,
            "title": it.title, "description": it.description, "lead_text": it.lead_text, "position": k,
            "retired": it.retired is not None, "retired_reason": it.retired.reason if it.retired else "",
            "retired_on": it.retired.date if it.retired else None,
        }, source=it)
        replace_list(item.leads.all(), ("person_id", "organisation_id"), [
            ItemLead(item=item, position=i, person=ctx.people.get(lead.person) if lead.person else None,
                     organisation=ctx.orgs.get(lead.organisation) if lead.organisation else None)
            for i, lead in enumerate(it.leads)
        ])
        for year, yv in it.years.items():
            upsert(MeasureYear, ctx.counts, {"item": item, "year": year}, {"due": yv.due, "rag": ctx.rating(yv.rag)},
                    source=yv)
        for up in it.updates:
            # Updates in a data file come from published documents, so they load as approved.
            upsert(ProgressUpdate, ctx.counts, {"item": item, "period": ctx.periods[up.period]}, {
                "rag": ctx.rating(up.rag), "commentary": up.text, "author_text": up.author,
                "author": ctx.people.get(up.author), "date": up.date,
                "status": ProgressUpdate.Status.APPROVED,
            }, source=up)
        _apply_items(ctx, it.children, item, pos_path + [k + 1])
