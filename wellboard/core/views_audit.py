"""The audit trail's pages: one record's history, and the CSV export for a date range."""

import csv

from auditlog.registry import auditlog
from django.apps import apps
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render

from wellboard.core import audit

try:
    from wellboard.core.permissions import can
except ImportError:  # the permission module not there yet: only superusers

    def can(user, action, obj=None):
        return bool(user.is_authenticated and user.is_superuser)


def _may(user, action, obj=None) -> bool:
    if not user.is_authenticated:
        return False
    try:
        return bool(can(user, action, obj))
    except (AttributeError, TypeError):  # a record the permission rules do not cover: administrators only
        return action != "administer" and bool(can(user, "administer", None))


def history(request, app_label, model_name, pk):
    """Every entry of one record. Shown only to who may change the record (administrators for a
    deleted one); everyone else gets 404, so the page does not reveal that a private record exists."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404 from None
    if not auditlog.contains(model):
        raise Http404
    try:
        obj = model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        raise Http404 from None
    allowed = _may(request.user, "change", obj) if obj is not None else _may(request.user, "administer", None)
    if not allowed:
        raise Http404
    entries = list(audit.entries_for(model, pk))
    if obj is None and not entries:
        raise Http404
    rows = [{
        "entry": e,
        "action": audit.ACTION_NAMES.get(e.action, "other"),
        "actor": audit.actor_label(e),
        "via": (e.additional_data or {}).get("via", "") if isinstance(e.additional_data, dict) else "",
        "changes": audit.change_rows(e, model),
    } for e in entries]
    title = str(obj) if obj is not None else (entries[-1].object_repr if entries else str(pk))
    return render(request, "core/history.html", {
        "obj": obj, "title": title, "rows": rows, "model_name": model._meta.verbose_name,
        "deleted": obj is None,
    })


def export_csv(request):
    """`/audit/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`, for administrators."""
    if not _may(request.user, "administer", None):
        raise Http404
    try:
        start = audit.parse_day(request.GET.get("from"), "from")
        end = audit.parse_day(request.GET.get("to"), "to")
        entries = audit.export_entries(start, end)
    except ValueError as exc:
        return HttpResponseBadRequest(f"{exc}\n", content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wellboard-audit-{start}-to-{end}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(entries):
    """The export a line at a time, so a long range never sits in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(audit.EXPORT_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(audit.export_row(entry))
