from auditlog.registry import auditlog
from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def audit_history_url(obj):
    """The audit history page of a record, or "" when its model is not audited."""
    if obj is None or obj.pk is None or not auditlog.contains(type(obj)._meta.concrete_model):
        return ""
    opts = obj._meta
    return reverse("core:history", args=[opts.app_label, opts.model_name, obj.pk])
