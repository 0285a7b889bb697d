import datetime

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from prepsite.user_cache import user_cached
from studyplan import charts, selectors, wording
from studyplan.dates import local_today
from studyplan.generation import AREAS
from studyplan.models import Goal, MockInterview
from studyplan.services import PLAN_CACHE_SCOPE

register = template.Library()


def dashboard_cards_html(overview: selectors.PlanOverview | None) -> str:
    """The dashboard's plan cards; a user without a plan gets the way to onboarding."""
    if overview is None:
        context = {"overview": None}
    else:
        context = {
            "overview": overview,
            "burn_up": charts.burn_up_chart(overview.burn_up),
            "area_bars": charts.area_bars(overview.area_totals),
        }
    return render_to_string("studyplan/partials/dashboard_cards.html", context)


@register.simple_tag(takes_context=True)
def studyplan_dashboard(context: template.Context) -> str:
    """The plan cards show only numbers derived from the plan, so they are drawn once per
    change of the plan (the services drop PLAN_CACHE_SCOPE), day and time zone."""
    user = context["request"].user
    today = local_today(user.timezone)
    html = user_cached(
        user.pk,
        PLAN_CACHE_SCOPE,
        f"dashboard-cards:{today.isoformat()}:{user.timezone}",
        lambda: dashboard_cards_html(selectors.plan_overview_cached(user=user)),
    )
    return mark_safe(html)  # noqa: S308 - rendered by Django's escaping template above


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours for people: 90 -> "1.5", 120 -> "2", 1455 -> "24.25"."""
    return wording.hours_text(minutes)


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
