"""Celery entry points: they take ids and dates, and call one service each."""

import datetime

from celery import shared_task
from django.utils import timezone

from reminders.delivery import TransientDeliveryError, reminders_send_due
from reminders.dispatch import reminders_dispatch

SEND_MAX_RETRIES = 5
# Backoff: 1, 2, 4, 8, 16 minutes (~31 minutes in all) before a send is recorded as failed.
SEND_RETRY_BASE_SECONDS = 60


def _enqueue_sends(user_ids: list[int], local_date: datetime.date) -> None:
    for user_id in user_ids:
        reminders_send_due_task.delay(user_id, local_date.isoformat())


@shared_task
def reminders_dispatch_task() -> int:
    return reminders_dispatch(now=timezone.now(), enqueue=_enqueue_sends)


# Nobody reads a send's return value; the SentReminder rows are the record.
@shared_task(bind=True, max_retries=SEND_MAX_RETRIES, acks_late=True, ignore_result=True)
def reminders_send_due_task(self, user_id: int, local_date: str) -> int:
    final_attempt = self.request.retries >= self.max_retries
    try:
        return reminders_send_due(
            user_id=user_id,
            local_date=datetime.date.fromisoformat(local_date),
            final_attempt=final_attempt,
        )
    except TransientDeliveryError as error:
        raise self.retry(
            exc=error, countdown=SEND_RETRY_BASE_SECONDS * 2**self.request.retries
        ) from error
