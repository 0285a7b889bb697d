"""The dispatcher: every minute, queue the users whose local send time has come, in batches.

Users are read time zone by time zone in id-ordered batches (keyset pagination), so memory
stays flat and each batch costs the same two queries however many users there are.

Concurrent dispatchers (two beats, a beat and a manual run) split the work: the day's mark is
written with INSERT .. ON CONFLICT DO NOTHING RETURNING, and each run queues only the users
whose mark it inserted, so every user is queued once and each run reports its true count.
"""

import datetime
import zoneinfo
from collections.abc import Callable
from functools import partial

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from reminders import schedule
from reminders.models import DailyDispatch

BATCH_SIZE = 500
# How long after local midnight the end of yesterday still counts as "its time has come".
CATCH_UP = datetime.timedelta(minutes=30)
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
            won = _mark_dispatched(user_ids, local_date)
            # Queued only once the marks are committed; a rollback queues nothing.
            if won:
                transaction.on_commit(partial(_enqueue_or_unmark, enqueue, won, local_date))
        queued += len(won)
        if len(user_ids) < batch_size:
            return queued
        last_id = user_ids[-1]


def _mark_dispatched(user_ids: list[int], local_date: datetime.date) -> list[int]:
    """Write the day's marks; returns the users whose mark this call inserted.

    PostgreSQL and SQLite (3.35+) both support ON CONFLICT .. RETURNING; a concurrent insert
    of the same mark waits for the other transaction and then returns nothing for it.
    """
    table = connection.ops.quote_name(DailyDispatch._meta.db_table)
    rows = ", ".join(["(%s, %s, %s)"] * len(user_ids))
    now = timezone.now()
    params: list[object] = []
    for user_id in user_ids:
        params += [
            user_id,
            connection.ops.adapt_datefield_value(local_date),
            connection.ops.adapt_datetimefield_value(now),
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (owner_id, local_date, queued_at) VALUES {rows} "  # noqa: S608
            "ON CONFLICT (owner_id, local_date) DO NOTHING RETURNING owner_id",
            params,
        )
        return sorted(row[0] for row in cursor.fetchall())


def reminders_dispatch(
    *, now: datetime.datetime, enqueue: Enqueue, batch_size: int = BATCH_SIZE
) -> int:
    """Queue the users whose reminders are due at `now`; returns how many were queued."""
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
