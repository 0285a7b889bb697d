"""Reads shared by pages, API and other apps. Every query is scoped to the owner, and the
number of queries does not grow with the number of activities."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from prepsite.user_cache import user_cached
from stories.models import LeadershipPrinciple
from studyplan import generation, progress, readiness, wording
from studyplan.dates import local_date_of, local_today, monday_of
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
    Replan,
    WeeklyReview,
)
from studyplan.plan_template import load_plan_template
from studyplan.services import PLAN_CACHE_SCOPE

# Logged activities the week page shows at first; "Show more" brings the rest, as many a time.
WEEK_ACTIVITIES_PER_PAGE = 10
PENDING_MOCK_LIMIT = 10
READINESS_HISTORY_LIMIT = 12


def plan_for_user(*, user: User) -> Plan | None:
    return Plan.objects.filter(owner=user).first()


def plan_weeks(*, user: User) -> list[PlanWeek]:
    """All weeks of the user's plan with the plan attached, in calendar order (one query)."""
    weeks = list(PlanWeek.objects.filter(plan__owner=user).select_related("plan"))
    if weeks:
        # One plan and owner object for all the weeks rather than a copy of each per row:
        # building those copies cost more than the query itself on a long plan.
        plan = weeks[0].plan
        plan.owner = user
        for week in weeks:
            week.plan = plan
    return weeks


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


def activity_rows(*, user: User, first: datetime.date, last: datetime.date) -> QuerySet:
    return (
        Activity.objects.filter(owner=user, occurred_on__range=(first, last))
        .exclude(not_yet_held_mocks(local_today(user.timezone)))
        .values("occurred_on", "kind", "area", "goal_id")
        # A STAR story counts once the story bank has it documented (it then arrives with a
        # source key); rows logged here before drafts went to the story bank keep their time only.
        .annotate(
            n=Count("id", filter=~Q(kind=ActivityKind.STAR_STORY, source_key__isnull=True)),
            minutes=Sum("minutes"),
        )
        .order_by()
    )


def _week_progress(*, user: User, week: PlanWeek) -> progress.WeekProgress:
    goals = list(week.goals.all())
    rows = activity_rows(user=user, first=week.starts_on, last=week.ends_on)
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
    next_activity_page: int | None  # the page "Show more" brings, if any
    activity_count: int
    pending_mocks: list[MockInterview]
    review: WeeklyReview | None
    previous_review: WeeklyReview | None
    replan: "ReplanSummary | None" = None

    @cached_property
    def principles(self) -> list[LeadershipPrinciple]:
        """The mock-interview form's choices, read only when that form is built."""
        return list(LeadershipPrinciple.objects.order_by("display_order"))


def _kept_for_the_day(user: User, name: str, compute):
    """compute(today), kept until a study-plan service changes its inputs or the day changes."""
    today = local_today(user.timezone)
    return user_cached(
        user.pk, PLAN_CACHE_SCOPE, f"{name}:{today.isoformat()}", lambda: compute(today)
    )


def week_page_cached(*, user: User, week_id: int | None) -> WeekPage | None:
    """week_page, kept until a study-plan service changes its inputs or the day changes."""
    return _kept_for_the_day(
        user, f"week:{week_id or 'current'}", lambda today: week_page(user=user, week_id=week_id)
    )


def week_page(*, user: User, week_id: int | None) -> WeekPage | None:
    """Everything the week page shows; None when the user has no plan, 404 for a foreign week.

    The weeks, their goals and their progress come from the dashboard's cached plan overview,
    which every study-plan write drops (services._plan_numbers_changed)."""
    overview = plan_overview_cached(user=user)
    if overview is None:
        return None
    weeks = [week_progress.week for week_progress in overview.weeks]
    today = overview.today
    current = overview.current.week
    if week_id is None:
        week = current
    else:
        week = next((candidate for candidate in weeks if candidate.pk == week_id), None)
        if week is None:
            raise Http404("No such week in your plan.")
    index = weeks.index(week)
    summary = WeekSummary(
        plan=overview.plan,
        week=week,
        weeks_total=len(weeks),
        today=today,
        progress=overview.weeks[index],
    )
    # One row past the page says whether "Show more" has anything to bring.
    recent = list(
        week_activity_list(user=user, week=week, today=today)[: WEEK_ACTIVITIES_PER_PAGE + 1]
    )
    pending_mocks = pending_mock_interviews(user=user)
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
        recent_activities=with_mock_principles(
            user=user, week=week, activities=recent[:WEEK_ACTIVITIES_PER_PAGE]
        ),
        next_activity_page=2 if len(recent) > WEEK_ACTIVITIES_PER_PAGE else None,
        activity_count=summary.progress.activity_count,
        pending_mocks=pending_mocks,
        review=reviews.get(week.starts_on),
        previous_review=reviews.get(week.starts_on - datetime.timedelta(weeks=1)),
        replan=replan_latest_summary(user=user),
    )


def week_activity_list(*, user: User, week: PlanWeek, today: datetime.date) -> QuerySet:
    """The week's logged activities, newest first; a mock interview once held and scored."""
    return (
        Activity.objects.filter(owner=user, occurred_on__range=(week.starts_on, week.ends_on))
        .exclude(not_yet_held_mocks(today))
        .select_related("mock_interview")
    )


def with_mock_principles(
    *, user: User, week: PlanWeek, activities: list[Activity]
) -> list[tuple[Activity, list[str]]]:
    """Each activity with the principles of its mock interview (names, in display order)."""
    # The week's links in one query, always: a prefetch skips its query when no mock interview
    # is among the rows (a filter on the rows' ids, when there are no rows), and the page's
    # query count must not depend on what was logged.
    principle_links = (
        MockInterview.principles.through.objects.filter(
            mockinterview__owner=user, mockinterview__held_on__range=(week.starts_on, week.ends_on)
        )
        .order_by("leadershipprinciple__display_order")
        .values_list("mockinterview__activity_id", "leadershipprinciple__name")
    )
    principles_by_activity: dict[int, list[str]] = defaultdict(list)
    for activity_id, principle_name in principle_links:
        principles_by_activity[activity_id].append(principle_name)
    return [(activity, principles_by_activity[activity.pk]) for activity in activities]


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


def plan_overview_cached(*, user: User) -> PlanOverview | None:
    """plan_overview, kept until a study-plan service changes its inputs or the day changes."""
    return _kept_for_the_day(user, "overview", lambda today: plan_overview(user=user, today=today))


def plan_overview(*, user: User, today: datetime.date | None = None) -> PlanOverview | None:
    """The dashboard's numbers for the whole plan, in a fixed number of queries."""
    weeks = list(
        PlanWeek.objects.filter(plan__owner=user).select_related("plan").prefetch_related("goals")
    )
    if not weeks:
        return None
    plan = weeks[0].plan
    today = today or local_today(user.timezone)
    rows = activity_rows(user=user, first=weeks[0].starts_on, last=weeks[-1].ends_on)
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
    # What the latest re-plan changed, when it happened in the last week (else empty).
    replan_changes: tuple[str, ...] = ()


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
        replan_changes=_recent_replan_lines(user, today),
    )


def _recent_replan_lines(user: User, today: datetime.date) -> tuple[str, ...]:
    summary = replan_latest_summary(user=user)
    if summary is None or local_date_of(
        summary.created_at, user.timezone
    ) < today - datetime.timedelta(days=7):
        return ()
    return tuple(summary.explanation)


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
    tallies = progress.tally_by_week(activity_rows(user=user, first=first, last=last))
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


# Plan preview and level expectations (onboarding, regenerate, API).

EXPECTATION_LABELS = {
    "scope": "Technical scope",
    "team_size": "Team size",
    "scale": "System scale",
    "decisions": "Decisions you own",
    "coding": "Coding rounds",
}


def level_expectations() -> list[dict[str, str]]:
    """The L6 and L7 bar side by side, one row per aspect."""
    levels = load_plan_template().levels
    return [
        {
            "key": key,
            "label": label,
            "L6": levels["L6"].expectations.get(key, ""),
            "L7": levels["L7"].expectations.get(key, ""),
        }
        for key, label in EXPECTATION_LABELS.items()
    ]


def plan_preview(
    *,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
) -> generation.PlanPreview:
    return generation.preview_plan(
        template=load_plan_template(),
        level=level,
        start_date=start_date,
        interview_date=interview_date,
        hours_per_week=hours_per_week,
    )


def plan_preview_rows(preview: generation.PlanPreview) -> list[dict]:
    return [
        {
            "area": area,
            "label": progress.AREA_LABELS[area],
            "planned": preview.planned_minutes[area],
            "needed": preview.check.needed_hours[area],
        }
        for area in AREAS
    ]


def plan_hours_warning(*, plan: Plan) -> str:
    """The shortfall sentence for a saved plan's settings; empty when its hours fit."""
    return generation.hours_check(
        template=load_plan_template(plan.template_version),
        level=plan.level,
        start_date=plan.start_date,
        interview_date=plan.interview_date,
        hours_per_week=plan.hours_per_week,
    ).warning


# Readiness breakdown and re-planning summaries.


def _latest_assessment(user: User) -> ReadinessAssessment | None:
    return ReadinessAssessment.objects.filter(owner=user).first()


def readiness_breakdown_of(
    assessment: ReadinessAssessment,
) -> list[readiness.CompetencyResult]:
    template = load_plan_template()
    ratings = {c.key: getattr(assessment, c.key) for c in template.competencies}
    return readiness.competency_breakdown(
        template=template, level=assessment.level, ratings=ratings
    )


def readiness_weakest_areas(*, user: User, count: int = 2) -> list[readiness.CompetencyResult]:
    """The competencies furthest below the level's bar in the latest self-assessment, weighted
    by how much they count in the loop; each has .key, .plan_area, .score (0-100 of the bar),
    .rating, .bar and .this_week. Empty before the first assessment."""
    assessment = _latest_assessment(user)
    if assessment is None:
        return []
    return readiness.weakest(readiness_breakdown_of(assessment), count)


@dataclass
class ReadinessPage:
    latest: ReadinessAssessment | None
    breakdown: list[readiness.CompetencyResult]
    weakest: list[readiness.CompetencyResult]
    history: list[ReadinessAssessment]


def readiness_page(*, user: User) -> ReadinessPage:
    """The latest result with its breakdown, and the history (newest first); two queries."""
    history = readiness_history(user=user)
    latest = history[0] if history else None
    breakdown = readiness_breakdown_of(latest) if latest else []
    return ReadinessPage(latest, breakdown, readiness.weakest(breakdown) if latest else [], history)


@dataclass(frozen=True)
class ReplanSummary:
    id: int
    created_at: datetime.datetime
    source: str
    explanation: list[str]
    can_undo: bool


def replan_latest_summary(*, user: User) -> ReplanSummary | None:
    """The latest re-plan still in force, for the week page and the weekly digest."""
    in_force = Replan.objects.filter(plan__owner=user, undone_at__isnull=True)
    replan = in_force.order_by("-created_at", "-id").first()
    if replan is None:
        return None
    return ReplanSummary(
        replan.pk, replan.created_at, replan.source, list(replan.explanation), can_undo=True
    )


# --- Account export (accounts.backup): this app's section ---------------------------------

_EXPORT_SKIP = {
    "Activity": ("logged_at", "updated_at"),
    "MockInterview": ("created_at",),
    "WeeklyReview": ("created_at", "updated_at"),
}


def mock_interview_keys_for_user(*, user: User) -> dict[int, str]:
    """Keys local to an account export ("mock-1", ...), in the order the export lists them."""
    ids = MockInterview.objects.filter(owner=user).order_by("activity__occurred_on", "activity_id")
    return {pk: f"mock-{index}" for index, pk in enumerate(ids.values_list("pk", flat=True), 1)}


def studyplan_has_data_for_user(*, user: User) -> bool:
    return (
        Plan.objects.filter(owner=user).exists()
        or Activity.objects.filter(owner=user).exists()
        or WeeklyReview.objects.filter(owner=user).exists()
        or ReadinessAssessment.objects.filter(owner=user).exists()
    )


def studyplan_export_for_user(*, user: User) -> dict:
    """Plan, weeks, goals, activities with their mock interviews, reviews and readiness."""
    from practice.selectors import practice_session_keys_for_user
    from prepsite.rows import row_document
    from stories.selectors import story_keys_for_user

    plan = Plan.objects.filter(owner=user).first()
    goals = Goal.objects.filter(week__plan__owner=user).order_by(
        "week__starts_on", "position", "id"
    )
    goal_keys = {goal.pk: f"goal-{index}" for index, goal in enumerate(goals, 1)}
    goals_by_week: dict[int, list] = defaultdict(list)
    for goal in goals:
        goals_by_week[goal.week_id].append(
            {"key": goal_keys[goal.pk], **row_document(goal, exclude=["week"])}
        )
    plan_document = None
    if plan is not None:
        plan_document = row_document(plan, exclude=["created_at", "updated_at"])
        weeks = list(plan.weeks.order_by("starts_on", "id"))
        plan_document["weeks"] = [
            {**row_document(week), "goals": goals_by_week[week.pk]} for week in weeks
        ]
        week_keys = {str(week.pk): f"week-{index}" for index, week in enumerate(weeks, 1)}
        plan_document["replans"] = [
            {
                **row_document(replan, exclude=["before"]),
                # Keyed by week id in the database; by the week's place in the file here.
                "before": {
                    week_keys[week_id]: value
                    for week_id, value in sorted(replan.before.items())
                    if week_id in week_keys
                },
            }
            for replan in plan.replans.order_by("created_at", "id")
        ]

    story_keys = story_keys_for_user(user=user)
    session_keys = practice_session_keys_for_user(user=user)
    mock_keys = mock_interview_keys_for_user(user=user)
    activities = []
    for activity in (
        Activity.objects.filter(owner=user)
        .select_related("mock_interview")
        .prefetch_related("mock_interview__principles")
        .order_by("occurred_on", "id")
    ):
        document = row_document(activity, exclude=_EXPORT_SKIP["Activity"])
        document["source_key"] = _portable_source_key(activity.source_key, story_keys, session_keys)
        document["goal"] = goal_keys.get(activity.goal_id)
        mock = getattr(activity, "mock_interview", None)
        document["mock_interview"] = (
            None
            if mock is None
            else {
                "key": mock_keys[mock.pk],
                **row_document(mock, exclude=_EXPORT_SKIP["MockInterview"]),
                "principles": sorted(principle.slug for principle in mock.principles.all()),
            }
        )
        activities.append(document)

    return {
        "plan": plan_document,
        "activities": activities,
        "weekly_reviews": [
            row_document(review, exclude=_EXPORT_SKIP["WeeklyReview"])
            for review in WeeklyReview.objects.filter(owner=user).order_by("week_starts_on")
        ],
        "readiness_assessments": [
            row_document(assessment)
            for assessment in ReadinessAssessment.objects.filter(owner=user).order_by(
                "assessed_at", "id"
            )
        ],
    }


def _portable_source_key(
    source_key: str | None, story_keys: dict[int, str], session_keys: dict[int, str]
) -> str | None:
    """ "stories.story:42" names a row id; the export names the story by its document key
    (and a practice session, "practice.session:7", likewise)."""
    for prefix, keys in (("stories.story:", story_keys), ("practice.session:", session_keys)):
        if source_key and source_key.startswith(prefix):
            pk = source_key.removeprefix(prefix)
            if pk.isdigit() and int(pk) in keys:
                return f"{prefix}@{keys[int(pk)]}"
    return source_key


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
