"""How the study plan words its counts: "1 mock interview", "3 STAR stories"."""

import datetime

from studyplan.models import Goal, GoalKind, MockInterview

# Singular and plural nouns per goal kind; the kind's label is the heading form.
GOAL_NOUNS: dict[str, tuple[str, str]] = {
    GoalKind.SYSTEM_DESIGN: ("system-design problem", "system-design problems"),
    GoalKind.CODING: ("coding problem", "coding problems"),
    GoalKind.STAR_STORY: ("STAR story", "STAR stories"),
    GoalKind.MOCK_INTERVIEW: ("mock interview", "mock interviews"),
}


def hours_text(minutes: int | None) -> str:
    """Minutes as hours for people: 90 -> "1.5", 120 -> "2", 1455 -> "24.25".

    Plans are placed in quarter hours, so two decimals show them exactly and a column of
    planned hours adds up to its total; one decimal would turn 24.25 into 24.2.
    """
    return f"{(minutes or 0) / 60:.2f}".rstrip("0").removesuffix(".")


def goal_noun(kind: str, count: int) -> str:
    singular, plural = GOAL_NOUNS[kind]
    return singular if count == 1 else plural


def goal_count(goal: Goal, count: int) -> str:
    """ "1 mock interview", "10 coding problems"; a custom goal keeps its own title as written."""
    if goal.kind == GoalKind.CUSTOM:
        return f"{goal.title} ({count})"
    return f"{count} {goal_noun(goal.kind, count)}"


def catch_up_text(*, kind: str, label: str, shortfall: int, per_week: int, weeks_left: int) -> str:
    """One behind-schedule line; kind is a goal kind, or "" for an area's hours.

    A gap smaller than the weeks left reads as "1 extra every N weeks", not "1 extra a week",
    which would overstate it.
    """
    behind = f"{label}: {shortfall} behind" if kind else f"{label} hours: {shortfall} h behind"

    def amount(count: int) -> str:
        return f"{count} {goal_noun(kind, count)}" if kind else f"{count} h"

    if not weeks_left:
        return behind
    if shortfall >= weeks_left:
        weeks = "week" if weeks_left == 1 else "weeks"
        return f"{behind}, about {amount(per_week)} extra a week over the {weeks_left} {weeks} left"
    if shortfall == 1:
        return f"{behind}: fit {amount(1)} more into the {weeks_left} weeks left"
    return f"{behind}, about {amount(1)} extra every {weeks_left // shortfall} weeks"


def short_day(day: datetime.date) -> str:
    """ "Thu 3 Dec": the week page's way of naming a day."""
    return f"{day:%a} {day.day} {day:%b}"


def pending_mock_text(mock: MockInterview, today: datetime.date) -> str:
    """ "Planned: bar raiser mock on Thu 3 Dec", or "Awaiting result: …" once the day has come."""
    state = "Planned" if mock.held_on > today else "Awaiting result"
    return f"{state}: {mock.short_name.lower()} on {short_day(mock.held_on)}"
