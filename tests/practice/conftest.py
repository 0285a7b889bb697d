import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from practice import services
from practice.models import LibraryItem
from studyplan import services as plan_services

# A Wednesday in template week 7 (system design basics) of a plan started on 5 October 2026.
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
PLAN_START = dt.date(2026, 10, 5)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_plan(user, level: str = "L6"):
    return plan_services.plan_create(
        user=user,
        level=level,
        start_date=PLAN_START,
        interview_date=None,
        hours_per_week=12,
        timezone_name=user.timezone,
        reminder_weekday=0,
        reminder_time=dt.time(8, 0),
    )


@pytest.fixture
def plan(user, frozen_now):
    return make_plan(user)


def current_week(plan):
    day = NOW.date()
    return plan.weeks.select_related("plan").get(
        starts_on__lte=day, starts_on__gt=day - dt.timedelta(days=7)
    )


@pytest.fixture
def design_item(db):
    return LibraryItem.objects.get(slug="design-url-shortener")


@pytest.fixture
def behavioural_item(db):
    return LibraryItem.objects.get(slug="lp-ownership-1")


def design_scores(value: int = 3) -> dict[str, int]:
    return {key: value for key in ("requirements", "estimates", "trade_offs", "operations", "cost")}


def start_session(user, item, level: str = "L6", *, minutes_ago: int = 60):
    """A session started a while ago: the time it is finished with must fit since its start."""
    started_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return services.session_start(user=user, item=item, level=level, started_at=started_at)
