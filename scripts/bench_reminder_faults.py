"""Re-measure the reminder fault table: each fault reproduced with real processes, counted.

    .venv/bin/python scripts/bench_reminder_faults.py

Takes about 5 minutes. Environment: FAULTS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/prepsite_faults; that database is dropped, created and
migrated), FAULTS_REDIS_URL (default redis://127.0.0.1:6379/9; flushed before each fault).
`--only KEY` runs one fault (keys below), `--minute S` sets how many seconds stand for one
minute of a fault's duration (default 10: "3 minutes" lasts 30 s, "2 minutes" 20 s).

Every fault starts from the same state: N users (default 300, in eight time zones) due now
and no reminder rows. Send tasks run in real `celery worker` processes (solo pool, so the
process killed is the one running the task) on Redis. Beat is played by this script's own
child processes, each calling the two jobs the beat schedule runs every minute, dispatch and
recovery (`reminders_dispatch_task`, `reminders_recover_task`), every `--beat-every` seconds
(default 2) instead of every 60: one such process, or two started at the same instant for the
"2 beats" fault. E-mail goes over SMTP to tests/reminders/fake_smtp.py in the mode each fault
needs. Timeouts are shortened through the environment the workers read: EMAIL_TIMEOUT=2,
CELERY_VISIBILITY_TIMEOUT=10, REMINDERS_STUCK_AFTER_SECONDS=5, REMINDERS_RETRY_BASE_SECONDS=1,
REMINDERS_RETRY_MAX_SECONDS=4, REMINDERS_SEND_BATCH_SIZE=25 and, for `retry_once`,
REMINDERS_UNCERTAIN_RETRY_MINUTES=1 (whole minutes, so that row takes a minute longer).

How each worker kill is timed (one worker runs until the kill, then a fresh one starts, as a
supervisor would restart it):
- after claiming: the SMTP server waits 1 s before greeting; the worker is killed once its
  batch is claimed (rows "rendering") and it is connected, before anything was sent;
- before claiming: this script holds a lock on the users table, so the worker that took a
  task off the queue waits at its first query; it is killed there (the task is lost with it);
- while SMTP waits for the reply: after a few messages the server takes one whole message
  and stalls (stall_after_data); the worker is killed while it waits for the reply.

Columns: received = messages the SMTP server took (the whole data, replied to or not);
duplicates = recipients who got more than one; missing = due users with no message and no
final state, or failed without a reason; states = final sent / failed / uncertain (plus any
row still in flight); settled = seconds from the first dispatch until the last change (a
state, or a message received) once every reminder had a final state. Worker and beat logs
are kept in a temporary folder, printed at the end.
"""

import argparse
import collections
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STUCK_AFTER_SECONDS = 5
BATCH_SIZE = 25
WORKER_ENV = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_USE_TLS": "0",
    "EMAIL_HOST_USER": "",
    "EMAIL_TIMEOUT": "2",
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "REMINDERS_STUCK_AFTER_SECONDS": str(STUCK_AFTER_SECONDS),
    "REMINDERS_RETRY_BASE_SECONDS": "1",
    "REMINDERS_RETRY_MAX_SECONDS": "4",
    "REMINDERS_SEND_BATCH_SIZE": str(BATCH_SIZE),
    "REMINDERS_UNCERTAIN_POLICY": "never",
    "REMINDERS_UNCERTAIN_RETRY_MINUTES": "1",
    "DEBUG": "0",
    "SECRET_KEY": "reminder-fault-bench-only-not-a-secret",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "prepsite.settings",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument(
        "--minute", type=float, default=10.0, help="seconds standing for a minute of a fault"
    )
    parser.add_argument(
        "--beat-every", type=float, default=2.0, help="seconds between dispatch+recovery runs"
    )
    parser.add_argument("--timeout", type=float, default=150.0, help="seconds per fault at most")
    parser.add_argument("--only", action="append", help="run only this fault (repeatable)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/prepsite_faults"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/9")
    )
    # The beat stand-in: this script started again in a child process (see Run.start_beats).
    parser.add_argument("--beat-start-at", type=float, help=argparse.SUPPRESS)
    return parser.parse_args()


def setup_django(database_url: str, redis_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# --- the beat stand-in (child process) ------------------------------------------------------


def run_beat(start_at: float, every: float) -> None:
    """Run the beat schedule's two every-minute jobs, dispatch then recovery, every `every`
    seconds from `start_at` (an epoch time shared with the other beat) until terminated."""
    from reminders.tasks import reminders_dispatch_task, reminders_recover_task

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tick = 0
    while True:
        due = start_at + tick * every
        time.sleep(max(0.0, due - time.time()))
        for name, job in (
            ("dispatch", reminders_dispatch_task),
            ("recover", reminders_recover_task),
        ):
            try:
                outcome = job()
            except Exception as error:  # a beat's job failing must not stop the next one
                print(f"{time.time():.3f} {name} raised {error!r}", file=sys.stderr, flush=True)
            else:
                print(f"{time.time():.3f} {name} {outcome}", file=sys.stderr, flush=True)
        tick = max(tick + 1, math.ceil((time.time() - start_at) / every))


# --- the fault runs (main process) -----------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Outcome:
    due: int = 0
    received: int = 0
    duplicates: int = 0
    missing: int = 0
    states: collections.Counter = field(default_factory=collections.Counter)
    settled: float | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Run:
    """One fault: the fake SMTP server, the processes started for it, and what they did."""

    def __init__(self, args: argparse.Namespace, key: str, policy: str, logs: Path) -> None:
        from tests.reminders.fake_smtp import FakeSmtpServer

        self.args = args
        self.key = key
        self.policy = policy
        self.logs = logs
        self.smtp = FakeSmtpServer(stall_seconds=10.0).start()
        self.workers: list[subprocess.Popen] = []
        self.beats: list[subprocess.Popen] = []
        self.t0 = 0.0
        # The fault lasts at least this long after the first dispatch, settled or not.
        self.min_duration = 0.0
        self.notes: list[str] = []

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **WORKER_ENV,
            "EMAIL_PORT": str(self.smtp.port),
            "REMINDERS_UNCERTAIN_POLICY": self.policy,
            "PYTHONUNBUFFERED": "1",
        }

    def _log(self, name: str):
        return open(self.logs / f"{self.key}-{name}.log", "w")

    def start_worker(self, name: str, *, wait: bool = True) -> subprocess.Popen:
        """Start a worker; with `wait`, return once it answers a ping (a solo worker busy
        with a task cannot answer)."""
        from prepsite.celery import app

        node = f"{name}-{self.key}@faults"
        command = [
            sys.executable, "-m", "celery", "-A", "prepsite", "worker", "--pool=solo",
            "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", node,
        ]  # fmt: skip
        with self._log(name) as log:
            worker = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        self.workers.append(worker)
        deadline = time.monotonic() + 60
        while wait and not app.control.ping(destination=[node], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"Worker {node} did not start; see {self.logs}")
        return worker

    def start_beats(self, count: int, delay: float = 3.0) -> None:
        """`count` beat stand-ins whose first run is at the same instant, `delay` from now."""
        self.t0 = time.time() + delay
        for n in range(count):
            command = [
                sys.executable, __file__, "--beat-start-at", f"{self.t0:.3f}",
                "--beat-every", str(self.args.beat_every),
                "--database-url", self.args.database_url, "--redis-url", self.args.redis_url,
            ]  # fmt: skip
            with self._log(f"beat{n + 1}") as log:
                self.beats.append(
                    subprocess.Popen(command, cwd=BASE_DIR, env=self.env(), stderr=log)
                )

    def kill(self, worker: subprocess.Popen) -> float:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        return time.time() - self.t0

    def since_t0(self) -> float:
        return time.time() - self.t0

    def stop(self) -> None:
        for process in self.beats + self.workers:
            if process.poll() is None:
                process.terminate()
        for process in self.beats + self.workers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.smtp.stop()

    def beat_dispatch_counts(self) -> list[int]:
        counts = []
        for n in range(len(self.beats)):
            text = (self.logs / f"{self.key}-beat{n + 1}.log").read_text()
            counts.append(sum(int(m) for m in re.findall(r"^\S+ dispatch (\d+)$", text, re.M)))
        return counts

    def warnings_logged(self) -> int:
        pattern = re.compile(r"Reminder \d+ |Dispatch of user \d+ ")
        return sum(
            len(pattern.findall(path.read_text())) for path in self.logs.glob(f"{self.key}-*.log")
        )


def wait_for(condition: Callable[[], bool], timeout: float, what: str, poll: float = 0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(poll)


def statuses() -> collections.Counter:
    from reminders.models import SentReminder

    return collections.Counter(SentReminder.objects.values_list("status", flat=True))


# Each fault: start what it needs, make the fault happen, leave the rest to the system.


def fault_two_beats(run: Run) -> None:
    run.start_worker("w1")
    run.start_worker("w2")
    run.start_beats(2)
    run.min_duration = 3 * run.args.minute


def fault_smtp_refused(run: Run) -> None:
    run.smtp.misbehave("greeting_refused")
    run.start_worker("w1")
    run.start_worker("w2")
    run.start_beats(1)
    time.sleep(max(0.0, run.t0 + 2 * run.args.minute - time.time()))
    run.smtp.misbehave("ok")
    run.notes.append(f"refused until +{run.since_t0():.0f} s")


def fault_drop_after_data(run: Run) -> None:
    # Every first attempt (one per user) is taken, then the connection drops unanswered.
    run.smtp.misbehave("drop_after_data", run.args.users)
    run.start_worker("w1")
    run.start_worker("w2")
    run.start_beats(1)


def fault_killed_after_claim(run: Run) -> None:
    from reminders.models import SentReminder

    run.smtp.greeting_delay = 1.0
    victim = run.start_worker("w1")
    run.start_beats(1)

    def claimed_and_connecting() -> bool:
        counts = statuses()
        return (
            counts.get(SentReminder.Status.RENDERING, 0) > 0
            and sum(counts.values()) == counts[SentReminder.Status.RENDERING]
            and run.smtp.connections > 0
        )

    wait_for(claimed_and_connecting, 60, "a claimed batch")
    time.sleep(0.2)  # well inside the 1 s greeting wait
    claimed = statuses()
    at = run.kill(victim)
    run.smtp.greeting_delay = 0.0
    run.notes.append(
        f"killed at +{at:.1f} s holding {claimed[SentReminder.Status.RENDERING]} claimed"
        f" ({len(run.smtp.received)} received before)"
    )
    run.start_worker("w2")


def fault_killed_before_claim(run: Run) -> None:
    import psycopg
    from django.db import connection

    from accounts.models import User
    from reminders.models import DailyDispatch

    run.start_beats(1)
    wait_for(lambda: DailyDispatch.objects.count() == run.args.users, 60, "the dispatch", poll=0.1)
    time.sleep(0.5)  # the send tasks are queued once the marks are committed
    lock = psycopg.connect(run.args.database_url)
    try:
        lock.execute(f'LOCK TABLE "{User._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        victim = run.start_worker("w1", wait=False)

        def worker_waits() -> bool:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND query NOT LIKE %s",
                    ["%dailydispatch%"],  # the beat's dispatcher waits on the lock too
                )
                return cursor.fetchone()[0] > 0

        wait_for(worker_waits, 60, "the worker to reach its first query", poll=0.05)
        at = run.kill(victim)
    finally:
        lock.rollback()
        lock.close()
    run.notes.append(f"killed at +{at:.1f} s, {sum(statuses().values())} rows claimed")
    run.start_worker("w2")


def fault_killed_waiting_for_reply(run: Run) -> None:
    from reminders.models import SentReminder

    victim = run.start_worker("w1")
    run.start_beats(1)
    wait_for(lambda: len(run.smtp.received) >= 5, 60, "the first messages")
    run.smtp.misbehave("stall_after_data", 1)

    def stalled() -> bool:
        if run.smtp.mode != "ok":
            return False
        before = len(run.smtp.received)
        time.sleep(0.3)
        return len(run.smtp.received) == before and statuses()[SentReminder.Status.HANDED_OVER]

    wait_for(stalled, 30, "the stalled reply", poll=0)
    waiting = SentReminder.objects.filter(status=SentReminder.Status.HANDED_OVER).first()
    at = run.kill(victim)
    last = run.smtp.received[-1].recipients
    run.notes.append(
        f"killed at +{at:.1f} s after {len(run.smtp.received)} received, the last"
        f" {'being' if waiting and last == [waiting.owner.email] else 'NOT'} the one handed over"
    )
    run.start_worker("w2")


@dataclass(frozen=True)
class Fault:
    key: str
    label: str
    start: Callable[[Run], None]
    policy: str = "never"


def faults(minute: float) -> list[Fault]:
    scaled = "" if minute == 60 else " (scaled: {} s)"
    return [
        Fault(
            "two-beats",
            "2 beats + 2 workers for 3 minutes" + scaled.format(f"{3 * minute:g}"),
            fault_two_beats,
        ),
        Fault(
            "smtp-refused",
            "SMTP refused for 2 minutes, then back" + scaled.format(f"{2 * minute:g}"),
            fault_smtp_refused,
        ),
        Fault(
            "drop-after-data",
            "SMTP accepts the message, then drops before replying",
            fault_drop_after_data,
        ),
        Fault(
            "drop-after-data-retry-once",
            "same, with `REMINDERS_UNCERTAIN_POLICY=retry_once`",
            fault_drop_after_data,
            policy="retry_once",
        ),
        Fault("killed-after-claim", "worker killed after claiming", fault_killed_after_claim),
        Fault("killed-before-claim", "worker killed before claiming", fault_killed_before_claim),
        Fault(
            "killed-waiting-for-reply",
            "worker killed while SMTP waits for the reply",
            fault_killed_waiting_for_reply,
        ),
    ]


def reset(args: argparse.Namespace) -> None:
    import redis

    from reminders.models import DailyDispatch, SentReminder
    from scripts.bench_reminders import seed_users

    # Unacknowledged tasks of a killed worker would come back in the next fault otherwise.
    redis.Redis.from_url(args.redis_url).flushdb()
    SentReminder.objects.all().delete()
    DailyDispatch.objects.all().delete()
    seed_users(args.users)


def measure(run: Run, users: dict[int, str]) -> Outcome:
    """Watch until every reminder has a final state and nothing changed for a while."""
    from reminders.models import SentReminder

    final = set(SentReminder.FINAL)
    quiet_for = STUCK_AFTER_SECONDS + 3 * run.args.beat_every
    min_end = run.t0 + run.min_duration
    deadline = run.t0 + run.args.timeout
    last_change, snapshot, settled, rows = time.time(), None, False, []
    while time.time() < deadline:
        rows = list(
            SentReminder.objects.values_list(
                "owner_id", "status", "uncertain_retried", "last_error"
            )
        )
        waiting_retry = run.policy == "retry_once" and any(
            status == SentReminder.Status.UNCERTAIN and not retried
            for _, status, retried, _ in rows
        )
        settled = (
            len({row[0] for row in rows}) == len(users)
            and all(row[1] in final for row in rows)
            and not waiting_retry
        )
        now_snapshot = (sorted(rows), len(run.smtp.received))
        if now_snapshot != snapshot:
            snapshot, last_change = now_snapshot, time.time()
        if settled and time.time() - last_change > quiet_for and time.time() > min_end:
            break
        time.sleep(0.25)
    outcome = Outcome(due=len(users), received=len(run.smtp.received))
    outcome.settled = last_change - run.t0 if settled else None
    received = collections.Counter(run.smtp.recipients())
    by_owner = {owner: (status, retried, error) for owner, status, retried, error in rows}
    outcome.states = collections.Counter(status for status, _, _ in by_owner.values())
    outcome.duplicates = sum(1 for email in users.values() if received[email] > 1)
    for pk, email in users.items():
        status, retried, error = by_owner.get(pk, (None, False, ""))
        got = received[email]
        if (got == 0 and status not in final) or (status == "failed" and not error):
            outcome.missing += 1
        if status not in final:
            outcome.problems.append(f"user {pk}: no final state ({status}), {got} received")
        if got > 1 and not (run.policy == "retry_once" and retried):
            outcome.problems.append(f"user {pk}: {got} messages, not allowed by the policy")
        if status == "sent" and got == 0:
            outcome.problems.append(f"user {pk}: recorded sent, never received")
        if status == "failed" and got:
            outcome.problems.append(f"user {pk}: recorded failed, but received {got}")
    if len(received) > len(users):
        outcome.problems.append("messages to addresses that were not due")
    return outcome


def run_fault(args: argparse.Namespace, fault: Fault, logs: Path) -> Outcome:
    from accounts.models import User
    from scripts.bench_reminders import BENCH_EMAIL_DOMAIN

    reset(args)
    users = dict(User.objects.filter(email__endswith=BENCH_EMAIL_DOMAIN).values_list("pk", "email"))
    run = Run(args, fault.key, fault.policy, logs)
    try:
        fault.start(run)
        outcome = measure(run, users)
    finally:
        run.stop()
    outcome.notes = run.notes
    if len(run.beats) > 1:
        counts = run.beat_dispatch_counts()
        outcome.notes.append(f"the beats queued {' + '.join(map(str, counts))}")
    outcome.notes.append(f"{run.warnings_logged()} warnings logged")
    return outcome


def table_row(fault: Fault, outcome: Outcome) -> str:
    states = outcome.states
    in_flight = sum(
        n for status, n in states.items() if status not in ("sent", "failed", "uncertain")
    )
    state_text = f"{states['sent']} / {states['failed']} / {states['uncertain']}"
    if in_flight:
        state_text += f" (+{in_flight} in flight)"
    settled = f"{outcome.settled:.0f} s" if outcome.settled is not None else "not settled"
    cells = [
        fault.label,
        outcome.due,
        outcome.received,
        outcome.duplicates,
        outcome.missing,
        state_text,
        settled,
        "; ".join(outcome.notes),
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def main() -> None:
    args = parse_args()
    if args.beat_start_at is not None:
        # Its environment, the fault's settings included, comes from the parent.
        setup_django(args.database_url, args.redis_url)
        run_beat(args.beat_start_at, args.beat_every)
        return
    started = time.monotonic()
    recreate_database(args.database_url)
    os.environ.update(WORKER_ENV)
    setup_django(args.database_url, args.redis_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    selected = [f for f in faults(args.minute) if not args.only or f.key in args.only]
    logs = Path(tempfile.mkdtemp(prefix="bench_reminder_faults-"))
    rows, problems = [], []
    for fault in selected:
        print(f"{fault.key} ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        outcome = run_fault(args, fault, logs)
        rows.append(table_row(fault, outcome))
        print(f"  {rows[-1]}  [{time.monotonic() - began:.0f} s]", file=sys.stderr, flush=True)
        problems += [f"{fault.key}: {problem}" for problem in outcome.problems]
    print(
        f"\n{args.users} users due at once; beat jobs every {args.beat_every:g} s;"
        f" a minute of fault = {args.minute:g} s; stuck after {STUCK_AFTER_SECONDS} s.\n"
    )
    columns = ["fault", "due", "received", "duplicates", "missing"]
    columns += ["sent / failed / uncertain", "settled", "notes"]
    print(f"| {' | '.join(columns)} |")
    print("|---" * len(columns) + "|")
    print("\n".join(rows))
    for problem in problems[:50]:
        print(f"- PROBLEM {problem}")
    if len(problems) > 50:
        print(f"- ... {len(problems) - 50} more problems")
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nTotal {time.monotonic() - started:.0f} s; load average {load}; logs in {logs}")


if __name__ == "__main__":
    main()
