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
    apply_work_programme,
    link_agenda_papers,
    link_minutes_approval,
)
from .schema import DataFile, ItemIn, StrategyIn
from .source_notes import SourceNoteWriter


class Tally:
    """What a load did, per record type: created, changed, unchanged (and removed, for notes).

    Also collects which database row each file record became, for its `reconstructed:` and
    `inferred:` marks (source_notes.py).
    """

    OUTCOMES = ("created", "changed", "unchanged", "removed")

    def __init__(self):
        self.by_type: dict[str, Counter] = {}
        self.notes = SourceNoteWriter()

    def count(self, model, outcome: str, n: int = 1) -> None:
        self.by_type.setdefault(str(model._meta.verbose_name_plural), Counter())[outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.by_type.values())

    def lines(self) -> list[str]:
        out = []
        for name, c in self.by_type.items():
            parts = [f"{c[o]} {o}" for o in self.OUTCOMES[:3]] + ([f"{c['removed']} removed"] if c["removed"] else [])
            out.append(f"{name}: {', '.join(parts)}")
        return out


def _same(obj, name, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value


def _upsert(model, counts: Tally, lookup: dict, values: dict, source=None):
    """Create or update one row by its natural key; a row whose values all match is not written at all.

    ``source`` is the file record the row comes from, so its marks can be stored (source_notes.py).
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        counts.count(model, "created")
    else:
        changed = {name: value for name, value in values.items() if not _same(obj, name, value)}
        for name, value in changed.items():
            setattr(obj, name, value)
        if changed:
            obj.save()
        counts.count(model, "changed" if changed else "unchanged")
    if source is not None:
        counts.notes.add(obj, source)
    return obj


def apply(files: list[DataFile], counts: Tally) -> None:
    """Write section by section across all files, so a file may use what a later file defines."""
    for data in files:
        for o in data.organisations:
            _upsert(Organisation, counts, {"code": o.code}, {"name": o.name}, source=o)
    for data in files:
        for x in data.people:
            org = Organisation.objects.get(code=x.organisation) if x.organisation else None
            _upsert(Person, counts, {"name": x.name}, {
                "title": x.title, "job_title": x.job_title, "organisation": org, "email": x.email, "phone": x.phone,
            }, source=x)
    bodies = [b for data in files for b in data.bodies]
    # Parents may be defined later in the list, so create bodies first and link after.
    for b in bodies:
        org = Organisation.objects.get(code=b.organisation) if b.organisation else None
        _upsert(Body, counts, {"code": b.code}, {"name": b.name, "kind": b.kind, "organisation": org}, source=b)
    for b in bodies:
        if b.parent:
            parent = Body.objects.get(code=b.parent)
            audited_update(Body.objects.filter(code=b.code).exclude(parent=parent), parent=parent)
    for b in bodies:
        apply_body_constitution(b, _upsert, counts)
    for data in files:
        for s in data.rag_scales:
            scale = _upsert(RagScale, counts, {"code": s.code}, {"name": s.name}, source=s)
            for pos, r in enumerate(s.ratings):
                _upsert(RagRating, counts, {"scale": scale, "code": r.code}, {
                    "label": r.label, "letter": r.letter, "colour": r.colour, "symbol": r.symbol,
                    "criteria": r.criteria, "position": pos, "source": r.source, "counts_as": r.counts_as or "",
                }, source=r)
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
    for data in files:
        for w in data.work_programme:
            apply_work_programme(w, _upsert, counts)
    counts.notes.sync(counts)


def _apply_strategy(s: StrategyIn, counts: Tally) -> None:
    scale = RagScale.objects.get(code=s.rag_scale) if s.rag_scale else None
    strategy = _upsert(Strategy, counts, {"code": s.code}, {
        "title": s.title, "kind": s.kind, "body": Body.objects.get(code=s.body), "start": s.start,
        "end": s.end, "published": s.published, "rag_scale": scale, "report_title": s.report_title,
        "statement": s.statement,
        "statement_label": s.statement_label, "priority_groups": s.priority_groups,
        "year_columns": s.year_columns,
    }, source=s)
    periods = {}
    for pos, rp in enumerate(s.reporting_periods):
        periods[rp.key] = _upsert(ReportingPeriod, counts, {"strategy": strategy, "key": rp.key}, {
            "label": rp.label, "date": rp.date, "position": pos,
        }, source=rp)
    for pos, v in enumerate(s.versions):
        version = _upsert(PlanVersion, counts, {"strategy": strategy, "number": v.number}, {
            "date_text": v.date, "change_details": v.change_details, "author": v.author,
            "distribution_text": v.distribution_text, "position": pos,
        }, source=v)
        # The distribution list belongs to its version row: the file's list replaces it (if it differs).
        _replace_list(version.distribution.all(), ("name", "job_title", "role"), [
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
        item = _upsert(PlanItem, ctx.counts, {"strategy": ctx.strategy, "ref": ref}, {
            "parent": parent, "kind": it.kind, "outcome_type": it.outcome_type or "", "number": it.number,
            "title": it.title, "description": it.description, "lead_text": it.lead_text, "position": k,
            "retired": it.retired is not None, "retired_reason": it.retired.reason if it.retired else "",
            "retired_on": it.retired.date if it.retired else None,
        }, source=it)
        _replace_list(item.leads.all(), ("person_id", "organisation_id"), [
            ItemLead(item=item, position=i, person=ctx.people.get(lead.person) if lead.person else None,
                     organisation=ctx.orgs.get(lead.organisation) if lead.organisation else None)
            for i, lead in enumerate(it.leads)
        ])
        for year, yv in it.years.items():
            _upsert(MeasureYear, ctx.counts, {"item": item, "year": year}, {"due": yv.due, "rag": ctx.rating(yv.rag)},
                    source=yv)
        for up in it.updates:
            # Updates in a data file come from published documents, so they load as approved.
            _upsert(ProgressUpdate, ctx.counts, {"item": item, "period": ctx.periods[up.period]}, {
                "rag": ctx.rating(up.rag), "commentary": up.text, "author_text": up.author,
                "author": ctx.people.get(up.author), "date": up.date,
                "status": ProgressUpdate.Status.APPROVED,
            }, source=up)
        _apply_items(ctx, it.children, item, pos_path + [k + 1])


def _replace_list(current, compared: tuple[str, ...], rows: list) -> None:
    """Replace the rows of a list that the file gives whole, only if they differ (in order) from the stored ones."""
    stored = [tuple(getattr(r, f) for f in compared) for r in current]
    if stored == [tuple(getattr(r, f) for f in compared) for r in rows]:
        return
    current.delete()
    record_bulk("create", type(rows[0]).objects.bulk_create(rows) if rows else [])
