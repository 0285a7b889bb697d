"""Two dispatchers at once on PostgreSQL: every due user is queued by exactly one of them."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections

from accounts.models import Weekday
from reminders.dispatch import reminders_dispatch
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers, so two dispatchers can never overlap there",
    ),
]

MONDAY_9AM = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def test_two_racing_dispatchers_queue_each_due_user_once_and_count_truly(plan_state):
    users = [
        UserFactory(
            timezone=tz_name, reminder_weekday=Weekday.MONDAY, reminder_time=datetime.time(8)
        )
        for tz_name in ["UTC", "Europe/London"]
        for _ in range(60)
    ]
    start = threading.Barrier(2)
    queued: list[list[int]] = [[], []]
    counts = [0, 0]
    errors: list[BaseException] = []

    def dispatcher(index: int) -> None:
        try:
            start.wait()
            counts[index] = reminders_dispatch(
                now=MONDAY_9AM,
                enqueue=lambda ids, day: queued[index].extend(ids),
                batch_size=7,
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    with time_machine.travel(MONDAY_9AM, tick=True):
        threads = [threading.Thread(target=dispatcher, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    everyone = queued[0] + queued[1]
    assert sorted(everyone) == sorted(user.pk for user in users)
    assert counts == [len(queued[0]), len(queued[1])]
