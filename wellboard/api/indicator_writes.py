"""API write: define an indicator for a plan, through the same step and checks as the coordinator's page.

Session sign-in with CSRF; anonymous → 401, no right → 403, a plan the caller may not see → 404,
a refused step → 422 with the message per field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from wellboard.directory.models import Organisation, Person
from wellboard.indicators import workflows_edit as steps
from wellboard.plans.models import PlanItem, Strategy

from .params import Code, NotFoundOut
from .updates import ErrorOut, _check, _refused

router = Router(tags=["indicators"], auth=django_auth)


class IndicatorIn(Schema):
    code: Code = Field(description="Lower-case slug, unique across Wellboard")
    number: str = Field("", max_length=20)
    title: str = Field(max_length=2000)
    definition: str = Field("", max_length=10000)
    source: str = Field("", max_length=200)
    unit: str = Field("count", max_length=12, description="percentage, count, rate, money, ratio, yes_no or text")
    polarity: str = Field("high", max_length=10, description="high, low, maintain or none")
    frequency: str = Field("annual", max_length=10,
                           description="annual, calendar, academic, quarterly, monthly or other")
    tolerance: str = Field("5%", max_length=20, description='Amber band: "5%" of the target or "2" units')
    lead_person: int | None = Field(None, ge=1, le=10**17, description="Id of a person in the directory")
    lead_organisation: int | None = Field(None, ge=1, le=10**17, description="Id of an organisation")
    items: list[int] = Field(default_factory=list, max_length=200, description="Ids of the plan items it measures")


class IndicatorCreatedOut(Schema):
    id: int
    code: str
    title: str
    plan: str
    items: list[int]
    url: str


@router.post("/plans/{code}/indicators/", summary="Define an indicator for a plan",
             response={201: IndicatorCreatedOut, 401: NotFoundOut, 403: NotFoundOut, 404: NotFoundOut,
                       422: ErrorOut})
def define_indicator(request, code: Code, payload: IndicatorIn):
    strategy = get_object_or_404(Strategy.objects.select_related("body"), code=code)
    refused = _check(request.user, "change", strategy)
    if refused:
        return refused
    fields = payload.dict(exclude={"code", "items", "lead_person", "lead_organisation"})
    try:
        fields["lead_person"] = _one(Person, payload.lead_person, "lead_person")
        fields["lead_organisation"] = _one(Organisation, payload.lead_organisation, "lead_organisation")
        items = list(PlanItem.objects.filter(strategy=strategy, pk__in=[i for i in payload.items if i <= 10**17]))
        if len(items) != len(set(payload.items)):
            raise ValidationError({"items": "Choose only items of this plan."})
        indicator = steps.create_indicator(strategy, request.user, code=payload.code, items=items, **fields)
    except ValidationError as exc:
        return _refused(exc)
    except PermissionDenied:
        return Status(403, {"detail": "You do not have permission to do this."})
    return Status(201, {"id": indicator.pk, "code": indicator.code, "title": indicator.title, "plan": strategy.code,
                        "items": sorted(i.pk for i in items), "url": request.build_absolute_uri(
                            indicator.get_absolute_url())})


def _one(model, pk, field):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"No {model._meta.verbose_name} has the id {pk}."})
    return found
