from django import template

from interviews import selectors

register = template.Library()


@register.inclusion_tag("interviews/partials/dashboard_card.html", takes_context=True)
def interviews_dashboard_card(context: template.Context) -> dict:
    """The next interview round and how much of its loop the story plan covers."""
    user = context["request"].user
    return {"user": user, "next": selectors.next_interview_cached(user=user)}
