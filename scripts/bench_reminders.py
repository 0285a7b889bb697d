"""Benchmark the reminder pipeline: seed N users due now, dispatch them, send with one worker.

    REDIS_URL=redis://127.0.0.1:6379/4 DEBUG=1 .venv/bin/python scripts/bench_reminders.py \
        --users 10000

Uses a fresh SQLite file unless DATABASE_URL is given (then that database is migrated and
its bench users are replaced). Redis is required: the embedded filesystem broker lives in
var/, where a `make run` worker would take the benchmark's messages. The worker is a real
`celery worker` process with one solo pool slot, or `--processes N` prefork pool processes;
e-mails go over SMTP to a local sink server that this script runs (accepting everything,
offering PIPELINING), so the figure covers claiming, rendering, the SMTP conversation and
recording each message. Only this run's reminders are counted: its own users' rows claimed
after it started.
"""

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_EMAIL_DOMAIN = "bench.prepsite.invalid"
TIME_ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500, help="dispatcher batch")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait for sends")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="worker pool processes (1: the solo pool); each waits on its own commits",
    )
    return parser.parse_args()


def configure_environment() -> dict[str, str]:
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL to a Redis database of your own, e.g. redis://127.0.0.1:6379/4")
    if not os.environ.get("DATABASE_URL"):
        sqlite_path = Path(tempfile.gettempdir()) / "bench_reminders.sqlite3"
        sqlite_path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_USE_TLS"] = "0"
    os.environ["EMAIL_HOST_USER"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prepsite.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    return dict(os.environ)


def seed_users(count: int) -> None:
    """Every user is due now: today's local weekday, send time midnight."""
    from django.utils import timezone

    from accounts.models import User

    User.objects.filter(email__endswith=BENCH_EMAIL_DOMAIN).delete()
    now = timezone.now()
    local_weekday = {
        name: timezone.localtime(now, zoneinfo.ZoneInfo(name)).weekday() for name in TIME_ZONES
    }
    users = []
    for n in range(count):
        tz_name = TIME_ZONES[n % len(TIME_ZONES)]
        users.append(
            User(
                email=f"user{n}@{BENCH_EMAIL_DOMAIN}",
                password="!",  # unusable: nobody logs in as a benchmark user
                display_name=f"Bench {n}",
                timezone=tz_name,
                reminder_weekday=local_weekday[tz_name],
                reminder_time="00:00",
            )
        )
    User.objects.bulk_create(users, batch_size=1000)


def run_dispatch(batch_size: int) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reminders.dispatch import reminders_dispatch
    from reminders.tasks import _enqueue_sends

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        queued = reminders_dispatch(
            now=timezone.now(), enqueue=_enqueue_sends, batch_size=batch_size
        )
        elapsed = time.perf_counter() - started
    return queued, elapsed, len(captured)


def run_worker_until_sent(
    expected: int, env: dict[str, str], timeout: int, since: float, processes: int
) -> tuple[float, float, float]:
    """Start one worker process; return (wall seconds to drain, seconds first to last send,
    CPU seconds the worker used, start-up included)."""
    import datetime

    from django.db.models import Max, Min

    from reminders.models import SentReminder

    command = [
        str(BASE_DIR / ".venv" / "bin" / "celery"),
        "-A", "prepsite", "worker", "--pool=solo" if processes == 1 else "--pool=prefork",
        f"--concurrency={processes}", "--loglevel=WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    started = time.perf_counter()
    cpu_before = _children_cpu_seconds()
    worker = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    try:
        # Only this run's reminders: its own users, claimed after it started.
        sent = SentReminder.objects.filter(
            status=SentReminder.Status.SENT,
            owner__email__endswith=BENCH_EMAIL_DOMAIN,
            claimed_at__gte=datetime.datetime.fromtimestamp(since, tz=datetime.UTC),
        )
        while sent.count() < expected:
            if time.perf_counter() - started > timeout:
                sys.exit(f"Timed out with {sent.count()} of {expected} sent.")
            if worker.poll() is not None:
                sys.exit("The worker exited early.")
            time.sleep(1)
        wall = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    span = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    worker_cpu = _children_cpu_seconds() - cpu_before
    return wall, (span["last"] - span["first"]).total_seconds(), worker_cpu


def _children_cpu_seconds() -> float:
    # The worker is this script's only child process: its CPU time says what a worker needs
    # per e-mail whatever else the machine is doing, which the wall time does not.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(BASE_DIR))
    from tests.reminders.fake_smtp import FakeSmtpServer

    sink = FakeSmtpServer().start()
    os.environ["EMAIL_PORT"] = str(sink.port)
    env = configure_environment()
    from django.core.management import call_command

    from prepsite.celery import app

    call_command("migrate", verbosity=0)
    app.control.purge()
    seed_users(args.users)
    since = time.time()

    from django.conf import settings

    send_batch = settings.REMINDERS_SEND_BATCH_SIZE
    queued, dispatch_seconds, queries = run_dispatch(args.batch_size)
    batches = math.ceil(queued / args.batch_size)
    print(f"users due:          {args.users}")
    tasks = sum(
        math.ceil(min(args.batch_size, queued - start) / send_batch)
        for start in range(0, queued, args.batch_size)
    )
    print(f"dispatch:           {queued} users in {tasks} send tasks, {dispatch_seconds:.2f} s")
    print(f"                    = {queued / dispatch_seconds:,.0f} users/s")
    print(f"                    {queries} queries for {batches} batches of {args.batch_size}")

    wall, span, worker_cpu = run_worker_until_sent(queued, env, args.timeout, since, args.processes)
    print(f"send (1 worker):    {queued} digests in {wall:.1f} s wall, incl. worker start-up")
    print(f"                    {args.processes} pool process(es)")
    print(f"                    = {queued / wall:,.0f} e-mails/s ({queued / span:,.0f}/s steady)")
    print(
        f"worker CPU:         {worker_cpu:.1f} s incl. start-up"
        f" = {worker_cpu / queued * 1000:.2f} ms per e-mail"
    )
    print(f"load average:       {' / '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print(f"SMTP sink received: {len(sink.received)} messages")
    print(f"total:              {dispatch_seconds + wall:.1f} s from dispatch to the last send")
    sink.stop()


if __name__ == "__main__":
    main()
