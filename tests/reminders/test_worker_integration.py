"""A real Celery worker (Redis when REDIS_URL is set, as in CI) delivers a digest end to end."""

import time

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the worker check)
import pytest
from django.core import mail
from django.utils import timezone

from reminders.models import SentReminder
from reminders.tasks import reminders_dispatch_task
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_outbox(count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def test_beat_dispatch_through_a_real_worker_delivers_one_digest(celery_worker):
    user = UserFactory(
        reminder_weekday=timezone.now().weekday(),
        reminder_time=timezone.now().time().replace(hour=0, minute=0, second=0, microsecond=0),
    )

    assert reminders_dispatch_task.delay().get(timeout=20) == 1
    wait_for_outbox(1)
    # A second beat in the same minute must not produce a second e-mail.
    assert reminders_dispatch_task.delay().get(timeout=20) == 0
    time.sleep(0.5)

    assert [message.to for message in mail.outbox] == [[user.email]]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = SentReminder.objects.get(owner=user)
    assert (sent.kind, sent.status) == ("weekly_digest", SentReminder.Status.SENT)
