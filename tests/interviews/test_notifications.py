"""Interview reminders with a fixed clock: the eve-of-loop brief and the debrief nudge."""

import datetime

import pytest
from django.core import mail
from django.db import connection

from interviews import services
from interviews.notifications import due_interview_reminders, interview_reminders_dispatch
from reminders.models import SentReminder
from tests.factories import ReminderPreferencesFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_nothing_is_due_before_six_the_evening_before(five_round_loop, bank):
    # London is on GMT in March: the eve e-mail goes at 18:00 UTC on 3 March.
    assert due_interview_reminders(now=datetime.datetime(2030, 3, 3, 17, 59, tzinfo=UTC)) == []


def test_eve_brief_is_sent_once_even_when_dispatched_twice(five_round_loop, bank):
    services.loop_plan(loop=five_round_loop)
    now = datetime.datetime(2030, 3, 3, 18, 5, tzinfo=UTC)
    assert interview_reminders_dispatch(now=now) == 1
    assert interview_reminders_dispatch(now=now + datetime.timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Tomorrow: 5 rounds at Amazon, from 09:00"
    assert "Round 1: Behavioural" in message.body
    assert "Customer Obsession story (polished)" in message.body
    sent = SentReminder.objects.get()
    assert sent.status == "sent" and sent.period == f"loop-{five_round_loop.pk}-2030-03-04-eve"


def test_eve_brief_follows_the_users_time_zone(five_round_loop):
    owner = five_round_loop.application.owner
    owner.timezone = "America/New_York"  # 09:00 UTC is 04:00 in New York, still on 4 March
    owner.save()
    # 18:00 in New York on 3 March is 23:00 UTC.
    assert due_interview_reminders(now=datetime.datetime(2030, 3, 3, 22, 59, tzinfo=UTC)) == []
    due = due_interview_reminders(now=datetime.datetime(2030, 3, 3, 23, 0, tzinfo=UTC))
    assert [r.template for r in due] == ["round_eve"]


def test_debrief_nudge_after_each_round_exactly_once(five_round_loop):
    # Round 1 runs 09:00-09:55; the nudge is due from 10:25.
    assert interview_reminders_dispatch(now=datetime.datetime(2030, 3, 4, 10, 24, tzinfo=UTC)) == 0
    now = datetime.datetime(2030, 3, 4, 10, 25, tzinfo=UTC)
    assert interview_reminders_dispatch(now=now) == 1
    assert interview_reminders_dispatch(now=now) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "How did the behavioural round at Amazon go?"
    assert "/debrief/" in mail.outbox[0].body


def test_no_debrief_nudge_once_the_debrief_is_recorded(five_round_loop, time_machine):
    first = five_round_loop.rounds.order_by("starts_at").first()
    time_machine.move_to(first.ends_at, tick=False)
    services.debrief_save(round_=first, asked="", self_score=3, stories=[])
    assert due_interview_reminders(now=datetime.datetime(2030, 3, 4, 10, 30, tzinfo=UTC)) == []


def test_switched_off_interview_reminders_send_nothing(five_round_loop):
    ReminderPreferencesFactory(owner=five_round_loop.application.owner, interview_countdown=False)
    assert interview_reminders_dispatch(now=datetime.datetime(2030, 3, 3, 18, 5, tzinfo=UTC)) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    # The in-memory test database's shared cache refuses a second writer outright ("table is
    # locked") instead of making it wait: only PostgreSQL can show two dispatchers overlapping.
    reason="needs PostgreSQL: SQLite's in-memory test database cannot hold two writers",
)
def test_two_dispatchers_at_once_send_one_eve_email(five_round_loop):
    from concurrent.futures import ThreadPoolExecutor

    now = datetime.datetime(2030, 3, 3, 18, 5, tzinfo=UTC)

    def run() -> int:
        try:
            return interview_reminders_dispatch(now=now)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: run(), range(2)))
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 1
