"""The dispatcher: every few minutes, queue one send task per user whose local send time has come.

Users are read time zone by time zone in id-ordered batches (keyset pagination), so memory
stays flat and each batch costs the same two queries however many users there are.
"""

import datetime
import zoneinfo
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from reminders import schedule
from reminders.models import DailyDispatch, SentReminder

BATCH_SIZE = 500
# How long after local midnight the end of yesterday still counts as "its time has come".
CATCH_UP = datetime.timedelta(minutes=30)
# A send still marked "sending" after this long belongs to a worker that died.
INTERRUPTED_AFTER = datetime.timedelta(minutes=15)
DISPATCH_MARKS_KEPT = datetime.timedelta(days=3)

Enqueue = Callable[[list[int], datetime.date], None]


def _recipients(
    *, tz_name: str, local_date: datetime.date, earliest: datetime.time, latest: datetime.time
) -> QuerySet:
    already_queued = DailyDispatch.objects.filter(owner=OuterRef("pk"), local_date=local_date)
    return (
        User.objects.filter(
            is_active=True,
            timezone=tz_name,
            reminder_time__gte=earliest,
            reminder_time__lte=latest,
        )
        .filter(Q(reminder_preferences__isnull=True) | Q(reminder_preferences__email_enabled=True))
        .exclude(Exists(already_queued))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _enqueue_or_unmark(enqueue: Enqueue, user_ids: list[int], local_date: datetime.date) -> None:
    """If the broker refuses the batch, drop its marks so the next run queues it again;
    users whose task did get through are protected by the sent-record claim."""
    try:
        enqueue(user_ids, local_date)
    except Exception:
        DailyDispatch.objects.filter(owner_id__in=user_ids, local_date=local_date).delete()
        raise


def _queue_in_batches(
    recipients: QuerySet, local_date: datetime.date, batch_size: int, enqueue: Enqueue
) -> int:
    queued, last_id = 0, 0
    while True:
        with transaction.atomic():
            user_ids = list(recipients.filter(pk__gt=last_id)[:batch_size])
            if not user_ids:
                return queued
            DailyDispatch.objects.bulk_create(
                [DailyDispatch(owner_id=user_id, local_date=local_date) for user_id in user_ids],
                ignore_conflicts=True,
            )
            # Queued only once the marks are committed; a rollback queues nothing.
            transaction.on_commit(partial(_enqueue_or_unmark, enqueue, user_ids, local_date))
        queued += len(user_ids)
        if len(user_ids) < batch_size:
            return queued
        last_id = user_ids[-1]


def _record_interrupted_sends(now: datetime.datetime) -> None:
    SentReminder.objects.filter(
        status=SentReminder.Status.SENDING, sending_started_at__lt=now - INTERRUPTED_AFTER
    ).update(
        status=SentReminder.Status.FAILED,
        last_error="Interrupted while sending; not sent again to avoid a duplicate.",
    )


def reminders_dispatch(
    *, now: datetime.datetime, enqueue: Enqueue, batch_size: int = BATCH_SIZE
) -> int:
    """Queue the users whose reminders are due at `now`; returns how many were queued."""
    _record_interrupted_sends(now)
    DailyDispatch.objects.filter(local_date__lt=(now - DISPATCH_MARKS_KEPT).date()).delete()
    time_zones = User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct()
    queued = 0
    for tz_name in sorted(time_zones):
        local_now = timezone.localtime(now, zoneinfo.ZoneInfo(tz_name))
        for local_date, earliest, latest in schedule.open_send_windows(local_now, CATCH_UP):
            recipients = _recipients(
                tz_name=tz_name, local_date=local_date, earliest=earliest, latest=latest
            )
            queued += _queue_in_batches(recipients, local_date, batch_size, enqueue)
    return queued
