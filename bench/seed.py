"""Benchmark accounts: the demo user, a heavy user and one ten times heavier.

The heavy user starts from the demo data (so every page has realistic content) and is topped up
in bulk to the sizes the speed issue measured: 1,268 activities, 204 stories, 33 case studies
and 22 decision records. Bulk inserts bypass the services on purpose: the benchmark measures
reading, and seeding 10x that through the services would take minutes.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.demo import DEMO_SEEDERS, demo_account_load
from accounts.models import User
from interviews.models import Application, ApplicationStatus
from portfolio.models import (
    CaseStudy,
    CaseStudyMetric,
    DecisionOption,
    DecisionRecord,
    Portfolio,
)
from practice.models import LibraryItem, PracticeSession
from stories.models import LeadershipPrinciple, Story, StoryMetric
from studyplan.models import Activity, ActivityKind, Area

HEAVY_SIZES = {
    "activities": 1268,
    "stories": 204,
    "case_studies": 33,
    "decision_records": 22,
    # Not in the speed issue's measurements (the apps came later): a candidate in several
    # processes at once, who practises most days.
    "applications": 50,
    "practice_sessions": 300,
}

_SITUATION = (
    "Our checkout service slowed down every evening as traffic doubled, and two teams blamed "
    "each other's changes. Customers abandoned carts and support tickets piled up."
)
_ACTION = (
    "I set up a shared latency budget, paired the teams on a profiling week, moved the slowest "
    "calls behind a queue and agreed a rollback rule with product before each release."
)
_RESULT = "p95 latency fell from 2.4 s to 310 ms and abandoned carts dropped by 18 % in a month."


@dataclass(frozen=True)
class BenchUser:
    label: str
    email: str
    user_id: int


def _sizes(scale: int) -> dict[str, int]:
    return {name: count * scale for name, count in HEAVY_SIZES.items()}


def _top_up(user: User, sizes: dict[str, int]) -> None:
    today = timezone.localdate()
    principle_ids = list(LeadershipPrinciple.objects.values_list("pk", flat=True))

    missing = sizes["activities"] - Activity.objects.filter(owner=user).count()
    kinds = [ActivityKind.CODING, ActivityKind.SYSTEM_DESIGN, ActivityKind.STUDY_SESSION]
    areas = [Area.CODING, Area.DESIGN, Area.BEHAVIOURAL]
    Activity.objects.bulk_create(
        Activity(
            owner=user,
            kind=kinds[index % 3],
            area=areas[index % 3],
            occurred_on=today - datetime.timedelta(days=index % 180),
            title=f"Practice item {index}",
            minutes=20 + index % 40,
        )
        for index in range(max(0, missing))
    )

    missing = sizes["stories"] - Story.objects.filter(owner=user).count()
    statuses = ["idea", "draft", "ready", "polished"]
    now = timezone.now()
    stories = Story.objects.bulk_create(
        Story(
            owner=user,
            title=f"Leading through incident number {index}",
            situation=_SITUATION,
            task="Bring evening latency back under budget without freezing releases.",
            action=_ACTION,
            result=_RESULT,
            status=statuses[index % 4],
            confidence=1 + index % 5,
            primary_principle_id=principle_ids[index % len(principle_ids)],
            created_at=now - datetime.timedelta(minutes=index),
            updated_at=now - datetime.timedelta(minutes=index),
        )
        for index in range(max(0, missing))
    )
    through = Story.secondary_principles.through
    through.objects.bulk_create(
        through(story_id=story.pk, leadershipprinciple_id=principle_ids[(index + 5) % 16])
        for index, story in enumerate(stories)
    )
    StoryMetric.objects.bulk_create(
        StoryMetric(story=story, label="p95 latency", before_value=2400, after_value=310, unit="ms")
        for story in stories
    )

    portfolio = Portfolio.objects.get(owner=user)
    existing = CaseStudy.objects.filter(portfolio=portfolio).count()
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            portfolio=portfolio,
            position=existing + index,
            title=f"Platform change {index}",
            kind=["architecture", "migration", "team_building"][index % 3],
            role="Engineering manager",
            technologies="Kafka\nPostgreSQL\nKubernetes",
            situation=_SITUATION,
            task="Move the platform without a customer-visible outage.",
            actions_technical=_ACTION,
            results=_RESULT,
            lessons_learned="Agree the rollback rule before the first cut-over.",
        )
        for index in range(max(0, sizes["case_studies"] - existing))
    )
    CaseStudyMetric.objects.bulk_create(
        CaseStudyMetric(
            case_study=case,
            position=position,
            group=["technical", "business", "team"][position % 3],
            name=f"Measure {position}",
            before=100.0 + position,
            after=60.0 + position,
            before_unit="ms",
            after_unit="ms",
        )
        for case in cases
        for position in range(5)
    )
    all_stories = list(Story.objects.filter(owner=user).values_list("pk", flat=True))
    CaseStudy.stories.through.objects.bulk_create(
        CaseStudy.stories.through(
            casestudy_id=case.pk, story_id=all_stories[index % len(all_stories)]
        )
        for index, case in enumerate(cases)
    )
    CaseStudy.principles.through.objects.bulk_create(
        CaseStudy.principles.through(
            casestudy_id=case.pk, leadershipprinciple_id=principle_ids[index % 16]
        )
        for index, case in enumerate(cases)
    )

    existing = DecisionRecord.objects.filter(portfolio=portfolio).count()
    records = DecisionRecord.objects.bulk_create(
        DecisionRecord(
            portfolio=portfolio,
            position=existing + index,
            title=f"Decision {index}: queue the slow calls",
            context=_SITUATION,
            decision="Put payment calls behind a queue.",
            rationale="It isolates the slow dependency.",
            status="accepted",
        )
        for index in range(max(0, sizes["decision_records"] - existing))
    )
    DecisionOption.objects.bulk_create(
        DecisionOption(record=record, position=position, title=title, pros="Simple", cons="Slow")
        for record in records
        for position, title in enumerate(["Keep it synchronous", "Queue it"])
    )

    statuses = list(ApplicationStatus.values)
    Application.objects.bulk_create(
        Application(
            owner=user,
            company=f"Company {index}",
            role="Senior Engineering Manager",
            level="L7",
            status=statuses[index % len(statuses)],
        )
        for index in range(
            max(0, sizes["applications"] - Application.objects.filter(owner=user).count())
        )
    )

    items = list(LibraryItem.objects.filter(owner=None, kind="problem")[:60])
    PracticeSession.objects.bulk_create(
        PracticeSession(
            owner=user,
            item=items[index % len(items)],
            area=items[index % len(items)].area,
            level="L7",
            started_at=now - datetime.timedelta(days=index % 180, minutes=50),
            target_minutes=45,
            finished_at=now - datetime.timedelta(days=index % 180),
            duration_seconds=2400,
            notes="Clarified the read/write ratio first, then sized the cache.",
            score=50 + index % 50,
        )
        for index in range(
            max(0, sizes["practice_sessions"] - PracticeSession.objects.filter(owner=user).count())
        )
    )


@transaction.atomic
def _seed_scaled(email: str, scale: int) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": f"Bench x{scale}", "timezone": "Europe/London"}
    )
    if created:
        for dotted_path in DEMO_SEEDERS:
            import_string(dotted_path)(user)
        _top_up(user, _sizes(scale))
    return user


def bench_users_seed() -> list[BenchUser]:
    """Create (once) and return the three benchmark accounts."""
    demo, _ = demo_account_load()
    heavy = _seed_scaled("heavy@bench.local", 1)
    heavier = _seed_scaled("heavy10@bench.local", 10)
    return [
        BenchUser("demo", demo.email, demo.pk),
        BenchUser("heavy", heavy.email, heavy.pk),
        BenchUser("heavy10", heavier.email, heavier.pk),
    ]
