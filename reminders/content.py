"""What reminders say, read from the study plan and stories apps.

Those apps own the data; this module only calls their selectors. A selector that is not
available (an app not installed yet) reads as "no data", so reminders degrade to a shorter
e-mail instead of failing.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

from accounts.models import User


def _selector(dotted_path: str) -> Callable[..., Any] | None:
    try:
        return import_string(dotted_path)
    except ImportError:
        return None


def weekly_digest(*, user: User, today: datetime.date) -> Any | None:
    selector = _selector("studyplan.selectors.weekly_digest_data")
    return selector(user=user, today=today) if selector else None


def week_completion(*, user: User, today: datetime.date) -> float | None:
    selector = _selector("studyplan.selectors.week_goal_completion")
    return selector(user=user, today=today) if selector else None


def last_activity_at(*, user: User) -> datetime.datetime | None:
    selector = _selector("studyplan.selectors.last_activity_at")
    return selector(user=user) if selector else None


def calendar_items(*, user: User) -> list[Any]:
    """Dated plan items, each with kind ("week", "mock_interview", "interview"), date, title."""
    selector = _selector("studyplan.selectors.plan_calendar_items")
    return list(selector(user=user)) if selector else []


def interview_date(*, user: User) -> datetime.date | None:
    return next((item.date for item in calendar_items(user=user) if item.kind == "interview"), None)


def stories_due(*, user: User, on: datetime.date) -> list[Any]:
    """Stories whose rehearsal is due on or before `on`, soonest first."""
    selector = _selector("stories.selectors.stories_due_for_rehearsal")
    return list(selector(user=user, on=on)) if selector else []


def interview_rounds(*, user: User) -> list[Any]:
    """Timed interview rounds, each with uid, starts_at, ends_at, summary, description, path."""
    selector = _selector("interviews.selectors.round_calendar_events")
    return list(selector(user=user)) if selector else []


def practice_items_due(*, user: User, on: datetime.date) -> list[Any]:
    """Practice-library items whose spaced review is due on or before `on`, soonest first."""
    selector = _selector("practice.selectors.items_due_on")
    return list(selector(user=user, on=on)) if selector else []
