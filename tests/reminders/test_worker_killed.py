"""A real `celery worker` process is killed (SIGKILL) in the middle of a batch.

Every due user must end up sent exactly once or marked uncertain: none silently lost, none
sent twice, within the recovery time set by the short timeouts below. Needs Redis (the
broker's visibility timeout is part of what is tested) and a database another process can
open, so it runs where REDIS_URL is set on PostgreSQL, as in CI.
"""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reminders.dispatch import reminders_dispatch
from reminders.models import DailyDispatch, SentReminder
from reminders.recovery import reminders_recover
from reminders.tasks import _enqueue_sends
from tests.factories import UserFactory
from tests.reminders.fake_smtp import FakeSmtpServer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process must open the test database; SQLite's is in memory",
    ),
]

BASE_DIR = Path(__file__).resolve().parents[2]
USERS = 40
BATCH = 10
STUCK_AFTER_SECONDS = 3
RECOVERY_DEADLINE_SECONDS = 45


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def _start_worker(smtp: FakeSmtpServer) -> subprocess.Popen:
    from prepsite.celery import app

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_HOST_USER": "",
        "EMAIL_TIMEOUT": "2",
        "CELERY_VISIBILITY_TIMEOUT": "6",
        "REMINDERS_STUCK_AFTER_SECONDS": str(STUCK_AFTER_SECONDS),
        "REMINDERS_SEND_BATCH_SIZE": str(BATCH),
        "REMINDERS_RETRY_BASE_SECONDS": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "prepsite", "worker", "--pool=solo",
        "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
        # Under pytest-xdist each test process sends to a queue of its own (tests/conftest.py).
        "--queues", app.conf.task_default_queue,
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_killed_worker_loses_no_reminder_and_sends_none_twice(settings):
    from prepsite.celery import app

    settings.REMINDERS_STUCK_AFTER_SECONDS = STUCK_AFTER_SECONDS
    settings.REMINDERS_SEND_BATCH_SIZE = BATCH
    now = timezone.now()
    users = [
        UserFactory(reminder_weekday=now.weekday(), reminder_time="00:00", timezone="UTC")
        for _ in range(USERS)
    ]
    smtp = FakeSmtpServer(delay_per_message=0.05).start()
    app.control.purge()
    first = _start_worker(smtp)
    second = None
    try:
        assert reminders_dispatch(now=now, enqueue=_enqueue_sends) == USERS
        assert _wait(lambda: len(smtp.received) >= 3, 30), "the first worker never sent"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_after = len(smtp.received)
        assert killed_after < USERS, "the worker finished before it could be killed"

        second = _start_worker(smtp)
        started = time.monotonic()

        def settled() -> bool:
            reminders_recover(now=timezone.now(), enqueue=_enqueue_sends)
            done = SentReminder.objects.filter(status__in=SentReminder.FINAL).count()
            return done == USERS and not DailyDispatch.objects.filter(done_at=None).exists()

        assert _wait(settled, RECOVERY_DEADLINE_SECONDS), collections.Counter(
            SentReminder.objects.values_list("status", flat=True)
        )
        recovered_in = time.monotonic() - started
    finally:
        for worker in (first, second):
            if worker and worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
        smtp.stop()

    received = collections.Counter(smtp.recipients())
    # Shown with `pytest -s`: the figures for the fault table.
    print(
        f"killed after {killed_after} received; recovered in {recovered_in:.1f}s;",
        dict(collections.Counter(SentReminder.objects.values_list("status", flat=True))),
        f"received {sum(received.values())}, duplicates {sum(n - 1 for n in received.values())}",
    )
    rows = {row.owner_id: row for row in SentReminder.objects.all()}
    assert sorted(rows) == sorted(user.pk for user in users)
    for user in users:
        status = rows[user.pk].status
        if status == SentReminder.Status.SENT:
            assert received[user.email] == 1, user.email
        else:
            assert status == SentReminder.Status.UNCERTAIN
            assert received[user.email] <= 1
    assert recovered_in < RECOVERY_DEADLINE_SECONDS
