"""Deciding which reminders are due for a user on a day, and sending each exactly once.

Exactly once is a database rule: a SentReminder row per (user, kind, period) is created
first, then moved from PENDING to SENDING by a conditional UPDATE that only one process
can win. A second dispatch, a duplicate task or a retry finds the row taken and sends
nothing. A worker that dies between claiming and finishing leaves the row SENDING; it is
never re-sent automatically (at most once), and the dispatcher later marks it failed so the
user and the admin can see it.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from reminders import content, schedule
from reminders.emails import absolute_url, build_reminder_message
from reminders.models import ReminderKind, ReminderPreferences, SentReminder

logger = logging.getLogger(__name__)

# Network and SMTP errors that may pass: worth a retry with backoff.
TRANSIENT_SEND_ERRORS = (smtplib.SMTPException, OSError)
# A digest names a few stories to rehearse; a long list would bury the rest of the mail.
STORIES_LISTED = 5


class TransientDeliveryError(Exception):
    """At least one reminder hit a transient error and is waiting for a retry."""


@dataclass(frozen=True)
class DueReminder:
    kind: str
    period: str
    # Built only after the claim is won, so an already-sent reminder costs no content queries
    # and a content error is recorded on the claim like any other failure.
    build_context: Callable[[], dict[str, Any]] = field(default=dict, compare=False)


def _preferences(user: User) -> ReminderPreferences:
    try:
        return user.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return ReminderPreferences(owner=user)


def _digest_context(user: User, local_date: datetime.date, **extra: Any) -> dict[str, Any]:
    digest = content.weekly_digest(user=user, today=local_date)
    stories = content.stories_due(user=user, on=local_date)
    return {
        "digest": digest,
        "stories_due": stories[:STORIES_LISTED],
        "more_stories_due": max(len(stories) - STORIES_LISTED, 0),
        "practice_due": content.practice_items_due(user=user, on=local_date)[:STORIES_LISTED],
        "week_url": absolute_url(digest.week_path) if digest else None,
        **extra,
    }


def due_reminders(*, user: User, local_date: datetime.date) -> list[DueReminder]:
    """Reminders the user should get on this local day, one e-mail of each kind at most.

    The weekly digest already covers progress, so a mid-week or inactivity nudge that
    falls on digest day is left out rather than sending two e-mails at once.
    """
    preferences = _preferences(user)
    due: list[DueReminder] = []
    digest_due = preferences.kind_enabled(ReminderKind.WEEKLY_DIGEST) and (
        local_date.weekday() == user.reminder_weekday
    )
    if digest_due:
        due.append(
            DueReminder(
                ReminderKind.WEEKLY_DIGEST,
                schedule.week_period(local_date),
                partial(_digest_context, user, local_date),
            )
        )
    nudge_day = local_date.weekday() == preferences.nudge_weekday
    if preferences.kind_enabled(ReminderKind.MIDWEEK_NUDGE) and nudge_day and not digest_due:
        completion = content.week_completion(user=user, today=local_date)
        if schedule.is_behind(completion):
            build = partial(
                _digest_context, user, local_date, completion_percent=round(completion * 100)
            )
            due.append(
                DueReminder(ReminderKind.MIDWEEK_NUDGE, schedule.week_period(local_date), build)
            )
    if preferences.kind_enabled(ReminderKind.INACTIVITY_NUDGE) and not digest_due:
        last_active = content.last_activity_at(user=user) or user.date_joined
        last_active_on = timezone.localtime(last_active, user.tzinfo).date()
        period = schedule.inactivity_period(last_active_on, local_date)
        if period:
            quiet_days = (local_date - last_active_on).days
            due.append(
                DueReminder(
                    ReminderKind.INACTIVITY_NUDGE, period, lambda: {"quiet_days": quiet_days}
                )
            )
    if preferences.kind_enabled(ReminderKind.INTERVIEW_COUNTDOWN):
        interview_on = content.interview_date(user=user)
        period = schedule.countdown_period(interview_on, local_date) if interview_on else None
        if period:
            countdown = {
                "interview_date": interview_on,
                "days_left": (interview_on - local_date).days,
            }
            due.append(DueReminder(ReminderKind.INTERVIEW_COUNTDOWN, period, lambda: countdown))
    return due


def _claim(*, user: User, reminder: DueReminder) -> SentReminder | None:
    """Win the right to send, or return None when another run already has it.

    A new row is inserted already SENDING; an existing one can only be taken back from
    PENDING (a retry after a transient error). The unique key and the conditional UPDATE
    let exactly one caller win, whichever path it takes.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                owner=user,
                kind=reminder.kind,
                period=reminder.period,
                status=SentReminder.Status.SENDING,
                attempts=1,
                sending_started_at=now,
            )
    except IntegrityError:
        pass
    existing = SentReminder.objects.filter(owner=user, kind=reminder.kind, period=reminder.period)
    won = existing.filter(status=SentReminder.Status.PENDING).update(
        status=SentReminder.Status.SENDING, sending_started_at=now, attempts=F("attempts") + 1
    )
    return existing.get() if won else None


def _finish(record: SentReminder, status: str, **fields: Any) -> None:
    SentReminder.objects.filter(pk=record.pk).update(status=status, **fields)


def reminder_deliver(*, user: User, reminder: DueReminder, final_attempt: bool) -> bool:
    """Send one reminder unless another run already claimed it. Returns True if sent.

    Raises TransientDeliveryError after an SMTP or network error, with the claim released
    so the retry can send; on the final attempt the failure is recorded instead.
    """
    record = _claim(user=user, reminder=reminder)
    if record is None:
        return False
    try:
        message = build_reminder_message(
            user=user, kind=reminder.kind, context=reminder.build_context()
        )
        message.send()
    except TRANSIENT_SEND_ERRORS as error:
        logger.warning("Reminder %s for user %s hit %r", reminder.kind, user.pk, error)
        if final_attempt:
            _finish(record, SentReminder.Status.FAILED, last_error=f"Gave up: {error}"[:2000])
            return False
        _finish(record, SentReminder.Status.PENDING, last_error=str(error)[:2000])
        raise TransientDeliveryError(str(error)) from error
    except Exception as error:
        # A bug or bad data will not fix itself on retry: record it and move on.
        logger.exception("Reminder %s for user %s failed", reminder.kind, user.pk)
        _finish(record, SentReminder.Status.FAILED, last_error=repr(error)[:2000])
        return False
    _finish(
        record,
        SentReminder.Status.SENT,
        subject=message.subject[:200],
        sent_at=timezone.now(),
        last_error="",
    )
    return True


def reminders_send_due(*, user_id: int, local_date: datetime.date, final_attempt: bool) -> int:
    """Send every reminder due for one user on one local day; returns how many were sent.

    Safe to run any number of times for the same arguments.
    """
    user = (
        User.objects.select_related("reminder_preferences")
        .filter(pk=user_id, is_active=True)
        .first()
    )
    if user is None:
        return 0
    sent, transient_errors = 0, []
    for reminder in due_reminders(user=user, local_date=local_date):
        try:
            sent += reminder_deliver(user=user, reminder=reminder, final_attempt=final_attempt)
        except TransientDeliveryError as error:
            transient_errors.append(f"{reminder.kind}: {error}")
    if transient_errors:
        raise TransientDeliveryError("; ".join(transient_errors))
    return sent
