import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Weekday
from reminders.delivery import reminders_send_due
from reminders.dispatch import reminders_dispatch
from reminders.models import DailyDispatch, SentReminder
from tests.factories import ReminderPreferencesFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def dispatch_now(**kwargs) -> list[tuple[int, datetime.date]]:
    queued: list[tuple[int, datetime.date]] = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders_dispatch(
            now=timezone.now(),
            enqueue=lambda ids, day: queued.extend((user_id, day) for user_id in ids),
            **kwargs,
        )
    return queued


def monday_8am_user(tz_name: str):
    return UserFactory(
        timezone=tz_name, reminder_weekday=Weekday.MONDAY, reminder_time=datetime.time(8, 0)
    )


@pytest.mark.parametrize(
    ("tz_name", "utc_send_moment"),
    [
        # The Monday after the November change: 08:00 EST is 13:00 UTC, no longer 12:00.
        ("America/New_York", datetime.datetime(2026, 11, 2, 13, 0, tzinfo=UTC)),
        # The Monday before it, still on daylight time.
        ("America/New_York", datetime.datetime(2026, 10, 26, 12, 0, tzinfo=UTC)),
        # Half-hour offset, no daylight saving: 08:00 IST is 02:30 UTC.
        ("Asia/Kolkata", datetime.datetime(2026, 11, 2, 2, 30, tzinfo=UTC)),
        ("UTC", datetime.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)),
    ],
)
def test_user_is_queued_exactly_when_their_local_send_time_comes(
    plan_state, tz_name, utc_send_moment
):
    with time_machine.travel(utc_send_moment - datetime.timedelta(days=1), tick=False):
        user = monday_8am_user(tz_name)
    local_monday = utc_send_moment.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
    assert local_monday.weekday() == Weekday.MONDAY

    with time_machine.travel(utc_send_moment - datetime.timedelta(minutes=1), tick=False):
        assert dispatch_now() == []
    with time_machine.travel(utc_send_moment, tick=False):
        assert dispatch_now() == [(user.pk, local_monday)]


def test_new_york_digest_goes_out_on_the_monday_after_the_november_change(plan_state):
    with time_machine.travel(datetime.datetime(2026, 10, 30, tzinfo=UTC), tick=False):
        user = monday_8am_user("America/New_York")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 13, 0, tzinfo=UTC), tick=False):
        for user_id, local_date in dispatch_now():
            reminders_send_due(user_id=user_id, local_date=local_date)

    assert [message.to for message in mail.outbox] == [[user.email]]
    sent = SentReminder.objects.get(owner=user)
    assert (sent.kind, sent.period, sent.status) == ("weekly_digest", "2026-W45", "sent")


def test_send_time_just_before_midnight_is_caught_up_after_midnight(plan_state):
    user = UserFactory(reminder_weekday=Weekday.MONDAY, reminder_time=datetime.time(23, 58))
    with time_machine.travel(datetime.datetime(2026, 11, 2, 23, 55, tzinfo=UTC), tick=False):
        assert dispatch_now() == []
    with time_machine.travel(datetime.datetime(2026, 11, 3, 0, 0, tzinfo=UTC), tick=False):
        assert dispatch_now() == [(user.pk, datetime.date(2026, 11, 2))]


def test_a_second_beat_the_same_day_queues_nobody_again(plan_state):
    monday_8am_user("UTC")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 0, tzinfo=UTC), tick=False):
        assert len(dispatch_now()) == 1
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 5, tzinfo=UTC), tick=False):
        assert dispatch_now() == []


def test_two_dispatchers_queuing_the_same_user_send_one_digest(plan_state):
    user = monday_8am_user("UTC")
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 0, tzinfo=UTC), tick=False):
        first = dispatch_now()
        # The second dispatcher read the users before the first one's marks were committed.
        DailyDispatch.objects.all().delete()
        second = dispatch_now()
        assert first == second == [(user.pk, datetime.date(2026, 11, 2))]
        for user_id, local_date in first + second:
            reminders_send_due(user_id=user_id, local_date=local_date)

    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(owner=user).count() == 1


def test_users_who_switched_e_mail_off_or_are_inactive_are_not_queued(plan_state):
    ReminderPreferencesFactory(owner=monday_8am_user("UTC"), email_enabled=False)
    inactive = monday_8am_user("UTC")
    inactive.is_active = False
    inactive.save()
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False):
        assert dispatch_now() == []


def test_dispatch_runs_a_constant_number_of_queries_per_batch(plan_state):
    def queries_for(user_count: int) -> int:
        DailyDispatch.objects.all().delete()
        while UserFactory._meta.model.objects.count() < user_count:
            monday_8am_user("Europe/Berlin")
        with CaptureQueriesContext(connection) as captured:
            assert len(dispatch_now(batch_size=10)) == user_count
        return len(captured)

    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=UTC), tick=False):
        one_batch, two_batches, four_batches = queries_for(10), queries_for(20), queries_for(40)

    per_batch = two_batches - one_batch
    assert per_batch <= 4
    assert four_batches == one_batch + 3 * per_batch


def test_second_dispatcher_in_the_same_minute_queues_nobody_and_says_so(plan_state):
    users = [monday_8am_user("UTC") for _ in range(3)]
    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 0, tzinfo=UTC), tick=False):
        first = dispatch_now()
        second = dispatch_now()

    assert sorted(user_id for user_id, _ in first) == sorted(user.pk for user in users)
    assert second == []


def test_users_are_queued_again_next_run_when_the_broker_refused_them(plan_state):
    user = monday_8am_user("UTC")

    def broker_down(user_ids, local_date):
        raise ConnectionError("broker unreachable")

    with time_machine.travel(datetime.datetime(2026, 11, 2, 8, 0, tzinfo=UTC), tick=False):
        with pytest.raises(ConnectionError), TestCase.captureOnCommitCallbacks(execute=True):
            reminders_dispatch(now=timezone.now(), enqueue=broker_down)
        assert dispatch_now() == [(user.pk, datetime.date(2026, 11, 2))]
