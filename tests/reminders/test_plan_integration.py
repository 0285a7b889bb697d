"""The reminders read the real study plan and stories selectors, not only test doubles."""

import datetime

import icalendar
import pytest
import time_machine
from django.core import mail

from accounts.models import Weekday
from reminders.calendar_feed import calendar_for_user
from reminders.delivery import reminders_send_due
from reminders.services import calendar_feed_reset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

plan_services = pytest.importorskip("studyplan.services")

START = datetime.date(2026, 11, 2)  # a Monday
INTERVIEW = datetime.date(2027, 4, 26)


@pytest.fixture
def planner(db):
    user = UserFactory(display_name="Grace")
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)):
        plan_services.plan_create(
            user=user,
            level="L6",
            start_date=START,
            interview_date=INTERVIEW,
            hours_per_week=12,
            timezone_name="Europe/London",
            reminder_weekday=Weekday.MONDAY,
            reminder_time=datetime.time(7, 30),
        )
    return user


def test_digest_from_a_real_plan_names_the_week_focus_and_links_the_week(planner):
    second_monday = START + datetime.timedelta(days=7)
    with time_machine.travel(datetime.datetime(2026, 11, 9, 8, tzinfo=datetime.UTC)):
        reminders_send_due(user_id=planner.pk, local_date=second_monday)

    message = mail.outbox[0]
    assert message.subject == "Week 2: your PrepSite digest"
    assert "week 2 of" in message.body
    assert "LAST WEEK" in message.body
    assert "http://127.0.0.1:8000/plan/" in message.body


def test_countdown_uses_the_plans_interview_date(planner):
    planner.reminder_weekday = Weekday.SUNDAY
    planner.save()
    thirty_days_before = INTERVIEW - datetime.timedelta(days=30)
    with time_machine.travel(datetime.datetime(2027, 3, 27, 8, tzinfo=datetime.UTC)):
        reminders_send_due(user_id=planner.pk, local_date=thirty_days_before)

    assert "30 days until your interview" in [message.subject for message in mail.outbox]


def test_calendar_feed_lists_plan_weeks_and_the_interview_day(planner):
    calendar_feed_reset(user=planner)
    feed = icalendar.Calendar.from_ical(calendar_for_user(user=planner, today=START))

    events = {(event.decoded("dtstart"), str(event["summary"])) for event in feed.walk("VEVENT")}
    assert (INTERVIEW, "Interview day") in events
    first_week = next(summary for day, summary in events if day == START)
    assert first_week.startswith("Week 1")
