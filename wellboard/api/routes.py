"""JSON API, version 1. Anonymous clients see published plans and approved updates only."""

from ninja import NinjaAPI

from wellboard.core.source_notes import notes_table
from wellboard.plans.models import Strategy
from wellboard.plans.tree import load_tree, strategy_for_page

from . import serialise
from .indicator_writes import router as indicator_writes_router
from .indicators import router as indicators_router
from .meetings import router as meetings_router
from .params import Code, NotFoundOut
from .schemas import PlanOut, PlanSummaryOut
from .updates import router as updates_router

api = NinjaAPI(title="Wellboard API", version="1", openapi_url="/openapi.json", docs_url="/docs",
               urls_namespace="api")


@api.get("/plans/", response=list[PlanSummaryOut], tags=["plans"])
def list_plans(request):
    plans = Strategy.objects.visible_to(request.user).select_related("body").order_by("body__name", "title")
    return [serialise.plan_summary(s, request) for s in plans]


@api.get("/plans/{code}/", response={200: PlanOut, 404: NotFoundOut}, tags=["plans"])
def get_plan(request, code: Code):
    strategy = strategy_for_page(code, request.user)
    tree = load_tree(strategy, request.user)
    notes = notes_table()
    return {
        **serialise.plan_summary(strategy, request),
        "rag_scale": [serialise.rating(r) for r in strategy.rag_scale.ratings.all()] if strategy.rag_scale else [],
        "reporting_periods": [
            {"key": p.key, "label": p.label, "date": p.date.isoformat() if p.date else None}
            for p in strategy.reporting_periods.all()
        ],
        "items": [serialise.item(n, request.user, notes) for n in tree.roots],
    }


api.add_router("/indicators", indicators_router)
api.add_router("", meetings_router)
api.add_router("", updates_router)
api.add_router("", indicator_writes_router)
