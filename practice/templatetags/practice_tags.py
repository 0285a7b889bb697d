from django import template

from practice import selectors

register = template.Library()


@register.inclusion_tag("practice/partials/dashboard_card.html", takes_context=True)
def practice_dashboard_card(context: template.Context) -> dict:
    user = context["request"].user
    return {
        "due": selectors.items_due(user=user),
        "scores": list(selectors.practice_scores_by_area(user=user).values()),
    }
