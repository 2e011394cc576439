"""What needs the board's attention in one plan and reporting period: the exception report's content.

Everything is read through the same doors the pages use — ``load_tree`` for items and updates,
``series_for_strategy`` for indicators, ``can`` per meeting action — so a reader sees here exactly
what the plan, scorecard and meeting pages show them. The query count does not grow with the plan.

Dates: "overdue" is judged at the period's date (the day its column was written), or today for a
period without one, so a report for March 2019 reads as it did in March 2019 and does not fill up
with everything that fell due since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from wellboard.core.periods import PeriodError, parse_period
from wellboard.core.permissions import can
from wellboard.indicators.queries import series_for_strategy
from wellboard.meetings.models import Action, ActionNote
from wellboard.plans.models import ReportingPeriod, Strategy
from wellboard.plans.tree import Node, Tree, load_tree

from .progress_report import choose_period

OPEN_ACTION = [Action.Status.OPEN, Action.Status.IN_PROGRESS]
# Calculated statuses that mean the target was not met (amber: missed, but within the tolerance).
OFF_TARGET = {"red", "amber", "not-met"}
CONCERN = "special_cause_concern"


@dataclass
class Entry:
    """One row of a section: what it is, who leads it, where it stands and what was last said."""

    number: str
    title: str
    kind: str  # "Key action", "Milestone", "Indicator", "Meeting action" …
    url: str
    lead: str
    rating: object | None = None  # a RagRating (officer) where there is one
    calculated: object | None = None  # an indicators.series.CalculatedRag where there is one
    detail: str = ""  # why it is here, in words ("Due 2017/18, rated Amber")
    commentary: str = ""  # stored text (may be allow-listed HTML): render through the sanitiser
    commentary_label: str = ""  # whose/which commentary: "Update March 2019", "Progress note 3 May 2019"


@dataclass
class ExceptionSection:
    key: str
    heading: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass
class ExceptionReport:
    strategy: Strategy
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    as_of: dt.date
    sections: list[ExceptionSection]

    def section(self, key: str) -> ExceptionSection:
        return next(s for s in self.sections if s.key == key)


def previous_period(strategy: Strategy, period: ReportingPeriod | None) -> ReportingPeriod | None:
    periods = list(strategy.reporting_periods.all())
    if period is None or period not in periods:
        return None
    index = periods.index(period)
    return periods[index - 1] if index else None


def period_rating(node: Node, period: ReportingPeriod | None):
    """The period's officer RAG; without one, the roll-up of the item's measures (as the progress report)."""
    update = node.update_for(period.key) if period else node.latest
    if update and update.rag_id:
        return update.rag
    return node.measure_rag


def movement(node: Node, period: ReportingPeriod | None, previous: ReportingPeriod | None) -> str | None:
    """"better", "worse" or "same" between the officer RAGs of two periods; None without both.
    Scales run worst first (lower position is worse)."""
    if period is None or previous is None:
        return None
    now, before = node.update_for(period.key), node.update_for(previous.key)
    if not (now and now.rag_id and before and before.rag_id):
        return None
    if now.rag.position == before.rag.position:
        return "same"
    return "worse" if now.rag.position < before.rag.position else "better"


def _latest_commentary(node: Node, period: ReportingPeriod | None) -> tuple[str, str]:
    """The newest visible commentary up to and including the period (later rounds are not yet written)."""
    limit = period.position if period else None
    for update in reversed(node.updates):
        if limit is not None and update.period.position > limit:
            continue
        if update.commentary.strip():
            return update.commentary, update.period.label
    return "", ""


def _item_entry(node: Node, period, rating=None, detail: str = "") -> Entry:
    item = node.item
    text, label = _latest_commentary(node, period)
    return Entry(item.number, item.title, item.kind_label, item.get_absolute_url(), node.leads_text,
                 rating=rating, detail=detail, commentary=text, commentary_label=label)


def _year_end(year: str) -> dt.date | None:
    try:
        return parse_period(year).end
    except PeriodError:
        return None


def _overdue_year(node: Node, as_of: dt.date):
    """The first due year of a milestone (its own ticks, else those of its success measures) that ended
    before ``as_of`` without a rating that counts as green (Green, or a board's "Complete")."""
    years = list(node.item.years.all()) or [y for child in node.children if not child.item.retired
                                            for y in child.item.years.all()]
    passed = []
    for year in years:
        end = _year_end(year.year)
        if year.due and end is not None and end < as_of and not (year.rag_id and year.rag.stands_for == "green"):
            passed.append((end, year))
    return min(passed, key=lambda pair: pair[0]) if passed else None


def _item_sections(tree: Tree, period, previous, as_of) -> list[ExceptionSection]:
    red = ExceptionSection("red", "Rated red")
    worse = ExceptionSection("worsened", "RAG worse than the previous period")
    milestones = ExceptionSection("milestones", "Overdue milestones")
    missing = ExceptionSection("missing", "Missing updates")
    for node in tree.walk():
        item = node.item
        if item.retired:
            continue
        if item.reportable:
            rating = period_rating(node, period)
            if tree.rated and rating is not None and rating.stands_for == "red":
                red.entries.append(_item_entry(node, period, rating))
            if movement(node, period, previous) == "worse":
                before = node.update_for(previous.key).rag
                worse.entries.append(_item_entry(node, period, node.update_for(period.key).rag,
                                                 f"{before.label} in {previous.label}"))
            if period is not None and node.update_for(period.key) is None:
                missing.entries.append(_item_entry(node, period, detail=f"No update for {period.label}"))
        elif item.kind == "milestone":
            found = _overdue_year(node, as_of)
            if found:
                end, year = found
                state = f"rated {year.rag.label}" if year.rag_id else "not rated"
                entry = _item_entry(node, period, year.rag, f"Due {year.year} (ended {end:%-d %B %Y}), {state}")
                # A milestone has no lead or update of its own: the nearest item above that has one.
                above = tree.by_id.get(item.parent_id)
                while above is not None and not (entry.lead and entry.commentary):
                    entry.lead = entry.lead or above.leads_text
                    if not entry.commentary:
                        entry.commentary, entry.commentary_label = _latest_commentary(above, period)
                    above = tree.by_id.get(above.item.parent_id)
                milestones.entries.append(entry)
    return [red, worse, milestones, missing]


def _action_entries(strategy: Strategy, tree: Tree, user, as_of: dt.date) -> list[Entry]:
    """Open actions of the plan's body's meetings, and of decisions about this plan's items, whose due
    date passed before ``as_of``. Each is shown only if the reader may see that action."""
    item_ids = list(tree.by_id)
    notes = ActionNote.objects.order_by("created_at", "pk")
    actions = (Action.objects.filter(Q(meeting__body_id=strategy.body_id) | Q(resolution__retires_item_id__in=item_ids))
               .filter(status__in=OPEN_ACTION)
               .filter(Q(due_date__lt=as_of) | Q(due_date__isnull=True, due_meeting__date__lt=as_of))
               .select_related("owner", "meeting__body", "due_meeting")
               .prefetch_related(Prefetch("notes", queryset=notes))
               .order_by("due_date", "pk").distinct())
    entries = []
    for action in actions:
        if not can(user, "view", action):
            continue
        entry = Entry("", action.description, "Meeting action", f"{action.meeting.get_absolute_url()}#action-{action.pk}",
                      action.owner.display_name if action.owner_id else "",
                      detail=f"Due {action.due:%-d %B %Y}; from {action.meeting.body.name}, "
                             f"{action.meeting.date:%-d %B %Y}; {action.get_status_display().lower()}")
        # Progress notes are the clerk's working record (meeting pages show them to the body's readers only).
        note = list(action.notes.all())[-1:] if can(user, "view_private", action.meeting) else []
        if note:
            entry.commentary = note[0].text
            entry.commentary_label = f"Progress note {timezone.localtime(note[0].created_at):%-d %B %Y}"
        entries.append(entry)
    return entries


def _point_at(series, as_of: dt.date):
    """The latest assessed value whose period ended by ``as_of`` (values without a stated period count)."""
    points = [p for p in series.points if p.actual.period_end is None or p.actual.period_end <= as_of]
    return points[-1] if points else None


def _indicator_entry(series, point, detail: str) -> Entry:
    ind = series.indicator
    lead = "; ".join(str(x) for x in (ind.lead_organisation and ind.lead_organisation.code,
                                      ind.lead_person and ind.lead_person.display_name) if x)
    notes = list(ind.notes.all())
    commentary, label = (notes[-1].text, notes[-1].label) if notes else ("", "")
    if point is not None and point.actual.officer_rag_reason:
        commentary, label = point.actual.officer_rag_reason, "Reason for the officer RAG"
    return Entry(ind.number, ind.title, "Indicator", ind.get_absolute_url(), lead,
                 rating=point.officer_rag if point else None, calculated=point.rag if point else None,
                 detail=detail, commentary=commentary, commentary_label=label)


def _indicator_sections(strategy: Strategy, user, as_of: dt.date) -> list[ExceptionSection]:
    off = ExceptionSection("indicators", "Indicators off target or showing special-cause concern")
    disagree = ExceptionSection("disagreements", "Officer and calculated RAG disagree")
    for series in series_for_strategy(strategy, user):
        point = _point_at(series, as_of)
        reasons = []
        if point is not None and point.rag and point.rag.status in OFF_TARGET:
            reasons.append(point.rag.explanation)
        if point is not None and point.spc == CONCERN:
            reasons.append(f"{point.actual.period}: special cause variation, concern")
        if reasons:
            off.entries.append(_indicator_entry(series, point, "; ".join(reasons)))
        if point is not None and point.disagreement:
            disagree.entries.append(_indicator_entry(
                series, point, f"{point.actual.period}: officer {point.officer_rag.label}, "
                               f"calculated {point.rag.label} ({point.rag.explanation})"))
    return [off, disagree]


def gather(strategy: Strategy, user, period_key: str | None = None) -> ExceptionReport:
    tree = load_tree(strategy, user)
    period = choose_period(strategy, period_key, tree)
    previous = previous_period(strategy, period)
    as_of = period.date if period and period.date else timezone.localdate()
    red, worse, milestones, missing = _item_sections(tree, period, previous, as_of)
    actions = ExceptionSection("actions", "Overdue meeting actions", _action_entries(strategy, tree, user, as_of))
    indicators, disagreements = _indicator_sections(strategy, user, as_of)
    sections = [red, worse, milestones, actions, indicators, disagreements, missing]
    return ExceptionReport(strategy, period, previous, as_of, sections)
