"""Demo data: an L6 plan four weeks in, with a realistic mix of logged work."""

import datetime

from django.utils import timezone

from accounts.models import User
from stories.models import LeadershipPrinciple
from studyplan import services
from studyplan.dates import local_today, monday_of
from studyplan.models import ActivityKind, InterviewType, Level

_CODING = [
    "Longest substring without repeating characters",
    "Merge intervals",
    "Top K frequent elements",
    "Course schedule",
    "LRU cache",
    "Number of islands",
    "Product of array except self",
    "Kth largest element",
    "Word break",
    "Rotting oranges",
]
_DESIGNS = ["URL shortener", "Checkout flow", "Rate limiter", "News feed", "Notification service"]
# Logging a STAR story adds it to the story bank, so every logged title must differ or the
# demo bank fills with copies of the same story.
_STORIES = [
    "Cut checkout latency by 40 %",
    "Rebuilt the on-call rota",
    "Hired and grew two leads",
    "Retired a legacy batch job",
    "Settled a roadmap clash with product",
    "Coached a struggling senior engineer",
    "Brought a late migration back on schedule",
    "Introduced design reviews across teams",
    "Cut cloud spend in the data pipeline",
    "Owned a customer-facing outage review",
]
# Share of each weekly target done in the four finished weeks: later weeks slip, so the
# dashboard shows a streak that ended and something to catch up.
_EFFORT = [1.0, 1.0, 0.6, 0.8]


def seed_demo(user: User) -> None:
    today = local_today(user.timezone)
    plan = services.plan_create(
        user=user,
        level=Level.L6,
        start_date=monday_of(today) - datetime.timedelta(weeks=4),
        interview_date=None,
        hours_per_week=12,
        timezone_name=user.timezone,
        reminder_weekday=user.reminder_weekday,
        reminder_time=user.reminder_time,
    )
    weeks = list(plan.weeks.order_by("starts_on")[:5])
    story_titles = iter(_STORIES)
    for week, effort in zip(weeks, _EFFORT, strict=False):
        for index, title in enumerate(_CODING[: round(10 * effort)]):
            services.activity_log(
                plan=plan,
                kind=ActivityKind.CODING,
                title=title,
                minutes=40,
                occurred_on=week.starts_on + datetime.timedelta(days=index % 6),
                difficulty="medium",
                solved=index % 4 != 3,
            )
        for index, title in enumerate(_DESIGNS[: round(5 * effort)]):
            services.activity_log(
                plan=plan,
                kind=ActivityKind.SYSTEM_DESIGN,
                title=title,
                minutes=75,
                occurred_on=week.starts_on + datetime.timedelta(days=index % 6),
                design_level=Level.L6,
            )
        for index, title in enumerate(next(story_titles) for _ in range(round(3 * effort))):
            services.activity_log(
                plan=plan,
                kind=ActivityKind.STAR_STORY,
                title=title,
                minutes=45,
                occurred_on=week.starts_on + datetime.timedelta(days=5 + index % 2),
            )
        services.review_save(
            plan=plan,
            week=week,
            self_rating=4 if effort == 1 else 3,
            went_well="Kept the daily coding slot before work.",
            blockers="" if effort == 1 else "A release week ate two evenings.",
            next_week_focus="Finish the design problems earlier in the week.",
        )
    services.mock_interview_log(
        plan=plan,
        interview_type=InterviewType.SYSTEM_DESIGN,
        held_on=weeks[1].starts_on + datetime.timedelta(days=5),
        score=3,
        interviewer="Peer from the platform team",
        minutes=60,
        principles=LeadershipPrinciple.objects.filter(slug__in=["dive-deep", "customer-obsession"]),
        feedback="Clear requirements; estimates came late.",
        follow_ups="Practise capacity estimates.",
    )
    current = weeks[4]
    services.activity_log(
        plan=plan,
        kind=ActivityKind.CODING,
        title="Meeting rooms II",
        minutes=30,
        occurred_on=current.starts_on,
        difficulty="medium",
        solved=True,
    )
    services.activity_log(
        plan=plan,
        kind=ActivityKind.STUDY_SESSION,
        title="Replication chapter",
        minutes=90,
        occurred_on=current.starts_on,
        area="design",
    )
    # A mock booked for next week shows how planned mocks wait for their result.
    next_week = plan.weeks.order_by("starts_on")[5]
    services.mock_interview_log(
        plan=plan,
        interview_type=InterviewType.BAR_RAISER,
        held_on=next_week.starts_on + datetime.timedelta(days=3),
        interviewer="Former bar raiser from the payments org",
        minutes=60,
    )
    for weeks_ago, ratings in ((4, (2, 2, 2, 1, 1)), (0, (3, 3, 3, 2, 2))):
        services.readiness_assessment_create(
            user=user,
            level=Level.L6,
            ratings=dict(
                zip(
                    ["coding", "system_design", "cloud_services", "distributed_systems", "ai_ml"],
                    ratings,
                    strict=True,
                )
            ),
            checklist=["business_terms"] if weeks_ago else ["business_terms", "war_stories"],
            assessed_at=timezone.now() - datetime.timedelta(weeks=weeks_ago),
        )
