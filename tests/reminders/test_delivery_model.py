"""Model-based test: random interleavings of sends, crashes, lost tasks, redeliveries and
recovery runs. Whatever happens, no e-mail reaches a user twice (the uncertain policy is
"never retry"), and once the mail server is healthy and recovery has run, every due
reminder ends in a final state: sent, failed or uncertain."""

import contextlib
import datetime

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import Weekday
from reminders import delivery
from reminders.models import DailyDispatch, SentReminder
from reminders.recovery import reminders_recover
from reminders.smtp import NotHandedOver, Refused, Uncertain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)
START = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
OUTCOMES = [
    "ok",
    "crash_before_data",  # worker killed while rendering
    "crash_after_handover",  # killed after recording "handed over", before the final "."
    "crash_after_delivery",  # the server took the message, the worker died before the reply
    "connect_refused",
    "uncertain_delivered",
    "uncertain_lost",
    "temp_refused",
    "perm_refused",
]
Status = SentReminder.Status


class WorkerKilled(BaseException):
    """Not an Exception: nothing in the delivery code may catch it, as with SIGKILL."""


class ModelSession:
    def __init__(self, plan: list[str], delivered: list[str]) -> None:
        self.plan, self.delivered = plan, delivered

    def __enter__(self) -> "ModelSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def send(self, message, before_end_of_data) -> None:
        outcome = self.plan.pop(0) if self.plan else "ok"
        if outcome == "crash_before_data":
            raise WorkerKilled
        if outcome == "connect_refused":
            raise NotHandedOver("connect", "refused")
        before_end_of_data()
        if outcome == "crash_after_handover":
            raise WorkerKilled
        if outcome in ("ok", "crash_after_delivery", "uncertain_delivered"):
            self.delivered.append(message.to[0])
        if outcome == "crash_after_delivery":
            raise WorkerKilled
        if outcome in ("uncertain_delivered", "uncertain_lost"):
            raise Uncertain("reply", "timed out")
        if outcome in ("temp_refused", "perm_refused"):
            raise Refused("reply", "no", permanent=outcome == "perm_refused")


class DeliveryMachine(RuleBasedStateMachine):
    users: list = []

    def __init__(self) -> None:
        super().__init__()
        SentReminder.objects.all().delete()
        DailyDispatch.objects.all().delete()
        self.delivered: list[str] = []
        self.plan: list[str] = []
        self.queue: list[list[int]] = []
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        for user in self.users:
            DailyDispatch.objects.create(owner=user, local_date=MONDAY)
        self.queue.append([user.pk for user in self.users])
        delivery.open_session = lambda: ModelSession(self.plan, self.delivered)

    def _run(self, user_ids: list[int], outcomes: list[str]) -> None:
        self.plan[:] = outcomes
        with contextlib.suppress(WorkerKilled):
            delivery.reminders_send_batch(user_ids=user_ids, local_date=MONDAY)

    @rule(outcomes=st.lists(st.sampled_from(OUTCOMES), max_size=3), data=st.data())
    def worker_takes_a_task(self, outcomes, data) -> None:
        if self.queue:
            index = data.draw(st.integers(0, len(self.queue) - 1))
            self._run(self.queue.pop(index), outcomes)

    @rule(outcomes=st.lists(st.sampled_from(OUTCOMES), max_size=3))
    def broker_redelivers_the_first_batch(self, outcomes) -> None:
        self._run([user.pk for user in self.users], outcomes)

    @rule()
    def a_queued_task_is_lost(self) -> None:
        if self.queue:
            self.queue.pop(0)

    @rule(minutes=st.integers(1, 120))
    def recovery_runs_later(self, minutes) -> None:
        self.clock.shift(datetime.timedelta(minutes=minutes))
        reminders_recover(now=datetime.datetime.now(datetime.UTC), enqueue=self._enqueue)

    def _enqueue(self, user_ids: list[int], local_date: datetime.date) -> None:
        self.queue.append(list(user_ids))

    @invariant()
    def no_user_gets_a_reminder_twice(self) -> None:
        assert len(self.delivered) == len(set(self.delivered)), self.delivered

    @invariant()
    def a_row_marked_for_retry_was_never_delivered(self) -> None:
        emails = {user.pk: user.email for user in self.users}
        for owner_id, status in SentReminder.objects.values_list("owner_id", "status"):
            if status in (Status.PENDING, Status.FAILED, Status.CLAIMED, Status.RENDERING):
                assert emails[owner_id] not in self.delivered, status
            if status == Status.SENT:
                assert emails[owner_id] in self.delivered

    def teardown(self) -> None:
        try:
            self.plan.clear()
            for _ in range(16):
                self.clock.shift(datetime.timedelta(minutes=15))
                reminders_recover(now=datetime.datetime.now(datetime.UTC), enqueue=self._enqueue)
                while self.queue:
                    self._run(self.queue.pop(0), [])
            final = dict(SentReminder.objects.values_list("owner_id", "status"))
            assert sorted(final) == sorted(user.pk for user in self.users), "a reminder was lost"
            assert set(final.values()) <= set(SentReminder.FINAL), final
            self.no_user_gets_a_reminder_twice()
        finally:
            self.traveller.stop()


def test_no_interleaving_of_crashes_and_retries_loses_or_doubles_a_reminder(
    plan_state, monkeypatch
):
    monkeypatch.setattr(delivery, "open_session", delivery.open_session)
    plan_state.last_activity = START
    with time_machine.travel(START - datetime.timedelta(days=3), tick=False):
        DeliveryMachine.users = [UserFactory(reminder_weekday=Weekday.MONDAY) for _ in range(3)]
    run_state_machine_as_test(
        DeliveryMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
