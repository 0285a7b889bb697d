from django import template
from django.utils import timezone

from stories import selectors

register = template.Library()

DUE_SHOWN = 5


@register.inclusion_tag("stories/partials/dashboard_card.html", takes_context=True)
def stories_dashboard_card(context: template.Context) -> dict:
    """Bank size against the 20-30 goal, principle gaps and stories due for rehearsal."""
    user = context["request"].user
    today = timezone.localdate(timezone=user.tzinfo)
    return {
        "user": user,
        "matrix": selectors.coverage_summary_cached(user=user),
        "due": selectors.stories_due_for_rehearsal(user=user, on=today)[:DUE_SHOWN],
    }
