import datetime as dt

import pytest
import time_machine

from studyplan import services
from studyplan.models import Activity, ActivityKind, Area

# A Wednesday in week 3 of a plan that started on Monday 2 November 2026.
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
PLAN_START = dt.date(2026, 11, 2)
TODAY = NOW.date()


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def create_plan(user, **overrides):
    """A plan on the version-1 template unless told otherwise.

    Version 1 has fixed weekly targets (5 designs, 10 coding problems, 3 STAR stories, a mock
    every other week), which keeps the page tests' counts readable; it also keeps version-1
    plans, which existing users still have, under test. Version-2 generation is covered by
    test_generation_v2, test_replanning and test_steering_pages.
    """
    settings = {
        "template_version": 1,
        "level": "L6",
        "start_date": PLAN_START,
        "interview_date": None,
        "hours_per_week": 12,
        "timezone_name": user.timezone,
        "reminder_weekday": 0,
        "reminder_time": dt.time(8, 0),
    } | overrides
    return services.plan_create(user=user, **settings)


@pytest.fixture
def plan(user, frozen_now):
    return create_plan(user)


@pytest.fixture
def other_plan(other_user, frozen_now):
    return create_plan(other_user)


def week_of(plan, day: dt.date):
    return plan.weeks.get(starts_on__lte=day, starts_on__gt=day - dt.timedelta(days=7))


def bulk_activities(user, count: int, day: dt.date, kind: str = ActivityKind.CODING) -> None:
    """Many rows at once, bypassing the service: for query-budget tests only."""
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            kind=kind,
            area=Area.CODING,
            occurred_on=day,
            title=f"Problem {i}",
            minutes=20,
        )
        for i in range(count)
    )
