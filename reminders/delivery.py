r"""Deciding which reminders are due for a user on a day, and sending each exactly once.

Exactly once is a database rule: a SentReminder row per (user, kind, period) is inserted
(or taken back from PENDING by a conditional UPDATE) with the claiming task's token; only one
task run can win it. The row then records how far the e-mail got:

    rendering -> handed_over -> sent | failed | uncertain
        \-> pending (an error before the data was complete: retried later)

(A retry waits as "claimed", without a token, between recovery queuing it and a send task
taking it into "rendering".)

"handed_over" is written *before* the message's final "." goes out, so a crash at any point
leaves a row that says either "never reached the server" (safe to retry) or "may have been
delivered" (recovery marks it uncertain; the operator's policy decides about one retry).
"""

import datetime
import logging
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import make_msgid
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from reminders import content, schedule
from reminders.emails import absolute_url, build_reminder_message
from reminders.kinds import kind_spec
from reminders.models import DailyDispatch, ReminderKind, ReminderPreferences, SentReminder
from reminders.smtp import NotHandedOver, Refused, Uncertain, open_session

logger = logging.getLogger(__name__)

# A digest names a few stories to rehearse; a long list would bury the rest of the mail.
STORIES_LISTED = 5


# Two connection failures in a row mean the server is down: the rest of the batch is put
# back for a later retry instead of waiting out a timeout per message.
SESSION_FAILURES_BEFORE_RELEASE = 2
Status = SentReminder.Status


class ClaimLost(Exception):
    """Recovery took the row back from a worker it thought dead; this run must not send."""


@dataclass
class BatchResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0
    skipped: int = 0
    last_error: str = ""
    # Sent (the server said 250) but not yet written: the write rides on the next message's
    # "handed over" UPDATE, saving a query per e-mail. A crash before it leaves the row
    # "handed over", which recovery turns into "uncertain": never lost, never re-sent blindly.
    unrecorded_sent: list[tuple[int, datetime.datetime]] = field(default_factory=list)


@dataclass(frozen=True)
class DueReminder:
    kind: str
    period: str
    # Built only after the claim is won, so an already-sent reminder costs no content queries
    # and a content error is recorded on the claim like any other failure.
    build_context: Callable[[], dict[str, Any]] = field(default=dict, compare=False)
    # Another app's e-mail (an interview brief) names its own template stem; empty means the
    # kind's own template under templates/reminders/email/.
    template: str = ""


def _preferences(user: User) -> ReminderPreferences:
    try:
        return user.reminder_preferences
    except ReminderPreferences.DoesNotExist:
        return ReminderPreferences(owner=user)


def _digest_context(
    user: User, local_date: datetime.date, facts: content.BatchFacts, **extra: Any
) -> dict[str, Any]:
    has_plan = facts.may_have_plan(user)
    digest = content.weekly_digest(user=user, today=local_date) if has_plan else None
    stories = (
        content.stories_due(user=user, on=local_date) if facts.may_have_rehearsals(user) else []
    )
    return {
        "digest": digest,
        "stories_due": stories[:STORIES_LISTED],
        "more_stories_due": max(len(stories) - STORIES_LISTED, 0),
        "practice_due": (
            content.practice_items_due(user=user, on=local_date)[:STORIES_LISTED]
            if facts.may_have_practice_due(user)
            else []
        ),
        "week_url": absolute_url(digest.week_path) if digest else None,
        **extra,
    }


def due_reminders(
    *, user: User, local_date: datetime.date, facts: content.BatchFacts = content.UNKNOWN
) -> list[DueReminder]:
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
                partial(_digest_context, user, local_date, facts),
            )
        )
    nudge_day = local_date.weekday() == preferences.nudge_weekday
    if preferences.kind_enabled(ReminderKind.MIDWEEK_NUDGE) and nudge_day and not digest_due:
        has_plan = facts.may_have_plan(user)
        completion = content.week_completion(user=user, today=local_date) if has_plan else None
        if schedule.is_behind(completion):
            build = partial(
                _digest_context,
                user,
                local_date,
                facts,
                completion_percent=round(completion * 100),
            )
            due.append(
                DueReminder(ReminderKind.MIDWEEK_NUDGE, schedule.week_period(local_date), build)
            )
    if preferences.kind_enabled(ReminderKind.INACTIVITY_NUDGE) and not digest_due:
        if facts.last_activity is not None:
            last_active = facts.last_activity.get(user.pk) or user.date_joined
        else:
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
        has_plan = facts.may_have_plan(user)
        interview_on = content.interview_date(user=user) if has_plan else None
        period = schedule.countdown_period(interview_on, local_date) if interview_on else None
        if period:
            countdown = {
                "interview_date": interview_on,
                "days_left": (interview_on - local_date).days,
            }
            due.append(DueReminder(ReminderKind.INTERVIEW_COUNTDOWN, period, lambda: countdown))
    return due


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff with jitter, so retries after an outage do not all fire at once."""
    base = settings.REMINDERS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.REMINDERS_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=capped * random.uniform(0.5, 1.5))  # noqa: S311


def _transition(pk: int, *, token: str, from_status: Iterable[str], **fields: Any) -> bool:
    """Move one row on only if this run still holds it in an expected state."""
    fields.setdefault("state_changed_at", timezone.now())
    return bool(
        SentReminder.objects.filter(pk=pk, claim_token=token, status__in=list(from_status)).update(
            **fields
        )
    )


def _claim_batch(
    *, due: list[tuple[User, DueReminder]], local_date: datetime.date, token: str
) -> list[SentReminder]:
    """Insert or take back the batch's rows; returns the ones this run won, in due order.

    New rows come from one INSERT .. ON CONFLICT DO NOTHING, already RENDERING; rows waiting
    for a retry (PENDING and due, or CLAIMED by recovery without a token) from one
    conditional UPDATE. Another task holding the same rows gets none of them.
    """
    if not due:
        return []
    now = timezone.now()
    SentReminder.objects.bulk_create(
        [
            SentReminder(
                owner=user,
                kind=reminder.kind,
                period=reminder.period,
                status=Status.RENDERING,
                claim_token=token,
                local_date=local_date,
                state_changed_at=now,
                deadline=now + kind_spec(reminder.kind).deadline,
            )
            for user, reminder in due
        ],
        ignore_conflicts=True,
    )
    keys = {(user.pk, reminder.kind, reminder.period) for user, reminder in due}
    # (A PENDING row without next_attempt_at predates the delivery states: retry it now.)
    waiting = (
        Q(status=Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Status.PENDING, next_attempt_at__isnull=True)
        | Q(status=Status.CLAIMED, claim_token="")
    )
    # Matched by owner in SQL and by exact key here: one OR-clause per key cost more to build
    # than the rest of the claim, for rows that are almost never there.
    retry_pks = [
        pk
        for pk, *key in SentReminder.objects.filter(owner_id__in={key[0] for key in keys})
        .filter(waiting)
        .values_list("pk", "owner_id", "kind", "period")
        if tuple(key) in keys
    ]
    if retry_pks:
        SentReminder.objects.filter(pk__in=retry_pks).filter(waiting).update(
            status=Status.RENDERING, claim_token=token, state_changed_at=now, next_attempt_at=None
        )
    won = {
        (row.owner_id, row.kind, row.period): row
        for row in SentReminder.objects.filter(claim_token=token, status=Status.RENDERING)
    }
    return [
        won[key]
        for key in ((user.pk, reminder.kind, reminder.period) for user, reminder in due)
        if key in won
    ]


def _give_back(record: SentReminder, *, token: str, reason: str, result: BatchResult) -> None:
    """The e-mail never reached the server: retry later, or fail once past the deadline."""
    result.last_error = reason
    now = timezone.now()
    attempts = record.attempts + 1
    next_attempt_at = now + retry_delay(attempts)
    if record.deadline and next_attempt_at > record.deadline:
        _transition(
            record.pk,
            token=token,
            from_status=SentReminder.IN_FLIGHT,
            status=Status.FAILED,
            attempts=attempts,
            last_error=f"Gave up after {attempts} attempts: {reason}"[:2000],
        )
        logger.warning("Reminder %s failed for good: %s", record.pk, reason)
        result.failed += 1
        return
    _transition(
        record.pk,
        token=token,
        from_status=SentReminder.IN_FLIGHT,
        status=Status.PENDING,
        attempts=attempts,
        claim_token="",
        next_attempt_at=next_attempt_at,
        last_error=reason[:2000],
    )
    logger.warning("Reminder %s not handed over, will retry: %s", record.pk, reason)
    result.retrying += 1


def mark_uncertain(record: SentReminder, *, token: str | None, reason: str) -> None:
    """No final reply after the data went out: the e-mail may or may not have arrived."""
    fields: dict[str, Any] = {"status": Status.UNCERTAIN, "last_error": reason[:2000]}
    policy_retries = settings.REMINDERS_UNCERTAIN_POLICY == "retry_once"
    if policy_retries and not record.uncertain_retried:
        fields["next_attempt_at"] = timezone.now() + datetime.timedelta(
            minutes=settings.REMINDERS_UNCERTAIN_RETRY_MINUTES
        )
    rows = SentReminder.objects.filter(pk=record.pk, status__in=SentReminder.IN_FLIGHT)
    if token is not None:
        rows = rows.filter(claim_token=token)
    if rows.update(state_changed_at=timezone.now(), **fields):
        logger.warning("Reminder %s is uncertain (may not have arrived): %s", record.pk, reason)


def _deliver_one(
    session: Any,
    *,
    user: User,
    reminder: DueReminder,
    record: SentReminder,
    token: str,
    result: BatchResult,
) -> bool:
    """Send one claimed reminder; returns False when the connection itself failed."""
    try:
        message = build_reminder_message(
            user=user,
            kind=reminder.kind,
            context=reminder.build_context(),
            template=reminder.template,
        )
        message_id = record.message_id or make_msgid(domain=settings.REMINDERS_MESSAGE_ID_DOMAIN)
        message.extra_headers["Message-ID"] = message_id
    except Exception as error:
        # A bug or bad data will not fix itself on retry: record it and move on.
        logger.exception("Reminder %s for user %s could not be written", record.pk, user.pk)
        _transition(
            record.pk,
            token=token,
            from_status=[Status.RENDERING],
            status=Status.FAILED,
            last_error=repr(error)[:2000],
        )
        result.failed += 1
        return True

    def handed_over() -> None:
        held = _hand_over(
            record, token=token, message_id=message_id, subject=message.subject, result=result
        )
        if not held:
            raise ClaimLost(record.pk)

    try:
        session.send(message, handed_over)
    except ClaimLost:
        result.skipped += 1
        return True
    except NotHandedOver as error:
        _give_back(record, token=token, reason=str(error), result=result)
        return error.phase not in ("connect", "ehlo", "starttls", "login")
    except Refused as error:
        if error.permanent:
            _transition(
                record.pk,
                token=token,
                from_status=SentReminder.IN_FLIGHT,
                status=Status.FAILED,
                last_error=f"Refused by the mail server: {error}"[:2000],
            )
            logger.warning("Reminder %s refused by the mail server: %s", record.pk, error)
            result.failed += 1
        else:
            _give_back(record, token=token, reason=str(error), result=result)
        return True
    except Uncertain as error:
        mark_uncertain(record, token=token, reason=str(error))
        result.uncertain += 1
        return True
    result.unrecorded_sent.append((record.pk, timezone.now()))
    result.sent += 1
    return True


def _record_sent(result: BatchResult) -> None:
    # A late "sent" also corrects a row recovery already marked uncertain.
    for pk, sent_at in result.unrecorded_sent:
        SentReminder.objects.filter(
            pk=pk, status__in=[Status.HANDED_OVER, Status.UNCERTAIN]
        ).update(
            status=Status.SENT,
            sent_at=sent_at,
            state_changed_at=timezone.now(),
            last_error="",
            next_attempt_at=None,
        )
    result.unrecorded_sent.clear()


# Written as SQL: building this two-row CASE update through the ORM cost more CPU than
# everything else about an e-mail together (about 6 ms against 1 ms), once per message.
_HAND_OVER_SQL = """
UPDATE {table} SET
    status = CASE WHEN id = %(current)s THEN %(handed_over)s ELSE %(sent)s END,
    message_id = CASE WHEN id = %(current)s THEN %(message_id)s ELSE message_id END,
    subject = CASE WHEN id = %(current)s THEN %(subject)s ELSE subject END,
    sending_started_at = CASE WHEN id = %(current)s THEN %(now)s ELSE sending_started_at END,
    attempts = CASE WHEN id = %(current)s THEN attempts + 1 ELSE attempts END,
    sent_at = CASE WHEN id = %(current)s THEN sent_at ELSE %(sent_at)s END,
    last_error = CASE WHEN id = %(current)s THEN last_error ELSE '' END,
    next_attempt_at = CASE WHEN id = %(current)s THEN next_attempt_at ELSE NULL END,
    state_changed_at = %(now)s
WHERE (id = %(current)s AND claim_token = %(token)s AND status = %(rendering)s)
   OR (id = %(previous)s AND status IN (%(handed_over)s, %(uncertain)s))
"""


def _hand_over(
    record: SentReminder, *, token: str, message_id: str, subject: str, result: BatchResult
) -> bool:
    """One UPDATE: this row to HANDED_OVER (if this run still holds it) and the previous
    message's row, if any, to SENT. Returns whether this row's claim was held."""
    while len(result.unrecorded_sent) > 1:
        _record_sent(BatchResult(unrecorded_sent=[result.unrecorded_sent.pop(0)]))
    previous_pk, sent_at = result.unrecorded_sent[0] if result.unrecorded_sent else (None, None)
    ops = connection.ops
    params = {
        "current": record.pk,
        "previous": previous_pk,
        "token": token,
        "message_id": message_id,
        "subject": subject[:200],
        "now": ops.adapt_datetimefield_value(timezone.now()),
        "sent_at": ops.adapt_datetimefield_value(sent_at),
        "rendering": Status.RENDERING.value,
        "handed_over": Status.HANDED_OVER.value,
        "sent": Status.SENT.value,
        "uncertain": Status.UNCERTAIN.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            _HAND_OVER_SQL.format(table=ops.quote_name(SentReminder._meta.db_table)), params
        )
        changed = cursor.rowcount
    result.unrecorded_sent.clear()
    # Both rows, or the claim was lost (a deleted previous row reads as lost: the safe side,
    # as this row then stays "handed over" without being sent and ends up "uncertain").
    return changed == (2 if previous_pk is not None else 1)


def _send_records(
    session: Any,
    records: list[SentReminder],
    by_key: dict[tuple[int, str, str], tuple[User, DueReminder]],
    token: str,
    result: BatchResult,
) -> None:
    failures_in_a_row = 0
    for index, record in enumerate(records):
        user, reminder = by_key[(record.owner_id, record.kind, record.period)]
        if failures_in_a_row >= SESSION_FAILURES_BEFORE_RELEASE:
            reason = f"not tried, the server is unreachable ({result.last_error})"
            for left in records[index:]:
                _give_back(left, token=token, reason=reason, result=result)
            return
        ok = _deliver_one(
            session, user=user, reminder=reminder, record=record, token=token, result=result
        )
        failures_in_a_row = 0 if ok else failures_in_a_row + 1


def _claim_and_send(
    *,
    due: list[tuple[User, DueReminder]],
    local_date: datetime.date,
    token: str,
    result: BatchResult,
) -> None:
    records = _claim_batch(due=due, local_date=local_date, token=token)
    by_key = {(user.pk, reminder.kind, reminder.period): (user, reminder) for user, reminder in due}
    result.skipped += len(due) - len(records)
    if records:
        with open_session() as session:
            try:
                _send_records(session, records, by_key, token, result)
            finally:
                _record_sent(result)


def reminders_send_prepared(
    *, user: User, reminders: list[DueReminder], local_date: datetime.date
) -> BatchResult:
    """Send reminders another app decided are due (interview briefs, debrief nudges) with the
    same claim, delivery states and retries as the scheduled ones."""
    result = BatchResult()
    _claim_and_send(
        due=[(user, reminder) for reminder in reminders],
        local_date=local_date,
        token=uuid.uuid4().hex,
        result=result,
    )
    return result


def reminders_send_batch(*, user_ids: list[int], local_date: datetime.date) -> BatchResult:
    """Send every reminder due on one local day to a batch of users, over one connection.

    Safe to run any number of times for the same arguments, at once or one after another:
    each (user, kind, period) is claimed by one run only, and a row that reached the mail
    server is never sent again by a retry that knows it.
    """
    token = uuid.uuid4().hex
    result = BatchResult()
    users = list(
        User.objects.select_related("reminder_preferences")
        .filter(pk__in=user_ids, is_active=True)
        .order_by("pk")
    )
    facts = content.batch_facts(user_ids=[user.pk for user in users], on=local_date)
    due = [
        (user, reminder)
        for user in users
        for reminder in due_reminders(user=user, local_date=local_date, facts=facts)
    ]
    _claim_and_send(due=due, local_date=local_date, token=token, result=result)
    DailyDispatch.objects.filter(
        owner_id__in=user_ids, local_date=local_date, done_at__isnull=True
    ).update(done_at=timezone.now())
    return result


def reminders_send_due(*, user_id: int, local_date: datetime.date) -> int:
    """Send every reminder due for one user on one local day; returns how many were sent."""
    return reminders_send_batch(user_ids=[user_id], local_date=local_date).sent
