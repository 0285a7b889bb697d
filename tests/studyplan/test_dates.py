"""Weeks run Monday to Sunday in the user's own time zone, whatever the server's clock says."""

import datetime as dt

import pytest
import time_machine

from studyplan import selectors, services
from studyplan.dates import local_today, monday_of
from tests.studyplan.conftest import create_plan

pytestmark = pytest.mark.django_db


def _current_week_start(user, moment: dt.datetime) -> dt.date:
    with time_machine.travel(moment, tick=False):
        return selectors.current_week_summary(user=user).week.starts_on


def test_monday_starts_the_week():
    assert monday_of(dt.date(2026, 11, 22)) == dt.date(2026, 11, 16)  # Sunday
    assert monday_of(dt.date(2026, 11, 23)) == dt.date(2026, 11, 23)  # Monday


def test_sunday_night_in_new_york_is_still_last_week_although_utc_says_monday(user):
    user.timezone = "America/New_York"
    user.save()
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        create_plan(user, start_date=dt.date(2027, 3, 1), timezone_name="America/New_York")
    # Clocks went forward on Sunday 14 March 2027: 03:30 UTC on Monday is 23:30 EDT on Sunday.
    assert _current_week_start(user, dt.datetime(2027, 3, 15, 3, 30, tzinfo=dt.UTC)) == dt.date(
        2027, 3, 8
    )
    assert _current_week_start(user, dt.datetime(2027, 3, 15, 4, 30, tzinfo=dt.UTC)) == dt.date(
        2027, 3, 15
    )


def test_dst_end_keeps_weeks_seven_days_long_in_berlin(user):
    user.timezone = "Europe/Berlin"
    user.save()
    with time_machine.travel(dt.datetime(2026, 10, 19, 12, tzinfo=dt.UTC), tick=False):
        create_plan(user, start_date=dt.date(2026, 10, 19), timezone_name="Europe/Berlin")
    # Clocks went back on Sunday 25 October 2026; Monday 00:30 CET is 23:30 UTC on Sunday.
    assert _current_week_start(user, dt.datetime(2026, 10, 25, 23, 30, tzinfo=dt.UTC)) == dt.date(
        2026, 10, 26
    )
    assert _current_week_start(user, dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC)) == dt.date(
        2026, 10, 19
    )


def test_weeks_run_across_the_year_boundary_in_auckland(user):
    user.timezone = "Pacific/Auckland"
    user.save()
    with time_machine.travel(dt.datetime(2026, 12, 21, 12, tzinfo=dt.UTC), tick=False):
        plan = create_plan(user, start_date=dt.date(2026, 12, 21), timezone_name="Pacific/Auckland")
    # 11:30 UTC on 31 December is already 00:30 on New Year's Day in Auckland (NZDT, UTC+13).
    new_year = dt.datetime(2026, 12, 31, 11, 30, tzinfo=dt.UTC)
    assert local_today("Pacific/Auckland", new_year) == dt.date(2027, 1, 1)
    assert _current_week_start(user, new_year) == dt.date(2026, 12, 28)
    assert _current_week_start(user, dt.datetime(2027, 1, 3, 11, 30, tzinfo=dt.UTC)) == dt.date(
        2027, 1, 4
    )
    week_two = plan.weeks.get(starts_on=dt.date(2026, 12, 28))
    assert week_two.number == 2 and week_two.ends_on == dt.date(2027, 1, 3)


def test_an_activity_from_another_app_lands_on_the_users_local_day(user):
    user.timezone = "Pacific/Auckland"
    user.save()
    with time_machine.travel(dt.datetime(2027, 1, 2, tzinfo=dt.UTC), tick=False):
        plan = create_plan(user, start_date=dt.date(2026, 12, 21), timezone_name="Pacific/Auckland")
        services.activity_record_external(
            user=user,
            kind="star_story",
            occurred_at=dt.datetime(2026, 12, 31, 11, 30, tzinfo=dt.UTC),
            source_key="story:1",
            title="Migrated billing",
        )
    activity = user.study_activities.get()
    assert activity.occurred_on == dt.date(2027, 1, 1)
    assert plan.weeks.get(starts_on=monday_of(activity.occurred_on)).number == 2
