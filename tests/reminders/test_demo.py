import datetime

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from accounts.demo import demo_account_load
from reminders.delivery import reminders_send_due
from reminders.dispatch import reminders_dispatch

pytestmark = pytest.mark.django_db

LOADED_AT = datetime.datetime(2026, 11, 18, 21, 10, 30, tzinfo=datetime.UTC)


def dispatch_at(moment: datetime.datetime) -> list[tuple[int, datetime.date]]:
    queued: list[tuple[int, datetime.date]] = []
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        reminders_dispatch(
            now=timezone.now(), enqueue=lambda ids, day: queued.extend((i, day) for i in ids)
        )
    return queued


def test_demo_user_gets_a_digest_a_few_minutes_after_the_demo_loads():
    with time_machine.travel(LOADED_AT, tick=False):
        demo_user, created = demo_account_load()
    assert created

    assert dispatch_at(LOADED_AT + datetime.timedelta(minutes=1)) == []
    queued = dispatch_at(LOADED_AT + datetime.timedelta(minutes=2))
    assert [user_id for user_id, _ in queued] == [demo_user.pk]

    with time_machine.travel(LOADED_AT + datetime.timedelta(minutes=2), tick=False):
        for user_id, local_date in queued:
            reminders_send_due(user_id=user_id, local_date=local_date)

    assert [message.to for message in mail.outbox] == [[demo_user.email]]
    assert mail.outbox[0].subject.startswith("Week ")
