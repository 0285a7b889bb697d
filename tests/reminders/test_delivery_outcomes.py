"""What each SMTP outcome leaves behind, against a real (fake) SMTP server over a socket."""

import datetime
import logging

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Weekday
from reminders.delivery import reminders_send_batch, retry_delay
from reminders.models import DailyDispatch, SentReminder
from reminders.recovery import reminders_recover
from tests.factories import UserFactory
from tests.reminders.fake_smtp import closed_port

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)
MONDAY_9AM = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
Status = SentReminder.Status


@pytest.fixture
def users(plan_state):
    plan_state.last_activity = MONDAY_9AM - datetime.timedelta(days=1)
    with time_machine.travel(MONDAY_9AM - datetime.timedelta(days=3), tick=False):
        return [UserFactory(reminder_weekday=Weekday.MONDAY) for _ in range(3)]


def send(users) -> None:
    reminders_send_batch(user_ids=[user.pk for user in users], local_date=MONDAY)


def recover(at: datetime.datetime) -> list[tuple[list[int], datetime.date]]:
    queued: list[tuple[list[int], datetime.date]] = []
    with time_machine.travel(at, tick=False):
        reminders_recover(now=timezone.now(), enqueue=lambda ids, day: queued.append((ids, day)))
    return queued


def recover_and_send(at: datetime.datetime) -> None:
    for user_ids, local_date in recover(at):
        with time_machine.travel(at, tick=False):
            reminders_send_batch(user_ids=user_ids, local_date=local_date)


def statuses() -> list[str]:
    return list(SentReminder.objects.order_by("owner_id").values_list("status", flat=True))


def test_accepted_messages_are_sent_over_one_connection_with_a_kept_message_id(fake_smtp, users):
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users)

    assert statuses() == ["sent"] * 3
    assert sorted(fake_smtp.recipients()) == sorted(user.email for user in users)
    assert fake_smtp.connections == 1
    stored = set(SentReminder.objects.values_list("message_id", flat=True))
    assert stored == {message.message_id for message in fake_smtp.received}


@pytest.mark.parametrize("mode", ["greeting_refused", "drop_at_data", "temp_fail"])
def test_failure_before_the_server_has_the_message_is_retried_later(fake_smtp, users, mode):
    fake_smtp.misbehave(mode, count=1)
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])

    record = SentReminder.objects.get()
    assert record.status == Status.PENDING
    assert record.next_attempt_at > MONDAY_9AM
    assert record.last_error
    delivered_before = len(fake_smtp.received)

    recover_and_send(MONDAY_9AM + datetime.timedelta(hours=1))

    record.refresh_from_db()
    assert record.status == Status.SENT
    assert len(fake_smtp.received) == delivered_before + 1


def test_refused_connection_is_retried_and_the_rest_of_the_batch_waits(settings, fake_smtp, users):
    settings.EMAIL_PORT = closed_port()
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users)

    assert statuses() == ["pending"] * 3
    errors = SentReminder.objects.values_list("last_error", flat=True)
    assert all("connect" in error for error in errors)
    settings.EMAIL_PORT = fake_smtp.port

    recover_and_send(MONDAY_9AM + datetime.timedelta(hours=1))

    assert statuses() == ["sent"] * 3
    assert sorted(fake_smtp.recipients()) == sorted(user.email for user in users)


def test_recipient_refused_for_good_is_failed_with_the_reason(fake_smtp, users):
    fake_smtp.misbehave("reject_rcpt", count=1)
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])

    record = SentReminder.objects.get()
    assert record.status == Status.FAILED
    assert "550" in record.last_error
    assert recover(MONDAY_9AM + datetime.timedelta(hours=2)) == []


def test_a_server_opening_the_data_after_refusing_the_recipient_gets_nothing_to_deliver(
    fake_smtp, users
):
    fake_smtp.misbehave("lax_data", count=1)
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:2])

    assert statuses() == ["failed", "sent"]
    assert "550" in SentReminder.objects.get(owner=users[0]).last_error
    assert fake_smtp.recipients() == [users[1].email]
    assert fake_smtp.connections == 1


@pytest.mark.parametrize("mode", ["drop_after_data", "stall_after_data"])
def test_no_reply_after_the_data_is_uncertain_and_not_sent_again(fake_smtp, users, mode, caplog):
    fake_smtp.misbehave(mode, count=1)
    with caplog.at_level(logging.WARNING), time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])

    record = SentReminder.objects.get()
    assert record.status == Status.UNCERTAIN
    assert f"Reminder {record.pk} is uncertain" in caplog.text
    recover_and_send(MONDAY_9AM + datetime.timedelta(hours=3))

    assert SentReminder.objects.get().status == Status.UNCERTAIN
    assert len(fake_smtp.received) == 1


def test_retry_once_policy_resends_an_uncertain_reminder_once_with_the_same_message_id(
    settings, fake_smtp, users
):
    settings.REMINDERS_UNCERTAIN_POLICY = "retry_once"
    settings.REMINDERS_UNCERTAIN_RETRY_MINUTES = 30
    fake_smtp.misbehave("drop_after_data", count=2)
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])
    recover_and_send(MONDAY_9AM + datetime.timedelta(minutes=10))
    assert SentReminder.objects.get().status == Status.UNCERTAIN
    assert len(fake_smtp.received) == 1

    recover_and_send(MONDAY_9AM + datetime.timedelta(minutes=31))
    record = SentReminder.objects.get()
    assert (record.status, record.uncertain_retried) == (Status.UNCERTAIN, True)
    assert len(fake_smtp.received) == 2
    assert fake_smtp.received[0].message_id == fake_smtp.received[1].message_id

    recover_and_send(MONDAY_9AM + datetime.timedelta(hours=5))
    assert len(fake_smtp.received) == 2


def test_retries_stop_at_the_kinds_deadline_with_the_reason(settings, fake_smtp, users):
    settings.EMAIL_PORT = closed_port()
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])
    for hours in range(1, 40):
        recover_and_send(MONDAY_9AM + datetime.timedelta(hours=hours))

    record = SentReminder.objects.get()
    assert record.status == Status.FAILED
    assert "connect" in record.last_error
    assert record.attempts > 3
    assert fake_smtp.received == []


def test_stuck_claims_are_retried_and_stuck_handovers_marked_uncertain(fake_smtp, users, caplog):
    stale = MONDAY_9AM - datetime.timedelta(hours=1)
    rendering, handed_over = (
        SentReminder.objects.create(
            owner=user,
            kind="weekly_digest",
            period="2026-W45",
            status=status,
            claim_token="dead-worker",
            local_date=MONDAY,
            state_changed_at=stale,
            deadline=MONDAY_9AM + datetime.timedelta(hours=20),
        )
        for user, status in zip(users, [Status.RENDERING, Status.HANDED_OVER], strict=False)
    )

    with caplog.at_level(logging.WARNING):
        recover_and_send(MONDAY_9AM)

    rendering.refresh_from_db()
    handed_over.refresh_from_db()
    assert rendering.status == Status.SENT
    assert handed_over.status == Status.UNCERTAIN
    assert fake_smtp.recipients() == [users[0].email]
    assert f"Reminder {rendering.pk} was stuck in rendering" in caplog.text
    assert f"Reminder {handed_over.pk} is uncertain" in caplog.text


def test_a_dispatch_whose_task_was_lost_is_queued_again(fake_smtp, users):
    with time_machine.travel(MONDAY_9AM, tick=False):
        DailyDispatch.objects.create(owner=users[0], local_date=MONDAY)

    assert recover(MONDAY_9AM + datetime.timedelta(minutes=1)) == []
    recover_and_send(MONDAY_9AM + datetime.timedelta(minutes=15))

    assert fake_smtp.recipients() == [users[0].email]
    assert DailyDispatch.objects.get().done_at is not None
    assert recover(MONDAY_9AM + datetime.timedelta(hours=2)) == []


def test_sent_log_says_an_uncertain_reminder_may_not_have_arrived(client, fake_smtp, users):
    fake_smtp.misbehave("drop_after_data", count=1)
    with time_machine.travel(MONDAY_9AM, tick=False):
        send(users[:1])
    client.force_login(users[0])

    page = client.get("/reminders/sent/").content.decode()

    assert "may not have arrived" in page.lower()
    assert "Not delivered" not in page


def test_retry_delays_grow_with_jitter_and_a_cap(settings):
    settings.REMINDERS_RETRY_BASE_SECONDS, settings.REMINDERS_RETRY_MAX_SECONDS = 60, 3600
    for attempts, base in [(1, 60), (2, 120), (3, 240), (10, 3600)]:
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(base * 0.5 <= delay <= base * 1.5 for delay in delays)
        assert len(delays) > 1
