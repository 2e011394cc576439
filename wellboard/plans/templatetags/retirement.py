from django import template

from wellboard.plans.retirement import retirement

register = template.Library()


@register.simple_tag(takes_context=True)
def retirement_for(context, item):
    """``{% retirement_for item as r %}``: the retirement reason this page's user may read."""
    request = context.get("request")
    return retirement(item, getattr(request, "user", None))
