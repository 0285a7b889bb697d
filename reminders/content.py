"""What reminders say, read from the study plan and stories apps.

Those apps own the data; this module only calls their selectors. A selector that is not
available (an app not installed yet) reads as "no data", so reminders degrade to a shorter
e-mail instead of failing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class BatchFacts:
    """What a whole batch of users has, read in a few queries, so users without a plan or
    due stories cost no per-user content queries. None means "unknown: ask per user"."""

    plan_owners: frozenset[int] | None = None
    last_activity: dict[int, datetime.datetime | None] | None = None
    rehearsal_owners: frozenset[int] | None = None
    practice_owners: frozenset[int] | None = None

    def may_have_plan(self, user: User) -> bool:
        return self.plan_owners is None or user.pk in self.plan_owners

    def may_have_rehearsals(self, user: User) -> bool:
        return self.rehearsal_owners is None or user.pk in self.rehearsal_owners

    def may_have_practice_due(self, user: User) -> bool:
        return self.practice_owners is None or user.pk in self.practice_owners


UNKNOWN = BatchFacts()


def batch_facts(*, user_ids: list[int], on: datetime.date) -> BatchFacts:
    plan_owners = _selector("studyplan.selectors.plan_owner_ids")
    last_activity = _selector("studyplan.selectors.last_activity_by_user")
    rehearsals = _selector("stories.selectors.owners_with_rehearsals_before")
    practice_reviews = _selector("practice.selectors.owners_with_reviews_before")
    # The latest end of `on` anywhere on Earth (UTC-12), so no user's due story is missed.
    latest_end_of_day = datetime.datetime.combine(
        on + datetime.timedelta(days=2), datetime.time(12), tzinfo=datetime.UTC
    )
    return BatchFacts(
        plan_owners=frozenset(plan_owners(user_ids=user_ids)) if plan_owners else None,
        last_activity=last_activity(user_ids=user_ids) if last_activity else None,
        rehearsal_owners=(
            frozenset(rehearsals(user_ids=user_ids, before=latest_end_of_day))
            if rehearsals
            else None
        ),
        practice_owners=(
            frozenset(practice_reviews(user_ids=user_ids, before=latest_end_of_day))
            if practice_reviews
            else None
        ),
    )
