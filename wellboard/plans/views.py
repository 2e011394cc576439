from collections import Counter

from django.http import Http404
from django.shortcuts import render

from wellboard.core import permissions
from wellboard.governance.models import Body

from .filters import NO_RATING, PlanFilter, lead_choices
from .models import Strategy
from .tree import load_tree, strategy_for_page


def home_context(request) -> dict:
    """The plans half of the home page (``outputs.views_home`` adds the meetings)."""
    strategies = Strategy.objects.visible_to(request.user).select_related("body").order_by("body__name", "title")
    bodies: dict[Body, list[Strategy]] = {}
    for s in strategies:
        bodies.setdefault(s.body, []).append(s)
    return {"bodies": bodies, "can_create_plan": permissions.editor_anywhere(request.user, "plans")}


def _usual_period(rows):
    """The period most rows were last updated in: named once in the column heading, so that a row
    names its own period only where it differs (every row repeating "Q2 2018/19" hides the odd one)."""
    periods = Counter(node.latest.period for node in rows if node.latest)
    return periods.most_common(1)[0][0] if periods else None


def plan(request, code):
    strategy = strategy_for_page(code, request.user)
    tree = load_tree(strategy, request.user)
    chosen = PlanFilter.from_query(request.GET)
    rows = chosen.rows(tree)
    return render(request, "plans/plan.html", {
        "strategy": strategy,
        "tree": tree,
        "rows": rows,
        "update_period": _usual_period(rows),
        "filter": chosen,
        "ratings": strategy.rag_scale.ratings.all() if strategy.rag_scale else [],
        "no_rating": NO_RATING,
        "leads": lead_choices(tree),
        "themes": [n.item for n in tree.roots],
        "rag_counts": tree.rag_counts(),
    })


def item(request, code, pk):
    strategy = strategy_for_page(code, request.user)
    tree = load_tree(strategy, request.user)
    node = tree.by_id.get(pk)
    if node is None:
        raise Http404("No such item in this plan")
    ancestors = []
    parent_id = node.item.parent_id
    while parent_id:
        ancestors.insert(0, tree.by_id[parent_id].item)
        parent_id = tree.by_id[parent_id].item.parent_id
    return render(request, "plans/item.html", {
        "strategy": strategy, "node": node, "ancestors": ancestors,
    })
