"""Celery entry points: they take ids and dates, and call one service each."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from reminders.delivery import reminders_send_batch
from reminders.dispatch import reminders_dispatch
from reminders.recovery import reminders_recover


def _enqueue_sends(user_ids: list[int], local_date: datetime.date) -> None:
    size = settings.REMINDERS_SEND_BATCH_SIZE
    for start in range(0, len(user_ids), size):
        reminders_send_batch_task.delay(user_ids[start : start + size], local_date.isoformat())


@shared_task
def reminders_dispatch_task() -> int:
    return reminders_dispatch(now=timezone.now(), enqueue=_enqueue_sends)


@shared_task
def reminders_recover_task() -> dict[str, int]:
    return reminders_recover(now=timezone.now(), enqueue=_enqueue_sends)


# Retries are not Celery retries: a send that did not reach the server is put back in the
# database with its next attempt time, and the recovery job queues it. A countdown held in a
# worker's memory would be lost with the worker (and would outlive the visibility timeout).
# The SentReminder rows are the record, so nobody reads the return value.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reminders_send_batch_task(user_ids: list[int], local_date: str) -> int:
    return reminders_send_batch(
        user_ids=user_ids, local_date=datetime.date.fromisoformat(local_date)
    ).sent


# Kept so messages queued before the batch task existed are still handled after a deploy.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reminders_send_due_task(user_id: int, local_date: str) -> int:
    return reminders_send_batch_task(user_ids=[user_id], local_date=local_date)
