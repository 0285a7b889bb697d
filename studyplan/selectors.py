"""Reads shared by pages, API and other apps. Every query is scoped to the owner, and the
number of queries does not grow with the number of activities."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from stories.models import LeadershipPrinciple
from studyplan import progress, wording
from studyplan.dates import local_today, monday_of
from studyplan.generation import AREAS
from studyplan.models import (
    Activity,
    ActivityKind,
    Goal,
    MockInterview,
    Phase,
    Plan,
    PlanWeek,
    ReadinessAssessment,
    WeeklyReview,
)
from studyplan.plan_template import load_plan_template

RECENT_ACTIVITY_LIMIT = 20
PENDING_MOCK_LIMIT = 10
READINESS_HISTORY_LIMIT = 12


def plan_for_user(*, user: User) -> Plan | None:
    return Plan.objects.filter(owner=user).first()


def plan_weeks(*, user: User) -> list[PlanWeek]:
    """All weeks of the user's plan with the plan attached, in calendar order (one query)."""
    return list(PlanWeek.objects.filter(plan__owner=user).select_related("plan", "plan__owner"))


def week_containing(weeks: list[PlanWeek], today: datetime.date) -> PlanWeek:
    """The week running today; before the plan starts its first, after it ends its last."""
    for week in weeks:
        if week.starts_on <= today <= week.ends_on:
            return week
    return weeks[0] if today < weeks[0].starts_on else weeks[-1]


def default_log_day(week: PlanWeek, today: datetime.date) -> datetime.date:
    """Today while the week runs; otherwise the nearest day of the week."""
    return min(max(today, week.starts_on), week.ends_on)


def not_yet_held_mocks(today: datetime.date) -> Q:
    """Activities of mock interviews that do not count yet: planned, or awaiting a score."""
    return Q(kind=ActivityKind.MOCK_INTERVIEW) & (
        Q(mock_interview__score__isnull=True) | Q(occurred_on__gt=today)
    )


def _activity_rows(*, user: User, first: datetime.date, last: datetime.date) -> QuerySet:
    return (
        Activity.objects.filter(owner=user, occurred_on__range=(first, last))
        .exclude(not_yet_held_mocks(local_today(user.timezone)))
        .values("occurred_on", "kind", "area", "goal_id")
        .annotate(n=Count("id"), minutes=Sum("minutes"))
        .order_by()
    )


def _week_progress(*, user: User, week: PlanWeek) -> progress.WeekProgress:
    goals = list(week.goals.all())
    rows = _activity_rows(user=user, first=week.starts_on, last=week.ends_on)
    tally = progress.tally_by_week(rows).get(week.starts_on)
    return progress.week_progress(week, goals, tally)


@dataclass
class WeekSummary:
    plan: Plan
    week: PlanWeek
    weeks_total: int
    today: datetime.date
    progress: progress.WeekProgress

    @property
    def is_current(self) -> bool:
        return self.week.starts_on <= self.today <= self.week.ends_on

    @property
    def is_future(self) -> bool:
        return self.week.starts_on > self.today

    @property
    def is_past(self) -> bool:
        return self.week.ends_on < self.today


def week_summary(*, user: User, weeks: list[PlanWeek], week: PlanWeek) -> WeekSummary:
    plan = week.plan
    return WeekSummary(
        plan=plan,
        week=week,
        weeks_total=len(weeks),
        today=local_today(user.timezone),
        progress=_week_progress(user=user, week=week),
    )


def current_week_summary(*, user: User) -> WeekSummary | None:
    weeks = plan_weeks(user=user)
    if not weeks:
        return None
    week = week_containing(weeks, local_today(user.timezone))
    return week_summary(user=user, weeks=weeks, week=week)


@dataclass
class WeekPage:
    summary: WeekSummary
    previous_week: PlanWeek | None
    next_week: PlanWeek | None
    current_week: PlanWeek
    recent_activities: list[tuple[Activity, list[str]]]
    activity_count: int
    pending_mocks: list[MockInterview]
    review: WeeklyReview | None
    previous_review: WeeklyReview | None
    principles: list[LeadershipPrinciple]


def week_page(*, user: User, week_id: int | None) -> WeekPage | None:
    """Everything the week page shows; None when the user has no plan, 404 for a foreign week."""
    weeks = plan_weeks(user=user)
    if not weeks:
        return None
    today = local_today(user.timezone)
    current = week_containing(weeks, today)
    if week_id is None:
        week = current
    else:
        week = next((candidate for candidate in weeks if candidate.pk == week_id), None)
        if week is None:
            raise Http404("No such week in your plan.")
    index = weeks.index(week)
    summary = week_summary(user=user, weeks=weeks, week=week)
    in_week = Activity.objects.filter(
        owner=user, occurred_on__range=(week.starts_on, week.ends_on)
    ).exclude(not_yet_held_mocks(today))
    recent = list(in_week.select_related("mock_interview")[:RECENT_ACTIVITY_LIMIT])
    pending_mocks = pending_mock_interviews(user=user)
    # Loaded by date rather than prefetched: a prefetch is skipped when no mock interview is on
    # the page, and the page's query count must not depend on what was logged.
    principle_links = (
        MockInterview.principles.through.objects.filter(
            mockinterview__owner=user, mockinterview__held_on__range=(week.starts_on, week.ends_on)
        )
        .select_related("leadershipprinciple", "mockinterview")
        .order_by("leadershipprinciple__display_order")
    )
    principles_by_activity: dict[int, list[str]] = defaultdict(list)
    for link in principle_links:
        principles_by_activity[link.mockinterview.activity_id].append(link.leadershipprinciple.name)
    reviews = {
        review.week_starts_on: review
        for review in WeeklyReview.objects.filter(
            owner=user,
            week_starts_on__in=[week.starts_on, week.starts_on - datetime.timedelta(weeks=1)],
        )
    }
    return WeekPage(
        summary=summary,
        previous_week=weeks[index - 1] if index > 0 else None,
        next_week=weeks[index + 1] if index + 1 < len(weeks) else None,
        current_week=current,
        recent_activities=[(activity, principles_by_activity[activity.pk]) for activity in recent],
        activity_count=summary.progress.activity_count,
        pending_mocks=pending_mocks,
        review=reviews.get(week.starts_on),
        previous_review=reviews.get(week.starts_on - datetime.timedelta(weeks=1)),
        principles=list(LeadershipPrinciple.objects.order_by("display_order")),
    )


def pending_mock_interviews(*, user: User) -> list[MockInterview]:
    """Mocks without a score, soonest first: planned ones and those awaiting their result.

    Every week page lists them all, so a result not yet recorded is not lost in a past week.
    """
    return list(
        MockInterview.objects.filter(owner=user, score__isnull=True).order_by("held_on", "id")[
            :PENDING_MOCK_LIMIT
        ]
    )


def readiness_history(*, user: User) -> list[ReadinessAssessment]:
    """The latest assessments, newest first."""
    return list(ReadinessAssessment.objects.filter(owner=user)[:READINESS_HISTORY_LIMIT])


@dataclass
class AreaTotal:
    area: str
    label: str
    spent_minutes: int
    planned_minutes: int
    level_minutes: int


@dataclass
class PlanOverview:
    plan: Plan
    today: datetime.date
    weeks: list[progress.WeekProgress]
    current: progress.WeekProgress
    completion: float
    streak: int
    behind: list[progress.CatchUp]
    burn_up: list[progress.BurnUpPoint]
    area_totals: list[AreaTotal]
    readiness_history: list[ReadinessAssessment]

    @property
    def phase_label(self) -> str:
        return Phase(self.current.week.phase).label

    @property
    def started(self) -> bool:
        return self.today >= self.weeks[0].week.starts_on

    @property
    def plan_ends_on(self) -> datetime.date:
        return self.weeks[-1].week.ends_on

    @property
    def latest_readiness(self) -> ReadinessAssessment | None:
        return self.readiness_history[0] if self.readiness_history else None


def plan_overview(*, user: User) -> PlanOverview | None:
    """The dashboard's numbers for the whole plan, in a fixed number of queries."""
    weeks = list(
        PlanWeek.objects.filter(plan__owner=user).select_related("plan").prefetch_related("goals")
    )
    if not weeks:
        return None
    plan = weeks[0].plan
    today = local_today(user.timezone)
    rows = _activity_rows(user=user, first=weeks[0].starts_on, last=weeks[-1].ends_on)
    tallies = progress.tally_by_week(rows)
    weekly = [
        progress.week_progress(week, list(week.goals.all()), tallies.get(week.starts_on))
        for week in weeks
    ]
    current_week = week_containing(weeks, today)
    level_hours = load_plan_template(plan.template_version).levels[plan.level].hours
    area_totals = [
        AreaTotal(
            area=area,
            label=progress.AREA_LABELS[area],
            spent_minutes=sum(tally.minutes.get(area, 0) for tally in tallies.values()),
            planned_minutes=sum(week.planned_minutes(area) for week in weeks),
            level_minutes=level_hours[area] * 60,
        )
        for area in AREAS
    ]
    return PlanOverview(
        plan=plan,
        today=today,
        weeks=weekly,
        current=weekly[weeks.index(current_week)],
        completion=progress.overall_completion(weekly),
        streak=progress.streak(weekly, today),
        behind=progress.behind_schedule(weekly, today),
        burn_up=progress.burn_up(weekly, today),
        area_totals=area_totals,
        readiness_history=readiness_history(user=user),
    )


# Interfaces for the reminders app (weekly digest, nudges, calendar feed).


@dataclass(frozen=True)
class DigestGoal:
    label: str  # heading form, e.g. "STAR stories documented"
    target: int
    achieved: int
    summary: str  # the target as a phrase, e.g. "3 STAR stories" or "1 mock interview"

    @property
    def met(self) -> bool:
        return self.achieved >= self.target


@dataclass(frozen=True)
class WeeklyDigest:
    level: str
    week_number: int
    weeks_total: int
    phase_name: str
    focus: str
    is_break: bool
    goals: list[DigestGoal]
    last_week_goals: list[DigestGoal]
    last_week_goals_met: bool | None
    streak: int
    behind_schedule: list[str]
    week_path: str


def _digest_goals(week_progress: progress.WeekProgress) -> list[DigestGoal]:
    return [
        DigestGoal(
            goal.goal.label, goal.target, goal.achieved, wording.goal_count(goal.goal, goal.target)
        )
        for goal in week_progress.goals
    ]


def weekly_digest_data(*, user: User, today: datetime.date) -> WeeklyDigest | None:
    """This week's focus and goals, last week's results and what to catch up; None if no plan."""
    overview = plan_overview(user=user)
    if overview is None:
        return None
    weeks = [week_progress.week for week_progress in overview.weeks]
    current_week = week_containing(weeks, today)
    index = weeks.index(current_week)
    current = overview.weeks[index]
    last = overview.weeks[index - 1] if index > 0 and today >= current_week.starts_on else None
    return WeeklyDigest(
        level=overview.plan.level,
        week_number=current_week.number,
        weeks_total=len(weeks),
        phase_name=Phase(current_week.phase).label,
        focus=current_week.focus,
        is_break=current_week.is_break,
        goals=_digest_goals(current),
        last_week_goals=_digest_goals(last) if last else [],
        last_week_goals_met=last.goals_met if last and not last.week.is_break else None,
        streak=progress.streak(overview.weeks, today),
        behind_schedule=[item.text for item in progress.behind_schedule(overview.weeks, today)],
        week_path=reverse("studyplan:week", args=[current_week.pk]),
    )


def week_goal_completion(*, user: User, today: datetime.date) -> float | None:
    """Share (0..1) of this week's goal targets met so far; None without a plan."""
    weeks = plan_weeks(user=user)
    if not weeks:
        return None
    week = week_containing(weeks, today)
    return _week_progress(user=user, week=week).completion


def last_activity_at(*, user: User) -> datetime.datetime | None:
    """When the user last logged anything (nudges use it to spot a quiet spell)."""
    return Activity.objects.filter(owner=user).aggregate(last=Max("logged_at"))["last"]


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "week", "mock_interview" or "interview"
    date: datetime.date
    title: str
    path: str


def plan_calendar_items(*, user: User) -> list[CalendarItem]:
    """Each week's start with its focus, every mock interview (held or planned, each linked
    to its week's page), and the interview day."""
    weeks = plan_weeks(user=user)
    if not weeks:
        return []
    plan = weeks[0].plan
    items = [
        CalendarItem(
            "week",
            week.starts_on,
            f"Week {week.number}: {week.focus}" if not week.is_break else "Break week",
            reverse("studyplan:week", args=[week.pk]),
        )
        for week in weeks
    ]
    week_paths = {week.starts_on: reverse("studyplan:week", args=[week.pk]) for week in weeks}
    today = local_today(user.timezone)
    items += [
        CalendarItem(
            "mock_interview",
            mock.held_on,
            f"{mock.get_interview_type_display()} mock interview"
            + (" (planned)" if mock.held_on > today else ""),
            week_paths.get(monday_of(mock.held_on), reverse("studyplan:week_current")),
        )
        for mock in MockInterview.objects.filter(owner=user)
    ]
    if plan.interview_date:
        items.append(
            CalendarItem("interview", plan.interview_date, "Interview day", reverse("dashboard"))
        )
    return sorted(items, key=lambda item: (item.date, item.kind))


def goals_with_progress(*, user: User, goals: list[Goal]) -> list[progress.GoalProgress]:
    """Progress for any goals of the user's plan, counted in one aggregate query."""
    if not goals:
        return []
    first = min(goal.week.starts_on for goal in goals)
    last = max(goal.week.ends_on for goal in goals)
    tallies = progress.tally_by_week(_activity_rows(user=user, first=first, last=last))
    result = []
    for goal in goals:
        tally = tallies.get(goal.week.starts_on) or progress.WeekTally()
        achieved = (
            tally.custom.get(goal.pk, 0)
            if goal.kind == "custom"
            else tally.counts.get(goal.kind, 0)
        )
        result.append(progress.GoalProgress(goal, achieved))
    return result


def plan_owner_ids(*, user_ids: list[int]) -> set[int]:
    """Which of these users have a study plan: one query for a whole reminder batch."""
    return set(
        PlanWeek.objects.filter(plan__owner_id__in=user_ids)
        .values_list("plan__owner_id", flat=True)
        .distinct()
    )


def last_activity_by_user(*, user_ids: list[int]) -> dict[int, datetime.datetime]:
    """`last_activity_at` for a whole reminder batch in one query."""
    rows = (
        Activity.objects.filter(owner_id__in=user_ids)
        .values("owner_id")
        .annotate(last=Max("logged_at"))
        .values_list("owner_id", "last")
    )
    return dict(rows)
