"""Recovery that runs by itself (a beat job every minute): nothing claimed is left behind.

- A row stuck in CLAIMED or RENDERING never reached the mail server: it goes back to PENDING
  and is retried.
- A row stuck in HANDED_OVER belonged to a worker that died while the server was deciding:
  it becomes UNCERTAIN (and, under the "retry_once" policy, is sent once more later with the
  same Message-ID).
- PENDING rows whose retry time has come are queued; those past their kind's deadline fail.
- A day's dispatch mark that no send task ever finished (a task lost with its worker before
  it claimed anything) is queued again.

Every transition is logged at WARNING with the reminder id.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Concat

from reminders.delivery import mark_uncertain
from reminders.models import DailyDispatch, SentReminder

logger = logging.getLogger(__name__)
Status = SentReminder.Status
Enqueue = Callable[[list[int], datetime.date], None]
# One run handles at most this many rows of each kind; the next minute takes the rest.
RECOVERY_LIMIT = 5000
PAST_DEADLINE = "Not sent before it stopped being useful; last error: "


def stuck_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REMINDERS_STUCK_AFTER_SECONDS)


def _requeue_stuck_before_smtp(now: datetime.datetime) -> int:
    stuck = SentReminder.objects.filter(
        status__in=[Status.CLAIMED, Status.RENDERING], state_changed_at__lt=now - stuck_after()
    ).values_list("pk", "status", "state_changed_at")[:RECOVERY_LIMIT]
    moved = 0
    for pk, status, changed_at in stuck:
        # Conditional on the state we read, so a worker that moved on in between wins.
        if SentReminder.objects.filter(pk=pk, status=status, state_changed_at=changed_at).update(
            status=Status.PENDING, claim_token="", next_attempt_at=now, state_changed_at=now
        ):
            logger.warning("Reminder %s was stuck in %s; never reached SMTP, retrying", pk, status)
            moved += 1
    return moved


def _uncertain_stuck_after_handover(now: datetime.datetime) -> int:
    stuck = SentReminder.objects.filter(
        status=Status.HANDED_OVER, state_changed_at__lt=now - stuck_after()
    )[:RECOVERY_LIMIT]
    for record in stuck:
        mark_uncertain(record, token=None, reason="Worker stopped while the mail server replied")
    return len(stuck)


def _retry_uncertain_once(now: datetime.datetime) -> int:
    if settings.REMINDERS_UNCERTAIN_POLICY != "retry_once":
        return 0
    due = SentReminder.objects.filter(
        status=Status.UNCERTAIN, uncertain_retried=False, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:RECOVERY_LIMIT]
    moved = 0
    for pk in due:
        if SentReminder.objects.filter(pk=pk, status=Status.UNCERTAIN).update(
            status=Status.PENDING, uncertain_retried=True, claim_token="", state_changed_at=now
        ):
            logger.warning("Reminder %s was uncertain; policy sends it once more", pk)
            moved += 1
    return moved


def _fail_past_deadline(now: datetime.datetime) -> int:
    late = SentReminder.objects.filter(status=Status.PENDING, deadline__lt=now).values_list(
        "pk", flat=True
    )[:RECOVERY_LIMIT]
    failed = 0
    for pk in late:
        if SentReminder.objects.filter(pk=pk, status=Status.PENDING).update(
            status=Status.FAILED,
            state_changed_at=now,
            last_error=Concat(
                Value("Not sent before it stopped being useful; last error: "), F("last_error")
            ),
        ):
            logger.warning("Reminder %s failed: past its deadline", pk)
            failed += 1
    return failed


def _queue_retries(now: datetime.datetime, enqueue: Enqueue) -> int:
    """Hand due retries to send tasks. They are moved to CLAIMED without a token first, so
    the next recovery run does not queue them again; a lost task leaves them stuck in
    CLAIMED, which the first step of a later run turns back into PENDING."""
    due = SentReminder.objects.filter(
        status=Status.PENDING, next_attempt_at__lte=now, local_date__isnull=False
    ).values_list("pk", "owner_id", "local_date")[:RECOVERY_LIMIT]
    by_day: dict[datetime.date, list[int]] = defaultdict(list)
    for pk, owner_id, local_date in due:
        if SentReminder.objects.filter(pk=pk, status=Status.PENDING).update(
            status=Status.CLAIMED, claim_token="", state_changed_at=now
        ):
            logger.warning("Reminder %s queued for retry", pk)
            by_day[local_date].append(owner_id)
    for local_date, user_ids in by_day.items():
        enqueue(sorted(set(user_ids)), local_date)
    return sum(len(ids) for ids in by_day.values())


def _requeue_lost_dispatches(now: datetime.datetime, enqueue: Enqueue) -> int:
    lost = DailyDispatch.objects.filter(
        done_at__isnull=True,
        queued_at__lt=now - stuck_after(),
        local_date__gte=(now - datetime.timedelta(days=2)).date(),
    ).values_list("pk", "owner_id", "local_date")[:RECOVERY_LIMIT]
    by_day: dict[datetime.date, list[int]] = defaultdict(list)
    for pk, owner_id, local_date in lost:
        # queued_at restarts the clock, so a slow queue is not flooded with copies.
        if DailyDispatch.objects.filter(pk=pk, done_at__isnull=True).update(queued_at=now):
            logger.warning(
                "Dispatch of user %s for %s was never finished; queued again", owner_id, local_date
            )
            by_day[local_date].append(owner_id)
    for local_date, user_ids in by_day.items():
        enqueue(user_ids, local_date)
    return sum(len(ids) for ids in by_day.values())


def reminders_recover(*, now: datetime.datetime, enqueue: Enqueue) -> dict[str, int]:
    """One recovery pass; returns how many rows each step moved."""
    return {
        "retried_before_smtp": _requeue_stuck_before_smtp(now),
        "marked_uncertain": _uncertain_stuck_after_handover(now),
        "uncertain_retried": _retry_uncertain_once(now),
        "failed_past_deadline": _fail_past_deadline(now),
        "queued_retries": _queue_retries(now, enqueue),
        "lost_dispatches_requeued": _requeue_lost_dispatches(now, enqueue),
    }
