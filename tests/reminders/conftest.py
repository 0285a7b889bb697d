import datetime
from dataclasses import dataclass, field

import pytest

from reminders import content


@dataclass(frozen=True)
class FakeGoal:
    label: str
    target: int
    achieved: int = 0

    @property
    def met(self) -> bool:
        return self.achieved >= self.target


@dataclass
class FakeDigest:
    """Shaped like studyplan.selectors.WeeklyDigest."""

    level: str = "L6"
    week_number: int = 5
    weeks_total: int = 24
    phase_name: str = "Fundamentals"
    focus: str = "Caching and consistency"
    is_break: bool = False
    goals: list = field(default_factory=lambda: [FakeGoal("System-design problems", 5)])
    last_week_goals: list = field(
        default_factory=lambda: [
            FakeGoal("Coding problems", 10, achieved=10),
            FakeGoal("STAR stories documented", 3, achieved=1),
        ]
    )
    last_week_goals_met: bool | None = False
    streak: int = 2
    behind_schedule: list = field(default_factory=list)
    week_path: str = "/plan/weeks/5/"


@dataclass
class FakeStory:
    pk: int
    title: str
    next_rehearsal_at: datetime.datetime


@dataclass
class PlanState:
    """What the study plan and stories apps report for every user in a test."""

    digest: FakeDigest | None = field(default_factory=FakeDigest)
    completion: float | None = 0.8
    last_activity: datetime.datetime | None = None
    interview_on: datetime.date | None = None
    stories: list = field(default_factory=list)


@pytest.fixture
def plan_state(monkeypatch) -> PlanState:
    state = PlanState()
    monkeypatch.setattr(content, "weekly_digest", lambda *, user, today: state.digest)
    monkeypatch.setattr(content, "week_completion", lambda *, user, today: state.completion)
    monkeypatch.setattr(content, "last_activity_at", lambda *, user: state.last_activity)
    monkeypatch.setattr(content, "interview_date", lambda *, user: state.interview_on)
    monkeypatch.setattr(content, "stories_due", lambda *, user, on: state.stories)
    # The fakes above stand for every user, so the batch prefetch must not rule anyone out.
    monkeypatch.setattr(content, "batch_facts", lambda *, user_ids, on: content.UNKNOWN)
    return state


@pytest.fixture(params=[True, False], ids=["pipelining", "one-command-at-a-time"])
def fake_smtp(request, settings):
    """A misbehaving-on-request SMTP server, with the app's mail settings pointed at it;
    every test runs against a server with and without PIPELINING."""
    from tests.reminders.fake_smtp import FakeSmtpServer

    server = FakeSmtpServer(stall_seconds=1.0, pipelining=request.param).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_TIMEOUT = 0.3
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    yield server
    server.stop()
