import datetime

from django import template

from studyplan import charts, selectors, wording
from studyplan.generation import AREAS
from studyplan.models import Goal, MockInterview

register = template.Library()


@register.inclusion_tag("studyplan/partials/dashboard_cards.html", takes_context=True)
def studyplan_dashboard(context: template.Context) -> dict:
    """The dashboard's plan cards; a user without a plan gets the way to onboarding."""
    overview = selectors.plan_overview_cached(user=context["request"].user)
    if overview is None:
        return {"overview": None}
    return {
        "overview": overview,
        "burn_up": charts.burn_up_chart(overview.burn_up),
        "area_bars": charts.area_bars(overview.area_totals),
    }


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours for people: 90 -> "1.5", 120 -> "2"."""
    return f"{(minutes or 0) / 60:.1f}".removesuffix(".0")


@register.filter
def percent(share: float | None) -> int:
    return round(100 * (share or 0))


@register.filter
def week_planned_minutes(week) -> int:
    return sum(week.planned_minutes(area) for area in AREAS)


@register.filter
def pending_mock(mock: MockInterview, today: datetime.date) -> str:
    return wording.pending_mock_text(mock, today)


@register.filter
def goal_count(goal: Goal, count: int) -> str:
    """{{ goal|goal_count:target }} -> "3 STAR stories", "1 mock interview"."""
    return wording.goal_count(goal, count)
