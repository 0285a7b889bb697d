import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Weekday
from reminders.delivery import reminders_send_due
from reminders.models import SentReminder
from reminders.tasks import reminders_send_batch_task, reminders_send_due_task
from tests.factories import ReminderPreferencesFactory, UserFactory
from tests.reminders.conftest import FakeStory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)
THURSDAY = datetime.date(2026, 11, 5)


@pytest.fixture
def candidate(db):
    user = UserFactory(
        display_name="Ada",
        reminder_weekday=Weekday.MONDAY,
        reminder_time=datetime.time(8, 0),
        date_joined=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    return user


def send(user, on: datetime.date) -> int:
    return reminders_send_due(user_id=user.pk, local_date=on)


def only_message():
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def html_body(message) -> str:
    return next(body for body, mime in message.alternatives if mime == "text/html")


def recently_active(plan_state, on: datetime.date) -> None:
    plan_state.last_activity = datetime.datetime.combine(
        on - datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )


def test_weekly_digest_reports_last_week_this_week_and_rehearsals(plan_state, candidate):
    recently_active(plan_state, MONDAY)
    plan_state.stories = [
        FakeStory(n, f"Story {n}", datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
        for n in range(1, 8)
    ]
    plan_state.stories[0].title = "Migrating payments without downtime"

    assert send(candidate, MONDAY) == 1

    message = only_message()
    assert message.to == [candidate.email]
    assert message.subject == "Week 5: your PrepSite digest"
    for body in (message.body, html_body(message)):
        assert "Hi Ada" in body
        assert "Coding problems: 10 of 10" in body
        assert "STAR stories documented: 3 of 1" not in body
        assert "STAR stories documented: 1 of 3" in body
        assert "2 weeks" in body
        assert "Caching and consistency" in body
        assert "System-design problems: 5" in body
        assert "Migrating payments without downtime" in body
        assert "http://127.0.0.1:8000/plan/weeks/5/" in body
        assert "/reminders/unsubscribe/" in body
        assert "Story 5" in body
        assert "Story 6" not in body
        assert "and 2 more" in body


def test_every_reminder_carries_one_click_unsubscribe_headers(plan_state, candidate):
    send(candidate, MONDAY)

    headers = only_message().extra_headers
    assert headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/reminders/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_without_a_plan_invites_the_user_to_create_one(plan_state, candidate):
    plan_state.digest = None
    recently_active(plan_state, MONDAY)

    send(candidate, MONDAY)

    message = only_message()
    assert message.subject == "Your weekly PrepSite digest"
    assert "no study plan yet" in message.body


def test_user_text_is_escaped_in_the_html_digest(plan_state, candidate):
    plan_state.digest.focus = "<script>alert(1)</script>"
    send(candidate, MONDAY)

    assert "<script>alert(1)</script>" not in html_body(only_message())
    assert "<script>alert(1)</script>" in only_message().body


def test_nothing_is_sent_on_a_day_without_a_due_reminder(plan_state, candidate):
    recently_active(plan_state, MONDAY)
    assert send(candidate, MONDAY + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(("completion", "nudged"), [(0.39, True), (0.4, False), (None, False)])
def test_midweek_nudge_only_when_below_40_percent_on_the_nudge_day(
    plan_state, candidate, completion, nudged
):
    ReminderPreferencesFactory(owner=candidate, nudge_weekday=Weekday.THURSDAY)
    plan_state.completion = completion
    recently_active(plan_state, THURSDAY)

    assert send(candidate, THURSDAY) == int(nudged)
    if nudged:
        assert "39%" in only_message().subject


def test_midweek_nudge_is_skipped_when_the_digest_goes_out_the_same_day(plan_state, candidate):
    ReminderPreferencesFactory(owner=candidate, nudge_weekday=Weekday.MONDAY)
    plan_state.completion = 0.1
    recently_active(plan_state, MONDAY)

    send(candidate, MONDAY)

    assert only_message().subject == "Week 5: your PrepSite digest"


def test_inactivity_nudge_after_seven_quiet_days_at_most_once_a_week(plan_state, candidate):
    ReminderPreferencesFactory(owner=candidate, weekly_digest=False)
    plan_state.last_activity = datetime.datetime(2026, 11, 3, 18, 0, tzinfo=datetime.UTC)
    quiet_days = [datetime.date(2026, 11, 3) + datetime.timedelta(days=n) for n in range(1, 16)]
    nudged_on = [day for day in quiet_days if send(candidate, day)]

    assert nudged_on == [datetime.date(2026, 11, 10), datetime.date(2026, 11, 17)]
    assert "7 days" in mail.outbox[0].subject


def test_interview_countdown_at_30_7_and_1_days(plan_state, candidate):
    ReminderPreferencesFactory(owner=candidate, weekly_digest=False, inactivity_nudge=False)
    plan_state.interview_on = datetime.date(2026, 12, 31)
    days = [plan_state.interview_on - datetime.timedelta(days=n) for n in range(0, 40)]

    sent_on = [day for day in days if send(candidate, day)]

    assert sorted(sent_on) == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 24),
        datetime.date(2026, 12, 30),
    ]
    assert {message.subject for message in mail.outbox} == {
        "30 days until your interview",
        "7 days until your interview",
        "Your interview is tomorrow",
    }


def test_switched_off_kind_is_not_sent(plan_state, candidate):
    ReminderPreferencesFactory(owner=candidate, weekly_digest=False)
    recently_active(plan_state, MONDAY)

    assert send(candidate, MONDAY) == 0


def test_redelivered_send_task_sends_the_digest_once(plan_state, candidate):
    recently_active(plan_state, MONDAY)
    for _ in range(2):
        reminders_send_due_task.apply(args=[candidate.pk, MONDAY.isoformat()])

    assert len(mail.outbox) == 1
    sent = SentReminder.objects.get(owner=candidate)
    assert (sent.status, sent.attempts) == (SentReminder.Status.SENT, 1)


def test_task_redelivered_after_a_crash_mid_send_does_not_send_twice(
    plan_state, candidate, monkeypatch
):
    """The worker dies after the mail left but before it recorded success; the broker
    redelivers the task (acks_late). The row says "handed over", so nothing is re-sent."""
    from reminders import delivery

    recently_active(plan_state, MONDAY)
    real_filter = delivery.SentReminder.objects.filter

    def die_when_recording_sent(*args, **kwargs):
        if kwargs.get("status__in") == [SentReminder.Status.HANDED_OVER, "uncertain"]:
            raise SystemExit("worker killed")
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(delivery.SentReminder.objects, "filter", die_when_recording_sent)
    with pytest.raises(SystemExit):
        send(candidate, MONDAY)
    monkeypatch.undo()

    reminders_send_batch_task.apply(args=[[candidate.pk], MONDAY.isoformat()])

    assert len(mail.outbox) == 1
    assert SentReminder.objects.get(owner=candidate).status == SentReminder.Status.HANDED_OVER


def test_batch_task_sends_each_user_of_the_batch_once(plan_state, candidate):
    others = [UserFactory(reminder_weekday=Weekday.MONDAY) for _ in range(3)]
    recently_active(plan_state, MONDAY)
    ids = [candidate.pk] + [user.pk for user in others]

    for _ in range(2):
        reminders_send_batch_task.apply(args=[ids, MONDAY.isoformat()])

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in [candidate, *others]
    )
    assert set(SentReminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_second_task_for_the_same_batch_while_the_first_is_sending_sends_nothing(
    plan_state, monkeypatch
):
    """Two dispatchers (or a redelivery) queued the batch twice and both tasks run at once."""
    from reminders import delivery

    users = [UserFactory(reminder_weekday=Weekday.MONDAY) for _ in range(4)]
    ids = [user.pk for user in users]
    recently_active(plan_state, MONDAY)
    build = delivery.build_reminder_message
    second_run = []

    def build_and_start_the_duplicate(**kwargs):
        if not second_run:
            second_run.append(delivery.reminders_send_batch(user_ids=ids, local_date=MONDAY))
        return build(**kwargs)

    monkeypatch.setattr(delivery, "build_reminder_message", build_and_start_the_duplicate)
    first_run = delivery.reminders_send_batch(user_ids=ids, local_date=MONDAY)

    assert (first_run.sent, second_run[0].sent) == (4, 0)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)


def test_a_batch_retried_after_a_crash_mid_batch_sends_only_what_was_not_sent(
    plan_state, monkeypatch
):
    from reminders import delivery
    from reminders.recovery import reminders_recover

    users = [UserFactory(reminder_weekday=Weekday.MONDAY) for _ in range(4)]
    ids = [user.pk for user in users]
    recently_active(plan_state, MONDAY)
    build, built = delivery.build_reminder_message, []

    def build_then_die_on_the_third(**kwargs):
        built.append(kwargs["user"])
        if len(built) == 3:
            raise SystemExit("worker killed")
        return build(**kwargs)

    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        monkeypatch.setattr(delivery, "build_reminder_message", build_then_die_on_the_third)
        with pytest.raises(SystemExit):
            reminders_send_batch_task.apply(args=[ids, MONDAY.isoformat()], throw=True)
        monkeypatch.undo()
        # The broker redelivers at once: the dead run's rows are not taken from it yet.
        reminders_send_batch_task.apply(args=[ids, MONDAY.isoformat()])
    queued = []
    with time_machine.travel(start + datetime.timedelta(minutes=15), tick=False):
        reminders_recover(now=timezone.now(), enqueue=lambda *batch: queued.append(batch))
        for user_ids, local_date in queued:
            reminders_send_batch_task.apply(args=[user_ids, local_date.isoformat()])

    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)
    assert set(SentReminder.objects.values_list("status", flat=True)) == {"sent"}


def test_one_users_broken_reminder_does_not_stop_anothers(plan_state, candidate, monkeypatch):
    from reminders import content

    broken = UserFactory(reminder_weekday=Weekday.MONDAY)
    recently_active(plan_state, MONDAY)
    healthy_digest = plan_state.digest

    def digest_for(*, user, today):
        if user == broken:
            raise ValueError("corrupt plan data")
        return healthy_digest

    monkeypatch.setattr(content, "weekly_digest", digest_for)

    for user in (broken, candidate):
        send(user, MONDAY)

    assert [message.to for message in mail.outbox] == [[candidate.email]]
    failed = SentReminder.objects.get(owner=broken)
    assert failed.status == SentReminder.Status.FAILED
    assert "corrupt plan data" in failed.last_error


def test_a_failed_template_render_is_recorded_not_retried(plan_state, candidate, monkeypatch):
    from reminders import delivery

    recently_active(plan_state, MONDAY)

    def broken_template(**kwargs):
        raise LookupError("template missing")

    monkeypatch.setattr(delivery, "build_reminder_message", broken_template)

    assert send(candidate, MONDAY) == 0
    failed = SentReminder.objects.get(owner=candidate)
    assert failed.status == SentReminder.Status.FAILED
    assert "template missing" in failed.last_error


def test_digest_lists_what_is_behind_schedule(plan_state, candidate):
    plan_state.digest.behind_schedule = ["Coding problems: 6 behind", "Mock interviews: 1 behind"]
    recently_active(plan_state, MONDAY)

    send(candidate, MONDAY)

    message = only_message()
    assert "STILL TO CATCH UP\n- Coding problems: 6 behind\n- Mock interviews: 1 behind" in (
        message.body
    )
    assert "<li>Mock interviews: 1 behind</li>" in html_body(message)


def test_a_batch_costs_one_write_per_email_plus_a_constant():
    """Issue 14's budget: batch-level reads (users, plans, activity, rehearsals, claims) and
    a single UPDATE per e-mail (hand-over, carrying the previous e-mail's "sent")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.delivery import reminders_send_batch

    def queries_for(count: int) -> int:
        users = [UserFactory(reminder_weekday=MONDAY.weekday()) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            result = reminders_send_batch(user_ids=[user.pk for user in users], local_date=MONDAY)
        assert result.sent == count
        return len(captured)

    small, large = queries_for(10), queries_for(30)

    assert (large - small) / 20 <= 1.0
    assert small <= 10 + 12
