"""Named workflow steps for indicators, shared by pages, the API, the CLI and tests."""

from django.core.exceptions import ValidationError
from django.db import transaction

from wellboard.core.concurrency import claim_version, locked, mirror
from wellboard.core.models import RagRating

from .models import Value
from .series import build_series


@transaction.atomic
def set_officer_rag(value: Value, rating: RagRating | None, reason: str, version=None) -> Value:
    """Record an officer's RAG for an actual. Overriding the calculated RAG needs a reason.

    The value is re-read under a lock; with ``version`` (the one the form was drawn from) a save
    over someone else's newer rating is refused with StaleEdit."""
    given, value = value, locked(Value.objects.select_related("indicator__strategy"), pk=value.pk)
    if version is not None:
        claim_version(value, version)
    if value.kind != Value.Kind.ACTUAL:
        raise ValidationError({"rating": "Only an actual value can be rated."})
    reason = (reason or "").strip()
    if rating is not None:
        if value.indicator.strategy is None or rating.scale_id != value.indicator.strategy.rag_scale_id:
            raise ValidationError({"rating": "Choose a rating from the plan's RAG scale."})
        series = build_series(value.indicator)
        point = next((p for p in series.points if p.actual.pk == value.pk), None)
        calculated = point.rag.status if point and point.rag and point.rag.rated else None
        if rating.disagrees_with(calculated) and not reason:
            raise ValidationError({"reason": f"The calculated RAG is {calculated}: give the reason for rating it "
                                             f"{rating.label.lower()} instead."})
    value.officer_rag = rating
    value.officer_rag_reason = reason
    value.save(update_fields=["officer_rag", "officer_rag_reason"])
    mirror(given, value)
    return value
