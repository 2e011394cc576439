"""Fetching indicators for pages in a fixed number of queries, with privacy applied."""

from django.db.models import Prefetch, Q

from wellboard.core import permissions
from wellboard.governance.models import Body
from wellboard.plans.models import PlanItem, Strategy

from .models import Indicator, Value
from .series import build_series


def visible_indicators(user):
    """Indicators of published plans (or of no plan) for the public; all for staff."""
    qs = Indicator.objects.select_related("strategy", "strategy__rag_scale", "lead_person", "lead_organisation")
    plans, bodies = permissions.scope_of(user, Strategy), permissions.scope_of(user, Body)
    if plans.everything:
        return qs
    return qs.filter(Q(strategy__isnull=True) | Q(strategy__published=True) | Q(strategy_id__in=plans.ids)
                     | Q(strategy__body_id__in=bodies.ids) | Q(body_id__in=bodies.ids))


def with_values(qs):
    return qs.prefetch_related(
        Prefetch("values", queryset=Value.objects.select_related("officer_rag")),
        Prefetch("items", queryset=PlanItem.objects.only("pk", "title", "ref", "strategy_id")),
        "notes", "breakdowns__categories__values",
    )


def series_for_strategy(strategy: Strategy, user):
    indicators = with_values(visible_indicators(user).filter(strategy=strategy)).order_by("position", "code")
    return [build_series(ind, list(ind.values.all())) for ind in indicators]
