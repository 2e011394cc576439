"""API writes of the reporting cycle: a lead's update (save as draft or submit) and new indicator values.

Session sign-in with CSRF (django-ninja's `django_auth`), and the same workflow steps and
permission checks as the pages: anonymous → 401, no right → 403, a record the caller may
not see → 404, a refused step → 422 with the message per field. Values sent here are
drafts: they reach the public only when the coordinator closes the cycle.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from wellboard.core import permissions
from wellboard.indicators.models import Indicator
from wellboard.reporting import workflows as cycles
from wellboard.reporting.models import UpdateRequest

from .params import Code, NotFoundOut
from .serialise import rating

router = Router(tags=["updates"], auth=django_auth)


class ValueIn(Schema):
    period: str = Field(max_length=60, description='e.g. "2019/20", "Q1 2019/20", "Jun 2019"')
    value: str = Field("", max_length=40, description="A number; leave empty for a text value")
    text: str = Field("", max_length=300)
    note: str = Field("", max_length=500)


class UpdateIn(Schema):
    commentary: str = Field(max_length=20000, description="Plain text or simple HTML (lists, emphasis); sanitised")
    rag: str | None = Field(None, max_length=30, description="A rating code of the plan's RAG scale, e.g. GREEN")
    reason: str = Field("", max_length=5000, description="Required when the rating differs from the calculated RAG")
    values: list[ValueIn] = Field(default_factory=list, max_length=20, description="New actuals (indicator updates)")
    submit: bool = Field(False, description="Submit to the coordinator after saving")


class ValuesIn(Schema):
    values: list[ValueIn] = Field(min_length=1, max_length=20)


class NewValueOut(Schema):
    period: str
    value: str | None
    text: str
    note: str


class UpdateRequestOut(Schema):
    id: int
    status: str
    plan: str
    period: str
    due: str
    item: int | None
    indicator: str | None
    commentary: str
    rag: dict | None
    reason: str
    values: list[NewValueOut]
    return_comment: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _out(req: UpdateRequest) -> dict:
    return {
        "id": req.pk, "status": req.status, "plan": req.cycle.strategy.code, "period": req.cycle.period.label,
        "due": req.cycle.due.isoformat(), "item": req.item_id, "indicator": req.indicator.code if req.indicator_id else None,
        "commentary": req.commentary, "rag": rating(req.rag), "reason": req.rag_reason,
        "values": [{"period": v["period"], "value": v["value"], "text": v["text"], "note": v["note"]} for v in req.values],
        "return_comment": req.return_comment,
    }


def _refused(exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return Status(422, {"detail": " ".join(m for ms in errors.values() for m in ms), "errors": errors})


def _check(user, action, obj):
    if not permissions.can(user, action, obj):
        if not permissions.can(user, "view", obj):
            return Status(404, {"detail": "Not found"})
        return Status(403, {"detail": "You do not have permission to do this."})
    return None


def _values(rows: list[ValueIn]):
    return [cycles.NewValue(v.period, v.value, v.text, v.note) for v in rows]


RESPONSES = {200: UpdateRequestOut, 401: NotFoundOut, 403: NotFoundOut, 404: NotFoundOut, 422: ErrorOut}


@router.post("/updates/{int:request_id}/", response=RESPONSES, summary="Save (and optionally submit) an update")
def save_update(request, request_id: int, payload: UpdateIn):
    """The lead of the item or indicator (or the plan's coordinator) writes the update for an open request."""
    req = get_object_or_404(UpdateRequest.objects.select_related("cycle__strategy__rag_scale", "cycle__period",
                                                                 "item", "indicator"), pk=request_id)
    refused = _check(request.user, "update", req.target)
    if refused:
        return refused
    rag = None
    if payload.rag:
        scale = req.cycle.strategy.rag_scale
        rag = scale.ratings.filter(code__iexact=payload.rag).first() if scale else None
        if rag is None:
            return Status(422, {"detail": f"{payload.rag!r} is not a rating of this plan's RAG scale.",
                         "errors": {"rag": ["Choose a rating from the plan's RAG scale."]}})
    try:
        req = cycles.save_draft(req, request.user, commentary=payload.commentary, rag=rag, reason=payload.reason,
                                values=_values(payload.values))
        if payload.submit:
            req = cycles.submit(req, request.user)
    except ValidationError as exc:
        return _refused(exc)
    except PermissionDenied:
        return Status(403, {"detail": "You do not have permission to do this."})
    return Status(200, _out(UpdateRequest.objects.select_related("cycle__strategy", "cycle__period", "indicator", "rag")
                      .get(pk=req.pk)))


@router.post("/indicators/{code}/values/", response=RESPONSES, summary="Add new values to an indicator's open update")
def add_values(request, code: Code, payload: ValuesIn):
    """Values go on the indicator's open update request (as a draft), published when the cycle closes."""
    indicator = get_object_or_404(Indicator.objects.select_related("strategy__body"), code=code)
    refused = _check(request.user, "update", indicator)
    if refused:
        return refused
    open_requests = (UpdateRequest.objects.filter(indicator=indicator, cycle__status="open")
                     .select_related("cycle__strategy", "cycle__period", "indicator").order_by("-cycle__opened_at"))
    mine = permissions.person_id(request.user)
    req = next((r for r in open_requests if r.lead_id == mine), None) or open_requests.first()
    if req is None:
        return Status(422, {"detail": "This indicator has no open update request: values are added through a reporting "
                               "cycle.", "errors": {"values": ["No open update request for this indicator."]}})
    try:
        req = cycles.add_values(req, request.user, _values(payload.values))
    except ValidationError as exc:
        return _refused(exc)
    except PermissionDenied:
        return Status(403, {"detail": "You do not have permission to do this."})
    return Status(200, _out(UpdateRequest.objects.select_related("cycle__strategy", "cycle__period", "indicator", "rag")
                      .get(pk=req.pk)))
