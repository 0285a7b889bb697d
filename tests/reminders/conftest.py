import datetime
from dataclasses import dataclass, field

import pytest

from reminders import content


@dataclass
class FakeGoal:
    label: str
    target: int
    actual: int = 0
    met: bool = False


@dataclass
class FakeDigest:
    level: str = "L6"
    week_number: int = 5
    phase: str = "Fundamentals"
    focus: str = "Caching and consistency"
    goals: list = field(default_factory=lambda: [FakeGoal("System-design problems", 5)])
    last_week_goals: list = field(
        default_factory=lambda: [
            FakeGoal("Coding problems", 10, actual=10, met=True),
            FakeGoal("STAR stories documented", 3, actual=1),
        ]
    )
    streak: int = 2
    behind: list = field(default_factory=list)
    week_page_path: str = "/plan/weeks/5/"


@dataclass
class FakeStory:
    pk: int
    title: str
    next_rehearsal_on: datetime.date


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
    return state


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Several tests create dozens of users; the production hasher would dominate their time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
