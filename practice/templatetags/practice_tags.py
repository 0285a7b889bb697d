from django import template

from practice import selectors
from practice.rendering import format_duration

register = template.Library()


@register.inclusion_tag("practice/partials/dashboard_card.html", takes_context=True)
def practice_dashboard_card(context: template.Context) -> dict:
    user = context["request"].user
    return {
        "due": selectors.items_due_cached(user=user),
        "scores": list(selectors.practice_scores_by_area(user=user).values()),
    }


@register.filter
def duration(seconds: int | None) -> str:
    """A session's time spent in minutes, as the result and the item's history show it."""
    return format_duration(seconds or 0)


@register.filter
def clock(seconds: int) -> str:
    """A running timer's face, "07:05" or "1:02:03", as the page's script shows it."""
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@register.filter
def pattern_name(slug: str) -> str:
    return selectors.pattern_name(slug)
